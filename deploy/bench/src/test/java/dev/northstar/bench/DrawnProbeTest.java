package dev.northstar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The benchmark's probe of a drawn page, on pages of its own under a strict CSP: the time runs until the last chart
 * has its data-points (drawn late by the page's own script), and a page without charts is drawn when it is loaded.
 */
class DrawnProbeTest {

    @Test
    void theProbeWaitsForTheLastChartUnderTheCsp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromedriver")), "Debian's chromium-driver is not installed");
        Map<String, String[]> files = Map.of(
                "/charts", new String[] {"text/html", """
                        <!doctype html><html lang="ja"><head><script src="/draw.js" defer></script></head><body>
                        <div class="chart" data-chart="trend"></div><div class="chart" data-chart="spark"></div>
                        </body></html>"""},
                "/draw.js", new String[] {"text/javascript", """
                        setTimeout(() => document.querySelector('[data-chart=trend]').dataset.points = '12', 100);
                        setTimeout(() => document.querySelector('[data-chart=spark]').dataset.points = '7', 400);"""},
                "/plain", new String[] {"text/html", "<!doctype html><html lang=\"ja\"><body>表</body></html>"},
                "/favicon.ico", new String[] {"image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"});
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", e -> {
            String[] file = files.get(e.getRequestURI().getPath());
            byte[] body = file == null ? new byte[0] : file[1].getBytes(StandardCharsets.UTF_8);
            e.getResponseHeaders().add("Content-Type", file == null ? "text/plain" : file[0] + "; charset=utf-8");
            e.getResponseHeaders().add("Content-Security-Policy", "default-src 'self'");
            e.sendResponseHeaders(file == null ? 404 : 200, body.length == 0 ? -1 : body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        server.start();
        ChromeDriver browser = ConsoleBenchmark.browser();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            ConsoleBenchmark.Drawn charts = ConsoleBenchmark.drawn(browser, base + "/charts");
            assertEquals(2, charts.charts());
            assertEquals(19, charts.points());
            assertTrue(charts.millis() >= 400 && charts.millis() < 10_000, charts::toString);
            ConsoleBenchmark.Drawn plain = ConsoleBenchmark.drawn(browser, base + "/plain");
            assertEquals(0, plain.charts());
            assertTrue(plain.millis() > 0 && plain.millis() < 400, plain::toString);
        } finally {
            browser.quit();
            server.stop(0);
        }
    }
}
