package dev.northstar.ingest.connect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.ingest.connect.hubspot.Signature;
import dev.northstar.ingest.messaging.DeadLetters;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import dev.northstar.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The connectors against the real broker and database, fed the vendors' documented payloads (connectors/SOURCES.md):
 * the exact events each makes on crm.events, each counted once however often the CRM sends it, signature and token
 * refusals that keep nothing, merged record ids, gaps surfaced and not guessed, invalid mapped events dead-lettered
 * and listed, and who may see or change a tenant's connectors.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class ConnectorsTest {

    private static final String ORG = "00D5g000004XYZaEAO";
    private static final String PARTNER_USER = "0055g00000RepPt1AAA";
    private static final String ACCOUNT_A = "0015g00000AcmeA1AAC";
    private static final String ACCOUNT_B = "0015g00000AcmeB2AAC";
    private static final String HUBSPOT_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";

    @TestHTTPResource("/")
    URL base;

    private static String admin(String tenant) {
        return "Bearer " + TestTokens.token(tenant, "admin");
    }

    // ------------------------------------------------------------------ helpers

    /** The source's preset with a partner team declared and the partner's owners (or accounts) mapped to it. */
    private static ObjectNode mapping(String source, String partner, Map<String, Map<String, String>> teamMaps) {
        ObjectNode doc = (ObjectNode) given().header("Authorization", admin("anyone")).get("/v1/connectors/" + source
                + "/preset").then().statusCode(200).extract().as(JsonNode.class);
        ArrayNode teams = (ArrayNode) doc.get("teams");
        ObjectNode team = teams.addObject();
        team.put("teamId", partner);
        team.put("name", "Partner " + partner);
        team.put("kind", "partner");
        // "field=value" -> team: the entry goes into the map of the team expression (or its default) over that field
        teamMaps.forEach((object, map) -> map.forEach((key, teamId) -> {
            String[] fieldValue = key.split("=", 2);
            ObjectNode expr = (ObjectNode) doc.path("objects").path(object).path("team");
            while (!expr.path("field").asText().equals(fieldValue[0])) {
                expr = (ObjectNode) expr.get("default");
            }
            expr.with("map").put(fieldValue[1], teamId);
        }));
        return doc;
    }

    private static int putMapping(String tenant, String source, JsonNode doc) {
        return given().header("Authorization", admin(tenant)).contentType("application/json").body(doc.toString())
                .put("/v1/connectors/" + source + "/mapping").then().statusCode(200).extract().path("version");
    }

    private static void putSettings(String tenant, String source, String json) {
        given().header("Authorization", admin(tenant)).contentType("application/json").body(json)
                .put("/v1/connectors/" + source + "/settings").then().statusCode(200);
    }

    private static Response cdc(String tenant, byte[] body) {
        return given().header("Authorization", "Bearer " + TestTokens.token(tenant, "connector"))
                .contentType("application/json").body(body).post("/v1/connectors/salesforce/cdc");
    }

    /** Every event of a tenant on crm.events, as {@code type id time data} with the data's keys in order. */
    static List<String> events(String tenant) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CRM_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (tenant.equals(TopicReader.header(r, "ce_tenant"))) {
                        out.add(TopicReader.header(r, "ce_type") + " " + TopicReader.header(r, "ce_id") + " "
                                + OffsetDateTime.parse(TopicReader.header(r, "ce_time")).toInstant() + " "
                                + sorted(EventJson.parse(r.value())));
                    }
                }
            }
        }
        // by time, then id: the order of a story (events of different accounts are on different partitions)
        out.sort(Comparator.comparing((String e) -> e.split(" ")[2]).thenComparing(e -> e.split(" ")[1]));
        return out;
    }

    private static String sorted(JsonNode data) {
        Map<String, JsonNode> m = new TreeMap<>();
        data.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{",
                "}"));
    }

    private static List<String> withoutTeams(List<String> events) {
        return events.stream().filter(e -> !e.startsWith("team.registered")).toList();
    }

    private static String event(String type, String id, String time, String data) {
        return type + " " + id + " " + time + " " + data;
    }

    // ------------------------------------------------------------------ Salesforce

    private static final List<String> CDC_STORY = List.of("account-create", "opportunity-a-create",
            "task-call-create", "cometd-envelope", "opportunity-b-create", "event-meeting-create",
            "opportunitypartner-create", "visit-custom-create", "tasks-merged-update", "opportunity-b-lost",
            "opportunity-a-won", "gap-update", "gap-overflow");

    private static ObjectNode salesforceMapping() {
        Map<String, String> owners = Map.of("OwnerId=" + PARTNER_USER, "partner-alpha");
        ObjectNode doc = mapping("salesforce", "partner-alpha", Map.of("Account", owners, "Task", owners, "Event",
                owners, "Opportunity", Map.of("OwnerId=" + PARTNER_USER, "partner-alpha",
                        "Partner_Account__northstar=0015g00000PartnAAAC", "partner-alpha")));
        // a custom object: field sales visits
        doc.with("objects").set("Visit__c", EventJson.parse(("""
                {"team": {"field": "OwnerId", "map": {"%s": "partner-alpha"}, "default": "inhouse"},
                 "account": "Account__c",
                 "rules": [{"emit": "conversation.held", "on": ["created"], "time": "Visit_Date__c",
                            "data": {"contactRole": {"const": "manager"}, "channel": {"const": "in_person"}}}]}""")
                .formatted(PARTNER_USER).getBytes(StandardCharsets.UTF_8)));
        return doc;
    }

    static final List<String> SALESFORCE_EVENTS = List.of(
            event("account.targeted", "Account:" + ACCOUNT_A + ":account.targeted", "2026-10-01T00:05:12Z",
                    "{accountId=\"" + ACCOUNT_A + "\",teamId=\"inhouse\"}"),
            event("deal.created", "Opportunity:0065g00000OppA1AAC:deal.created", "2026-10-01T00:20:45Z",
                    "{accountId=\"" + ACCOUNT_A + "\",amount=\"1200000\",currency=\"JPY\","
                            + "dealId=\"0065g00000OppA1AAC\",teamId=\"partner-alpha\"}"),
            event("call.logged", "Task:00T5g00000CallA1AAC:call.logged", "2026-10-01T05:42:30Z",
                    "{accountId=\"" + ACCOUNT_A + "\",durationSeconds=420,keyPerson=true,outcome=\"connected\","
                            + "teamId=\"partner-alpha\"}"),
            event("deal.created", "Opportunity:0065g00000OppB2AAC:deal.created", "2026-10-02T04:10:00Z",
                    "{accountId=\"" + ACCOUNT_B + "\",amount=\"450000\",currency=\"JPY\","
                            + "dealId=\"0065g00000OppB2AAC\",teamId=\"inhouse\"}"),
            event("appointment.set", "Event:00U5g00000MeetA1AAC:appointment.set", "2026-10-02T08:00:05Z",
                    "{accountId=\"" + ACCOUNT_A + "\",appointmentId=\"00U5g00000MeetA1AAC\",teamId=\"inhouse\"}"),
            event("conversation.held", "Visit__c:a0V5g00000VisA1AAC:conversation.held", "2026-10-06T12:00:00Z",
                    "{accountId=\"" + ACCOUNT_A + "\",channel=\"in_person\",contactRole=\"manager\","
                            + "teamId=\"inhouse\"}"),
            event("deal.lost", "Opportunity:0065g00000OppB2AAC:deal.lost", "2026-10-15T06:30:00Z",
                    "{accountId=\"" + ACCOUNT_B + "\",competitor=\"Contoso\",dealId=\"0065g00000OppB2AAC\","
                            + "reason=\"Price\",teamId=\"inhouse\"}"),
            // won by the partner the OpportunityPartner named (its account is mapped to the partner's team)
            event("deal.won", "Opportunity:0065g00000OppA1AAC:deal.won", "2026-10-20T03:15:42Z",
                    "{accountId=\"" + ACCOUNT_A + "\",amount=\"1200000\",currency=\"JPY\","
                            + "dealId=\"0065g00000OppA1AAC\",kind=\"new_business\",teamId=\"partner-alpha\"}"));

    @Test
    void salesforceChangeEventsBecomeExactlyTheirEventsOnceWithGapsSurfaced() {
        String tenant = "sf-cdc";
        putSettings(tenant, "salesforce", "{\"origin\": \"" + ORG + "\"}");
        assertEquals(1, putMapping(tenant, "salesforce", salesforceMapping()));
        int accepted = 0;
        int unmapped = 0;
        int gaps = 0;
        int duplicates = 0;
        for (String name : CDC_STORY) {
            Response r = cdc(tenant, Fixtures.bytes("salesforce/cdc/" + name + ".json"));
            r.then().statusCode(202);
            accepted += r.<Integer>path("accepted");
            unmapped += r.<Integer>path("unmapped");
            gaps += r.<Integer>path("gaps");
            duplicates += r.<Integer>path("duplicates");
        }
        assertEquals(SALESFORCE_EVENTS.size(), accepted);
        assertEquals(1, duplicates, "the CometD copy of the task's change event");
        assertEquals(2, unmapped, "the merged update names two tasks: one change each, neither makes an event");
        assertEquals(2, gaps);
        List<String> events = events(tenant);
        assertEquals(SALESFORCE_EVENTS, withoutTeams(events));
        assertTrue(events.contains(event("team.registered", events.stream().filter(e -> e.contains(
                "team:partner-alpha:")).findFirst().orElseThrow().split(" ")[1], events.stream()
                .filter(e -> e.contains("team:partner-alpha:")).findFirst().orElseThrow().split(" ")[2],
                "{kind=\"partner\",name=\"Partner partner-alpha\",teamId=\"partner-alpha\"}")));
        // the gaps: listed for a re-sync with the records they name, nothing guessed
        List<Map<String, Object>> failures = given().header("Authorization", admin(tenant))
                .get("/v1/connectors/failures?source=salesforce").then().statusCode(200).extract().jsonPath()
                .getList("");
        assertEquals(List.of("gap", "gap"), failures.stream().map(f -> f.get("kind")).toList());
        assertEquals(List.of("000000000000000AAA", ACCOUNT_A), failures.stream().map(f -> f.get("records")).toList());
        assertTrue(failures.get(0).get("reason").toString().startsWith("GAP_OVERFLOW"));
        // the same changes again (a re-read, a retried call): nothing new
        for (String name : CDC_STORY) {
            cdc(tenant, Fixtures.bytes("salesforce/cdc/" + name + ".json")).then().statusCode(202)
                    .body("accepted", is(0));
        }
        assertEquals(events, events(tenant));
        // the events name the mapping version that made them
        assertEquals("salesforce/v1", mappingOf(tenant, "Opportunity:0065g00000OppA1AAC:deal.won"));
    }

    @Test
    void aMergedChangeEventMakesOneEventPerRecordEachFromItsOwnState() {
        String tenant = "sf-merged";
        putSettings(tenant, "salesforce", "{\"origin\": \"" + ORG + "\"}");
        putMapping(tenant, "salesforce", salesforceMapping());
        for (String[] opp : new String[][] {{"0065g00000OppM1AAC", ACCOUNT_A, "100000"},
                {"0065g00000OppM2AAC", ACCOUNT_B, "250000"}}) {
            ObjectNode create = (ObjectNode) Fixtures.json("salesforce/cdc/opportunity-b-create.json");
            ((ArrayNode) create.with("ChangeEventHeader").get("recordIds")).removeAll().add(opp[0]);
            create.put("AccountId", opp[1]);
            create.put("Amount", Long.parseLong(opp[2]));
            cdc(tenant, create.toString().getBytes(StandardCharsets.UTF_8)).then().statusCode(202);
        }
        // one change event for both records (Salesforce merges identical changes of a transaction)
        ObjectNode won = (ObjectNode) Fixtures.json("salesforce/cdc/opportunity-a-won.json");
        ((ArrayNode) won.with("ChangeEventHeader").get("recordIds")).removeAll().add("0065g00000OppM1AAC")
                .add("0065g00000OppM2AAC");
        Response r = cdc(tenant, won.toString().getBytes(StandardCharsets.UTF_8));
        r.then().statusCode(202);
        assertEquals(2, r.<Integer>path("changes"));
        assertEquals(2, r.<Integer>path("accepted"));
        List<String> deals = withoutTeams(events(tenant)).stream().filter(e -> e.startsWith("deal.won")).toList();
        assertEquals(List.of(
                event("deal.won", "Opportunity:0065g00000OppM1AAC:deal.won", "2026-10-20T03:15:42Z",
                        "{accountId=\"" + ACCOUNT_A + "\",amount=\"100000\",currency=\"JPY\","
                                + "dealId=\"0065g00000OppM1AAC\",kind=\"new_business\",teamId=\"inhouse\"}"),
                event("deal.won", "Opportunity:0065g00000OppM2AAC:deal.won", "2026-10-20T03:15:42Z",
                        "{accountId=\"" + ACCOUNT_B + "\",amount=\"250000\",currency=\"JPY\","
                                + "dealId=\"0065g00000OppM2AAC\",kind=\"new_business\",teamId=\"inhouse\"}")),
                deals);
    }

    @Test
    void aClearedFieldLeavesTheRecordsState() {
        // the partner is taken off the deal before it is won: the deal is the owner's (in-house), not the partner's
        String tenant = "sf-partner-gone";
        putSettings(tenant, "salesforce", "{\"origin\": \"" + ORG + "\"}");
        putMapping(tenant, "salesforce", salesforceMapping());
        ObjectNode opp = (ObjectNode) Fixtures.json("salesforce/cdc/opportunity-a-create.json");
        opp.put("OwnerId", "0055g00000RepIn1AAA");
        cdc(tenant, opp.toString().getBytes(StandardCharsets.UTF_8)).then().statusCode(202);
        cdc(tenant, Fixtures.bytes("salesforce/cdc/opportunitypartner-create.json")).then().statusCode(202);
        ObjectNode gone = (ObjectNode) Fixtures.json("salesforce/cdc/opportunitypartner-create.json");
        gone.with("ChangeEventHeader").put("changeType", "DELETE").put("sequenceNumber", 2);
        cdc(tenant, gone.toString().getBytes(StandardCharsets.UTF_8)).then().statusCode(202);
        cdc(tenant, Fixtures.bytes("salesforce/cdc/opportunity-a-won.json")).then().statusCode(202)
                .body("accepted", is(1));
        List<String> won = withoutTeams(events(tenant)).stream().filter(e -> e.startsWith("deal.won")).toList();
        assertEquals(1, won.size());
        assertTrue(won.get(0).endsWith("teamId=\"inhouse\"}"), won.get(0));
    }

    private static String mappingOf(String tenant, String id) {
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS)) {
            return reader.until(r -> tenant.equals(TopicReader.header(r, "ce_tenant"))
                    && id.equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(30)).stream()
                    .filter(r -> id.equals(TopicReader.header(r, "ce_id"))
                            && tenant.equals(TopicReader.header(r, "ce_tenant")))
                    .map(r -> TopicReader.header(r, "ce_mapping")).findFirst().orElseThrow();
        }
    }

    /**
     * A record of the shared topic, its tenant in a header (the test profile, like the local stack, lets every tenant
     * use it; in production each tenant's connector writes crm.salesforce.cdc.&lt;tenant&gt;, see CdcTopicConsumerTest).
     */
    private static ProducerRecord<String, byte[]> cdcRecord(String tenant, String key, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SALESFORCE_CDC, key, value);
        record.headers().add("tenant", tenant.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void changeEventsReadFromTheTopicTwiceCountOnce() throws Exception {
        String tenant = "sf-topic";
        putSettings(tenant, "salesforce", "{\"origin\": \"" + ORG + "\"}");
        putMapping(tenant, "salesforce", salesforceMapping());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int copy = 0; copy < 2; copy++) {
                for (String name : CDC_STORY) {
                    producer.send(cdcRecord(tenant, name, Fixtures.bytes("salesforce/cdc/" + name + ".json"))).get();
                }
            }
            // a last change after both copies: once its event is there, both copies have been read
            ObjectNode last = (ObjectNode) Fixtures.json("salesforce/cdc/task-call-create.json");
            ((ArrayNode) last.with("ChangeEventHeader").get("recordIds")).removeAll().add("00T5g00000CallZ9AAC");
            producer.send(cdcRecord(tenant, "last", EventJson.MAPPER.writeValueAsBytes(last))).get();
        }
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS)) {
            reader.until(r -> tenant.equals(TopicReader.header(r, "ce_tenant"))
                    && "Task:00T5g00000CallZ9AAC:call.logged".equals(TopicReader.header(r, "ce_id")),
                    Duration.ofSeconds(90));
        }
        List<String> events = withoutTeams(events(tenant));
        assertEquals(SALESFORCE_EVENTS, events.stream().filter(e -> !e.contains("CallZ9")).toList(), "each once");
        assertEquals(1, events.stream().filter(e -> e.contains("CallZ9")).count());
    }

    @Test
    void outboundMessagesAreAcknowledgedInSoapOnlyWhenDurable() {
        String tenant = "sf-out";
        String token = "outbound-token-0123456789abcdef";
        putSettings(tenant, "salesforce", "{\"origin\": \"" + ORG + "\", \"token\": \"" + token + "\"}");
        putMapping(tenant, "salesforce", salesforceMapping());
        byte[] soap = Fixtures.bytes("salesforce/outbound/opportunity-won.xml");
        String ack = given().contentType("text/xml").body(soap).post("/v1/connectors/salesforce/" + tenant
                + "/outbound?token=" + token).then().statusCode(200).contentType("text/xml").extract().asString();
        assertTrue(ack.contains("<Ack>true</Ack>") && ack.contains("notificationsResponse"), ack);
        List<String> expected = List.of(
                event("deal.created", "Opportunity:0065g00000OppA1AAC:deal.created", "2026-10-20T03:15:42Z",
                        "{accountId=\"" + ACCOUNT_A + "\",amount=\"1200000\",currency=\"JPY\","
                                + "dealId=\"0065g00000OppA1AAC\",teamId=\"partner-alpha\"}"),
                event("deal.won", "Opportunity:0065g00000OppA1AAC:deal.won", "2026-10-20T03:15:42Z",
                        "{accountId=\"" + ACCOUNT_A + "\",amount=\"1200000\",currency=\"JPY\","
                                + "dealId=\"0065g00000OppA1AAC\",kind=\"new_business\",teamId=\"partner-alpha\"}"),
                event("deal.created", "Opportunity:0065g00000OppC3AAC:deal.created", "2026-10-20T03:15:44Z",
                        "{accountId=\"" + ACCOUNT_B + "\",amount=\"300000\",currency=\"JPY\","
                                + "dealId=\"0065g00000OppC3AAC\",teamId=\"inhouse\"}"),
                event("deal.won", "Opportunity:0065g00000OppC3AAC:deal.won", "2026-10-20T03:15:44Z",
                        "{accountId=\"" + ACCOUNT_B + "\",amount=\"300000\",currency=\"JPY\","
                                + "dealId=\"0065g00000OppC3AAC\",kind=\"new_business\",teamId=\"inhouse\"}"));
        assertEquals(expected, withoutTeams(events(tenant)));
        // Salesforce retries until it gets the Ack: the same message again is answered and counts nothing
        given().contentType("text/xml").body(soap).post("/v1/connectors/salesforce/" + tenant + "/outbound?token="
                + token).then().statusCode(200);
        assertEquals(expected, withoutTeams(events(tenant)));
        // a wrong token, none, or a message of another organisation: refused, nothing kept
        given().contentType("text/xml").body(soap).post("/v1/connectors/salesforce/" + tenant
                + "/outbound?token=outbound-token-0123456789abcdeX").then().statusCode(401)
                .contentType("application/problem+json");
        given().contentType("text/xml").body(soap).post("/v1/connectors/salesforce/" + tenant + "/outbound")
                .then().statusCode(401);
        byte[] otherOrg = new String(soap, StandardCharsets.UTF_8).replace(ORG, "00D5g000009OTHERXXX")
                .getBytes(StandardCharsets.UTF_8);
        given().contentType("text/xml").body(otherOrg).post("/v1/connectors/salesforce/" + tenant + "/outbound?token="
                + token).then().statusCode(403);
        // a DTD (an XML bomb, an external entity) is refused before anything is read
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<x>&e;</x>";
        given().contentType("text/xml").body(bomb).post("/v1/connectors/salesforce/" + tenant + "/outbound?token="
                + token).then().statusCode(400).body("detail", containsString("DTD"));
        assertEquals(expected, withoutTeams(events(tenant)));
    }

    @Test
    void anOutboundMessageOfARecordOnlyALinkHasTouchedIsItsCreation() {
        // the OpportunityPartner's message comes first and writes its partner into the Opportunity's state; the
        // Opportunity's own first message is still its creation (deal.created), and the deal is the partner's
        String tenant = "sf-link-first";
        String token = "outbound-token-link-first-0123456789";
        putSettings(tenant, "salesforce", "{\"origin\": \"" + ORG + "\", \"token\": \"" + token + "\"}");
        putMapping(tenant, "salesforce", salesforceMapping());
        String soap = new String(Fixtures.bytes("salesforce/outbound/opportunity-won.xml"), StandardCharsets.UTF_8);
        String partner = soap.substring(0, soap.indexOf("<Notification>"))
                + "<Notification><Id>04l5g00000PtnA1AAC</Id><sObject xsi:type=\"sf:OpportunityPartner\""
                + " xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\"><sf:Id>00I5g00000OpPtA1AAC</sf:Id>"
                + "<sf:OpportunityId>0065g00000OppC3AAC</sf:OpportunityId><sf:AccountToId>0015g00000PartnAAAC"
                + "</sf:AccountToId></sObject></Notification></notifications></soapenv:Body></soapenv:Envelope>";
        given().contentType("text/xml").body(partner.getBytes(StandardCharsets.UTF_8))
                .post("/v1/connectors/salesforce/" + tenant + "/outbound?token=" + token).then().statusCode(200);
        given().contentType("text/xml").body(soap.getBytes(StandardCharsets.UTF_8))
                .post("/v1/connectors/salesforce/" + tenant + "/outbound?token=" + token).then().statusCode(200);
        List<String> c = withoutTeams(events(tenant)).stream().filter(e -> e.contains("OppC3")).toList();
        assertEquals(List.of("deal.created", "deal.won"), c.stream().map(e -> e.split(" ")[0]).toList(), "" + c);
        assertTrue(c.stream().allMatch(e -> e.endsWith("teamId=\"partner-alpha\"}")), "" + c);
    }

    @Test
    void aChangeThatMapsToAnInvalidEventIsDeadLetteredAndListed() {
        String tenant = "sf-invalid";
        putSettings(tenant, "salesforce", "{\"origin\": \"" + ORG + "\"}");
        putMapping(tenant, "salesforce", salesforceMapping());
        ObjectNode task = (ObjectNode) Fixtures.json("salesforce/cdc/task-call-create.json");
        ((ArrayNode) task.with("ChangeEventHeader").get("recordIds")).removeAll().add("00T5g00000NoAcc1AAC");
        task.remove("AccountId");
        Response r = cdc(tenant, task.toString().getBytes(StandardCharsets.UTF_8));
        r.then().statusCode(202);
        assertEquals(1, r.<Integer>path("invalid"));
        assertEquals(0, r.<Integer>path("accepted"));
        ConsumerRecord<String, byte[]> dead;
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS_DLQ)) {
            dead = reader.until(r2 -> tenant.equals(TopicReader.header(r2, ConnectorService.DLQ_TENANT)),
                    Duration.ofSeconds(30)).stream().filter(r2 -> tenant.equals(TopicReader.header(r2,
                            ConnectorService.DLQ_TENANT))).findFirst().orElseThrow();
        }
        assertEquals("/data/accountId", TopicReader.header(dead, DeadLetters.POINTER));
        assertEquals("salesforce", TopicReader.header(dead, ConnectorService.DLQ_SOURCE));
        assertEquals("Task:00T5g00000NoAcc1AAC", TopicReader.header(dead, ConnectorService.DLQ_RECORD));
        assertTrue(new String(dead.value(), StandardCharsets.UTF_8).contains("\"TaskSubtype\":\"Call\""),
                "the original payload");
        List<Map<String, Object>> failures = given().header("Authorization", admin(tenant))
                .get("/v1/connectors/failures").then().statusCode(200).extract().jsonPath().getList("");
        assertEquals(1, failures.size());
        assertEquals("invalid", failures.get(0).get("kind"));
        assertEquals("call.logged", failures.get(0).get("eventType"));
        assertTrue(failures.get(0).get("reason").toString().contains("/data/accountId"));
        assertEquals(List.of(), withoutTeams(events(tenant)));
    }

    // ------------------------------------------------------------------ HubSpot

    private Response hubspot(String tenant, byte[] body, String secret, long timestamp) {
        String path = "/v1/connectors/hubspot/" + tenant + "/webhook";
        String uri = base.toString().replaceAll("/$", "") + path;
        String ts = Long.toString(timestamp);
        String signature = Base64.getEncoder().encodeToString(Signature.sign(secret, "POST", uri, body, ts));
        return given().contentType("application/json").header(Signature.HEADER, signature)
                .header(Signature.TIMESTAMP, ts).body(body).post(path);
    }

    /** The signature with its first digit changed (whatever the digits are). */
    private static String tampered(String hex) {
        return (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1);
    }

    private static String v2(String uri, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((HUBSPOT_SECRET + "POST" + uri).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void hubspotBatchesAreVerifiedMappedAndARetriedBatchCountsOnce() {
        String tenant = "hs-acme";
        putSettings(tenant, "hubspot", "{\"origin\": \"62515\", \"secret\": \"" + HUBSPOT_SECRET + "\"}");
        putMapping(tenant, "hubspot", mapping("hubspot", "partner-beta", Map.of("deal",
                Map.of("hubspot_owner_id=7001", "partner-beta"))));
        byte[] batch = Fixtures.bytes("hubspot/subscription-batch.json");
        long now = Instant.now().toEpochMilli();
        // refused, nothing kept: another secret, a stale timestamp, a body changed by one byte, no signature
        hubspot(tenant, batch, "zzzzzzzz-yyyy-yyyy-yyyy-yyyyyyyyyyyy", now).then().statusCode(401)
                .contentType("application/problem+json");
        hubspot(tenant, batch, HUBSPOT_SECRET, now - Duration.ofMinutes(6).toMillis()).then().statusCode(401);
        String path = "/v1/connectors/hubspot/" + tenant + "/webhook";
        String uri = base.toString().replaceAll("/$", "") + path;
        byte[] changed = batch.clone();
        int at = new String(batch, StandardCharsets.UTF_8).indexOf("1200000");
        changed[at] = '9';
        given().contentType("application/json").header(Signature.HEADER, Base64.getEncoder().encodeToString(
                Signature.sign(HUBSPOT_SECRET, "POST", uri, batch, Long.toString(now))))
                .header(Signature.TIMESTAMP, Long.toString(now)).body(changed).post(path).then().statusCode(401);
        given().contentType("application/json").body(batch).post(path).then().statusCode(401);
        assertEquals(List.of(), withoutTeams(events(tenant)));

        Response first = hubspot(tenant, batch, HUBSPOT_SECRET, now);
        first.then().statusCode(202);
        assertEquals(8, first.<Integer>path("changes"));
        assertEquals(2, first.<Integer>path("accepted"));
        assertEquals(6, first.<Integer>path("unmapped"), "company, deal creation, three properties, the contact");
        List<String> expected = List.of(
                // the deal belongs to an account once it is associated with a company
                event("deal.created", "deal:9001:deal.created", Instant.ofEpochMilli(1791421331002L).toString(),
                        "{accountId=\"5001\",amount=\"1200000\",currency=\"JPY\",dealId=\"9001\","
                                + "teamId=\"partner-beta\"}"),
                event("deal.won", "deal:9001:deal.won", Instant.ofEpochMilli(1792474200300L).toString(),
                        "{accountId=\"5001\",amount=\"1200000\",currency=\"JPY\",dealId=\"9001\","
                                + "kind=\"new_business\",teamId=\"partner-beta\"}"));
        assertEquals(expected, withoutTeams(events(tenant)));
        // HubSpot's retry of the batch (attemptNumber 1): answered, counted once
        Response retry = hubspot(tenant, Fixtures.bytes("hubspot/subscription-batch-retry.json"), HUBSPOT_SECRET,
                Instant.now().toEpochMilli());
        retry.then().statusCode(202);
        assertEquals(0, retry.<Integer>path("accepted"));
        assertTrue(retry.<Integer>path("duplicates") >= 2, "the deal's two events made again, as duplicates");
        assertEquals(expected, withoutTeams(events(tenant)));
        // a workflow "send a webhook" body: the whole record, signed with the older v2 that workflows may send
        byte[] workflow = Fixtures.bytes("hubspot/workflow-deal.json");
        given().contentType("application/json").header(Signature.VERSION_HEADER, "v2")
                .header(Signature.V2_HEADER, tampered(v2(uri, workflow))).body(workflow).post(path).then()
                .statusCode(401);
        // v2 is for workflow bodies only: a subscription batch needs v3
        given().contentType("application/json").header(Signature.VERSION_HEADER, "v2")
                .header(Signature.V2_HEADER, v2(uri, batch)).body(batch).post(path).then().statusCode(401);
        given().contentType("application/json").header(Signature.VERSION_HEADER, "v2")
                .header(Signature.V2_HEADER, v2(uri, workflow)).body(workflow).post(path).then().statusCode(202)
                .body("accepted", is(2));
        List<String> all = withoutTeams(events(tenant));
        assertEquals(expected, all.subList(0, 2));
        assertEquals(List.of("deal.created deal:9002:deal.created", "deal.won deal:9002:deal.won"), all.subList(2, 4)
                .stream().map(e -> e.split(" ")[0] + " " + e.split(" ")[1]).toList());
        assertTrue(all.get(3).endsWith("{accountId=\"5002\",amount=\"500000\",currency=\"JPY\",dealId=\"9002\","
                + "kind=\"new_business\",teamId=\"partner-beta\"}"), all.get(3));
    }

    @Test
    void anotherTenantsSecretDoesNotOpenThisTenantsWebhook() {
        putSettings("hs-one", "hubspot", "{\"secret\": \"secret-of-tenant-one-000000000000\"}");
        putSettings("hs-two", "hubspot", "{\"secret\": \"secret-of-tenant-two-000000000000\"}");
        byte[] batch = Fixtures.bytes("hubspot/subscription-batch.json");
        hubspot("hs-two", batch, "secret-of-tenant-one-000000000000", Instant.now().toEpochMilli()).then()
                .statusCode(401);
        // a tenant without settings looks like a wrong secret
        hubspot("hs-nobody", batch, HUBSPOT_SECRET, Instant.now().toEpochMilli()).then().statusCode(401);
        assertEquals(List.of(), withoutTeams(events("hs-two")));
    }

    // ------------------------------------------------------------------ kintone

    @Test
    void kintoneNotificationsMapWithTheTenantsTokenOnly() {
        String tenant = "kt-acme";
        String token = "kintone-token-0123456789abcdef";
        putSettings(tenant, "kintone", "{\"origin\": \"acme.cybozu.com\", \"token\": \"" + token + "\"}");
        Map<String, String> partners = Map.of("販売パートナー=アルファ販売", "partner-alpha");
        putMapping(tenant, "kintone", mapping("kintone", "partner-alpha", Map.of("商談管理", partners, "活動報告",
                partners)));
        String path = "/v1/connectors/kintone/" + tenant + "/webhook";
        given().contentType("application/json").body(Fixtures.bytes("kintone/add-record-deal.json"))
                .post(path + "?token=kintone-token-0123456789abcdeX").then().statusCode(401);
        for (String name : List.of("add-record-deal", "update-record-deal", "update-status-won", "add-record-visit",
                "delete-record", "update-status-won")) {
            given().contentType("application/json").body(Fixtures.bytes("kintone/" + name + ".json"))
                    .post(path + "?token=" + token).then().statusCode(202);
        }
        // the app renamed in kintone and the mapping moved to the app's id: the same records, the same ids
        ObjectNode byId = mapping("kintone", "partner-alpha", Map.of("商談管理", partners, "活動報告", partners));
        byId.with("objects").set("app:17", byId.with("objects").remove("商談管理"));
        putMapping(tenant, "kintone", byId);
        ObjectNode renamed = (ObjectNode) Fixtures.json("kintone/add-record-deal.json"); // kintone's resend of it
        renamed.with("app").put("name", "商談管理（2026年度）");
        given().contentType("application/json").body(renamed.toString().getBytes(StandardCharsets.UTF_8))
                .post(path + "?token=" + token).then().statusCode(202).body("accepted", is(0))
                .body("duplicates", is(1));
        // the token may come in a header too
        given().contentType("application/json").header(ConnectorWebhooks.TOKEN_HEADER, token)
                .body(Fixtures.bytes("kintone/add-record-visit.json")).post(path).then().statusCode(202)
                .body("duplicates", is(1));
        assertEquals(List.of(
                event("deal.created", "app:17:17-5:deal.created", "2026-10-02T01:15:00Z",
                        "{accountId=\"K-001\",amount=\"800000\",currency=\"JPY\",dealId=\"17-5\","
                                + "teamId=\"partner-alpha\"}"),
                event("conversation.held", "app:18:18-12:conversation.held", "2026-10-06T02:00:00Z",
                        "{accountId=\"K-001\",channel=\"in_person\",contactRole=\"manager\",keyPerson=true,"
                                + "teamId=\"partner-alpha\"}"),
                event("deal.won", "app:17:17-5:deal.won", "2026-10-20T06:00:00Z",
                        "{accountId=\"K-001\",amount=\"850000\",currency=\"JPY\",dealId=\"17-5\","
                                + "kind=\"new_business\",teamId=\"partner-alpha\"}")),
                withoutTeams(events(tenant)));
    }

    // ------------------------------------------------------------------ who may do what

    @Test
    void onlyTheTenantsAdminReadsOrChangesItsConnectors() {
        putSettings("guarded", "kintone", "{\"origin\": \"guarded.cybozu.com\", \"token\": \"guarded-token-0123456789ab\"}");
        String partnerToken = "Bearer " + TestTokens.token("guarded", "ingest");
        given().header("Authorization", partnerToken).get("/v1/connectors").then().statusCode(403);
        given().header("Authorization", partnerToken).contentType("application/json").body("{\"objects\": {}}")
                .put("/v1/connectors/kintone/mapping").then().statusCode(403);
        given().header("Authorization", partnerToken).contentType("application/json").body("{\"token\": \"x\"}")
                .put("/v1/connectors/kintone/settings").then().statusCode(403);
        given().header("Authorization", partnerToken).get("/v1/connectors/failures").then().statusCode(403);
        given().get("/v1/connectors").then().statusCode(401);
        // an admin sees its own tenant's settings only, and never a secret
        String guarded = given().header("Authorization", admin("guarded")).get("/v1/connectors/kintone/settings")
                .then().statusCode(200).extract().asString();
        assertTrue(guarded.contains("\"origin\":\"guarded.cybozu.com\"") && guarded.contains("\"tokenStored\":true"));
        assertFalse(guarded.contains("guarded-token"));
        String other = given().header("Authorization", admin("other-co")).get("/v1/connectors/kintone/settings")
                .then().statusCode(200).extract().asString();
        assertTrue(other.contains("\"origin\":null") && other.contains("\"tokenStored\":false"), other);
        // change events need a connector token: an ingest token (a partner firm may hold one) or an admin token may
        // not write the record state the tenant's own Salesforce feeds read
        for (String token : List.of(partnerToken, admin("guarded"))) {
            given().header("Authorization", token).contentType("application/json")
                    .body(Fixtures.bytes("salesforce/cdc/account-create.json")).post("/v1/connectors/salesforce/cdc")
                    .then().statusCode(403);
        }
    }

    @Test
    void badSettingsAndMappingsAreNamed() {
        String tenant = "named";
        given().header("Authorization", admin(tenant)).contentType("application/json")
                .body("{\"origin\": \"not an org\", \"secret\": \"s\", \"token\": \"short\", \"colour\": 1}")
                .put("/v1/connectors/salesforce/settings").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/colour", "/origin", "/secret", "/token"));
        given().header("Authorization", admin(tenant)).contentType("application/json")
                .body("{\"objects\": {\"Task\": {\"team\": \"OwnerId\", \"account\": \"AccountId\", \"rules\": [{"
                        + "\"emit\": \"call.logged\", \"data\": {\"keyPerson\": {\"const\": true}, \"outcom\": "
                        + "\"CallDisposition\"}}]}}}")
                .put("/v1/connectors/salesforce/mapping").then().statusCode(400)
                .body("errors.pointer", contains("/objects/Task/rules/0/data/outcom",
                        "/objects/Task/rules/0/data"));
        given().header("Authorization", admin(tenant)).get("/v1/connectors/salesforce/mapping").then()
                .statusCode(200).body("version", is(0))
                .body("preset", is(true));
        given().header("Authorization", admin(tenant)).get("/v1/connectors/zoho/mapping").then().statusCode(404);
        // a connector whose settings name no org takes nothing
        cdc(tenant, Fixtures.bytes("salesforce/cdc/account-create.json")).then().statusCode(409)
                .contentType("application/problem+json");
        putSettings(tenant, "salesforce", "{\"origin\": \"" + ORG + "\"}");
        cdc(tenant, "{\"Name\": \"no header\"}".getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .body("errors[0].pointer", is("/ChangeEventHeader"));
        ObjectNode noId = (ObjectNode) Fixtures.json("salesforce/cdc/account-create.json");
        noId.with("ChangeEventHeader").remove("transactionKey");
        cdc(tenant, noId.toString().getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .body("errors[0].pointer", is("/ChangeEventHeader/transactionKey"));
    }

    @Test
    void everyStoredMappingVersionIsKept() {
        String tenant = "versions";
        ObjectNode doc = salesforceMapping();
        assertEquals(1, putMapping(tenant, "salesforce", doc));
        ((ObjectNode) doc.with("objects").get("Account")).putArray("rules");
        assertEquals(2, putMapping(tenant, "salesforce", doc));
        List<Integer> versions = given().header("Authorization", admin(tenant))
                .get("/v1/connectors/salesforce/mapping/versions").then().statusCode(200).extract().jsonPath()
                .getList("version");
        assertEquals(List.of(2, 1), versions);
        given().header("Authorization", admin(tenant)).get("/v1/connectors/salesforce/mapping?version=1").then()
                .statusCode(200).body("document.objects.Account.rules.size()", is(2));
        given().header("Authorization", admin(tenant)).get("/v1/connectors/salesforce/mapping").then()
                .statusCode(200).body("version", is(2))
                .body("document.objects.Account.rules.size()", is(0));
        assertEquals(new TreeSet<>(List.of(1, 2)), new TreeSet<>(versions));
    }
}
