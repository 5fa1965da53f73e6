package dev.northstar.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the load drivers read from the running stack: Prometheus metrics and resident memory. */
public final class Probe {

    private Probe() {
    }

    /** The service's {@code /q/metrics} text, or empty when it does not answer. */
    public static String scrape(HttpClient http, String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The sum of every sample whose line starts with {@code prefix}, e.g. {@code northstar_consumer_lag{}. */
    public static long metricSum(HttpClient http, String base, String prefix) {
        return metricSum(scrape(http, base), prefix, "");
    }

    /** The sum of the samples of a scrape whose line starts with {@code prefix} and holds {@code label}. */
    public static long metricSum(String scraped, String prefix, String label) {
        double sum = 0;
        for (String line : scraped.split("\n")) {
            if (line.startsWith(prefix) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /** The resident memory of a process in MiB, or -1 when it is gone. */
    public static long residentMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // process gone
        }
        return -1;
    }
}
