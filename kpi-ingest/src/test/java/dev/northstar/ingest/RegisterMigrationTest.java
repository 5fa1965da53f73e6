package dev.northstar.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.NorthstarEvent.EventId;
import dev.northstar.ingest.repository.ReceivedEvents;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The register of a running installation survives the upgrade to one key per event and one confirmation per request
 * (V3): a schema is migrated to V2, filled the way V2 kept events, migrated on, and its rows answer as before —
 * an acknowledged event is a duplicate, a fresh pending one is in flight (503), a stale pending one is taken over.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class RegisterMigrationTest {

    private final String ingest = TestTokens.token("acme", "ingest");

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(url, user, password).schemas(schema).locations("classpath:db/migration")
                .target(target).load();
    }

    private io.vertx.mutiny.sqlclient.RowSet<Row> sql(String statement, Object... args) {
        return pool.preparedQuery(statement).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10));
    }

    private static byte[] call(String id, String source) {
        return """
                {"specversion":"1.0","id":"%s","source":"%s","type":"call.logged","time":"2026-10-01T10:00:00Z",
                 "tenant":"acme","data":{"teamId":"partner-a","accountId":"acc-mig","keyPerson":true,"outcome":"busy"}}
                """.formatted(id, source).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aVersionTwoRegisterAnswersAsBeforeAfterTheMigration() {
        String schema = "register_v2_" + UUID.randomUUID().toString().substring(0, 8);
        flyway(schema, "2").migrate();
        String run = UUID.randomUUID().toString().substring(0, 8);
        // a source with a character outside the BMP: its length in the key is counted in characters on both sides
        String emoji = "crm://hub/\uD83D\uDE00/é";
        EventId acknowledged = new EventId("acme", "crm://hub", "ack-" + run);
        EventId stale = new EventId("acme", emoji, "stale-" + run);
        EventId fresh = new EventId("acme", "crm://hub", "fresh-" + run);
        sql("INSERT INTO " + schema + ".received_event VALUES ($1, $2, $3, 'A', now() - interval '1 hour'), "
                + "($4, $5, $6, 'P', now() - interval '1 hour'), ($7, $8, $9, 'P', now())",
                acknowledged.tenant(), acknowledged.source(), acknowledged.id(), stale.tenant(), stale.source(),
                stale.id(), fresh.tenant(), fresh.source(), fresh.id());

        flyway(schema, "latest").migrate();

        Map<String, String> states = new HashMap<>();
        sql("SELECT event_key, state FROM " + schema + ".received_event").forEach(r -> states.put(r.getString(0),
                r.getString(1)));
        assertEquals(Map.of(ReceivedEvents.key(acknowledged), "A", ReceivedEvents.key(stale), "P",
                ReceivedEvents.key(fresh), "P"), states);

        // the service's own register takes the migrated rows over as they are
        sql("INSERT INTO claim_confirmed SELECT * FROM " + schema + ".claim_confirmed ON CONFLICT DO NOTHING");
        sql("INSERT INTO event_claim SELECT * FROM " + schema + ".event_claim");
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(call(acknowledged.id(), acknowledged.source())).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(call(fresh.id(), fresh.source())).post("/v1/events")
                .then().statusCode(503);
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(call(stale.id(), stale.source())).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(call(stale.id(), stale.source())).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
    }

    @Test
    void keysOfDifferentEventsDiffer() {
        // the same characters split differently between source and id
        assertEquals("acme 9 crm://a b x", ReceivedEvents.key(new EventId("acme", "crm://a b", "x")));
        assertEquals("acme 7 crm://a b x", ReceivedEvents.key(new EventId("acme", "crm://a", "b x")));
        assertEquals("acme 9 crm://\uD83D\uDE00/x 1", ReceivedEvents.key(new EventId("acme", "crm://\uD83D\uDE00/x",
                "1")));
    }
}
