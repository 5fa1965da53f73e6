package dev.northstar.calculator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.common.kafka.QuarantineTopic;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No single record stops the calculator: a record the database can never store is isolated by splitting its batch and
 * put in the quarantine while every other record is counted; a transient failure is retried for as long as it lasts,
 * readiness down meanwhile; an event with a time outside the contract, written around kpi-ingest, is quarantined at
 * once; and two events whose sources and ids only look alike when joined are two events.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class PoisonRecordsTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    @Inject
    Pool pool;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @AfterEach
    void dropTriggers() {
        pool.query("DROP TRIGGER IF EXISTS poison ON team_event; DROP TRIGGER IF EXISTS flaky ON team_event;"
                + " DROP TABLE IF EXISTS flaky_switch").execute().await().atMost(Duration.ofSeconds(10));
    }

    private static CloudEvent event(String tenant, String source, String id, String type, String time, String data) {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\""
                + source + "\",\"type\":\"" + type + "\",\"time\":\"" + time + "\",\"tenant\":\"" + tenant
                + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), CODEC.validator().validate(node));
        return CODEC.toCloudEvent(node);
    }

    private static CloudEvent appointment(String tenant, String source, String id) {
        String account = "acc-" + Math.floorMod(id.hashCode(), 7);
        return event(tenant, source, id, "appointment.set", "2026-08-03T01:00:00Z",
                "{\"teamId\":\"t1\",\"accountId\":\"" + account + "\",\"appointmentId\":\"ap-" + id + "\"}");
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /**
     * Sends the events in one go (one flush), keyed by tenant/account so that they spread over the partitions;
     * returns where each was written.
     */
    private static List<RecordMetadata> send(List<CloudEvent> events) {
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new CloudEventSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (CloudEvent e : events) {
                String account = EventJson.parse(e.getData().toBytes()).path("accountId").asText("team");
                sent.add(producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, e.getExtension("tenant") + "/" + account,
                        e)));
            }
            producer.flush();
            List<RecordMetadata> written = new ArrayList<>();
            for (Future<RecordMetadata> f : sent) {
                written.add(f.get(30, TimeUnit.SECONDS));
            }
            return written;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The quarantined records of a tenant, once there is one (they are put aside before anything after counts). */
    private static List<ConsumerRecord<String, byte[]>> quarantined(String tenant) {
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.QUARANTINE)) {
            reader.until(r -> tenant.equals(TopicReader.header(r, QuarantineTopic.TENANT)), Duration.ofSeconds(60));
            return reader.poll().stream().filter(r -> tenant.equals(TopicReader.header(r, QuarantineTopic.TENANT)))
                    .toList();
        }
    }

    @Test
    void aRecordTheDatabaseRefusesIsIsolatedAndEveryOtherRecordOfItsBatchCounts() {
        // a data exception for one event only: retrying can never store it
        pool.query("""
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '22023'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER poison BEFORE INSERT ON team_event FOR EACH ROW
                WHEN (NEW.event_key LIKE '%poison%') EXECUTE FUNCTION refuse_poison();""").execute()
                .await().atMost(Duration.ofSeconds(10));
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(appointment("poison-a", "crm://isolation-test", i == 137 ? "ap-poison-137" : "ap-" + i));
        }
        send(events);
        Map<String, KpiValue> values = KpiCalculationTest.awaitValues(Map.of(
                "poison-a/t1/appointments/month/2026-08", new BigDecimal(299)));
        assertEquals(0, values.get("poison-a/t1/appointments/month/2026-08").numerator()
                .compareTo(new BigDecimal(299)));
        List<ConsumerRecord<String, byte[]>> put = quarantined("poison-a");
        assertEquals(1, put.size(), "one record in the quarantine: " + put);
        ConsumerRecord<String, byte[]> q = put.get(0);
        assertEquals("ap-poison-137", TopicReader.header(q, "ce_id"));
        assertEquals("kpi-calculator", TopicReader.header(q, QuarantineTopic.GROUP));
        assertEquals(Topics.CRM_EVENTS, TopicReader.header(q, QuarantineTopic.TOPIC));
        assertTrue(TopicReader.header(q, QuarantineTopic.REASON).contains("SQLSTATE 22023"),
                TopicReader.header(q, QuarantineTopic.REASON));
        assertTrue(Long.parseLong(TopicReader.header(q, QuarantineTopic.OFFSET)) >= 0);
        // the value is the record's own: it decodes to the event that was sent
        assertTrue(new String(q.value(), StandardCharsets.UTF_8).contains("ap-ap-poison-137"));
        String text = RestAssured.get(metrics).asString();
        assertTrue(text.lines().anyMatch(l -> l.startsWith("northstar_quarantined_total{")
                && l.contains("group=\"kpi-calculator\"") && !l.endsWith(" 0.0")), "quarantine counted");
    }

    @Test
    void aTransientFailureIsRetriedWithReadinessDownAndNothingIsQuarantined() {
        pool.query("""
                CREATE TABLE flaky_switch (on_ boolean NOT NULL);
                INSERT INTO flaky_switch VALUES (true);
                CREATE OR REPLACE FUNCTION refuse_flaky() RETURNS trigger AS $$
                BEGIN
                  IF (SELECT on_ FROM flaky_switch) THEN
                    RAISE EXCEPTION 'busy for the test' USING ERRCODE = '40001';
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql;
                CREATE TRIGGER flaky BEFORE INSERT ON team_event FOR EACH ROW
                WHEN (NEW.event_key LIKE '%flaky%') EXECUTE FUNCTION refuse_flaky();""").execute()
                .await().atMost(Duration.ofSeconds(10));
        send(List.of(appointment("flaky-b", "crm://flaky-test", "flaky-1"), appointment("flaky-b", "crm://x", "x-2")));
        await().atMost(Duration.ofSeconds(60)).until(() -> RestAssured.get(ready).statusCode() == 503);
        assertTrue(RestAssured.get(ready).asString().contains("retrying for"));
        // while it lasts, the calculator stays alive: restarting would not help
        assertEquals(200, RestAssured.get(live).statusCode());
        pool.query("UPDATE flaky_switch SET on_ = false").execute().await().atMost(Duration.ofSeconds(10));
        KpiCalculationTest.awaitValues(Map.of("flaky-b/t1/appointments/month/2026-08", new BigDecimal(2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get(ready).statusCode() == 200);
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.QUARANTINE)) {
            reader.poll();
            assertTrue(reader.poll().stream().noneMatch(r -> "flaky-b".equals(TopicReader.header(r,
                    QuarantineTopic.TENANT))));
        }
    }

    @Test
    void aTimeOutsideTheContractWrittenAroundIngestIsQuarantinedAndTheNextEventCounts() throws Exception {
        CloudEvent valid = event("far-c", "crm://far-test", "far-1", "call.logged", "2026-07-01T01:00:00Z",
                "{\"teamId\":\"t1\",\"accountId\":\"acc-far\",\"keyPerson\":false,\"outcome\":\"busy\"}");
        RecordHeaders headers = new RecordHeaders();
        byte[] value;
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(), false);
            value = serializer.serialize(Topics.CRM_EVENTS, headers, valid);
        }
        headers.remove("ce_time");
        headers.add("ce_time", "9999-12-31T23:00:00-09:00".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.CRM_EVENTS, null, "far-c/acc-far", value, headers)).get();
        }
        send(List.of(event("far-c", "crm://far-test", "far-2", "call.logged", "2026-07-01T02:00:00Z",
                "{\"teamId\":\"t1\",\"accountId\":\"acc-far\",\"keyPerson\":false,\"outcome\":\"busy\"}")));
        KpiCalculationTest.awaitValues(Map.of("far-c/t1/calls/month/2026-07", BigDecimal.ONE));
        List<ConsumerRecord<String, byte[]>> put = quarantined("far-c");
        assertEquals(1, put.size());
        String reason = TopicReader.header(put.get(0), QuarantineTopic.REASON);
        assertTrue(reason.startsWith("not a valid event: /time "), reason);
        assertEquals("far-1", TopicReader.header(put.get(0), "ce_id"));
    }

    @Test
    void sourcesAndIdsThatLookAlikeWhenJoinedAreTwoEvents() {
        String call = "{\"teamId\":\"t1\",\"accountId\":\"acc-id\",\"keyPerson\":false,\"outcome\":\"busy\"}";
        send(List.of(
                // "crm://id#x" + "y" and "crm://id" + "x#y" were both "crm://id#x#y"
                event("ident-d", "crm://id#x", "y", "call.logged", "2026-06-01T01:00:00Z", call),
                event("ident-d", "crm://id", "x#y", "call.logged", "2026-06-01T01:00:00Z", call),
                event("ident-d", "crm://id#x", "y", "appointment.set", "2026-06-01T01:00:00Z",
                        "{\"teamId\":\"t1\",\"accountId\":\"acc-id\",\"appointmentId\":\"ap1\"}"),
                event("ident-d", "crm://id", "x#y", "appointment.set", "2026-06-01T01:00:00Z",
                        "{\"teamId\":\"t1\",\"accountId\":\"acc-id\",\"appointmentId\":\"ap2\"}"),
                // and a true copy of the first stays one event
                event("ident-d", "crm://id#x", "y", "call.logged", "2026-06-01T01:00:00Z", call)));
        Map<String, KpiValue> values = KpiCalculationTest.awaitValues(Map.of(
                "ident-d/t1/calls/month/2026-06", new BigDecimal(2),
                "ident-d/t1/appointments/month/2026-06", new BigDecimal(2)));
        assertEquals(0, values.get("ident-d/t1/calls/month/2026-06").numerator().compareTo(new BigDecimal(2)));
    }

    @Test
    void commitsTheDatabaseLostAreReadAgainFromItsProgressNotSkipped() {
        String call = "{\"teamId\":\"t1\",\"accountId\":\"acc-lost\",\"keyPerson\":false,\"outcome\":\"busy\"}";
        String appointment = "{\"teamId\":\"t1\",\"accountId\":\"acc-lost\",\"appointmentId\":\"%s\"}";
        List<RecordMetadata> first = send(List.of(
                event("lost-e", "crm://lost", "c1", "call.logged", "2026-05-01T01:00:00Z", call),
                event("lost-e", "crm://lost", "c2", "call.logged", "2026-05-01T02:00:00Z", call),
                event("lost-e", "crm://lost", "a1", "appointment.set", "2026-05-01T03:00:00Z",
                        appointment.formatted("ap1"))));
        KpiCalculationTest.awaitValues(Map.of("lost-e/t1/calls/month/2026-05", new BigDecimal(2),
                "lost-e/t1/appointments/month/2026-05", BigDecimal.ONE));
        int partition = first.get(0).partition();
        assertTrue(first.stream().allMatch(m -> m.partition() == partition), "one account, one partition");
        // what a PostgreSQL crash does to the last moments' commits under synchronous_commit = off (the calculator's
        // setting): they are gone — the account's history, the team's events, the cells and the progress with them —
        // while the calculator, which saw them acknowledged, has read on
        pool.query("BEGIN;"
                + " DELETE FROM account_event WHERE tenant = 'lost-e';"
                + " DELETE FROM account_history WHERE account_ref = md5('lost-e/acc-lost')::uuid;"
                + " DELETE FROM team_event WHERE tenant = 'lost-e';"
                + " DELETE FROM kpi_component WHERE tenant = 'lost-e';"
                + " UPDATE consumer_offset SET next_offset = " + first.get(0).offset()
                + "  WHERE topic = '" + Topics.CRM_EVENTS + "' AND partition = " + partition + ";"
                + " COMMIT").execute().await().atMost(Duration.ofSeconds(10));
        double rewinds = rewinds();
        send(List.of(event("lost-e", "crm://lost", "c3", "call.logged", "2026-05-01T04:00:00Z", call),
                event("lost-e", "crm://lost", "a2", "appointment.set", "2026-05-01T05:00:00Z",
                        appointment.formatted("ap2"))));
        // read again from the stored progress: the lost events count again, none twice (the account's history in
        // memory was dropped with the partition); without it the calculator went on from its own position: 1 and 1
        Map<String, KpiValue> values = KpiCalculationTest.awaitValues(Map.of(
                "lost-e/t1/calls/month/2026-05", new BigDecimal(3),
                "lost-e/t1/appointments/month/2026-05", new BigDecimal(2)));
        assertEquals(0, values.get("lost-e/t1/calls/month/2026-05").numerator().compareTo(new BigDecimal(3)));
        assertTrue(rewinds() > rewinds, "the rewind is counted");
    }

    private double rewinds() {
        return RestAssured.get(metrics).asString().lines().filter(l -> l.startsWith("northstar_calculator_rewinds_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
