package dev.northstar.events.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.EventType;
import dev.northstar.events.Examples;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaBindingTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());
    private static final String[] TIMES = {"2026-10-01T10:00:00Z", "2026-10-01T10:00:00z", "2026-10-01t23:59:59.5+09:00",
        "2026-02-28T00:00:00.123456789-03:30", "2026-10-01T10:00:00.120Z", "2026-06-15T08:30:00+00:00", "2026-06-15T08:30:00.000001-00:00"};
    private static final String TEXT = "abcXYZ019-_./:~ éあ😀\"\\";

    private static String randomText(Random random, int max) {
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(max);
        while (out.length() < length) {
            out.appendCodePoint(TEXT.codePointAt(TEXT.offsetByCodePoints(0, random.nextInt(TEXT.codePointCount(0,
                    TEXT.length())))));
        }
        return out.toString();
    }

    /** Valid events of every type with random ids, subjects, times and optional accounts left out. */
    private static ObjectNode randomEvent(Random random) {
        EventType type = EventType.values()[random.nextInt(EventType.values().length)];
        ObjectNode event = Examples.of(type);
        event.put("id", randomText(random, 40));
        event.put("source", "crm://tenant-" + random.nextInt(5) + "/hub/" + random.nextInt(1000));
        event.put("time", TIMES[random.nextInt(TIMES.length)]);
        if (random.nextBoolean()) {
            event.put("subject", randomText(random, 20));
        } else {
            event.remove("subject");
        }
        ObjectNode data = (ObjectNode) event.get("data");
        if (data.has("accountId") && random.nextInt(3) == 0) {
            ObjectNode without = data.deepCopy();
            without.remove("accountId");
            event.set("data", without);
            if (!CODEC.validator().validate(event).isEmpty()) {
                event.set("data", data);
            }
        }
        data.put("teamId", "team-" + random.nextInt(100) + (random.nextBoolean() ? ".a_b:c@d-e" : ""));
        return event;
    }

    @Test
    void recordsAreWhatTheSdkSerializerWritesWithTheTypedEventsKey() throws Exception {
        Random random = new Random(42);
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(), false);
            for (int i = 0; i < 3000; i++) {
                ObjectNode event = randomEvent(random);
                assertEquals(List.of(), CODEC.validator().validate(event), event.toString());
                RecordHeaders expectedHeaders = new RecordHeaders();
                byte[] expectedValue = serializer.serialize(Topics.CRM_EVENTS, expectedHeaders,
                        CODEC.toCloudEvent(event));

                ProducerRecord<String, byte[]> record = KafkaBinding.record(Topics.CRM_EVENTS, event);
                assertEquals(Topics.CRM_EVENTS, record.topic());
                assertEquals(CODEC.toEvent(event).key(), record.key(), event.toString());
                assertArrayEquals(expectedValue, record.value(), event.toString());
                assertEquals(describe(expectedHeaders.toArray()), describe(record.headers().toArray()),
                        event.toString());
                assertEquals(CODEC.toEvent(event).eventId(), KafkaBinding.eventId(event));

                // data as sent (here: pretty-printed) travels as sent, with the same headers and key
                byte[] sent = EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(event);
                EventJson.Events parsed = EventJson.parseEvents(sent);
                ProducerRecord<String, byte[]> asSent = KafkaBinding.record(Topics.CRM_EVENTS, parsed.root(),
                        parsed.data()[0]);
                assertEquals(record.key(), asSent.key());
                assertEquals(describe(expectedHeaders.toArray()), describe(asSent.headers().toArray()));
                assertArrayEquals(parsed.data()[0], asSent.value());
                assertEquals(EventJson.parse(expectedValue), EventJson.parse(asSent.value()));
                assertEquals(CODEC.toEvent(event).type(), KafkaBinding.type(event));
            }
        }
    }

    @Test
    void everyTypeIsKeyedByItsAccountElseItsTeam() {
        for (EventType type : EventType.values()) {
            ObjectNode event = Examples.of(type);
            assertEquals(CODEC.toEvent(event).key(), KafkaBinding.key(event), type.wireName());
            // an account where the type has none is not the key (the typed record ignores it too)
            ((ObjectNode) event.get("data")).put("accountId", "elsewhere");
            assertEquals(CODEC.toEvent(event).key(), KafkaBinding.key(event), type.wireName());
        }
        assertEquals("acme/partner-a", KafkaBinding.key(Examples.of(EventType.KNOWLEDGE_SHARED)));
    }

    private static List<String> describe(Header[] headers) {
        return java.util.Arrays.stream(headers).map(h -> h.key() + "=" + new String(h.value(),
                java.nio.charset.StandardCharsets.UTF_8)).toList();
    }
}
