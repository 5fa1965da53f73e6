package dev.northstar.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class JsonRecordTest {

    record Doc(String tenant, Integer count) {
    }

    private static final Deserializer<JsonRecord<Doc>> DOCS = JsonRecord.deserializer(Doc.class,
            d -> d.tenant() == null ? "no tenant" : null);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCompleteDocumentIsItsValueWithItsBytes() {
        byte[] bytes = utf8("{\"tenant\":\"acme\",\"count\":3,\"later\":true}");
        JsonRecord<Doc> r = DOCS.deserialize("kpi.values", bytes);
        assertEquals(new Doc("acme", 3), r.value());
        assertNull(r.invalidReason());
        assertSame(bytes, r.bytes());
    }

    @Test
    void anUnreadableDocumentKeepsItsBytesAndSaysWhy() {
        byte[] bytes = utf8("{\"tenant\":\"acme\",\"count\":");
        JsonRecord<Doc> r = DOCS.deserialize("kpi.values", bytes);
        assertNull(r.value());
        assertTrue(r.invalidReason().startsWith("not a readable Doc: "), r.invalidReason());
        assertArrayEquals(bytes, r.bytes());
    }

    @Test
    void aValueOfTheWrongTypeIsUnreadable() {
        JsonRecord<Doc> r = DOCS.deserialize("kpi.values", utf8("{\"tenant\":\"acme\",\"count\":\"many\"}"));
        assertNull(r.value());
        assertTrue(r.invalidReason().startsWith("not a readable Doc: "), r.invalidReason());
    }

    @Test
    void aDocumentThatReadsButFailsTheCheckIsInvalidForTheCheckReason() {
        byte[] bytes = utf8("{\"count\":3}");
        JsonRecord<Doc> r = DOCS.deserialize("kpi.values", bytes);
        assertNull(r.value(), "an incomplete document is never handed to the store");
        assertEquals("no tenant", r.invalidReason());
        assertSame(bytes, r.bytes());
    }

    @Test
    void jsonNullIsInvalidWithoutAskingTheCheck() {
        JsonRecord<Doc> r = JsonRecord.deserializer(Doc.class, d -> {
            throw new AssertionError("the check must not see null");
        }).deserialize("kpi.values", utf8("null"));
        assertNull(r.value());
        assertEquals("null", r.invalidReason());
    }

    @Test
    void aTombstoneIsNoRecord() {
        assertNull(DOCS.deserialize("kpi.values", null));
    }
}
