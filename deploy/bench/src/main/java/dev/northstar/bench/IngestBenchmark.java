package dev.northstar.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load driver for kpi-ingest: {@code threads} clients post CloudEvents batches of {@code batch} events
 * (about 500 bytes each, every id unique) for {@code warmup} seconds, not counted, then for {@code seconds}, and the
 * run prints events/s and request latency of those.
 *
 * <p>Usage: {@code IngestBenchmark <ingest-url> <token> <tenant> [seconds=30] [threads=4] [batch=500] [warmup=5]}
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0] + "/v1/events/batch";
        String token = args[1];
        String tenant = args[2];
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : 500;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 5;
        String run = Long.toString(System.currentTimeMillis(), 36);
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                long n = 0;
                KeepAliveConnection connection = null;
                while (System.nanoTime() < end) {
                    StringBuilder body = new StringBuilder(batch * 520).append('[');
                    for (int i = 0; i < batch; i++) {
                        appendEvent(body.append(i == 0 ? "" : ","), run, worker, n++, tenant);
                    }
                    byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
                    long t0 = System.nanoTime();
                    try {
                        if (connection == null) {
                            connection = new KeepAliveConnection(URI.create(url), "Authorization: Bearer " + token,
                                    "Content-Type: application/cloudevents-batch+json");
                        }
                        KeepAliveConnection.Answer answer = connection.post(bytes);
                        long t1 = System.nanoTime();
                        if (t0 > warmupEnd && t1 < end) {
                            Matcher accepted = ACCEPTED.matcher(answer.body());
                            if (answer.status() == 202 && accepted.find()) {
                                events.addAndGet(Long.parseLong(accepted.group(1)));
                                latencies.add(t1 - t0);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                        connection = close(connection);
                    }
                }
                close(connection);
            });
            thread.start();
            workers.add(thread);
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("kpi-ingest", CpuShares.pidOf("kpi-ingest/target/quarkus-app"));
        pids.put("broker (stack)", CpuShares.pidOf("dev.northstar.stack.Northstar"));
        pids.put("driver", ProcessHandle.current().pid());
        pids.values().removeIf(pid -> pid < 0);
        CpuShares cpu = new CpuShares(pids, Map.of("postgres", "postgres"));
        Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
        cpu.start();
        for (Thread w : workers) {
            w.join();
        }
        String shares = cpu.report();
        Map<String, Double> cores = cpu.cores();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "ingest: %d events in %d s = %.0f events/s; %d requests of %d, p50 %.1f ms,"
                        + " p99 %.1f ms; errors %d%n", events.get(), seconds, events.get() / (double) seconds,
                sorted.size(), batch, pct(sorted, 0.50), pct(sorted, 0.99), errors.get());
        System.out.println(shares);
        double rate = events.get() / (double) seconds;
        StringBuilder perEvent = new StringBuilder("  CPU per event (µs):");
        cores.forEach((name, used) -> perEvent.append(String.format(Locale.ROOT, " %s %.1f,", name,
                rate == 0 ? Double.NaN : used * 1e6 / rate)));
        System.out.println(perEvent.substring(0, perEvent.length() - 1));
    }

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    private static KeepAliveConnection close(KeepAliveConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // gone already
            }
        }
        return null;
    }

    /**
     * One {@code call.logged} event (about 500 bytes), appended piece by piece: the driver shares the cores with the
     * service it measures, and formatting each event with {@code String.format} cost it a tenth of the machine.
     */
    static void appendEvent(StringBuilder out, String run, int worker, long seq, String tenant) {
        out.append("{\"specversion\":\"1.0\",\"id\":\"").append(run).append('-').append(worker).append('-').append(seq)
                .append("\",\"source\":\"crm://bench/loader-").append(worker)
                .append("\",\"type\":\"call.logged\",\"time\":\"2026-10-");
        twoDigits(out, 1 + seq % 28).append('T');
        twoDigits(out, 9 + seq % 9).append(":15:00+09:00\",\"tenant\":\"").append(tenant)
                .append("\",\"data\":{\"teamId\":\"team-").append(seq % 3).append("\",\"accountId\":\"account-");
        long account = seq % 20000;
        for (long pad = 10000; pad > 1 && account < pad; pad /= 10) {
            out.append('0');
        }
        out.append(account).append("\",\"contactRole\":\"manager\",\"keyPerson\":false,\"outcome\":\"connected\","
                + "\"durationSeconds\":").append(seq % 900).append(",\"product\":\"analytics-suite\","
                + "\"segment\":\"enterprise-manufacturing-kanto\"}}");
    }

    private static StringBuilder twoDigits(StringBuilder out, long value) {
        return out.append(value < 10 ? "0" : "").append(value);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1,
                Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
