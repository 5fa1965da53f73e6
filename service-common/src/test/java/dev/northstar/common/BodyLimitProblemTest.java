package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BodyLimitProblemTest {

    private final Vertx vertx = Vertx.vertx();
    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withDefaultValues(values).build();
    }

    /** An HTTP server on the loopback whose routes are the limit, then an endpoint that answers "passed". */
    private int serve(Config config) throws Exception {
        Router router = Router.router(vertx);
        new BodyLimitProblem(config).install(router);
        router.route().handler(ctx -> ctx.request().body().onSuccess(b -> ctx.response().end("passed")));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    /** Sends a request with this Content-Length (and as many bytes of body) and reads the whole answer. */
    private static String send(int port, String length, int bodyBytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[bodyBytes]);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedAs413ProblemJson() throws Exception {
        int port = serve(config(Map.of("quarkus.http.limits.max-body-size", "1K")));
        String answer = send(port, "1025", 0);
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        String lower = answer.toLowerCase();
        assertTrue(lower.contains("content-type: application/problem+json"), answer);
        assertTrue(lower.contains("connection: close"), answer);
        Problem p = new ObjectMapper().readValue(answer.substring(answer.indexOf("\r\n\r\n") + 4), Problem.class);
        assertEquals(Problem.of("too-large", "Payload too large", 413, "The request body is larger than this service"
                + " accepts (1024 bytes; docs/security.md)."), p);
    }

    @Test
    void aBodyUpToTheLimitOrWithAMalformedLengthIsLeftToTheRoutes() throws Exception {
        int port = serve(config(Map.of("quarkus.http.limits.max-body-size", "1K")));
        String exact = send(port, "1024", 1024);
        assertTrue(exact.startsWith("HTTP/1.1 200 ") && exact.endsWith("passed"), exact);
        String malformed = send(port, "12x", 0);
        assertTrue(!malformed.startsWith("HTTP/1.1 413 "), "Quarkus's own handling applies: " + malformed);
    }

    @Test
    void theLimitIsTenMebibytesUnlessConfigured() throws Exception {
        int port = serve(config(Map.of()));
        String over = send(port, Long.toString(10L * 1024 * 1024 + 1), 0);
        assertTrue(over.startsWith("HTTP/1.1 413 ") && over.contains("(10485760 bytes;"), over);
    }
}
