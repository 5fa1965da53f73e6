package dev.northstar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EndToEndBenchmarkTest {

    private static Map<Double, Long> cumulative(double[] bounds, long[] counts) {
        Map<Double, Long> out = new TreeMap<>();
        for (int i = 0; i < bounds.length; i++) {
            out.put(bounds[i], counts[i]);
        }
        return out;
    }

    @Test
    void theSteadyStateIsTheHistogramLessItsFirstMinuteAndItsQuantilesAreBucketBounds() {
        double[] bounds = {0.5, 1.0, 2.0, 60.0, Double.POSITIVE_INFINITY};
        // the first minute: 100 values, all slow (the warm-up backlog)
        Map<Double, Long> atMinute = cumulative(bounds, new long[] {0, 0, 0, 100, 100});
        // the end: 1,000 more, 900 within 0.5 s, 95 within 1 s, 5 within 2 s
        Map<Double, Long> atEnd = cumulative(bounds, new long[] {900, 995, 1000, 1100, 1100});
        assertEquals("1100 values; p50 ≤ 0.5 s  p90 ≤ 1.0 s  p99 ≤ 60.0 s  max ≤ 60.0 s",
                EndToEndBenchmark.quantiles(atEnd));
        assertEquals("1000 values; p50 ≤ 0.5 s  p90 ≤ 0.5 s  p99 ≤ 1.0 s  max ≤ 2.0 s",
                EndToEndBenchmark.quantiles(EndToEndBenchmark.minus(atEnd, atMinute)));
        assertEquals("no samples", EndToEndBenchmark.quantiles(EndToEndBenchmark.minus(atMinute, atMinute)));
    }

    @Test
    void coreSecondsArePerThousandEventsByProcessAndInAll() {
        Map<String, Double> used = new java.util.LinkedHashMap<>();
        used.put("kpi-ingest", 12.0);
        used.put("postgres", 30.0);
        assertEquals("kpi-ingest 0.040, postgres 0.100, all 0.140", EndToEndBenchmark.perThousand(used, 300_000));
    }
}
