package dev.northstar.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.faults.FaultRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short fault run: 90 s of realistic load through kpi-ingest while the broker restarts, kpi-calculator is
 * killed three times, PostgreSQL restarts and knowledge-service and reporting-api restart, with 10 % duplicate
 * sends, late events and invalid batches. Every value reporting-api serves afterwards must equal the independent
 * oracle's, computed from exactly the events answered 202. The long run: {@code deploy/bench/faults.sh}.
 */
class FaultsIT {

    @Test
    void noEventIsLostOrCountedTwiceUnderFaults() throws Exception {
        Path root = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath().normalize();
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        FaultRun.Outcome outcome = FaultRun.run(root, new FaultRun.Settings(400, 90, 7, 3, 0.10, 0.05,
                Path.of("target", "faults-stack").toAbsolutePath()), System.out);

        assertEquals(List.of(), outcome.unexpected(), "refusals or failed fault steps");
        assertEquals(7, outcome.faults().stream().filter(f -> f.contains("again")).count(),
                "every fault done and recovered from: " + outcome.faults());
        assertTrue(outcome.retries() > 0, "the outages reached the clients (503s or no answer, then a retry)");
        assertTrue(outcome.invalidRefused() > 0, "invalid batches were tried");
        assertTrue(outcome.duplicatesAnswered() > 1000, "duplicates were sent: " + outcome.duplicatesAnswered());
        assertTrue(outcome.acknowledged() > 25_000, "a real load: " + outcome.acknowledged());
        assertEquals(0, outcome.lostOnTopic(), "acknowledged events missing from crm.events");
        assertEquals(0, outcome.leakedOnTopic(), "events on crm.events that were never acknowledged");
        assertEquals(List.of(), outcome.mismatches().stream().limit(20).toList(),
                outcome.mismatches().size() + " values differ from the oracle's");
        assertEquals(0, outcome.lost(), "lost");
        assertEquals(0, outcome.doubled(), "doubled");
        assertTrue(outcome.cells() > 5000, "a realistic number of cells: " + outcome.cells());
    }
}
