package dev.northstar.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.faults.FaultRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short fault run: four minutes of realistic load through kpi-ingest while the broker is killed with SIGKILL
 * during requests, kpi-ingest is killed mid-stream, PostgreSQL is killed and kept down for a minute, kpi-calculator
 * is killed three times, knowledge-service and reporting-api restart, and poison records are written straight into
 * crm.events — with 10 % duplicate sends, late events and invalid batches. Every value reporting-api serves afterwards
 * must equal the independent oracle's and every insight knowledge-service holds must be one an acknowledged event
 * carries (none missing, none twice), computed from exactly the events answered 202; every poison record must be in
 * the quarantine. The long run: {@code deploy/bench/faults.sh}.
 */
class FaultsIT {

    @Test
    void noEventIsLostOrCountedTwiceUnderFaults() throws Exception {
        Path root = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath().normalize();
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        FaultRun.Outcome outcome = FaultRun.run(root, new FaultRun.Settings(400, 240, 7, 3, 0.10, 0.05,
                Path.of("target", "faults-stack").toAbsolutePath()), System.out);

        assertEquals(List.of(), outcome.unexpected(), "refusals or failed fault steps");
        for (String fault : List.of("Kafka broker killed with SIGKILL", "kpi-ingest killed with SIGKILL",
                "PostgreSQL killed with SIGKILL", "kpi-calculator killed with SIGKILL (3 of 3)",
                "poison records written into crm.events")) {
            assertTrue(outcome.faults().stream().anyMatch(f -> f.contains(fault)), fault + ": " + outcome.faults());
        }
        assertEquals(8, outcome.faults().stream().filter(f -> f.contains("again")).count(),
                "every fault done and recovered from: " + outcome.faults());
        assertTrue(outcome.postgresDownSeconds() >= FaultRun.POSTGRES_DOWN_SECONDS,
                "PostgreSQL down for " + outcome.postgresDownSeconds() + " s");
        assertTrue(outcome.retries() > 0, "the outages reached the clients (503s or no answer, then a retry)");
        assertTrue(outcome.invalidRefused() > 0, "invalid batches were tried");
        assertTrue(outcome.duplicatesAnswered() > 1000, "duplicates were sent: " + outcome.duplicatesAnswered());
        assertTrue(outcome.acknowledged() > 50_000, "a real load: " + outcome.acknowledged());
        assertEquals(0, outcome.lostOnTopic(), "acknowledged events missing from crm.events");
        assertEquals(0, outcome.leakedOnTopic(), "events on crm.events that were never acknowledged");
        assertEquals(List.of(), outcome.mismatches().stream().limit(20).toList(),
                outcome.mismatches().size() + " values differ from the oracle's");
        assertEquals(0, outcome.lost(), "lost");
        assertEquals(0, outcome.doubled(), "doubled");
        assertTrue(outcome.cells() > 5000, "a realistic number of cells: " + outcome.cells());
        assertEquals(List.of(), outcome.insightMismatches().stream().limit(20).toList(),
                outcome.insightMismatches().size() + " insights differ from the events answered 202");
        assertTrue(outcome.insightsExpected() > 200, "insights were carried: " + outcome.insightsExpected());
        assertEquals(FaultRun.POISON_COUNT, outcome.poisonOnTopic(), "poison records on crm.events");
        assertEquals(List.of(), outcome.poisonNotQuarantined(), "poison records missing from the quarantine");
    }
}
