package dev.northstar.events.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.EventTime;
import dev.northstar.events.EventType;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.json.EventJson;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka record of a valid structured event, written directly: the CloudEvents Kafka binding in binary mode with
 * exactly the headers and value that the SDK's {@code CloudEventSerializer} writes for
 * {@link EventCodec#toCloudEvent}, and the key of {@link NorthstarEvent#key()}. kpi-ingest writes every accepted event
 * this way; going through the SDK's event, its builder, the typed record and the serializer's header writer cost
 * about a third of its time per event.
 */
public final class KafkaBinding {

    private static final byte[] SPEC_VERSION = utf8("1.0");
    private static final byte[] JSON = utf8("application/json");
    /** Types whose data names an account (the others are keyed by team). */
    private static final Set<EventType> WITH_ACCOUNT = EnumSet.noneOf(EventType.class);

    static {
        for (EventType type : EventType.values()) {
            if (Arrays.stream(type.dataClass().getRecordComponents()).anyMatch(c -> c.getName().equals("accountId"))) {
                WITH_ACCOUNT.add(type);
            }
        }
    }

    private KafkaBinding() {
    }

    /** The record of a structured event that {@link EventValidator#validate} accepted. */
    public static ProducerRecord<String, byte[]> record(String topic, JsonNode structured) {
        return record(topic, structured, null);
    }

    /**
     * The record of a valid structured event whose {@code data} arrived as {@code data} (the bytes of that JSON object
     * as sent, see {@link EventJson#parseEvents}): they become the value as they are. {@code null}: written from the
     * tree, as the SDK writes them.
     */
    public static ProducerRecord<String, byte[]> record(String topic, JsonNode structured, byte[] data) {
        String type = structured.get("type").textValue();
        String tenant = structured.get(EventCodec.TENANT).textValue();
        JsonNode dataNode = structured.get("data");
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", SPEC_VERSION);
        headers.add("ce_id", utf8(structured.get("id").textValue()));
        headers.add("ce_source", utf8(structured.get("source").textValue()));
        headers.add("ce_type", utf8(type));
        headers.add("content-type", JSON);
        JsonNode subject = structured.get("subject");
        if (subject != null && !subject.isNull()) {
            headers.add("ce_subject", utf8(subject.textValue()));
        }
        headers.add("ce_time", utf8(time(structured.get("time").textValue())));
        headers.add("ce_" + EventCodec.TENANT, utf8(tenant));
        JsonNode mapping = structured.get(EventCodec.MAPPING);
        if (mapping != null && mapping.isTextual()) {
            headers.add("ce_" + EventCodec.MAPPING, utf8(mapping.textValue()));
        }
        try {
            byte[] value = data != null ? data : EventJson.MAPPER.writeValueAsBytes(dataNode);
            EventType eventType = EventType.fromWireName(type).orElseThrow();
            return new ProducerRecord<>(topic, null, key(tenant, eventType, dataNode), value, headers);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The time as the SDK writes it ({@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} of the parsed value). The usual
     * {@code yyyy-MM-ddTHH:mm:ssZ} and {@code yyyy-MM-ddTHH:mm:ss±HH:MM} (but not {@code ±00:00}, written {@code Z})
     * already are that, character for character; others are parsed and written.
     */
    static String time(String text) {
        int n = text.length();
        if (n >= 20 && text.charAt(10) == 'T' && (n == 20 && text.charAt(19) == 'Z'
                || n == 25 && (text.charAt(19) == '+' || text.charAt(19) == '-') && !text.endsWith("00:00"))) {
            return text;
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(EventTime.parse(text));
    }

    /** {@link NorthstarEvent#key()} of a valid structured event: {@code tenant/accountId}, else {@code tenant/teamId}. */
    public static String key(JsonNode structured) {
        return key(structured.get(EventCodec.TENANT).textValue(), type(structured), structured.get("data"));
    }

    private static String key(String tenant, EventType type, JsonNode data) {
        JsonNode account = WITH_ACCOUNT.contains(type) ? data.get("accountId") : null;
        String part = account != null && account.isTextual() ? account.textValue() : data.get("teamId").textValue();
        return tenant + "/" + part;
    }

    /** The type of a valid structured event. */
    public static EventType type(JsonNode structured) {
        return EventType.fromWireName(structured.get("type").textValue()).orElseThrow();
    }

    /** The identity of a valid structured event. */
    public static NorthstarEvent.EventId eventId(JsonNode structured) {
        return new NorthstarEvent.EventId(structured.get(EventCodec.TENANT).textValue(),
                structured.get("source").textValue(), structured.get("id").textValue());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
