package dev.northstar.reporting.messaging;

import dev.northstar.common.kafka.BatchConsumer;
import dev.northstar.common.kafka.QuarantineTopic;
import dev.northstar.common.kafka.ServiceConsumers;
import dev.northstar.events.Topics;
import dev.northstar.reporting.repository.QuarantineRepository;
import dev.northstar.reporting.repository.QuarantineRepository.Quarantined;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Materialises {@code northstar.quarantine} (what the consumers of every service put aside) for
 * {@code GET /v1/quarantine}. A quarantined record is shown as text when it is UTF-8 (every Northstar record is),
 * else in Base64, cut to {@value #MAX_VALUE} characters.
 */
@ApplicationScoped
public class QuarantineConsumer {

    public static final String GROUP = "reporting-api-quarantine";
    static final int MAX_VALUE = 8000;

    private final QuarantineRepository repository;
    private final ServiceConsumers consumers;

    public QuarantineConsumer(QuarantineRepository repository, ServiceConsumers consumers) {
        this.repository = repository;
        this.consumers = consumers;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(new BatchConsumer.Spec<>("reporting-quarantine", GROUP, List.of(Topics.QUARANTINE),
                KpiValuesConsumer.MAX_POLL_RECORDS, true, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                bytes -> bytes, bytes -> null, this::store, record -> Uni.createFrom().voidItem(),
                new BatchConsumer.Assignment() {
                }));
    }

    Uni<Void> store(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Quarantined> rows = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String group = header(r, QuarantineTopic.GROUP);
            String topic = header(r, QuarantineTopic.TOPIC);
            String partition = header(r, QuarantineTopic.PARTITION);
            String offset = header(r, QuarantineTopic.OFFSET);
            if (group == null || topic == null || partition == null || offset == null) {
                continue; // not put there by a Northstar consumer: nothing to show
            }
            int partitionNumber;
            long offsetNumber;
            try {
                partitionNumber = Integer.parseInt(partition);
                offsetNumber = Long.parseLong(offset);
            } catch (NumberFormatException e) {
                continue;
            }
            rows.add(new Quarantined(group, topic, partitionNumber, offsetNumber,
                    orEmpty(header(r, QuarantineTopic.TENANT)), orEmpty(header(r, QuarantineTopic.REASON)),
                    at(header(r, QuarantineTopic.AT), r.timestamp()), text(r.key()), header(r, "ce_type"),
                    header(r, "ce_id"), text(r.value())));
        }
        return repository.insert(rows);
    }

    private static Instant at(String text, long timestamp) {
        try {
            return text == null ? Instant.ofEpochMilli(timestamp) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.ofEpochMilli(timestamp);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8).replace("\u0000", "");
    }

    /** UTF-8 text without NULs (PostgreSQL cannot store them), or Base64 when the bytes are not UTF-8; cut short. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString()
                    .replace("\u0000", "\\u0000");
        } catch (CharacterCodingException e) {
            text = "base64:" + java.util.Base64.getEncoder().encodeToString(bytes);
        }
        if (text.length() <= MAX_VALUE) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_VALUE - 1)) ? MAX_VALUE - 1 : MAX_VALUE;
        return text.substring(0, end) + "…";
    }
}
