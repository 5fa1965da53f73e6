package dev.northstar.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change feed as the fault run reads it, overall and scoped, against a stand-in for reporting-api. */
class KpiFeedTest {

    private final List<String> queries = new ArrayList<>();
    private HttpServer server;

    /** Serves {@code pages} in turn (then an empty page), whatever the cursor; records each request's query. */
    private String serve(String... pages) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/kpi-values/changes", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            int n = queries.size() - 1;
            byte[] body = (n < pages.length ? pages[n] : "{\"items\":[],\"next\":\"9\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String item(String kpi, String period, String scope, String numerator, String denominator) {
        return "{\"teamId\":\"alpha\",\"kpi\":\"" + kpi + "\",\"grain\":\"month\",\"period\":\"" + period + "\","
                + (scope == null ? "" : "\"scope\":\"" + scope + "\",") + "\"numerator\":" + numerator
                + ",\"denominator\":" + denominator + "}";
    }

    private static Map<String, String> plain(Map<String, BigDecimal[]> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, v[0].toPlainString() + "/" + v[1].toPlainString()));
        return out;
    }

    @Test
    void aScopedFeedKeysEachCellByItsScopeAndFollowsTheCursor() throws Exception {
        String url = serve("{\"items\":[" + item("win_rate", "2026-10", "product:A", "1", "2") + ","
                + item("win_rate", "2026-10", "segment:smb", "0", "1") + ","
                + item("calls", "2026-10", "product:B", "1", "0") + "],\"next\":\"3\"}",
                "{\"items\":[" + item("calls", "2026-10", "product:B", "0", "0") + ","
                + item("win_rate", "2026-10", "product:A", "1", "3") + "],\"next\":\"5\"}");
        KpiFeed feed = KpiFeed.scoped(HttpClient.newHttpClient(), url, () -> "token");
        feed.read();

        assertEquals(Map.of("alpha/win_rate/month/2026-10/product:A", "1/3", "alpha/win_rate/month/2026-10/segment:smb",
                "0/1"), plain(feed.values())); // product:B's calls became 0/0: gone
        assertEquals(List.of("scope=*&limit=10000&since=0", "scope=*&limit=10000&since=3",
                "scope=*&limit=10000&since=5"), queries);
    }

    @Test
    void theOverallFeedIsReadAsBefore() throws Exception {
        String url = serve("{\"items\":[" + item("calls", "2026-10", null, "3", "0") + "],\"next\":\"1\"}");
        KpiFeed feed = new KpiFeed(HttpClient.newHttpClient(), url, () -> "token");
        feed.read();

        assertEquals(Map.of("alpha/calls/month/2026-10", "3/0"), plain(feed.values()));
        assertEquals(List.of("limit=10000&since=0", "limit=10000&since=1"), queries);
    }
}
