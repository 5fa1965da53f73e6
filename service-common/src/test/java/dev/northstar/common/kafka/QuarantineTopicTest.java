package dev.northstar.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class QuarantineTopicTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The broker's side: acknowledges only when the test says so. */
    private final MockProducer<byte[], byte[]> broker = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final QuarantineTopic quarantine = new QuarantineTopic(null, meters) {
        @Override
        Producer<byte[], byte[]> producer() {
            return broker;
        }
    };

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ProducerRecord<?, ?> record, String header) {
        Header h = record.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, String> record(String key, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], utf8(headers[i + 1]));
        }
        return new ConsumerRecord<>("kpi.values", 7, 4242L, 0L, TimestampType.CREATE_TIME, -1, -1, key, "{}", h,
                Optional.empty());
    }

    private double quarantined() {
        return quarantine.counter("reporting-api", "kpi.values").count();
    }

    @Test
    void aQuarantineRecordCarriesWhereItCameFromWhoseItIsAndWhy() {
        Instant before = Instant.now();
        UniAssertSubscriber<Void> done = quarantine.put("reporting-api",
                record("acme/team-1", "ce_type", "deal.won"), utf8("acme/team-1"), utf8("{\"bad\":1}"),
                "not a readable KpiValue").subscribe().withSubscriber(UniAssertSubscriber.create());
        assertEquals(1, broker.history().size());
        ProducerRecord<byte[], byte[]> sent = broker.history().get(0);
        assertEquals(Topics.QUARANTINE, sent.topic());
        assertNull(sent.partition(), "partitioned by its key, as any record");
        assertArrayEquals(utf8("acme/team-1"), sent.key());
        assertArrayEquals(utf8("{\"bad\":1}"), sent.value());
        assertEquals("deal.won", text(sent, "ce_type"), "the record's own headers are kept");
        assertEquals("reporting-api", text(sent, QuarantineTopic.GROUP));
        assertEquals("kpi.values", text(sent, QuarantineTopic.TOPIC));
        assertEquals("7", text(sent, QuarantineTopic.PARTITION));
        assertEquals("4242", text(sent, QuarantineTopic.OFFSET));
        assertEquals("acme", text(sent, QuarantineTopic.TENANT));
        assertEquals("not a readable KpiValue", text(sent, QuarantineTopic.REASON));
        Instant at = Instant.parse(text(sent, QuarantineTopic.AT));
        assertFalse(at.isBefore(before.minusSeconds(1)) || at.isAfter(Instant.now().plusSeconds(1)), at.toString());
        done.assertNotTerminated();
        assertEquals(0, quarantined());
    }

    @Test
    void itIsDoneAndCountedOnlyOnceTheBrokerHasIt() {
        UniAssertSubscriber<Void> done = quarantine.put("reporting-api", record("acme/x"), null, utf8("x"), "why")
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        done.assertNotTerminated();
        assertTrue(broker.completeNext());
        done.awaitItem();
        assertEquals(1, quarantined());
    }

    @Test
    void aRecordTheBrokerRefusesIsNotDoneAndNotCounted() {
        UniAssertSubscriber<Void> done = quarantine.put("reporting-api", record("acme/x"), null, utf8("x"), "why")
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertTrue(broker.errorNext(new IllegalStateException("not enough replicas")));
        done.awaitFailure().assertFailedWith(IllegalStateException.class, "not enough replicas");
        assertEquals(0, quarantined());
    }

    @Test
    void aProducerThatThrowsFailsThePutInsteadOfThrowing() {
        QuarantineTopic closed = new QuarantineTopic(null, meters) {
            @Override
            Producer<byte[], byte[]> producer() {
                throw new IllegalStateException("producer closed");
            }
        };
        Uni<Void> put = closed.put("reporting-api", record("acme/x"), null, utf8("x"), "why");
        assertEquals("producer closed", assertThrows(IllegalStateException.class, () -> put.await().indefinitely())
                .getMessage());
    }

    @Test
    void aLongReasonIsCutWithoutSplittingACharacter() {
        String reason = "x".repeat(1999) + "\uD83D\uDE00" + "y".repeat(100);
        quarantine.put("g", record("acme/x"), null, utf8("x"), reason).subscribe().with(v -> { }, e -> { });
        String kept = text(broker.history().get(0), QuarantineTopic.REASON);
        assertEquals("x".repeat(1999) + "…", kept);
        String exact = "z".repeat(2000);
        quarantine.put("g", record("acme/x"), null, utf8("x"), exact).subscribe().with(v -> { }, e -> { });
        assertEquals(exact, text(broker.history().get(1), QuarantineTopic.REASON));
        quarantine.put("g", record("acme/x"), null, utf8("x"), null).subscribe().with(v -> { }, e -> { });
        assertEquals("", text(broker.history().get(2), QuarantineTopic.REASON));
    }

    @Test
    void theTenantIsTheCloudEventsAttributeElseTheKeyPrefix() {
        assertEquals("globex", QuarantineTopic.tenantOf(record("acme/team-1", "ce_tenant", "globex")));
        assertEquals("acme", QuarantineTopic.tenantOf(record("acme/team-1/2026-10")));
        ConsumerRecord<byte[], byte[]> bytesKey = new ConsumerRecord<>("crm.events", 0, 1L, utf8("initech/a"),
                utf8("{}"));
        assertEquals("initech", QuarantineTopic.tenantOf(bytesKey));
    }

    @Test
    void aRecordThatNamesNoTenantIsOfTheUnknownTenant() {
        assertEquals(QuarantineTopic.UNKNOWN_TENANT, QuarantineTopic.tenantOf(record(null)));
        assertEquals(QuarantineTopic.UNKNOWN_TENANT, QuarantineTopic.tenantOf(record("no-slash")));
        assertEquals(QuarantineTopic.UNKNOWN_TENANT, QuarantineTopic.tenantOf(record("/leading")));
        ConsumerRecord<Long, String> numberKey = new ConsumerRecord<>("t", 0, 1L, 42L, "{}");
        assertEquals(QuarantineTopic.UNKNOWN_TENANT, QuarantineTopic.tenantOf(numberKey));
    }

    @Test
    void theCounterExistsAtZeroPerGroupAndTopic() {
        quarantine.counter("reporting-api", "kpi.values");
        quarantine.counter("reporting-api", "knowledge.insights");
        List<String> topics = new ArrayList<>();
        meters.find("northstar.quarantined").counters().forEach(c -> topics.add(c.getId().getTag("topic")));
        topics.sort(null);
        assertEquals(List.of("knowledge.insights", "kpi.values"), topics);
        assertEquals(0, quarantined());
    }
}
