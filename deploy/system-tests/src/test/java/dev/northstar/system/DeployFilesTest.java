package dev.northstar.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.northstar.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A structural check of the deployment files, offline (no schema validator can be installed here; CI also renders
 * the kustomizations with {@code kubectl kustomize} where kubectl exists). It verifies, and names in each message:
 * Grafana dashboards are dashboard JSON whose panels use provisioned datasources and defined variables;
 * Kubernetes manifests have apiVersion, kind and name, every kustomization resource exists, every Deployment has
 * an image, liveness/readiness/startup probes on the Quarkus health paths and resource requests and limits,
 * every Service selects a Deployment's pods on a named container port, every HPA scales an existing Deployment,
 * the KafkaTopics are exactly the contract's five, ConfigMaps referenced exist, and Secrets are referenced but
 * never committed; the Compose file has the whole stack with mounts that exist.
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath()
            .normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
        }
        return out;
    }

    @Test
    void dashboardsAreGrafanaDashboardsOnProvisionedDatasources() throws Exception {
        JsonNode provisioned = documents(ROOT.resolve("deploy/grafana/provisioning/datasources/northstar.yml")).get(0);
        Set<String> uids = new HashSet<>();
        provisioned.get("datasources").forEach(d -> uids.add(d.get("uid").asText()));
        assertEquals(Set.of("northstar-prometheus", "northstar-reporting-db"), uids);
        JsonNode provider = documents(ROOT.resolve("deploy/grafana/provisioning/dashboards/northstar.yml")).get(0);
        assertEquals("file", provider.at("/providers/0/type").asText());
        List<Path> boards;
        try (var files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            boards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(2, boards.size(), "an operations and a business dashboard");
        Set<String> dashboardUids = new HashSet<>();
        for (Path board : boards) {
            String name = board.getFileName().toString();
            JsonNode d = JSON.readTree(board.toFile());
            for (String field : List.of("uid", "title", "schemaVersion", "panels", "time", "templating")) {
                assertTrue(d.has(field), name + ": dashboard field " + field);
            }
            assertTrue(dashboardUids.add(d.get("uid").asText()), name + ": uid unique");
            Set<String> variables = new HashSet<>();
            d.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
            Set<Integer> ids = new HashSet<>();
            assertFalse(d.get("panels").isEmpty(), name + ": panels");
            for (JsonNode p : d.get("panels")) {
                String where = name + " panel " + p.path("title").asText();
                assertTrue(ids.add(p.get("id").asInt()), where + ": id unique");
                assertFalse(p.path("type").asText().isEmpty(), where + ": type");
                JsonNode g = p.get("gridPos");
                assertNotNull(g, where + ": gridPos");
                assertTrue(g.get("x").asInt() + g.get("w").asInt() <= 24 && g.get("h").asInt() > 0, where + ": grid");
                assertTrue(uids.contains(p.at("/datasource/uid").asText()), where + ": datasource provisioned");
                assertFalse(p.get("targets").isEmpty(), where + ": targets");
                for (JsonNode t : p.get("targets")) {
                    assertFalse(t.path("refId").asText().isEmpty(), where + ": refId");
                    String query = t.has("expr") ? t.get("expr").asText() : t.path("rawSql").asText();
                    assertFalse(query.isBlank(), where + ": a PromQL expr or an SQL query");
                    Matcher m = Pattern.compile("\\$(?!__)([a-z]+)").matcher(query + " " + p.path("title").asText());
                    while (m.find()) {
                        assertTrue(variables.contains(m.group(1)), where + ": variable $" + m.group(1) + " defined");
                    }
                }
            }
        }
    }

    @Test
    void kubernetesManifestsHangTogether() throws Exception {
        Path base = ROOT.resolve("deploy/k8s/base");
        JsonNode kustomization = documents(base.resolve("kustomization.yaml")).get(0);
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode resource : kustomization.get("resources")) {
            Path file = base.resolve(resource.asText());
            assertTrue(Files.exists(file), "kustomization resource exists: " + file);
            docs.addAll(documents(file));
        }
        JsonNode local = documents(ROOT.resolve("deploy/k8s/overlays/local/kustomization.yaml")).get(0);
        for (JsonNode resource : local.get("resources")) {
            assertTrue(Files.exists(ROOT.resolve("deploy/k8s/overlays/local").resolve(resource.asText())),
                    "overlay resource exists: " + resource.asText());
        }
        Map<String, List<JsonNode>> byKind = new HashMap<>();
        for (JsonNode d : docs) {
            String kind = d.path("kind").asText();
            assertFalse(d.path("apiVersion").asText().isEmpty(), kind + ": apiVersion");
            assertFalse(d.at("/metadata/name").asText().isEmpty(), kind + ": metadata.name");
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(d);
        }
        assertFalse(byKind.containsKey("Secret"), "no Secret is committed (they are referenced only)");
        Set<String> configMaps = names(byKind, "ConfigMap");
        Map<String, JsonNode> deployments = new HashMap<>();
        byKind.getOrDefault("Deployment", List.of()).forEach(d -> deployments.put(d.at("/metadata/name").asText(), d));
        assertEquals(Set.of("kpi-ingest", "kpi-calculator", "knowledge-service", "reporting-api"), deployments.keySet());
        Set<String> secretsReferenced = new TreeSet<>();
        for (JsonNode d : deployments.values()) {
            String name = d.at("/metadata/name").asText();
            JsonNode pod = d.at("/spec/template");
            JsonNode labels = pod.at("/metadata/labels");
            d.at("/spec/selector/matchLabels").fields().forEachRemaining(e -> assertEquals(e.getValue(),
                    labels.get(e.getKey()), name + ": selector matches the pod labels"));
            for (JsonNode c : pod.at("/spec/containers")) {
                assertTrue(c.path("image").asText().startsWith("northstar/" + name), name + ": image");
                assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText(), name + ": liveness");
                assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText(), name + ": readiness");
                assertEquals("/q/health/started", c.at("/startupProbe/httpGet/path").asText(), name + ": startup");
                for (String r : List.of("/resources/requests/cpu", "/resources/requests/memory",
                        "/resources/limits/cpu", "/resources/limits/memory")) {
                    assertFalse(c.at(r).isMissingNode(), name + ": " + r);
                }
                c.path("envFrom").forEach(e -> assertTrue(configMaps.contains(e.at("/configMapRef/name").asText()),
                        name + ": ConfigMap " + e.at("/configMapRef/name").asText() + " defined"));
                c.path("env").forEach(e -> {
                    JsonNode ref = e.at("/valueFrom/secretKeyRef/name");
                    if (!ref.isMissingNode()) {
                        secretsReferenced.add(ref.asText());
                    }
                });
            }
            pod.at("/spec/volumes").forEach(v -> {
                if (v.has("secret")) {
                    secretsReferenced.add(v.at("/secret/secretName").asText());
                }
            });
        }
        assertEquals(Set.of("northstar-db-app", "northstar-jwt"), secretsReferenced,
                "the secrets the README tells operators to provide (northstar-db-app is CloudNativePG's)");
        for (JsonNode s : byKind.getOrDefault("Service", List.of())) {
            String name = s.at("/metadata/name").asText();
            JsonNode deployment = deployments.values().stream().filter(d -> matches(s.at("/spec/selector"),
                    d.at("/spec/template/metadata/labels"))).findFirst().orElse(MissingNode.getInstance());
            assertFalse(deployment.isMissingNode(), name + ": selects a Deployment's pods");
            Set<String> ports = new HashSet<>();
            deployment.at("/spec/template/spec/containers/0/ports").forEach(p -> ports.add(p.get("name").asText()));
            s.at("/spec/ports").forEach(p -> assertTrue(ports.contains(p.get("targetPort").asText()),
                    name + ": targetPort " + p.get("targetPort").asText() + " is a container port"));
        }
        for (JsonNode h : byKind.getOrDefault("HorizontalPodAutoscaler", List.of())) {
            assertTrue(deployments.containsKey(h.at("/spec/scaleTargetRef/name").asText()),
                    h.at("/metadata/name").asText() + ": scales an existing Deployment");
        }
        assertEquals(Set.of(Topics.CRM_EVENTS, Topics.CRM_EVENTS_RAW, Topics.CRM_EVENTS_DLQ, Topics.KPI_VALUES,
                Topics.KNOWLEDGE_INSIGHTS), names(byKind, "KafkaTopic"), "the contract's five topics");
        for (JsonNode t : byKind.get("KafkaTopic")) {
            boolean compacted = "compact".equals(t.at("/spec/config/cleanup.policy").asText());
            String topic = t.at("/metadata/name").asText();
            assertEquals(topic.equals(Topics.KPI_VALUES) || topic.equals(Topics.KNOWLEDGE_INSIGHTS), compacted,
                    topic + ": compacted exactly when it is a latest-value topic");
        }
        assertEquals(Set.of("northstar"), names(byKind, "Kafka"));
        assertEquals(Set.of("northstar-db"), names(byKind, "Cluster"), "the CloudNativePG cluster");
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        boolean[] all = {selector.size() > 0};
        selector.fields().forEachRemaining(e -> all[0] &= e.getValue().equals(labels.get(e.getKey())));
        return all[0];
    }

    private static Set<String> names(Map<String, List<JsonNode>> byKind, String kind) {
        Set<String> out = new TreeSet<>();
        byKind.getOrDefault(kind, List.of()).forEach(d -> out.add(d.at("/metadata/name").asText()));
        return out;
    }

    @Test
    void composeHasTheWholeStackWithMountsThatExist() throws Exception {
        Path dir = ROOT.resolve("deploy/compose");
        JsonNode compose = documents(dir.resolve("compose.yaml")).get(0);
        Set<String> services = new TreeSet<>();
        compose.get("services").fieldNames().forEachRemaining(services::add);
        assertTrue(services.containsAll(Set.of("kafka", "postgres", "kpi-ingest", "kpi-calculator",
                "knowledge-service", "reporting-api", "prometheus", "grafana")), services::toString);
        for (String s : services) {
            compose.at("/services/" + s + "/volumes").forEach(v -> {
                String host = v.asText().split(":")[0];
                if (!host.contains(".northstar")) {
                    assertTrue(Files.exists(dir.resolve(host)), s + ": mount source exists: " + host);
                }
            });
        }
        assertEquals("../grafana/dashboards:/var/lib/grafana/dashboards/northstar:ro",
                compose.at("/services/grafana/volumes/1").asText(), "dashboards where the provider looks");
    }
}
