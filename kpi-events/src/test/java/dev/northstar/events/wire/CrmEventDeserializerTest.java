package dev.northstar.events.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.EventType;
import dev.northstar.events.Examples;
import dev.northstar.events.Topics;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.schema.EventValidator;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrmEventDeserializerTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    private static byte[] serialize(CloudEvent event, RecordHeaders headers, String encoding) {
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, encoding,
                    CloudEventSerializer.EVENT_FORMAT_CONFIG, "application/cloudevents+json"), false);
            return serializer.serialize(Topics.CRM_EVENTS, headers, event);
        }
    }

    /** Binary mode, read without the SDK, gives exactly the event that the SDK's reading gives. */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void binaryModeIsReadAsTheSdkReadsIt(EventType type) {
        ObjectNode structured = Examples.of(type);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serialize(CODEC.toCloudEvent(structured), headers, "BINARY");
        assertNotNull(CrmEventDeserializer.binaryAttributes(headers));
        CrmEventDeserializer.Received decoded = new CrmEventDeserializer().deserialize(Topics.CRM_EVENTS, headers, value);
        assertEquals(List.of(), decoded.problems());
        assertEquals(CODEC.toEvent(structured), decoded.event());
    }

    @Test
    void structuredModeFallsBackToTheSdk() {
        ObjectNode structured = Examples.of(EventType.DEAL_WON);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serialize(CODEC.toCloudEvent(structured), headers, "STRUCTURED");
        assertNull(CrmEventDeserializer.binaryAttributes(headers));
        CrmEventDeserializer.Received decoded = new CrmEventDeserializer().deserialize(Topics.CRM_EVENTS, headers, value);
        assertEquals(CODEC.toEvent(structured), decoded.event());
    }

    @Test
    void badHeadersAreProblemsNamedByAttribute() {
        ObjectNode structured = Examples.of(EventType.CALL_LOGGED);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serialize(CODEC.toCloudEvent(structured), headers, "BINARY");
        headers.remove("ce_time");
        headers.add("ce_time", "2026-02-30T09:00:00Z".getBytes(StandardCharsets.UTF_8));
        headers.remove("ce_tenant");
        CrmEventDeserializer.Received decoded = new CrmEventDeserializer().deserialize(Topics.CRM_EVENTS, headers, value);
        assertFalse(decoded.valid());
        assertTrue(decoded.problems().contains(new ValidationProblem("/tenant", "is required")),
                decoded.problems().toString());
        assertTrue(decoded.problems().stream().anyMatch(p -> p.pointer().equals("/time")),
                decoded.problems().toString());
    }

    @Test
    void dataThatIsNotJsonIsAProblemAtData() {
        ObjectNode structured = Examples.of(EventType.CALL_LOGGED);
        RecordHeaders headers = new RecordHeaders();
        serialize(CODEC.toCloudEvent(structured), headers, "BINARY");
        CrmEventDeserializer.Received decoded = new CrmEventDeserializer().deserialize(Topics.CRM_EVENTS, headers,
                "{\"teamId\": ".getBytes(StandardCharsets.UTF_8));
        assertFalse(decoded.valid());
        assertEquals("/data", decoded.problems().get(0).pointer());
    }

    @Test
    void aConsumerOfSomeTypesLeavesTheOthersUndecodedAndKeepsTheBytes() {
        RecordHeaders callHeaders = new RecordHeaders();
        byte[] call = serialize(CODEC.toCloudEvent(Examples.of(EventType.CALL_LOGGED)), callHeaders, "BINARY");
        RecordHeaders teamHeaders = new RecordHeaders();
        byte[] team = serialize(CODEC.toCloudEvent(Examples.of(EventType.TEAM_REGISTERED)), teamHeaders, "BINARY");
        CrmEventDeserializer teamsOnly = new CrmEventDeserializer(java.util.Set.of(EventType.TEAM_REGISTERED));
        CrmEventDeserializer.Received skipped = teamsOnly.deserialize(Topics.CRM_EVENTS, callHeaders, call);
        assertTrue(skipped.skipped());
        assertNull(skipped.invalidReason());
        assertFalse(skipped.valid());
        CrmEventDeserializer.Received read = teamsOnly.deserialize(Topics.CRM_EVENTS, teamHeaders, team);
        assertEquals(EventType.TEAM_REGISTERED, read.event().type());
        assertTrue(java.util.Arrays.equals(team, read.bytes()));
        // the skip reads the type as the decoder does: the last ce_type, its key in any case
        RecordHeaders repeated = new RecordHeaders();
        teamHeaders.forEach(h -> repeated.add(h.key().equals("ce_type") ? "CE_TYPE" : h.key(), h.value()));
        repeated.add("ce_type", "call.logged".getBytes(StandardCharsets.UTF_8));
        assertTrue(teamsOnly.deserialize(Topics.CRM_EVENTS, repeated, team).skipped());
        RecordHeaders upper = new RecordHeaders();
        teamHeaders.forEach(h -> upper.add(h.key().equals("ce_type") ? "CE_TYPE" : h.key(), h.value()));
        assertEquals(EventType.TEAM_REGISTERED, teamsOnly.deserialize(Topics.CRM_EVENTS, upper, team).event().type());
    }

    @Test
    void aTimeOutsideTheContractIsInvalidWithItsReason() {
        ObjectNode structured = Examples.of(EventType.CALL_LOGGED);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serialize(CODEC.toCloudEvent(structured), headers, "BINARY");
        headers.remove("ce_time");
        headers.add("ce_time", "9999-12-31T23:00:00-09:00".getBytes(StandardCharsets.UTF_8));
        CrmEventDeserializer.Received decoded = new CrmEventDeserializer().deserialize(Topics.CRM_EVENTS, headers,
                value);
        assertFalse(decoded.valid());
        assertFalse(decoded.skipped());
        assertTrue(decoded.invalidReason().startsWith("not a valid event: /time "), decoded.invalidReason());
    }
}
