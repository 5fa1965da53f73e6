package dev.northstar.events.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link EventJson#parseEvents} reads every document exactly as {@link EventJson#parse} does, and slices data. */
class EventJsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Either both parse to equal trees, or both refuse. */
    private static void sameAsParse(String document) {
        byte[] json = utf8(document);
        JsonNode expected;
        try {
            expected = EventJson.parse(json);
        } catch (EventJson.MalformedJsonException e) {
            assertThrows(EventJson.MalformedJsonException.class, () -> EventJson.parseEvents(json), document);
            return;
        }
        EventJson.Events events = EventJson.parseEvents(json);
        assertEquals(expected, events.root(), document);
        List<JsonNode> items = new java.util.ArrayList<>();
        if (expected.isArray()) {
            expected.forEach(items::add);
        } else {
            items.add(expected);
        }
        assertEquals(items.size(), events.data().length, document);
        for (int i = 0; i < items.size(); i++) {
            JsonNode data = items.get(i).isObject() ? items.get(i).get("data") : null;
            if (data != null && data.isObject()) {
                // the slice is the data object as sent, and reads back to the same tree
                assertEquals(data, EventJson.parse(events.data()[i]), document);
                String slice = new String(events.data()[i], StandardCharsets.UTF_8);
                assertTrue(slice.startsWith("{") && slice.endsWith("}"), slice);
            } else {
                assertNull(events.data()[i], document);
            }
        }
    }

    @Test
    void documentsReadAsParseReadsThem() {
        for (String document : List.of(
                "{\"id\":\"1\",\"data\":{\"a\":1,\"b\":[1,2,{\"c\":null}],\"d\":\"x\\\"}y\"}}",
                "[{\"data\":{}},{\"data\" : { \"n\" : 1.50 , \"e\": 1e999999 } },{\"data\":[1]},{\"data\":\"s\"},3,null]",
                " \n[ ]\n ", "[]", "{}", "null", "42", "\"text\"", "[{\"data\":{\"a\":1}}, {\"data\":{\"a\":2}, \"x\":{}}]",
                "{\"data\":{\"é\":\"あ😀\"},\"id\":\"é\"}",
                // refused alike
                "", "   ", "{", "[{\"data\":{}}", "{\"a\":1}{}", "[] x", "{\"a\":1,\"a\":2}",
                "{\"data\":{\"a\":1,\"a\":2}}", "{\"data\":{\"a\":\"\\u0000\"}}", "{\"x\\u0000\":1}",
                "{\"data\":{\"a\":\"\\\\u0000\"}}", "[1,]", "{\"data\":{\"n\":01}}", "nul", "{\"a\":\"\u0001\"}",
                "[" + "[".repeat(70) + "]".repeat(70) + "]", "{\"n\":" + "9".repeat(200) + "}")) {
            sameAsParse(document);
        }
    }

    @Test
    void randomDocumentsReadAsParseReadsThem() {
        Random random = new Random(7);
        String[] pieces = {"{", "}", "[", "]", ",", ":", "\"data\"", "\"id\"", "\"x\"", "1", "-2.5e3", "true", "null",
            " ", "\n", "\"\\u0000\"", "\"é\"", "{\"data\":{\"a\":[1,{\"b\":2}]}}"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder doc = new StringBuilder(random.nextBoolean() ? "[" : "");
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                doc.append(pieces[random.nextInt(pieces.length)]);
            }
            sameAsParse(doc.toString());
        }
    }

    @Test
    void dataBytesAreTheObjectAsSent() {
        EventJson.Events events = EventJson.parseEvents(utf8("[{\"id\":\"1\",\"data\": {\"a\" : 1.50,\"t\":\"\\u00e9\"} },"
                + "{\"data\":{}}]"));
        assertArrayEquals(utf8("{\"a\" : 1.50,\"t\":\"\\u00e9\"}"), events.data()[0]);
        assertArrayEquals(utf8("{}"), events.data()[1]);
    }

    @Test
    void onlyTheNulEscapeMakesTheTreeBeSearched() {
        assertTrue(EventJson.holdsNulEscape(utf8("{\"a\":\"\\u0000\"}")));
        assertTrue(EventJson.holdsNulEscape(utf8("\\u0000")));
        assertFalse(EventJson.holdsNulEscape(utf8("{\"a\":\"\\u0001 u0000 \\u000\"}")));
        assertFalse(EventJson.holdsNulEscape(utf8("\\u000")));
    }
}
