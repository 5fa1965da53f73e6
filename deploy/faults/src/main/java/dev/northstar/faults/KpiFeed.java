package dev.northstar.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.json.EventJson;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every KPI cell reporting-api serves for one tenant, read as a BI tool reads it: the incremental change feed
 * ({@code /v1/kpi-values/changes}), from where the last read stopped. A cell whose value became 0/0 is gone.
 *
 * <p>A {@linkplain #scoped scoped} feed reads the values per product line or market segment instead
 * ({@code /v1/kpi-values/changes?scope=*}): the same items, each with its {@code scope} ({@code product:A}), the same
 * cursor.
 */
public final class KpiFeed {

    private final HttpClient http;
    private final String reportingUrl;
    private final Supplier<String> token;
    private final boolean scoped;
    private final Map<String, BigDecimal[]> values = new HashMap<>();
    private String cursor = "0";

    /**
     * The overall values.
     *
     * @param token a token of the tenant with the read role (asked for at every read, so it may be renewed)
     */
    public KpiFeed(HttpClient http, String reportingUrl, Supplier<String> token) {
        this(http, reportingUrl, token, false);
    }

    private KpiFeed(HttpClient http, String reportingUrl, Supplier<String> token, boolean scoped) {
        this.http = http;
        this.reportingUrl = reportingUrl;
        this.token = token;
        this.scoped = scoped;
    }

    /**
     * The scoped values: {@link #values} maps {@code team/kpi/grain/period/scope} to {numerator, denominator}.
     *
     * @param token a token of the tenant with the read role (asked for at every read, so it may be renewed)
     */
    public static KpiFeed scoped(HttpClient http, String reportingUrl, Supplier<String> token) {
        return new KpiFeed(http, reportingUrl, token, true);
    }

    /**
     * The cells read so far: {@code team/kpi/grain/period} to {numerator, denominator}; in a scoped feed
     * {@code team/kpi/grain/period/scope} (an item of the scoped feed without a scope keeps the overall key, so that
     * it shows as a value the oracle does not have).
     */
    public Map<String, BigDecimal[]> values() {
        return values;
    }

    /** Reads the changes since the last read. */
    public void read() throws Exception {
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(reportingUrl + "/v1/kpi-values/changes?"
                    + (scoped ? "scope=*&" : "") + "limit=10000&since=" + cursor)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token.get()).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("changes feed: " + response.statusCode() + " " + response.body());
            }
            JsonNode page = EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
            for (JsonNode item : page.get("items")) {
                BigDecimal n = decimal(item.get("numerator"));
                BigDecimal d = decimal(item.get("denominator"));
                String key = item.get("teamId").asText() + "/" + item.get("kpi").asText() + "/"
                        + item.get("grain").asText() + "/" + item.get("period").asText();
                if (scoped && item.hasNonNull("scope")) {
                    key += "/" + item.get("scope").asText();
                }
                if (n.signum() == 0 && d.signum() == 0) {
                    values.remove(key);
                } else {
                    values.put(key, new BigDecimal[] {n, d});
                }
            }
            if (page.get("items").isEmpty()) {
                return;
            }
            cursor = page.get("next").asText();
        }
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() ? BigDecimal.ZERO : new BigDecimal(node.asText());
    }
}
