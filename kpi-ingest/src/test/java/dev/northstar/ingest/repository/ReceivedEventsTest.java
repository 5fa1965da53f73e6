package dev.northstar.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.NorthstarEvent.EventId;
import dev.northstar.testing.NorthstarInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The register's two claim statements answer alike: new events by the plain insert, a request with a known event by
 * the checked statement after the plain insert was refused — and, for a while after, by the checked statement
 * directly.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class ReceivedEventsTest {

    @Inject
    ReceivedEvents received;

    @Inject
    MeterRegistry meters;

    @Inject
    Pool pool;

    private static List<EventId> ids(int n) {
        String run = UUID.randomUUID().toString();
        return IntStream.range(0, n).mapToObj(i -> new EventId("acme", "crm://register", run + "-" + i)).toList();
    }

    private double count(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).counter().count();
    }

    private long rows(List<EventId> ids) {
        return pool.preparedQuery("SELECT count(*) FROM event_claim WHERE event_key = ANY($1)")
                .execute(Tuple.of(ids.stream().map(ReceivedEvents::key).toArray(String[]::new)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    @Test
    void newEventsTakeThePlainInsertAndKnownOnesTheCheckedStatement() {
        received.endCheckedPeriod();
        double plain = count("northstar.ingest.register.claims", "statement", "new");
        double checked = count("northstar.ingest.register.claims", "statement", "checked");
        double conflicts = meters.get("northstar.ingest.register.conflicts").counter().count();

        List<EventId> first = ids(300);
        ReceivedEvents.Claim claim = received.claim(first);
        assertEquals(300, claim.size());
        assertTrue(first.stream().allMatch(claim::owns));
        assertFalse(claim.inFlightElsewhere());
        assertEquals(plain + 1, count("northstar.ingest.register.claims", "statement", "new"));
        assertEquals(300, rows(first));
        received.confirm(claim);

        // 100 known (acknowledged) events among 50 new ones: the plain insert is refused and leaves nothing behind,
        // the checked statement claims exactly the new ones
        List<EventId> fresh = ids(50);
        List<EventId> mixed = new ArrayList<>(first.subList(100, 200));
        mixed.addAll(fresh);
        ReceivedEvents.Claim second = received.claim(mixed);
        assertEquals(conflicts + 1, meters.get("northstar.ingest.register.conflicts").counter().count());
        assertEquals(checked + 1, count("northstar.ingest.register.claims", "statement", "checked"));
        assertEquals(50, second.size());
        assertTrue(fresh.stream().allMatch(second::owns));
        assertFalse(first.stream().anyMatch(second::owns));
        assertFalse(second.inFlightElsewhere());
        assertEquals(50, rows(fresh));

        // right after, new events go to the checked statement directly, with the same answer
        List<EventId> third = ids(20);
        ReceivedEvents.Claim claimed = received.claim(third);
        assertEquals(checked + 2, count("northstar.ingest.register.claims", "statement", "checked"));
        assertEquals(conflicts + 1, meters.get("northstar.ingest.register.conflicts").counter().count());
        assertEquals(20, claimed.size());
        assertTrue(third.stream().allMatch(claimed::owns));

        // an event pending under another claim (not confirmed): the plain insert is refused, the copy is told to retry
        received.endCheckedPeriod();
        ReceivedEvents.Claim copy = received.claim(List.of(third.get(0), ids(1).get(0)));
        assertTrue(copy.inFlightElsewhere());
        assertFalse(copy.owns(third.get(0)));
        assertEquals(conflicts + 2, meters.get("northstar.ingest.register.conflicts").counter().count());
        received.release(copy);
        received.release(claimed);
        assertEquals(0, rows(third));
        assertEquals(plain + 1, count("northstar.ingest.register.claims", "statement", "new"));
    }
}
