package dev.northstar.events.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.EventType;
import dev.northstar.events.Examples;
import dev.northstar.events.Topics;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.schema.EventValidator;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EventCodecTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeSurvivesTheKafkaBindingUnchanged(EventType type) {
        ObjectNode structured = Examples.of(type);
        CloudEvent sent = CODEC.toCloudEvent(structured);
        RecordHeaders headers = new RecordHeaders();
        try (CloudEventSerializer serializer = new CloudEventSerializer();
                CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            serializer.configure(Map.of(), false);
            byte[] value = serializer.serialize(Topics.CRM_EVENTS, headers, sent);
            CloudEvent received = deserializer.deserialize(Topics.CRM_EVENTS, headers, value);
            EventCodec.Decoded decoded = CODEC.decode(received);
            assertEquals(java.util.List.of(), decoded.problems());
            assertEquals(CODEC.toEvent(structured), decoded.event());
            assertEquals(structured.get("data"), CODEC.toStructured(received).get("data"));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeCarriesItsProductAndSegmentThroughTheBinding(EventType type) {
        ObjectNode structured = Examples.of(type);
        ObjectNode data = (ObjectNode) structured.get("data");
        assertEquals(0, CODEC.toEvent(structured).scopes().length);
        data.put("product", "クラウド会計");
        assertEquals(java.util.List.of("product:クラウド会計"),
                java.util.List.of(CODEC.toEvent(structured).scopes()));
        data.put("segment", "small\tbusiness"); // a control character: no scope names it, the event counts overall
        assertEquals(java.util.List.of("product:クラウド会計"),
                java.util.List.of(CODEC.toEvent(structured).scopes()));
        data.put("segment", "enterprise");
        Map<String, String> attributes = Map.of("specversion", "1.0", "id", "1", "source", "crm://x",
                "type", type.wireName(),
                "time", "2026-10-15T00:00:00Z", "tenant", "acme");
        EventCodec.Decoded binary = CODEC.decodeBinary(attributes, data.toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.List.of(), binary.problems());
        assertEquals("クラウド会計", binary.event().product());
        assertEquals("enterprise", binary.event().segment());
        assertEquals(java.util.List.of("product:クラウド会計", "segment:enterprise"),
                java.util.List.of(binary.event().scopes()));
    }

    @Test
    void theKafkaKeyKeepsOneAccountInOrderAndFallsBackToTheTeam() {
        assertEquals("acme/acc-001", CODEC.toEvent(Examples.of(EventType.CALL_LOGGED)).key());
        assertEquals("acme/partner-a", CODEC.toEvent(Examples.of(EventType.KNOWLEDGE_SHARED)).key());
    }

    @Test
    void anEventWithoutTenantFromKafkaIsInvalidAtTenant() {
        CloudEvent event = CloudEventBuilder.v1().withId("1").withSource(URI.create("crm://x")).withType("call.logged")
                .withTime(Instant.parse("2026-10-15T00:00:00Z").atOffset(java.time.ZoneOffset.UTC))
                .withData("application/json", "{\"teamId\":\"t\",\"accountId\":\"a\",\"keyPerson\":false,\"outcome\":\"busy\"}"
                        .getBytes())
                .build();
        EventCodec.Decoded decoded = CODEC.decode(event);
        assertFalse(decoded.valid());
        assertEquals(java.util.List.of(new ValidationProblem("/tenant", "is required")), decoded.problems());
    }
}
