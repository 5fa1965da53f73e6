package dev.northstar.bench;

import dev.northstar.infra.EmbeddedKafka;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.ServiceProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Search latency of knowledge-service over a million insights of mixed Japanese and English text: starts its
 * own Kafka and PostgreSQL (under {@code target/bench-search}) and the service, loads the insights straight
 * into the service's table (the service's own schema and indexes), then runs {@code clients} clients that
 * search for {@code seconds}: substrings in Japanese (two characters and longer) and English, alone and
 * with tag, team and time filters, first pages and follow-up pages.
 *
 * <p>Usage: {@code SearchBenchmark [insights=1000000] [seconds=30] [clients=4]}
 */
public final class SearchBenchmark {

    private static final String[] JA = {
        "価格が高すぎるとの声", "競合の導入実績を評価された", "導入時期が合わず見送り", "決裁者まで提案が届かなかった",
        "既存システムとの連携に不安", "機能は良いが社内の合意形成が間に合わない", "導入後のサポートが手厚く、現場の評判も良い",
        "担当者の提案が的確で業務が楽になった", "レポート機能で会議の準備時間が半分になった", "概ね満足だが価格はもう少し下げてほしい",
        "問い合わせへの返答が遅い", "約束された機能がまだ提供されていない", "担当者が頻繁に変わり説明が毎回やり直しになる",
        "CSV出力に部署別の集計が欲しいとの要望", "SFAとの双方向連携を求める声が多い", "スマートフォンから承認できるようにしてほしい",
        "競合が来春にAI機能を出すと顧客が言及", "製造業では人手不足で営業のDX予算が増えている", "値上げ後、中小規模の顧客から価格への不満が増えている",
        "競合他社が無料トライアル期間を90日に延長", "役員向け提案で導入事例の見せ方が刺さった", "初週に管理者研修を入れると定着率が上がった",
        "決裁者不在の場で値引きを提示し交渉余地を失った", "比較表を先に渡し価格だけの比較に持ち込まれた", "物流業界で需要予測の相談が増加"};
    private static final String[] EN = {
        "Customers ask for SSO with their identity provider", "Budget frozen until next fiscal year",
        "Great onboarding, the team understood our business", "It works, but the mobile app is slow",
        "Prospects object that setup takes too long", "Competitor X offers a 20% discount for annual plans",
        "Champion building at target accounts pays off", "Procurement wants a security questionnaire first",
        "The pilot in the Osaka branch went well", "Renewal at risk after the price increase"};
    private static final String[] TAGS = {"competitor", "loss_reason", "customer_voice", "feature_request",
        "market_trend", "success_story", "failure_story", "pricing", "objection"};
    /** The searches: a label, then query parameters. */
    private static final String[][] SEARCHES = {
        {"ja-2", "q=価格"}, {"ja-2", "q=競合"}, {"ja-2", "q=導入"}, {"ja-2", "q=連携"},
        {"ja-long", "q=無料トライアル"}, {"ja-long", "q=需要予測"}, {"ja-long", "q=定着率が上がった"},
        {"en", "q=sso"}, {"en", "q=mobile app"}, {"en", "q=20%"}, {"en", "q=questionnaire"},
        {"filtered", "q=価格&tag=pricing"}, {"filtered", "q=競合&teamId=team-7"},
        {"filtered", "tag=competitor&from=2026-01-01&to=2026-03-31"}, {"filtered", "q=sso&teamId=team-3&tag=feature_request"},
        {"rare", "q=案件 #4242"}, {"rare", "q=#99999"}, {"none", "q=存在しない言葉"},
        {"newest", ""}, {"newest", "teamId=team-11"}};

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int insights = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path root = Path.of(System.getProperty("northstar.root", ".")).toAbsolutePath().normalize();
        Path home = root.resolve("target/bench-search");
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        try (LocalStack stack = LocalStack.startInfrastructureOnly(new LocalStack.Options(root, home, 0, 0, -1, 6,
                true, defaults.readyTimeout(), defaults.jvmArgs()), System.out)) {
            LocalStack.Service service = LocalStack.SERVICES.stream()
                    .filter(s -> s.name().equals("knowledge-service")).findFirst().orElseThrow();
            try (ServiceProcess knowledge = ServiceProcess.start("knowledge-service", ServiceProcess.jar(root,
                    "knowledge-service"), EmbeddedKafka.freePort(), EmbeddedKafka.freePort(), stack.environment(service),
                    defaults.jvmArgs(), home.resolve("logs/knowledge-service.log"))) {
                if (!knowledge.awaitReady(Duration.ofSeconds(90))) {
                    throw new IllegalStateException("knowledge-service not ready; see " + home.resolve("logs"));
                }
                long t0 = System.nanoTime();
                load(stack, service.database(), insights);
                System.out.printf(Locale.ROOT, "Loaded %,d insights (tenant bench) in %.0f s%n", insights,
                        (System.nanoTime() - t0) / 1e9);
                String token = stack.keys().token("bench", List.of("read"), Duration.ofHours(2));
                run(knowledge.url(), token, 5, clients, false);
                run(knowledge.url(), token, seconds, clients, true);
            }
        }
    }

    private static void load(LocalStack stack, String database, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(database), stack.postgres().user(),
                stack.postgres().password())) {
            c.setAutoCommit(true);
            String sql = """
                    INSERT INTO insight (id, tenant, team_id, account_id, text, tags, kpis, origin_type, occurred_at,
                                         search_text, version, published_version)
                    SELECT gen_random_uuid(), 'bench', 'team-' || (i % 20), 'acc-' || (i % 5000), t,
                           ARRAY[$t$[1 + (i * 31) % 9], $t$[1 + (i * 17) % 9]], '{}', 'api',
                           timestamptz '2026-11-01 00:00:00+09' - (i * interval '47 seconds'),
                           lower(normalize(t, NFKC)), 1, 1
                    FROM (SELECT i, CASE WHEN i % 3 = 0 THEN $en$[1 + (i * 7) % 10] || '. ' || $ja$[1 + (i * 13) % 25]
                                         ELSE $ja$[1 + (i * 11) % 25] || '。' || $ja$[1 + (i * 3) % 25] END
                                    || ' 案件 #' || (i % 100000) AS t
                          FROM generate_series(?, ?) i) g""";
            sql = sql.replace("$t$", "(?::text[])").replace("$en$", "(?::text[])").replace("$ja$", "(?::text[])");
            int chunk = 100_000;
            for (int from = 1; from <= n; from += chunk) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    // parameters in the order they appear
                    ps.setArray(1, c.createArrayOf("text", TAGS));
                    ps.setArray(2, c.createArrayOf("text", TAGS));
                    ps.setArray(3, c.createArrayOf("text", EN));
                    ps.setArray(4, c.createArrayOf("text", JA));
                    ps.setArray(5, c.createArrayOf("text", JA));
                    ps.setArray(6, c.createArrayOf("text", JA));
                    ps.setInt(7, from);
                    ps.setInt(8, Math.min(n, from + chunk - 1));
                    ps.executeUpdate();
                }
                System.out.printf(Locale.ROOT, "\r  %,d", Math.min(n, from + chunk - 1));
            }
            System.out.println();
            try (var s = c.createStatement()) {
                s.execute("VACUUM ANALYZE insight");
            }
        }
    }

    private static void run(String url, String token, int seconds, int clients, boolean report) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    String[] search = SEARCHES[i++ % SEARCHES.length];
                    try {
                        long t0 = System.nanoTime();
                        HttpResponse<String> first = http.send(request(url, token, search[1], null),
                                HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        latencies.computeIfAbsent(search[0], k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(t1 - t0);
                        if (first.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                        java.util.regex.Matcher next = java.util.regex.Pattern.compile("\"next\":\"([^\"]+)\"")
                                .matcher(first.body());
                        if (next.find()) {
                            long t2 = System.nanoTime();
                            HttpResponse<String> second = http.send(request(url, token, search[1], next.group(1)),
                                    HttpResponse.BodyHandlers.ofString());
                            latencies.computeIfAbsent("next " + search[0], k -> Collections.synchronizedList(
                                    new ArrayList<>())).add(System.nanoTime() - t2);
                            if (second.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!report) {
            return;
        }
        List<Long> all = new ArrayList<>();
        Map<String, List<Long>> sorted = new TreeMap<>(latencies);
        System.out.printf(Locale.ROOT, "%-14s %8s %8s %8s %8s%n", "search", "requests", "p50 ms", "p99 ms", "max ms");
        sorted.forEach((label, list) -> {
            List<Long> copy = new ArrayList<>(list);
            all.addAll(copy);
            print(label, copy);
        });
        print("all", all);
        System.out.printf(Locale.ROOT, "%,d requests in %d s with %d clients = %.0f/s, %d errors%n", all.size(),
                seconds, clients, all.size() / (double) seconds, errors.get());
    }

    private static HttpRequest request(String url, String token, String query, String cursor) {
        StringBuilder q = new StringBuilder("limit=20");
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                q.append('&').append(kv[0]).append('=').append(URLEncoder.encode(kv[1], StandardCharsets.UTF_8));
            }
        }
        if (cursor != null) {
            q.append("&cursor=").append(cursor);
        }
        return HttpRequest.newBuilder(URI.create(url + "/v1/insights?" + q)).header("Authorization", "Bearer " + token)
                .build();
    }

    private static void print(String label, List<Long> nanos) {
        Collections.sort(nanos);
        if (nanos.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-14s %8d %8.1f %8.1f %8.1f%n", label, nanos.size(),
                nanos.get(nanos.size() / 2) / 1e6, nanos.get(Math.min(nanos.size() - 1,
                        (int) Math.ceil(nanos.size() * 0.99) - 1)) / 1e6, nanos.get(nanos.size() - 1) / 1e6);
    }
}
