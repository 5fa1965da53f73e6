package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class JsonTopicProducerTest {

    /** The broker's side: acknowledges only when the test says so. */
    private final MockProducer<String, byte[]> broker = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private final JsonTopicProducer producer = new JsonTopicProducer("kpi.values", broker);

    record Value(String tenant, int count) {
    }

    private UniAssertSubscriber<Void> send(JsonTopicProducer.Keyed... documents) {
        return producer.sendAll(List.of(documents)).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void documentsAreSentKeyedAsJsonAndBytesAsTheyAre() {
        byte[] ready = "{\"already\":\"json\"}".getBytes(StandardCharsets.UTF_8);
        send(new JsonTopicProducer.Keyed("acme/team-1", new Value("acme", 3)),
                new JsonTopicProducer.Keyed("acme/team-2", ready));
        List<ProducerRecord<String, byte[]>> sent = broker.history();
        assertEquals(2, sent.size());
        assertEquals("kpi.values", sent.get(0).topic());
        assertEquals("acme/team-1", sent.get(0).key());
        assertEquals("{\"tenant\":\"acme\",\"count\":3}", new String(sent.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("acme/team-2", sent.get(1).key());
        assertArrayEquals(ready, sent.get(1).value());
    }

    @Test
    void theBatchIsDoneOnlyWhenEveryDocumentIsAcknowledged() {
        UniAssertSubscriber<Void> done = send(new JsonTopicProducer.Keyed("a", Map.of("n", 1)),
                new JsonTopicProducer.Keyed("b", Map.of("n", 2)));
        assertTrue(broker.completeNext());
        done.assertNotTerminated();
        assertTrue(broker.completeNext());
        done.awaitItem();
    }

    @Test
    void oneRefusedDocumentFailsTheBatch() {
        UniAssertSubscriber<Void> done = send(new JsonTopicProducer.Keyed("a", Map.of("n", 1)),
                new JsonTopicProducer.Keyed("b", Map.of("n", 2)));
        assertTrue(broker.completeNext());
        assertTrue(broker.errorNext(new IllegalStateException("record too large")));
        done.awaitFailure().assertFailedWith(IllegalStateException.class, "record too large");
    }

    @Test
    void aDocumentThatCannotBeWrittenFailsTheBatchWithoutBeingSent() {
        Object unwritable = new Object() {
            @SuppressWarnings("unused")
            public String getValue() {
                throw new IllegalStateException("cannot write this");
            }
        };
        UniAssertSubscriber<Void> done = send(new JsonTopicProducer.Keyed("a", unwritable));
        assertEquals(0, broker.history().size());
        done.awaitFailure();
    }

    @Test
    void anEmptyBatchIsDoneAtOnce() {
        send().awaitItem();
    }
}
