package dev.northstar.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.Topics;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import dev.northstar.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, who sees what, for writers: a partner firm's CRM holds an {@code ingest} token limited to its team (the
 * {@code teams} claim). It sends its own team's events; an event of another team, or a request holding one, is a 403
 * naming each such event's {@code data.teamId}, and nothing of it is accepted. Connectors are the whole tenant's: a
 * limited token may neither administer them nor send Salesforce change events. Without the claim nothing changed.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class TeamLimitedTokensTest {

    private static final String T = "ingest-partners";
    private static final String A = "partner-alpha";
    private static final String B = "partner-beta";
    private static final String IH = "in-house-delta";
    private static final String TENANT_WIDE = "Connectors are the whole tenant's: a token limited to some teams (its"
            + " teams claim) may not read or change them, nor send their change events.";

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static RequestSpecification limited(String role) {
        return given().auth().oauth2(TestTokens.limited(List.of(A), T, role));
    }

    private static RequestSpecification unlimited(String role) {
        return given().auth().oauth2(TestTokens.token(T, role));
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }

    private static String call(String id, String team) {
        return """
                {"specversion":"1.0","id":"%s","source":"crm://partners","type":"call.logged",
                 "time":"2026-10-01T10:00:00Z","tenant":"%s",
                 "data":{"teamId":"%s","accountId":"acc-%s","keyPerson":true,"outcome":"connected"}}
                """.formatted(id, T, team, team);
    }

    private static Response send(RequestSpecification as, String event) {
        return as.contentType("application/cloudevents+json").body(event).post("/v1/events");
    }

    private static Response batch(RequestSpecification as, String... events) {
        return as.contentType("application/cloudevents-batch+json").body("[" + String.join(",", events) + "]")
                .post("/v1/events/batch");
    }

    private static void teamMismatch(Response response, String... pointers) {
        response.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/team-mismatch"))
                .body("detail", equalTo("Events may only be sent for the teams of the token; nothing was accepted."))
                .body("errors.pointer", contains(pointers))
                .body("errors.message", hasItem("must be one of the token's teams"));
    }

    @Test
    void aLimitedIngestTokenSendsItsTeamsEventsAndNoOtherTeams() {
        String mine = id();
        send(limited("ingest"), call(mine, A)).then().statusCode(202).body("accepted", equalTo(1))
                .body("duplicates", equalTo(0));
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS)) {
            List<ConsumerRecord<String, byte[]>> records = reader.until(r -> mine.equals(TopicReader.header(r,
                    "ce_id")), Duration.ofSeconds(30));
            assertEquals(T + "/acc-" + A, records.stream().filter(r -> mine.equals(TopicReader.header(r, "ce_id")))
                    .findFirst().orElseThrow().key());
        }
        String theirs = id();
        teamMismatch(send(limited("ingest"), call(theirs, B)), "/data/teamId");
        teamMismatch(send(limited("ingest"), call(id(), IH)), "/data/teamId");
        // binary mode: the data is the body
        teamMismatch(limited("ingest").contentType("application/json").header("ce-specversion", "1.0")
                .header("ce-id", id()).header("ce-source", "crm://partners").header("ce-type", "nps.responded")
                .header("ce-time", "2026-10-15T09:30:00+09:00").header("ce-tenant", T)
                .body("{\"teamId\":\"" + B + "\",\"accountId\":\"acc-9\",\"score\":10}").post("/v1/events"),
                "/data/teamId");
        limited("ingest").contentType("application/json").header("ce-specversion", "1.0")
                .header("ce-id", id()).header("ce-source", "crm://partners").header("ce-type", "nps.responded")
                .header("ce-time", "2026-10-15T09:30:00+09:00").header("ce-tenant", T)
                .body("{\"teamId\":\"" + A + "\",\"accountId\":\"acc-9\",\"score\":10}").post("/v1/events").then()
                .statusCode(202).body("accepted", equalTo(1));
        // an invalid event is still a 400 naming its fields, and another tenant's still a tenant mismatch
        limited("ingest").contentType("application/cloudevents+json").body(call(id(), B).replace("\"keyPerson\":true,",
                "")).post("/v1/events").then().statusCode(400).body("errors.pointer", hasItem("/data/keyPerson"));
        limited("ingest").contentType("application/cloudevents+json").body(call(id(), A).replace("\"tenant\":\"" + T,
                "\"tenant\":\"someone-else")).post("/v1/events").then().statusCode(403)
                .body("type", equalTo("https://northstar.dev/problems/tenant-mismatch"));

        // B's event was not taken: the tenant's own CRM sending it is its first copy
        send(unlimited("ingest"), call(theirs, B)).then().statusCode(202).body("accepted", equalTo(1))
                .body("duplicates", equalTo(0));
    }

    @Test
    void aBatchHoldingAnotherTeamsEventIsRefusedWholeNamingEachOne() {
        String a1 = call(id(), A);
        String b1 = call(id(), B);
        String a2 = call(id(), A);
        String ih = call(id(), IH);
        teamMismatch(batch(limited("ingest"), a1, b1, a2, ih), "/1/data/teamId", "/3/data/teamId");
        teamMismatch(batch(limited("ingest"), b1), "/0/data/teamId");
        // nothing of it was accepted: the tenant's own CRM sending the same four is their first copy
        batch(unlimited("ingest"), a1, b1, a2, ih).then().statusCode(202).body("accepted", equalTo(4))
                .body("duplicates", equalTo(0));
        // a token of both partners sends both; one of A only sends A's
        batch(given().auth().oauth2(TestTokens.limited(List.of(A, B), T, "ingest")), call(id(), A), call(id(), B))
                .then().statusCode(202).body("accepted", equalTo(2));
        batch(limited("ingest"), call(id(), A), call(id(), A)).then().statusCode(202).body("accepted", equalTo(2));
        // a token of no team sends nothing
        teamMismatch(send(given().auth().oauth2(TestTokens.limited(List.of(), T, "ingest")), call(id(), A)),
                "/data/teamId");
    }

    @Test
    void connectorsAreTheWholeTenantsAndALimitedTokenMayNotTouchThem() {
        String settings = "{\"origin\":\"00D5g000004XYZaEAO\"}";
        unlimited("admin").contentType("application/json").body(settings).put("/v1/connectors/salesforce/settings")
                .then().statusCode(200).body("origin", equalTo("00D5g000004XYZaEAO"));
        List<Response> refused = List.of(
                limited("admin").get("/v1/connectors"),
                limited("admin").get("/v1/connectors/salesforce/settings"),
                limited("admin").contentType("application/json").body("{\"origin\":\"00D5g000004XYZbEAO\"}")
                        .put("/v1/connectors/salesforce/settings"),
                limited("admin").get("/v1/connectors/salesforce/mapping"),
                limited("admin").get("/v1/connectors/salesforce/mapping/versions"),
                limited("admin").get("/v1/connectors/salesforce/preset"),
                limited("admin").contentType("application/json").body("{}").put("/v1/connectors/salesforce/mapping"),
                limited("admin").get("/v1/connectors/failures"),
                limited("connector").contentType("application/json")
                        .body(fixture("salesforce/cdc/account-create.json")).post("/v1/connectors/salesforce/cdc"));
        for (Response r : refused) {
            r.then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://northstar.dev/problems/forbidden"))
                    .body("detail", equalTo(TENANT_WIDE));
        }
        // the same admin without the claim: every connector, the settings as they were
        unlimited("admin").get("/v1/connectors").then().statusCode(200)
                .body("source", hasItem("salesforce"))
                .body("find { it.source == 'salesforce' }.origin", equalTo("00D5g000004XYZaEAO"))
                .body("find { it.source == 'salesforce' }.webhook", startsWith("/v1/connectors/salesforce/" + T));
        unlimited("admin").get("/v1/connectors/salesforce/preset").then().statusCode(200);
        unlimited("admin").get("/v1/connectors/failures").then().statusCode(200);
        unlimited("connector").contentType("application/json").body(fixture("salesforce/cdc/account-create.json"))
                .post("/v1/connectors/salesforce/cdc").then().statusCode(202).body("gaps", equalTo(0));
    }

    @Test
    void aTeamsClaimOfAnotherTypeIsRefusedAsUnauthenticated() {
        for (String bad : List.of("7", "{\"id\":\"" + A + "\"}", "[\"" + A + "\",1]", "null")) {
            send(given().auth().oauth2(TestTokens.withTeamsClaim(bad, T, "ingest")), call(id(), A)).then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://northstar.dev/problems/unauthorized"));
        }
        // one id as a string is that team
        send(given().auth().oauth2(TestTokens.withTeamsClaim("\"" + A + "\"", T, "ingest")), call(id(), A)).then()
                .statusCode(202).body("accepted", equalTo(1));
        teamMismatch(send(given().auth().oauth2(TestTokens.withTeamsClaim("\"" + A + "\"", T, "ingest")),
                call(id(), B)), "/data/teamId");
    }

    private static byte[] fixture(String path) {
        try (InputStream in = TeamLimitedTokensTest.class.getClassLoader().getResourceAsStream("connectors/" + path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
