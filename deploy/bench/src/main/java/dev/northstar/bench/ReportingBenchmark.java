package dev.northstar.bench;

import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.infra.EmbeddedKafka;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Scorecard and series latency of reporting-api under a fixed request rate, over five years × 20 teams of KPI
 * values (every KPI, every grain), and beside it the time PostgreSQL needs to compute the same scorecard by SQL
 * straight from a table of raw events (what a BI tool over a raw event table would do).
 *
 * <p>Starts its own Kafka and PostgreSQL under {@code target/bench-reporting} and reporting-api; loads the read
 * model straight into the service's tables (its own schema and indexes). The load is open-loop: requests are sent
 * at fixed instants whatever the answers do, and latency counts from the instant a request was due (no
 * coordinated omission).
 *
 * <p>Usage: {@code ReportingBenchmark [seconds=60] [rps=200] [rawEvents=10000000]}
 */
public final class ReportingBenchmark {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final LocalDate FIRST = LocalDate.of(2021, 11, 1);
    private static final LocalDate LAST = LocalDate.of(2026, 10, 31);
    private static final int TEAMS = 20;

    private ReportingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int rps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long rawEvents = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000L;
        Path root = Path.of(System.getProperty("northstar.root", ".")).toAbsolutePath().normalize();
        Path home = root.resolve("target/bench-reporting");
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        try (LocalStack stack = LocalStack.startInfrastructureOnly(new LocalStack.Options(root, home, 0, 0, -1, 6,
                true, defaults.readyTimeout(), defaults.jvmArgs()), System.out)) {
            LocalStack.Service service = LocalStack.SERVICES.stream()
                    .filter(s -> s.name().equals("reporting-api")).findFirst().orElseThrow();
            List<String> jvm = new ArrayList<>(defaults.jvmArgs());
            // e.g. -Dbench.reporting.jvm=-Xms256m to try other heap settings (later options win)
            String extra = System.getProperty("bench.reporting.jvm", "");
            if (!extra.isBlank()) {
                jvm.addAll(List.of(extra.trim().split("\\s+")));
            }
            try (ServiceProcess reporting = ServiceProcess.start("reporting-api", ServiceProcess.jar(root,
                    "reporting-api"), EmbeddedKafka.freePort(), EmbeddedKafka.freePort(), stack.environment(service), jvm,
                    home.resolve("logs/reporting-api.log"))) {
                if (!reporting.awaitReady(Duration.ofSeconds(90))) {
                    throw new IllegalStateException("reporting-api not ready; see " + home.resolve("logs"));
                }
                long t0 = System.nanoTime();
                long rows = loadValues(stack, service.database());
                System.out.printf(Locale.ROOT, "Loaded %,d KPI values (%d teams × %d KPIs × every period of 5 years"
                        + " in 5 grains) in %.0f s%n", rows, TEAMS, KpiCatalog.all().size(), (System.nanoTime() - t0) / 1e9);
                String token = stack.keys().token("bench", List.of("read"), Duration.ofHours(2));
                load(reporting.url(), token, 20, rps, false);
                Map<String, List<Long>> latencies = load(reporting.url(), token, seconds, rps, true);
                long scorecardP50 = percentile(latencies.get("scorecard"), 0.5);

                stack.postgres().createDatabases(List.of("bench_raw"));
                try (Connection raw = DriverManager.getConnection(stack.postgres().jdbcUrl("bench_raw"),
                        stack.postgres().user(), stack.postgres().password())) {
                    t0 = System.nanoTime();
                    loadRawEvents(raw, rawEvents);
                    System.out.printf(Locale.ROOT, "Loaded %,d raw events with indexes in %.0f s%n", rawEvents,
                            (System.nanoTime() - t0) / 1e9);
                    List<Long> sql = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        long s = System.nanoTime();
                        int n = rawScorecard(raw, "team-3", "2026-10");
                        sql.add(System.nanoTime() - s);
                        if (i == 0) {
                            System.out.printf(Locale.ROOT, "raw SQL scorecard: %d KPI columns for 2 periods%n", n);
                        }
                    }
                    Collections.sort(sql);
                    System.out.printf(Locale.ROOT, "raw SQL scorecard over %,d events: min %.0f ms, median %.0f ms"
                            + " (5 runs, warm)%n", rawEvents, sql.get(0) / 1e6, sql.get(2) / 1e6);
                    System.out.printf(Locale.ROOT, "ratio: raw SQL median / reporting-api scorecard p50 = %.0f×%n",
                            sql.get(2) / (double) scorecardP50);
                }
            }
        }
    }

    /** Every (grain, period) label of five years. */
    private static List<String[]> periods() {
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> out = new ArrayList<>();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            for (Grain g : Grain.values()) {
                String label = g.label(d);
                if (seen.add(g.wireName() + "/" + label)) {
                    out.add(new String[] {g.wireName(), label});
                }
            }
        }
        return out;
    }

    private static long loadValues(LocalStack stack, String database) throws Exception {
        List<String[]> periods = periods();
        List<KpiCatalog.Kpi> kpis = KpiCatalog.all();
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(database), stack.postgres().user(),
                stack.postgres().password())) {
            c.setAutoCommit(true);
            String values = """
                    INSERT INTO kpi_value (tenant, team_id, kpi, grain, period, value, numerator, denominator, unit,
                                           version, updated_at)
                    SELECT 'bench', 'team-' || t, k, g, p,
                           CASE WHEN ratio THEN round(num * CASE WHEN u = 'score' THEN 100 ELSE 1 END / den,
                                                      CASE WHEN u = 'score' THEN 2 ELSE 6 END)
                                ELSE num END,
                           num, CASE WHEN ratio THEN den END, u, 1, now()
                    FROM (SELECT t, k, u, ratio, g, p,
                                 (abs(hashtext(t || k || p)) % 200)::numeric AS num,
                                 (abs(hashtext(t || k || p)) % 200 + abs(hashtext(p || k)) % 50 + 1)::numeric AS den
                          FROM generate_series(0, ?) t,
                               unnest(?::text[], ?::text[], ?::boolean[]) AS kk(k, u, ratio),
                               unnest(?::text[], ?::text[]) AS pp(g, p)) x""";
            long rows;
            try (PreparedStatement ps = c.prepareStatement(values)) {
                ps.setInt(1, TEAMS - 1);
                ps.setArray(2, c.createArrayOf("text", kpis.stream().map(KpiCatalog.Kpi::id).toArray()));
                ps.setArray(3, c.createArrayOf("text", kpis.stream().map(k -> k.unit().name().toLowerCase(Locale.ROOT))
                        .toArray()));
                ps.setArray(4, c.createArrayOf("boolean", kpis.stream().map(KpiCatalog.Kpi::ratio).toArray()));
                ps.setArray(5, c.createArrayOf("text", periods.stream().map(p -> p[0]).toArray()));
                ps.setArray(6, c.createArrayOf("text", periods.stream().map(p -> p[1]).toArray()));
                rows = ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO kpi_target (tenant, team_id, kpi, grain, period, target)
                        SELECT tenant, team_id, kpi, grain, period, coalesce(value, 0) * 1.1 FROM kpi_value
                        WHERE tenant = 'bench' AND grain = 'month'""");
                s.execute("""
                        INSERT INTO team (tenant, team_id, name, kind, registered_at)
                        SELECT 'bench', 'team-' || t, 'チーム ' || t, CASE WHEN t % 2 = 0 THEN 'partner'
                               ELSE 'in_house' END, now() FROM generate_series(0, 19) t""");
                s.execute("VACUUM ANALYZE");
            }
            return rows;
        }
    }

    /** One request of the mix: its kind and path. */
    private record Request(String kind, String path) {
    }

    private static Map<String, List<Long>> load(String url, String token, int seconds, int rps, boolean report)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        List<String> months = periods().stream().filter(p -> p[0].equals("month")).map(p -> p[1]).toList();
        List<String> kpis = KpiCatalog.all().stream().map(KpiCatalog.Kpi::id).toList();
        Random random = new Random(42);
        int total = seconds * rps;
        List<Request> requests = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            String team = "team-" + random.nextInt(TEAMS);
            String kpi = kpis.get(random.nextInt(kpis.size()));
            requests.add(switch (i % 3) {
                case 0 -> new Request("scorecard", "/v1/teams/" + team + "/scorecard?grain=month&period="
                        + months.get(random.nextInt(months.size())));
                case 1 -> new Request("series month×5y", "/v1/kpi-values?grain=month&teamId=" + team + "&kpi=" + kpi
                        + "&from=2021-11&to=2026-10");
                default -> {
                    LocalDate from = FIRST.plusDays(random.nextInt(1700));
                    yield new Request("series day×90", "/v1/kpi-values?grain=day&teamId=" + team + "&kpi=" + kpi
                            + "&from=" + from + "&to=" + from.plusDays(89));
                }
            });
        }
        // open loop: request i is due at start + i / rps; a worker that is late sends at once, and latency counts
        // from the instant the request was due
        long interval = 1_000_000_000L / rps;
        long start = System.nanoTime() + 50_000_000L;
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 32; w++) {
            Thread worker = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Request r = requests.get(i);
                    try {
                        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url + r.path()))
                                .header("Authorization", "Bearer " + token).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - due;
                        if (response.statusCode() != 200) {
                            errors.merge(r.kind(), 1L, Long::sum);
                        } else {
                            latencies.computeIfAbsent(r.kind(), k -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(took);
                        }
                    } catch (Exception e) {
                        errors.merge(r.kind(), 1L, Long::sum);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (report) {
            System.out.printf(Locale.ROOT, "%-18s %8s %8s %8s %8s%n", "request", "count", "p50 ms", "p99 ms",
                    "max ms");
            List<Long> all = new ArrayList<>();
            new TreeMap<>(latencies).forEach((label, list) -> {
                all.addAll(list);
                print(label, list);
            });
            print("all", all);
            System.out.printf(Locale.ROOT, "%,d requests in %.1f s = %.0f/s offered at %d/s; errors %s%n", all.size(),
                    elapsed, all.size() / elapsed, rps, errors);
        }
        return latencies;
    }

    private static long percentile(List<Long> nanos, double p) {
        List<Long> copy = new ArrayList<>(nanos);
        Collections.sort(copy);
        return copy.get(Math.min(copy.size() - 1, (int) Math.ceil(copy.size() * p) - 1));
    }

    private static void print(String label, List<Long> nanos) {
        if (nanos.isEmpty()) {
            return;
        }
        List<Long> copy = new ArrayList<>(nanos);
        Collections.sort(copy);
        System.out.printf(Locale.ROOT, "%-18s %8d %8.1f %8.1f %8.1f%n", label, copy.size(), percentile(copy, 0.5) / 1e6,
                percentile(copy, 0.99) / 1e6, copy.get(copy.size() - 1) / 1e6);
    }

    /**
     * Ten million events of 20 teams over five years in a table as a BI tool would have it (typed columns, which
     * is kinder to it than JSON), with the indexes such a tool would need.
     */
    private static void loadRawEvents(Connection c, long n) throws Exception {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE raw_event (tenant text, id bigint, type text, team_id text, account_id text,
                                            deal_id text, occurred_at timestamptz, amount numeric, mrr numeric,
                                            score int, key_person boolean, outcome text, kind text)""");
        }
        double step = Duration.between(FIRST.atStartOfDay(TOKYO), LAST.plusDays(1).atStartOfDay(TOKYO)).toMillis()
                / 1000.0 / n;
        String insert = """
                INSERT INTO raw_event
                SELECT 'bench', i, ty, 'team-' || (i % 20), 'acc-' || ((i * 31) % 50000), 'deal-' || ((i * 17) % 400000),
                       timestamptz '2021-11-01 00:00:00+09' + i * ? * interval '1 second',
                       ((i % 97) + 1) * 10000, ((i % 13) + 1) * 1000, (i % 11)::int, i % 4 = 0,
                       CASE WHEN i % 3 = 0 THEN 'connected' ELSE 'no_answer' END,
                       CASE ty WHEN 'deal.won' THEN CASE WHEN i % 5 = 0 THEN 'expansion' ELSE 'new_business' END
                               WHEN 'contract.expanded' THEN CASE WHEN i % 2 = 0 THEN 'upsell' ELSE 'cross_sell' END
                               WHEN 'knowledge.shared' THEN CASE WHEN i % 3 = 0 THEN 'failure' ELSE 'success' END END
                FROM (SELECT i, CASE WHEN r < 35 THEN 'call.logged' WHEN r < 40 THEN 'conversation.held'
                                     WHEN r < 48 THEN 'appointment.set' WHEN r < 54 THEN 'appointment.held'
                                     WHEN r < 58 THEN 'deal.created' WHEN r < 61 THEN 'deal.won'
                                     WHEN r < 64 THEN 'deal.lost' WHEN r < 68 THEN 'nps.responded'
                                     WHEN r < 71 THEN 'contract.renewed' WHEN r < 72 THEN 'contract.churned'
                                     WHEN r < 75 THEN 'contract.expanded' WHEN r < 83 THEN 'revenue.recognized'
                                     WHEN r < 86 THEN 'onboarding.started' WHEN r < 88 THEN 'onboarding.completed'
                                     WHEN r < 91 THEN 'feedback.submitted' WHEN r < 94 THEN 'knowledge.shared'
                                     WHEN r < 97 THEN 'account.targeted' ELSE 'insight.captured' END AS ty
                      FROM (SELECT i, (i * 7919) % 100 AS r FROM generate_series(?::bigint, ?::bigint) i) a) b""";
        long chunk = 1_000_000;
        for (long from = 1; from <= n; from += chunk) {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setDouble(1, step);
                ps.setLong(2, from);
                ps.setLong(3, Math.min(n, from + chunk - 1));
                ps.executeUpdate();
            }
            System.out.printf(Locale.ROOT, "\r  %,d", Math.min(n, from + chunk - 1));
        }
        System.out.println();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX raw_team_time ON raw_event (tenant, team_id, occurred_at)");
            s.execute("CREATE INDEX raw_type_account ON raw_event (tenant, type, account_id, occurred_at)");
            s.execute("CREATE INDEX raw_type_deal ON raw_event (tenant, type, deal_id, occurred_at)");
            s.execute("VACUUM ANALYZE raw_event");
        }
    }

    /**
     * The scorecard of a team for a month and the month before, computed from the raw events: 17 of the 21 KPIs
     * (not the two LTVs, which need the churn history of every month, nor the upsell/cross-sell split),
     * attributed to the team on the event rather than to the account's owner. The real definitions cost more.
     */
    private static int rawScorecard(Connection c, String team, String month) throws Exception {
        ZonedDateTime start = Grain.MONTH.firstDay(month).orElseThrow().atStartOfDay(TOKYO);
        String sql = """
                WITH bounds(p, s, e) AS (VALUES ('prev', ?::timestamptz, ?::timestamptz),
                                                ('now', ?::timestamptz, ?::timestamptz)),
                ev AS (SELECT b.p, r.* FROM raw_event r JOIN bounds b ON r.occurred_at >= b.s AND r.occurred_at < b.e
                       WHERE r.tenant = 'bench' AND r.team_id = ?),
                targets AS (SELECT account_id, min(occurred_at) AS since FROM raw_event
                            WHERE tenant = 'bench' AND type = 'account.targeted' GROUP BY account_id),
                first_outcome AS (SELECT DISTINCT ON (deal_id) deal_id, type, team_id, occurred_at FROM raw_event
                                  WHERE tenant = 'bench' AND type IN ('deal.won', 'deal.lost')
                                  ORDER BY deal_id, occurred_at),
                customers AS (SELECT DISTINCT ON (account_id) account_id, team_id, occurred_at AS won FROM raw_event
                              WHERE tenant = 'bench' AND type = 'deal.won' AND kind = 'new_business'
                              ORDER BY account_id, occurred_at),
                churns AS (SELECT account_id, min(occurred_at) AS churned FROM raw_event
                           WHERE tenant = 'bench' AND type = 'contract.churned' GROUP BY account_id),
                simple AS (
                    SELECT p,
                      count(*) FILTER (WHERE type = 'call.logged') AS calls,
                      count(*) FILTER (WHERE type = 'appointment.set') AS appointments,
                      count(*) FILTER (WHERE type = 'conversation.held' AND key_person AND EXISTS (SELECT 1 FROM targets t
                                       WHERE t.account_id = ev.account_id AND t.since <= ev.occurred_at)) AS exec,
                      count(*) FILTER (WHERE type = 'call.logged' AND EXISTS (SELECT 1 FROM targets t
                                       WHERE t.account_id = ev.account_id AND t.since <= ev.occurred_at)) AS target_calls,
                      count(*) FILTER (WHERE type = 'call.logged' AND key_person AND outcome = 'connected'
                                       AND EXISTS (SELECT 1 FROM targets t WHERE t.account_id = ev.account_id
                                                   AND t.since <= ev.occurred_at)) AS key_calls,
                      count(*) FILTER (WHERE type = 'deal.won' AND kind = 'new_business') AS deals_won,
                      sum(amount) FILTER (WHERE type = 'deal.won' AND kind = 'new_business') AS revenue_won,
                      count(*) FILTER (WHERE type = 'contract.renewed') AS renewed,
                      count(*) FILTER (WHERE type IN ('contract.renewed', 'contract.churned')) AS ended,
                      sum(mrr) FILTER (WHERE type = 'contract.renewed') AS mrr_renewed,
                      sum(mrr) FILTER (WHERE type IN ('contract.renewed', 'contract.churned')) AS mrr_ended,
                      count(*) FILTER (WHERE type = 'nps.responded') AS answers,
                      count(*) FILTER (WHERE type = 'nps.responded' AND score >= 9)
                        - count(*) FILTER (WHERE type = 'nps.responded' AND score <= 6) AS net,
                      count(*) FILTER (WHERE type = 'feedback.submitted') AS feedback,
                      count(*) FILTER (WHERE type = 'knowledge.shared') AS knowledge,
                      count(*) FILTER (WHERE type = 'knowledge.shared' AND kind = 'success') AS success,
                      count(*) FILTER (WHERE type = 'knowledge.shared' AND kind = 'failure') AS failure
                    FROM ev GROUP BY p),
                quality AS (
                    SELECT p, count(*) AS held, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM raw_event d
                        WHERE d.tenant = 'bench' AND d.type = 'deal.created' AND d.account_id = a.account_id
                          AND d.occurred_at >= a.occurred_at AND d.occurred_at <= a.occurred_at + interval '60 days'))
                        AS converted
                    FROM ev a WHERE type = 'appointment.held' GROUP BY p),
                onboarding AS (
                    SELECT p, count(*) AS started, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM raw_event d
                        WHERE d.tenant = 'bench' AND d.type = 'onboarding.completed' AND d.account_id = o.account_id
                          AND d.occurred_at >= o.occurred_at AND d.occurred_at <= o.occurred_at + interval '90 days'))
                        AS completed
                    FROM ev o WHERE type = 'onboarding.started' GROUP BY p),
                wins AS (
                    SELECT b.p, count(*) FILTER (WHERE f.type = 'deal.won') AS won, count(*) AS outcomes
                    FROM first_outcome f JOIN bounds b ON f.occurred_at >= b.s AND f.occurred_at < b.e
                    WHERE f.team_id = ? GROUP BY b.p),
                base AS (
                    SELECT b.p, c.account_id FROM customers c CROSS JOIN bounds b LEFT JOIN churns ch USING (account_id)
                    WHERE c.team_id = ? AND c.won < b.s AND (ch.churned IS NULL OR ch.churned >= b.s)),
                expansion AS (
                    SELECT base.p, count(DISTINCT base.account_id) AS active,
                           count(DISTINCT x.account_id) AS expanded
                    FROM base LEFT JOIN ev x ON x.p = base.p AND x.account_id = base.account_id
                                              AND x.type = 'contract.expanded'
                    GROUP BY base.p)
                SELECT s.p, s.calls, s.appointments, s.exec, s.key_calls::numeric / nullif(s.target_calls, 0),
                       q.converted::numeric / nullif(q.held, 0), s.deals_won, s.revenue_won,
                       w.won::numeric / nullif(w.outcomes, 0), x.expanded::numeric / nullif(x.active, 0),
                       s.renewed::numeric / nullif(s.ended, 0), s.mrr_renewed / nullif(s.mrr_ended, 0),
                       100.0 * s.net / nullif(s.answers, 0), o.completed::numeric / nullif(o.started, 0),
                       s.feedback, s.knowledge, s.success, s.failure
                FROM simple s LEFT JOIN quality q USING (p) LEFT JOIN onboarding o USING (p) LEFT JOIN wins w USING (p)
                     LEFT JOIN expansion x USING (p)""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, start.minusMonths(1).toOffsetDateTime());
            ps.setObject(2, start.toOffsetDateTime());
            ps.setObject(3, start.toOffsetDateTime());
            ps.setObject(4, start.plusMonths(1).toOffsetDateTime());
            ps.setString(5, team);
            ps.setString(6, team);
            ps.setString(7, team);
            int rows = 0;
            int columns;
            try (ResultSet rs = ps.executeQuery()) {
                columns = rs.getMetaData().getColumnCount() - 1;
                while (rs.next()) {
                    rows++;
                }
            }
            if (rows != 2) {
                throw new IllegalStateException("expected two periods, got " + rows);
            }
            return columns;
        }
    }
}
