package dev.northstar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {

    /** The event the driver sends, as it was written with {@code String.format} before. */
    private static String formatted(String run, int worker, long seq, String tenant) {
        return String.format(Locale.ROOT,
                "{\"specversion\":\"1.0\",\"id\":\"%s-%d-%d\",\"source\":\"crm://bench/loader-%d\","
                        + "\"type\":\"call.logged\",\"time\":\"2026-10-%02dT%02d:15:00+09:00\","
                        + "\"tenant\":\"%s\",\"data\":{\"teamId\":\"team-%d\",\"accountId\":"
                        + "\"account-%05d\",\"contactRole\":\"manager\",\"keyPerson\":false,"
                        + "\"outcome\":\"connected\",\"durationSeconds\":%d,\"product\":"
                        + "\"analytics-suite\",\"segment\":\"enterprise-manufacturing-kanto\"}}",
                run, worker, seq, worker, 1 + seq % 28, 9 + seq % 9, tenant, seq % 3, seq % 20000, seq % 900);
    }

    @Test
    void appendedEventsEqualTheFormattedOnes() {
        for (long seq = 0; seq < 45_000; seq += 7) {
            StringBuilder out = new StringBuilder();
            IngestBenchmark.appendEvent(out, "r1x", (int) (seq % 5), seq, "bench");
            assertEquals(formatted("r1x", (int) (seq % 5), seq, "bench"), out.toString(), "seq " + seq);
        }
    }
}
