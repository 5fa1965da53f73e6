package dev.northstar.stack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.EventType;
import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo as a CRM would send it ({@code ./northstar up --demo --via salesforce|hubspot|kintone}): every demo event
 * becomes a record of a CRM object of its own type — a Salesforce custom object {@code NS_call_logged__c} in a
 * Change Data Capture event, a HubSpot custom object ({@code objectTypeId 2-1000n}) as subscription events (its
 * creation, one property change per field, then {@code ns_ready}) in signed batches of 100, a kintone app per type as
 * one {@code ADD_RECORD} webhook per record — and a mapping for the tenant that turns each back into its event. The
 * KPIs must come out as the CloudEvents demo's, cell by cell (ConnectorDemoIT): what a connector adds or loses shows.
 */
public final class ConnectorDemo {

    /** A CRM the demo can go through. */
    public enum Via {
        SALESFORCE, HUBSPOT, KINTONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Via of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private static final String SF_ORG = "00D00000000DEMOAAA";
    private static final String HUBSPOT_PORTAL = "990001";
    private static final int HUBSPOT_BATCH = 100;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestUrl;
    private final String tenant;
    private final String adminToken;
    private final String connectorToken;
    private final AtomicLong accepted = new AtomicLong();

    /** @param connectorToken a token of the tenant with the connector role (Salesforce change events over HTTP) */
    public ConnectorDemo(String ingestUrl, String tenant, String adminToken, String connectorToken) {
        this.ingestUrl = ingestUrl;
        this.tenant = tenant;
        this.adminToken = adminToken;
        this.connectorToken = connectorToken;
    }

