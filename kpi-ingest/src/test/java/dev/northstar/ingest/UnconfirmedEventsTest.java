package dev.northstar.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.Topics;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import dev.northstar.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The database refuses a confirmation after Kafka has acknowledged the event (it went down between the send and
 * the confirmation): the 202 stands, copies are duplicates meanwhile — also after the takeover time, when the
 * register alone would let a copy be sent again — and the confirmation lands once the database takes it.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class UnconfirmedEventsTest {

    private final String ingest = TestTokens.token("acme", "ingest");

    @Inject
    Pool pool;

    private void sql(String statement, Object... args) {
        pool.preparedQuery(statement).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10));
    }

    private String state(String id) {
        var rows = pool.preparedQuery("SELECT state FROM received_event WHERE event_key LIKE '% ' || $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private void post(String event, int accepted, int duplicates) {
        given().auth().oauth2(ingest).contentType("application/cloudevents+json").body(event).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(accepted)).body("duplicates", equalTo(duplicates));
    }

    @Test
    void aRefusedConfirmationIsRetriedAndCopiesMeanwhileAreDuplicates() {
        String id = "evt-" + UUID.randomUUID();
        String event = EventsResourceTest.call(id, "acc-unconfirmed", "2026-10-01T10:00:00Z");
        sql("""
                CREATE OR REPLACE FUNCTION refuse_confirmation() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the test refuses confirmations'; END $$""");
        sql("CREATE TRIGGER refuse_confirmation BEFORE INSERT ON claim_confirmed FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_confirmation()");
        try {
            post(event, 1, 0);
            assertEquals("P", state(id), "the confirmation was refused");
            // the claim is past the takeover time: the register alone would let the next copy be sent again
            sql("UPDATE event_claim SET claimed_at = now() - interval '1 hour' WHERE event_key LIKE '% ' || $1", id);
            post(event, 0, 1);
            assertEquals("P", state(id));
        } finally {
            sql("DROP TRIGGER IF EXISTS refuse_confirmation ON claim_confirmed");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "A".equals(state(id)));
        post(event, 0, 1);

        String marker = "evt-" + UUID.randomUUID();
        post(EventsResourceTest.call(marker, "acc-unconfirmed", "2026-10-02T10:00:00Z"), 1, 0);
        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS)) {
            records = reader.until(r -> marker.equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(30));
        }
        assertEquals(1, records.stream().filter(r -> id.equals(TopicReader.header(r, "ce_id"))).count());
    }
}
