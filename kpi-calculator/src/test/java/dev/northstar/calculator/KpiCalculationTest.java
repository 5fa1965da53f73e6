package dev.northstar.calculator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Events on the real crm.events become KPI values on the real kpi.values, through the real database. */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class KpiCalculationTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    @TestHTTPResource(value = "/metrics", management = true)
    URL metricsUrl;

    static CloudEvent event(String id, String type, String time, String data) {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"crm://calc-test\",\"type\":\"" + type + "\",\"time\":\"" + time
                + "\",\"tenant\":\"calc\",\"data\":" + data + "}").getBytes());
        assertEquals(List.of(), CODEC.validator().validate(node));
        return CODEC.toCloudEvent(node);
    }

    static void send(List<CloudEvent> events) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (CloudEvent e : events) {
                String data = new String(e.getData().toBytes());
                String account = EventJson.parse(data.getBytes()).path("accountId").asText("team");
                producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, "calc/" + account, e));
            }
            producer.flush();
        }
    }

    /** The newest value per key, read until every expected key has its expected value. */
    static Map<String, KpiValue> awaitValues(Map<String, BigDecimal> expected) {
        Map<String, KpiValue> latest = new HashMap<>();
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.KPI_VALUES)) {
            reader.until(r -> {
                KpiValue v = read(r);
                latest.merge(v.key(), v, (a, b) -> a.version() >= b.version() ? a : b);
                return expected.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
                        && latest.get(e.getKey()).value() != null
                        && latest.get(e.getKey()).value().compareTo(e.getValue()) == 0);
            }, Duration.ofSeconds(60));
        }
        return latest;
    }

    static KpiValue read(ConsumerRecord<String, byte[]> record) {
        try {
            return EventJson.MAPPER.readValue(record.value(), KpiValue.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void callsAreCountedPerTeamInTokyoPeriods() {
        String call = "{\"teamId\":\"partner-a\",\"accountId\":\"acc-%s\",\"keyPerson\":false,\"outcome\":\"busy\"}";
        send(List.of(
                event("c1", "call.logged", "2026-10-31T14:00:00Z", call.formatted("1")),
                // 23:30 UTC on 31 October is 08:30 on 1 November in Tokyo
                event("c2", "call.logged", "2026-10-31T23:30:00Z", call.formatted("2")),
                event("c3", "call.logged", "2026-11-02T01:00:00Z", call.formatted("1")),
                event("c4", "call.logged", "2026-11-02T01:00:00Z",
                        "{\"teamId\":\"inhouse\",\"accountId\":\"acc-3\",\"keyPerson\":true,\"outcome\":\"connected\"}"),
                event("w1", "deal.won", "2026-11-03T01:00:00Z", "{\"teamId\":\"partner-a\",\"accountId\":\"acc-1\","
                        + "\"dealId\":\"d1\",\"amount\":\"1200000.50\",\"currency\":\"JPY\",\"kind\":\"new_business\"}"),
                event("w2", "deal.won", "2026-11-04T01:00:00Z", "{\"teamId\":\"partner-a\",\"accountId\":\"acc-1\","
                        + "\"dealId\":\"d2\",\"amount\":\"500\",\"currency\":\"JPY\",\"kind\":\"expansion\"}"),
                event("k1", "knowledge.shared", "2026-11-05T01:00:00Z", "{\"teamId\":\"partner-a\","
                        + "\"articleId\":\"a1\",\"kind\":\"failure\",\"title\":\"値引きが早すぎた\"}")));
        Map<String, KpiValue> values = awaitValues(Map.of(
                "calc/partner-a/calls/month/2026-11", new BigDecimal(2),
                "calc/partner-a/calls/month/2026-10", BigDecimal.ONE,
                "calc/partner-a/calls/day/2026-11-01", BigDecimal.ONE,
                "calc/partner-a/calls/quarter/2026-Q4", new BigDecimal(3),
                "calc/inhouse/calls/week/2026-W45", BigDecimal.ONE,
                // expansions are not new deals
                "calc/partner-a/deals_won/year/2026", BigDecimal.ONE,
                "calc/partner-a/revenue_won/month/2026-11", new BigDecimal("1200000.50"),
                "calc/partner-a/knowledge_shared_failure/month/2026-11", BigDecimal.ONE,
                "calc/partner-a/knowledge_shared/month/2026-11", BigDecimal.ONE));
        assertNull(values.get("calc/partner-a/knowledge_shared_success/month/2026-11"));
        KpiValue calls = values.get("calc/partner-a/calls/month/2026-11");
        assertEquals("count", calls.unit());
        assertNull(calls.denominator());
    }

    @Test
    void recordsThatAreNotValidEventsAreSkippedAndTheRestCounts() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        String key = "calc/acc-guard";
        // written around kpi-ingest: garbage without CloudEvents headers, a tombstone, a call without its outcome
        CloudEvent noOutcome = CloudEventBuilder.v1().withId("g-bad")
                .withSource(URI.create("crm://calc-test")).withType("call.logged")
                .withTime(OffsetDateTime.parse("2026-09-01T01:00:00Z")).withExtension("tenant", "calc")
                .withData("application/json", "{\"teamId\":\"guard\",\"accountId\":\"acc-guard\",\"keyPerson\":false}"
                        .getBytes(StandardCharsets.UTF_8)).build();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer());
                KafkaProducer<String, CloudEvent> events = new KafkaProducer<>(props, new StringSerializer(),
                        new CloudEventSerializer())) {
            raw.send(new ProducerRecord<>(Topics.CRM_EVENTS, key, "not a CloudEvent".getBytes()));
            raw.send(new ProducerRecord<>(Topics.CRM_EVENTS, key, null));
            raw.flush();
            events.send(new ProducerRecord<>(Topics.CRM_EVENTS, key, noOutcome));
            events.flush();
        }
        send(List.of(event("g1", "call.logged", "2026-09-01T02:00:00Z",
                "{\"teamId\":\"guard\",\"accountId\":\"acc-guard\",\"keyPerson\":false,\"outcome\":\"busy\"}")));
        // the valid call is behind the three on the same partition: once it counts, they were read — and not counted
        Map<String, KpiValue> values = awaitValues(Map.of("calc/guard/calls/month/2026-09", BigDecimal.ONE));
        assertEquals(0, values.get("calc/guard/calls/month/2026-09").numerator().compareTo(BigDecimal.ONE));
        String metrics = RestAssured.get(metricsUrl).asString();
        double invalid = metrics.lines().filter(l -> l.startsWith("northstar_calculator_events_total{")
                && l.contains("outcome=\"invalid\"")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ')
                + 1))).sum();
        assertTrue(invalid >= 3, "invalid records counted: " + invalid);
    }

    @Test
    void theGroupCommitsWhatItStoredSoThatItsLagIsZeroOnceEverythingIsStored() throws Exception {
        // progress lives in PostgreSQL; Kafka's committed offsets only show the lag (Grafana's panel, the benchmarks).
        // The client's automatic commit is off: without the consumer committing each stored batch, the group would
        // never catch up with the end of crm.events here
        String call = "{\"teamId\":\"lag\",\"accountId\":\"acc-lag\",\"keyPerson\":false,\"outcome\":\"busy\"}";
        send(List.of(event("lag-1", "call.logged", "2026-10-01T01:00:00Z", call),
                event("lag-2", "call.logged", "2026-10-02T01:00:00Z", call)));
        awaitValues(Map.of("calc/lag/calls/month/2026-10", new BigDecimal(2)));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("kpi-calculator")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().stream().filter(tp -> tp.topic().equals(Topics.CRM_EVENTS))
                        .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                assertTrue(!latest.isEmpty(), "the group has committed offsets of crm.events");
                var ends = admin.listOffsets(latest).all().get();
                for (TopicPartition tp : latest.keySet()) {
                    assertEquals(ends.get(tp).offset(), committed.get(tp).offset(), "lag of " + tp);
                }
            });
        }
    }
}
