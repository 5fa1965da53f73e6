package dev.northstar.stack.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Sends events to kpi-ingest in CloudEvents batches, as a CRM integration would, retrying on 503. */
public final class DemoLoader {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI batchUri;
    private final String token;

    public DemoLoader(String ingestUrl, String token) {
        this.batchUri = URI.create(ingestUrl + "/v1/events/batch");
        this.token = token;
    }

    /** Sends all events in batches of {@code batchSize}; returns how many were accepted (not duplicates). */
    public long send(List<ObjectNode> events, int batchSize) throws IOException, InterruptedException {
        long accepted = 0;
        for (int from = 0; from < events.size(); from += batchSize) {
            ArrayNode batch = EventJson.MAPPER.createArrayNode();
            events.subList(from, Math.min(events.size(), from + batchSize)).forEach(batch::add);
            accepted += post(EventJson.MAPPER.writeValueAsBytes(batch));
        }
        return accepted;
    }

    private long post(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(batchUri)
                .header("Content-Type", "application/cloudevents-batch+json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                return EventJson.MAPPER.readTree(response.body()).path("accepted").asLong();
            }
            if (response.statusCode() != 503 || attempt == 10) {
                throw new IOException("kpi-ingest answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(1000L * attempt);
        }
    }
}
