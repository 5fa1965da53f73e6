package dev.northstar.stack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** reporting-api as the demo loader calls it: with a token of the demo tenant's admin, JSON in and out. */
final class ReportingAdmin {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String reportingUrl;
    private final String adminToken;

    ReportingAdmin(String reportingUrl, String adminToken) {
        this.reportingUrl = reportingUrl;
        this.adminToken = adminToken;
    }

    /** {@code method path} with {@code json} as the body, or a GET when {@code json} is null. */
    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(reportingUrl + path))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30));
        if (json == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
