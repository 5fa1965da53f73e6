package dev.northstar.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The browser harness itself, on pages served from this JVM: it asks for the language it was started in, waits for
 * charts that draw late, keeps screenshots, prints Japanese text to a PDF whose text PDFBox reads back, and catches a
 * script error and a CSP violation as SEVERE entries.
 */
class BrowserTest {

    private static HttpServer server;
    private static String base;
    private static final AtomicReference<String> ACCEPT_LANGUAGE = new AtomicReference<>();

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/chart", e -> {
            ACCEPT_LANGUAGE.set(e.getRequestHeaders().getFirst("Accept-Language"));
            send(e, "default-src 'self'; script-src 'self' 'unsafe-inline'", """
                    <!doctype html><html lang="ja"><head><meta charset="utf-8"><title>t</title>
                    </head>
                    <body><h2>市場の変化</h2><h2>Review of tactics</h2>
                    <div class="chart" data-chart="trend" data-kpi="calls"></div>
                    <div class="chart" data-chart="spark"></div>
                    <button id="copy">copy</button>
                    <script>
                      setTimeout(() => document.querySelector('[data-chart=trend]').dataset.points = '12', 300);
                      setTimeout(() => document.querySelector('[data-chart=spark]').dataset.points = '7', 600);
                      document.getElementById('copy').addEventListener('click',
                          () => navigator.clipboard.writeText('## 市場の変化\\n'));
                    </script></body></html>""");
        });
        server.createContext("/error", e -> send(e, "script-src 'self' 'unsafe-inline'", """
                <!doctype html><html lang="en"><head></head>
                <body><script>console.error('the chart library failed')</script></body></html>"""));
        server.createContext("/csp", e -> send(e, "default-src 'self'; script-src 'self'", """
                <!doctype html><html lang="en"><head></head>
                <body><script>document.title = 'inline ran'</script></body></html>"""));
        // a page without an icon makes the browser ask for /favicon.ico, and a 404 there is a SEVERE entry too
        server.createContext("/favicon.ico", e -> {
            byte[] icon = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>".getBytes(StandardCharsets.UTF_8);
            e.getResponseHeaders().add("Content-Type", "image/svg+xml");
            e.sendResponseHeaders(200, icon.length);
            e.getResponseBody().write(icon);
            e.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, String csp, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().add("Content-Security-Policy", csp);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void waitsForLateChartsKeepsAScreenshotAndPrintsJapanese() throws Exception {
        try (Browser browser = Browser.start("harness", "ja")) {
            Map<String, Integer> charts = browser.open(base + "/chart", "harness-chart");
            assertEquals(Map.of("trend/calls", 12, "spark", 7), charts);
            assertTrue(ACCEPT_LANGUAGE.get().startsWith("ja"), ACCEPT_LANGUAGE.get());
            assertEquals("ja", browser.js("return navigator.language"));
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve("harness-chart.png")) > 1000);
            String text = Browser.pdfText(browser.print("harness-chart")).replaceAll("\\s+", "");
            assertTrue(text.contains("市場の変化") && text.contains("Reviewoftactics"), text);
            assertEquals("## 市場の変化\n", browser.clipboardAfter(
                    () -> browser.driver().findElement(By.id("copy")).click()));
            assertEquals(List.of(), browser.takeSevere());
        }
    }

    @Test
    void aScriptErrorAndACspViolationAreSevere() {
        try (Browser browser = Browser.start("harness", "en")) {
            browser.open(base + "/error", "harness-error");
            List<String> errors = browser.takeSevere();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("the chart library failed"), errors::toString);
            browser.open(base + "/csp", "harness-csp");
            errors = browser.takeSevere();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("Content Security Policy"), errors::toString);
            assertEquals(List.of(), browser.takeSevere());
        }
    }
}