    /** Sets the tenant's connector up, sends the events as CRM payloads; returns how many events were accepted. */
    public long send(Via via, List<ObjectNode> events) throws IOException, InterruptedException {
        String secret = randomText();
        // the mapping first: storing settings registers the teams of the mapping in use (the preset's, until then),
        // at the time of storing, which would stretch the demo's horizon to today
        put("/v1/connectors/" + via.wireName() + "/mapping", mapping(via).toString());
        switch (via) {
            case SALESFORCE -> put("/v1/connectors/salesforce/settings", "{\"origin\":\"" + SF_ORG + "\"}");
            case HUBSPOT -> put("/v1/connectors/hubspot/settings", "{\"origin\":\"" + HUBSPOT_PORTAL
                    + "\",\"secret\":\"" + secret + "\"}");
            case KINTONE -> put("/v1/connectors/kintone/settings", "{\"origin\":\"demo.cybozu.com\",\"token\":\""
                    + secret + "\"}");
        }
        switch (via) {
            case SALESFORCE -> {
                for (int from = 0; from < events.size(); from += 200) {
                    ArrayNode batch = EventJson.MAPPER.createArrayNode();
                    events.subList(from, Math.min(events.size(), from + 200)).forEach(e -> batch.add(salesforce(e)));
                    post("/v1/connectors/salesforce/cdc", "application/json", Map.of("Authorization", "Bearer "
                            + connectorToken), EventJson.MAPPER.writeValueAsBytes(batch));
                }
            }
            case HUBSPOT -> {
                for (byte[] batch : hubspotBatches(events)) {
                    String path = "/v1/connectors/hubspot/" + tenant + "/webhook";
                    String ts = Long.toString(System.currentTimeMillis());
                    post(path, "application/json", Map.of("X-HubSpot-Signature-v3", hubspotSignature(secret,
                            ingestUrl + path, batch, ts), "X-HubSpot-Request-Timestamp", ts), batch);
                }
            }
            case KINTONE -> {
                // kintone sends one notification per record; eight at a time, as its webhook queue does
                Semaphore inFlight = new Semaphore(8);
                List<CompletableFuture<Void>> sent = new ArrayList<>();
                for (ObjectNode e : events) {
                    inFlight.acquire();
                    byte[] body = EventJson.MAPPER.writeValueAsBytes(kintone(e));
                    sent.add(CompletableFuture.runAsync(() -> {
                        try {
                            post("/v1/connectors/kintone/" + tenant + "/webhook?token=" + secret, "application/json",
                                    Map.of(), body);
                        } catch (IOException | InterruptedException ex) {
                            throw new IllegalStateException(ex);
                        } finally {
                            inFlight.release();
                        }
                    }));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            }
        }
        return accepted.get();
    }

    // ------------------------------------------------------------------ the mapping

    /** The object each event type's records are in. */
    static String object(Via via, EventType type) {
        return switch (via) {
            case SALESFORCE -> "NS_" + type.wireName().replace('.', '_') + "__c";
            case HUBSPOT -> "object:2-" + (10_000 + type.ordinal());
            case KINTONE -> "app:" + (100 + type.ordinal());
        };
    }

    private static String field(Via via, String name) {
        return via == Via.SALESFORCE ? name + "__c" : name;
    }

    private static String timeField(Via via) {
        return via == Via.SALESFORCE ? "Event_Time__c" : "ns_event_time";
    }

    /** A mapping that turns each type's records back into its events. */
    public static ObjectNode mapping(Via via) {
        ObjectNode doc = EventJson.MAPPER.createObjectNode();
        doc.putArray("teams");
        ObjectNode objects = doc.putObject("objects");
        for (EventType type : EventType.values()) {
            ObjectNode o = objects.putObject(object(via, type));
            Map<String, String> fields = fieldTypes(type);
            o.put("team", field(via, "teamId"));
            for (String shared : List.of("accountId", "product", "segment")) {
                if (fields.containsKey(shared)) {
                    o.put(shared.equals("accountId") ? "account" : shared, field(via, shared));
                }
            }
            ObjectNode rule = o.putArray("rules").addObject();
            rule.put("emit", type.wireName());
            if (via == Via.HUBSPOT) {
                // a record is whole once its last property has come
                rule.putArray("when").addObject().put("field", "ns_ready").put("present", true);
                rule.put("trigger", "ns_ready");
            } else {
                rule.putArray("on").add("created");
            }
            rule.put("time", timeField(via));
            ObjectNode data = rule.putObject("data");
            fields.forEach((name, kind) -> {
                if (!List.of("teamId", "accountId", "product", "segment").contains(name)) {
                    data.putObject(name).put("field", field(via, name)).put("type", kind);
                }
            });
        }
        return doc;
    }

    /** Each data field of a type with the mapping type its values need. */
    static Map<String, String> fieldTypes(EventType type) {
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            JsonNode props = EventJson.MAPPER.readTree(in).path("properties");
            Map<String, String> out = new LinkedHashMap<>();
            props.fields().forEachRemaining(e -> {
                JsonNode p = e.getValue();
                String ref = p.path("$ref").asText("");
                String kind = ref.toLowerCase(Locale.ROOT).endsWith("decimal") ? "decimal"
                        : ref.endsWith("/tags") || "array".equals(p.path("type").asText()) ? "list"
                        : "boolean".equals(p.path("type").asText()) ? "boolean"
                        : "integer".equals(p.path("type").asText()) ? "integer" : "string";
                out.put(e.getKey(), kind);
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ payloads

    private static EventType type(ObjectNode e) {
        return EventType.fromWireName(e.get("type").textValue()).orElseThrow();
    }

    /** A data value as a CRM field holds it: text, lists joined by {@code ;}. */
    private static String text(JsonNode v) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            return String.join(";", parts);
        }
        return v.asText();
    }

    private static long millis(ObjectNode e) {
        return OffsetDateTime.parse(e.get("time").textValue()).toInstant().toEpochMilli();
    }

    /** A Change Data Capture CREATE event of the event's record. */
    static ObjectNode salesforce(ObjectNode e) {
        ObjectNode change = EventJson.MAPPER.createObjectNode();
        ObjectNode header = change.putObject("ChangeEventHeader");
        header.put("entityName", object(Via.SALESFORCE, type(e)));
        header.putArray("recordIds").add(e.get("id").textValue());
        header.put("changeType", "CREATE");
        header.put("changeOrigin", "com/salesforce/api/rest/58.0;client=northstar-demo");
        header.put("transactionKey", UUID.nameUUIDFromBytes(e.get("id").textValue().getBytes(StandardCharsets.UTF_8))
                .toString());
        header.put("sequenceNumber", 1);
        header.put("commitTimestamp", millis(e));
        header.put("commitUser", "005000000000DEMOAAA");
        header.putArray("nulledFields");
        header.putArray("diffFields");
        header.putArray("changedFields");
        e.get("data").fields().forEachRemaining(f -> change.put(f.getKey() + "__c", text(f.getValue())));
        change.put("Event_Time__c", e.get("time").textValue());
        return change;
    }

    /** Subscription events in batches of at most 100, a record's events never split. */
    List<byte[]> hubspotBatches(List<ObjectNode> events) throws IOException {
        Map<String, Long> objectIds = new HashMap<>();
        List<byte[]> batches = new ArrayList<>();
        ArrayNode batch = EventJson.MAPPER.createArrayNode();
        long eventId = 1;
        for (ObjectNode e : events) {
            long objectId = objectIds.computeIfAbsent(e.get("id").textValue(), id -> 1_000_000L + objectIds.size());
            List<String[]> properties = new ArrayList<>();
            e.get("data").fields().forEachRemaining(f -> properties.add(new String[] {f.getKey(), text(f.getValue())}));
            properties.add(new String[] {"ns_event_time", e.get("time").textValue()});
            properties.add(new String[] {"ns_ready", "true"});
            if (batch.size() + properties.size() + 1 > HUBSPOT_BATCH) {
                batches.add(EventJson.MAPPER.writeValueAsBytes(batch));
                batch = EventJson.MAPPER.createArrayNode();
            }
            String typeId = object(Via.HUBSPOT, type(e)).substring("object:".length());
            long at = millis(e);
            ObjectNode creation = hubspotEvent(batch, eventId++, at, "object.creation", typeId, objectId);
            creation.put("changeFlag", "CREATED");
            for (int i = 0; i < properties.size(); i++) {
                ObjectNode change = hubspotEvent(batch, eventId++, at + 1 + i, "object.propertyChange", typeId,
                        objectId);
                change.put("propertyName", properties.get(i)[0]);
                change.put("propertyValue", properties.get(i)[1]);
            }
        }
        if (!batch.isEmpty()) {
            batches.add(EventJson.MAPPER.writeValueAsBytes(batch));
        }
        return batches;
    }

    private static ObjectNode hubspotEvent(ArrayNode batch, long eventId, long at, String type, String typeId,
            long objectId) {
        ObjectNode h = batch.addObject();
        h.put("eventId", eventId);
        h.put("subscriptionId", 1);
        h.put("portalId", Long.parseLong(HUBSPOT_PORTAL));
        h.put("appId", 1);
        h.put("occurredAt", at);
        h.put("subscriptionType", type);
        h.put("objectTypeId", typeId);
        h.put("attemptNumber", 0);
        h.put("objectId", objectId);
        h.put("changeSource", "INTEGRATION");
        return h;
    }

    /** A kintone ADD_RECORD notification of the event's record. */
    static ObjectNode kintone(ObjectNode e) {
        EventType type = type(e);
        String appId = object(Via.KINTONE, type).substring("app:".length());
        ObjectNode n = EventJson.MAPPER.createObjectNode();
        n.put("id", UUID.nameUUIDFromBytes(e.get("id").textValue().getBytes(StandardCharsets.UTF_8)).toString());
        n.put("type", "ADD_RECORD");
        n.putObject("app").put("id", appId).put("name", type.wireName());
        ObjectNode record = n.putObject("record");
        e.get("data").fields().forEachRemaining(f -> {
            ObjectNode field = record.putObject(f.getKey());
            if (f.getValue().isArray()) {
                field.put("type", "CHECK_BOX");
                ArrayNode values = field.putArray("value");
                f.getValue().forEach(values::add);
            } else {
                field.put("type", f.getValue().isNumber() ? "NUMBER" : "SINGLE_LINE_TEXT");
                field.put("value", f.getValue().asText());
            }
        });
        record.putObject("ns_event_time").put("type", "DATETIME").put("value", e.get("time").textValue());
        record.putObject("$id").put("type", "__ID__").put("value", e.get("id").textValue());
        record.putObject("$revision").put("type", "__REVISION__").put("value", "1");
        n.put("recordTitle", e.get("id").textValue());
        n.put("url", "https://demo.cybozu.com/k/" + appId + "/show#record=" + e.get("id").textValue());
        return n;
    }

    // ------------------------------------------------------------------ HTTP

    private void put(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private void post(String path, String type, Map<String, String> headers, byte[] body) throws IOException,
            InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(ingestUrl + path)).header("Content-Type", type)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                JsonNode answer = EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
                if (answer.path("invalid").asInt() > 0) {
                    throw new IOException(path + ": the mapping made invalid events: " + response.body());
                }
                accepted.addAndGet(answer.path("accepted").asLong());
                return;
            }
            if (response.statusCode() != 503 || attempt == 10) {
                throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(1000L * attempt);
        }
    }

    /** HubSpot's v3 signature of a POST (base64 HMAC-SHA256 of method, URI, body and timestamp), as a CRM sends it. */
    public static String hubspotSignature(String secret, String uri, byte[] body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("POST" + uri).getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return Base64.getEncoder().encodeToString(mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomText() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
