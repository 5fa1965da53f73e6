package dev.northstar.stack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load driver for kpi-ingest: {@code threads} clients post CloudEvents batches of {@code batch} events
 * (about 500 bytes each, every id unique) for {@code seconds}, and the run prints events/s and request latency.
 *
 * <p>Usage: {@code IngestBenchmark <ingest-url> <token> <tenant> [seconds=30] [threads=4] [batch=500]}
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
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = Long.toString(System.currentTimeMillis(), 36);
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                long n = 0;
                while (System.nanoTime() < end) {
                    StringBuilder body = new StringBuilder(batch * 520).append('[');
                    for (int i = 0; i < batch; i++) {
                        long seq = n++;
                        body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                                "{\"specversion\":\"1.0\",\"id\":\"%s-%d-%d\",\"source\":\"crm://bench/loader-%d\","
                                        + "\"type\":\"call.logged\",\"time\":\"2026-10-%02dT%02d:15:00+09:00\","
                                        + "\"tenant\":\"%s\",\"data\":{\"teamId\":\"team-%d\",\"accountId\":"
                                        + "\"account-%05d\",\"contactRole\":\"manager\",\"keyPerson\":false,"
                                        + "\"outcome\":\"connected\",\"durationSeconds\":%d,\"product\":"
                                        + "\"analytics-suite\",\"segment\":\"enterprise-manufacturing-kanto\"}}",
                                run, worker, seq, worker, 1 + seq % 28, 9 + seq % 9, tenant, seq % 3, seq % 20000,
                                seq % 900));
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/cloudevents-batch+json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build();
                    long t0 = System.nanoTime();
                    try {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        long t1 = System.nanoTime();
                        if (t0 > warmupEnd && t1 < end) {
                            if (status == 202) {
                                events.addAndGet(batch);
                                latencies.add(t1 - t0);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            thread.start();
            workers.add(thread);
        }
        for (Thread w : workers) {
            w.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "ingest: %d events in %d s = %.0f events/s; %d requests of %d, p50 %.1f ms,"
                        + " p99 %.1f ms; errors %d%n", events.get(), seconds, events.get() / (double) seconds,
                sorted.size(), batch, pct(sorted, 0.50), pct(sorted, 0.99), errors.get());
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1,
                Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
