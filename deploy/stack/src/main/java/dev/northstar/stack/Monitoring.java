package dev.northstar.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus scraping the local stack ({@code ./northstar up --monitoring}): the configuration of
 * {@code deploy/prometheus/prometheus.yml} with the stack's actual addresses, the alert rules of
 * {@code deploy/prometheus/northstar-rules.yml}, data under {@code .northstar/prometheus}. Uses the
 * {@code prometheus} binary on the PATH (Debian: {@code apt-get install prometheus}).
 */
public final class Monitoring implements AutoCloseable {

    private final Process process;
    private final String url;

    private Monitoring(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** The Prometheus binary, if one is installed. */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The scrape configuration for these services (name → base URL). */
    static String configuration(Map<String, String> services) {
        StringBuilder yml = new StringBuilder("""
                # written by ./northstar up --monitoring from deploy/prometheus/prometheus.yml
                global:
                  scrape_interval: 5s
                  evaluation_interval: 15s
                rule_files:
                  - northstar-rules.yml
                scrape_configs:
                """);
        services.forEach((name, base) -> {
            URI uri = URI.create(base);
            yml.append("  - job_name: ").append(name).append('\n')
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n")
                    .append("      - targets: [\"").append(uri.getHost()).append(':').append(uri.getPort())
                    .append("\"]\n");
        });
        return yml.toString();
    }

    /** Starts Prometheus on {@code port}, or explains how to get it; empty when none is installed. */
    public static Optional<Monitoring> start(Path root, Path home, Map<String, String> services, int port,
            PrintStream out) throws IOException, InterruptedException {
        Optional<Path> binary = binary();
        if (binary.isEmpty()) {
            out.println("Monitoring: no prometheus binary on the PATH (Debian: apt-get install prometheus);"
                    + " the services' /q/metrics are there to scrape.");
            return Optional.empty();
        }
        Path dir = home.resolve("prometheus");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("prometheus.yml"), configuration(services));
        Files.copy(root.resolve("deploy/prometheus/northstar-rules.yml"), dir.resolve("northstar-rules.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(binary.get().toString(),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=localhost:" + port, "--storage.tsdb.retention.time=7d"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("logs/prometheus.log").toFile()).start();
        String url = "http://localhost:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        var http = java.net.http.HttpClient.newHttpClient();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(java.net.http.HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Optional.of(new Monitoring(process, url));
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroy();
        throw new IllegalStateException("Prometheus did not become ready; see " + home.resolve("logs/prometheus.log"));
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
