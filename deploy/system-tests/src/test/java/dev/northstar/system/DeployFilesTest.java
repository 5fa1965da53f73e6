package dev.northstar.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A structural check of the deployment files, offline (no schema validator can be installed here; CI also renders
 * the kustomizations with {@code kubectl kustomize} where kubectl exists). It verifies, and names in each message:
 * Grafana dashboards are dashboard JSON whose panels use provisioned datasources and defined variables, and every
 * variable reaches SQL as a string literal ({@code ${var:sqlstring}}); Grafana is not anonymous and reads the database
 * as a tenant's reader role; Kubernetes manifests have apiVersion, kind and name, every kustomization resource exists,
 * every Deployment has an image, liveness/readiness/startup probes on the Quarkus health paths of its management port
 * and resource requests and limits, every Service selects a Deployment's pods on a named API port (never the
 * management port), every HPA scales an existing Deployment, the KafkaTopics are the contract's (crm.events and the
 * quarantine kept until deleted), Kafka authenticates every client (SCRAM-SHA-512 over TLS) and authorizes by ACLs,
 * each service's KafkaUser has exactly the ACLs its service needs and a connector's only its tenant's raw topic, the
 * NetworkPolicies deny by default and admit each port only from who needs it, ConfigMaps referenced exist, and Secrets
 * are referenced but never committed; the Compose file has the whole stack with mounts that exist, no private key,
 * the token settings and unpublished management ports.
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath()
            .normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Each service and its API port; its management port (health, metrics, OpenAPI) is this + 1000. */
    private static final Map<String, Integer> SERVICES = Map.of("kpi-ingest", 8081, "kpi-calculator", 8082,
            "knowledge-service", 8083, "reporting-api", 8084);
    /** Services that serve an API (kpi-calculator works from Kafka only). */
    private static final Set<String> WITH_API = Set.of("kpi-ingest", "knowledge-service", "reporting-api");
    private static final Set<String> READ = Set.of("Read", "Describe");
    private static final Set<String> WRITE = Set.of("Write", "Describe");
    /**
     * What each service does with Kafka, as ACLs ({@code type:name:patternType} → operations): its consumer groups
     * (Read; the lag monitor's Describe), the topics it reads and the topics it writes, the quarantine included.
     */
    private static final Map<String, Map<String, Set<String>>> ACLS = Map.of(
            "kpi-ingest", Map.of(
                    "topic:" + Topics.CRM_EVENTS_RAW + ":prefix", READ,
                    "group:kpi-ingest-raw:literal", READ,
                    "topic:" + Topics.SALESFORCE_CDC + ":prefix", READ,
                    "group:kpi-ingest-salesforce-cdc:literal", READ,
                    "topic:" + Topics.CRM_EVENTS + ":literal", WRITE,
                    "topic:" + Topics.CRM_EVENTS_DLQ + ":literal", WRITE,
                    "topic:" + Topics.QUARANTINE + ":literal", WRITE),
            "kpi-calculator", Map.of(
                    "topic:" + Topics.CRM_EVENTS + ":literal", READ,
                    "group:kpi-calculator:literal", READ,
                    "topic:" + Topics.KPI_VALUES + ":literal", WRITE,
                    "topic:" + Topics.QUARANTINE + ":literal", WRITE),
            "knowledge-service", Map.of(
                    "topic:" + Topics.CRM_EVENTS + ":literal", READ,
                    "group:knowledge-service:literal", READ,
                    "topic:" + Topics.KNOWLEDGE_INSIGHTS + ":literal", WRITE,
                    "topic:" + Topics.QUARANTINE + ":literal", WRITE),
            "reporting-api", Map.of(
                    "topic:" + Topics.KPI_VALUES + ":literal", READ,
                    "group:reporting-api:literal", READ,
                    "topic:" + Topics.CRM_EVENTS + ":literal", READ,
                    "group:reporting-api-teams:literal", READ,
                    "topic:" + Topics.KNOWLEDGE_INSIGHTS + ":literal", READ,
                    "group:reporting-api-insights:literal", READ,
                    "topic:" + Topics.QUARANTINE + ":literal", Set.of("Read", "Write", "Describe"),
                    "group:reporting-api-quarantine:literal", READ));
    /** A tenant as the event contract allows it (the suffix of its raw topic). */
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final TextNode ANY_SOURCE = TextNode.valueOf("any source");

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

    /** The Compose file with its anchors and merge keys resolved, as Compose reads it (Jackson leaves them as names). */
    private static JsonNode compose() throws Exception {
        try (var in = Files.newBufferedReader(ROOT.resolve("deploy/compose/compose.yaml"))) {
            return JSON.valueToTree(new Yaml().load(in));
        }
    }

    private static List<Path> dashboards() throws Exception {
        try (var files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Variable references: {@code $name}, {@code ${name}} and {@code ${name:format}}, not Grafana's {@code $__}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$(?!__)(?:\\{([a-zA-Z]\\w*)(?::(\\w+))?}|([a-zA-Z]\\w*))");

    @Test
    void dashboardsAreGrafanaDashboardsOnProvisionedDatasources() throws Exception {
        JsonNode provisioned = documents(ROOT.resolve("deploy/grafana/provisioning/datasources/northstar.yml")).get(0);
        Set<String> uids = new HashSet<>();
        provisioned.get("datasources").forEach(d -> uids.add(d.get("uid").asText()));
        assertEquals(Set.of("northstar-prometheus", "northstar-reporting-db"), uids);
        JsonNode provider = documents(ROOT.resolve("deploy/grafana/provisioning/dashboards/northstar.yml")).get(0);
        assertEquals("file", provider.at("/providers/0/type").asText());
        List<Path> boards = dashboards();
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
                    Matcher m = VARIABLE.matcher(query + " " + p.path("title").asText());
                    while (m.find()) {
                        String variable = m.group(1) != null ? m.group(1) : m.group(3);
                        assertTrue(variables.contains(variable), where + ": variable $" + variable + " defined");
                    }
                }
            }
        }
    }

    /** Every SQL a dashboard sends: panel targets and query variables on the reporting database. */
    private static Map<String, String> sqlQueries() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Path board : dashboards()) {
            JsonNode d = JSON.readTree(board.toFile());
            String name = board.getFileName().toString();
            for (JsonNode p : d.get("panels")) {
                for (JsonNode t : p.get("targets")) {
                    if (t.has("rawSql")) {
                        out.put(name + " panel " + p.path("title").asText() + " " + t.path("refId").asText(),
                                t.get("rawSql").asText());
                    }
                }
            }
            for (JsonNode v : d.at("/templating/list")) {
                if (v.at("/datasource/uid").asText().equals("northstar-reporting-db")) {
                    out.put(name + " variable " + v.path("name").asText(), v.path("query").asText());
                }
            }
        }
        return out;
    }

    @Test
    void everyVariableReachesTheSqlAsOneStringLiteral() throws Exception {
        Map<String, String> queries = sqlQueries();
        assertTrue(queries.size() >= 5, "the business dashboard's four panels and its KPI variable: " + queries);
        int references = 0;
        for (Map.Entry<String, String> q : queries.entrySet()) {
            Matcher m = VARIABLE.matcher(q.getValue());
            while (m.find()) {
                references++;
                // sqlstring doubles ' and quotes the value; raw ($v, ${v}) is the value as typed, singlequote's \'
                // does not escape in PostgreSQL (standard_conforming_strings), csv/pipe/glob do not quote at all
                assertEquals("sqlstring", m.group(2), q.getKey() + ": " + m.group() + " must be ${"
                        + (m.group(1) != null ? m.group(1) : m.group(3)) + ":sqlstring}");
                assertFalse(q.getValue().substring(Math.max(0, m.start() - 1), m.start()).equals("'"),
                        q.getKey() + ": " + m.group() + " quotes itself; in quotes it would be a literal in a literal");
            }
        }
        assertTrue(references >= 5, "the tenant and KPI references: " + references);
    }

    @Test
    void grafanaSignsEveryoneInAndReadsTheDatabaseAsATenantsReader() throws Exception {
        JsonNode compose = compose();
        JsonNode env = compose.at("/services/grafana/environment");
        assertEquals("false", env.path("GF_AUTH_ANONYMOUS_ENABLED").asText(), "no anonymous access");
        String admin = env.path("GF_SECURITY_ADMIN_PASSWORD").asText();
        assertTrue(admin.matches("\\$\\{GRAFANA_ADMIN_PASSWORD:\\?[^}]+}"),
                "the admin password is a required variable, never a committed value: " + admin);
        String reader = env.path("REPORTING_DB_USER").asText();
        assertFalse(Set.of("", "postgres", "app").contains(reader), "not the superuser nor the service's user");
        String made = compose.at("/services/grafana-reader/command/0").asText();
        assertTrue(made.contains("-v role=" + reader + " -v tenant=demo") && made.contains("-f /reader.sql"),
                "compose makes the role Grafana uses with deploy/grafana/reader.sql: " + made);
        assertTrue(compose.at("/services/grafana-reader/volumes").toString().contains("../grafana/reader.sql"));
        assertEquals("service_completed_successfully",
                compose.at("/services/grafana/depends_on/grafana-reader/condition").asText());
        JsonNode datasource = documents(ROOT.resolve("deploy/grafana/provisioning/datasources/northstar.yml")).get(0)
                .at("/datasources/1");
        assertEquals("${REPORTING_DB_USER}", datasource.path("user").asText());
        assertEquals("${REPORTING_DB_PASSWORD}", datasource.at("/secureJsonData/password").asText());
        String script = Files.readString(ROOT.resolve("deploy/grafana/reader.sql"));
        assertTrue(script.contains("GRANT SELECT ON kpi_value, team, insight, reader_tenant"), "reads what it needs");
        assertFalse(script.matches("(?s).*GRANT\\s+(INSERT|UPDATE|DELETE|ALL).*"), "and nothing else");
    }

    @Test
    void kubernetesManifestsHangTogether() throws Exception {
        Map<String, List<JsonNode>> byKind = base();
        JsonNode local = documents(ROOT.resolve("deploy/k8s/overlays/local/kustomization.yaml")).get(0);
        for (JsonNode resource : local.get("resources")) {
            assertTrue(Files.exists(ROOT.resolve("deploy/k8s/overlays/local").resolve(resource.asText())),
                    "overlay resource exists: " + resource.asText());
        }
        assertFalse(byKind.containsKey("Secret"), "no Secret is committed (they are referenced only)");
        Set<String> configMaps = names(byKind, "ConfigMap");
        Map<String, JsonNode> deployments = deployments(byKind);
        assertEquals(SERVICES.keySet(), deployments.keySet());
        Set<String> secretsReferenced = new TreeSet<>();
        for (JsonNode d : deployments.values()) {
            String name = d.at("/metadata/name").asText();
            JsonNode pod = d.at("/spec/template");
            JsonNode labels = pod.at("/metadata/labels");
            d.at("/spec/selector/matchLabels").fields().forEachRemaining(e -> assertEquals(e.getValue(),
                    labels.get(e.getKey()), name + ": selector matches the pod labels"));
            int management = SERVICES.get(name) + 1000;
            assertEquals(String.valueOf(management), pod.at("/metadata/annotations/prometheus.io~1port").asText(),
                    name + ": Prometheus scrapes the management port");
            for (JsonNode c : pod.at("/spec/containers")) {
                assertTrue(c.path("image").asText().startsWith("northstar/" + name), name + ": image");
                Map<String, Integer> ports = new HashMap<>();
                c.path("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
                assertEquals(Map.of("http", SERVICES.get(name), "management", management), ports, name + ": ports");
                assertEquals(String.valueOf(management), env(c, "QUARKUS_MANAGEMENT_PORT").path("value").asText(),
                        name + ": QUARKUS_MANAGEMENT_PORT");
                for (String[] probe : new String[][] {{"livenessProbe", "/q/health/live"},
                        {"readinessProbe", "/q/health/ready"}, {"startupProbe", "/q/health/started"}}) {
                    assertEquals(probe[1], c.at("/" + probe[0] + "/httpGet/path").asText(), name + ": " + probe[0]);
                    assertEquals("management", c.at("/" + probe[0] + "/httpGet/port").asText(),
                            name + ": " + probe[0] + " on the management port (the API port serves no /q)");
                }
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
                JsonNode jaas = env(c, "KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef");
                assertEquals(name, jaas.path("name").asText(), name + ": Kafka credentials of its own KafkaUser");
                assertEquals("sasl.jaas.config", jaas.path("key").asText(), name + ": the secret's JAAS key");
            }
            pod.at("/spec/volumes").forEach(v -> {
                if (v.has("secret")) {
                    secretsReferenced.add(v.at("/secret/secretName").asText());
                }
            });
        }
        Set<String> expectedSecrets = new TreeSet<>(Set.of("northstar-db-app", "northstar-jwt",
                "northstar-cluster-ca-cert", "northstar-connectors"));
        expectedSecrets.addAll(SERVICES.keySet());
        assertEquals(expectedSecrets, secretsReferenced, "the secrets the README tells operators to provide "
                + "(northstar-db-app is CloudNativePG's; the cluster CA and each KafkaUser's are Strimzi's)");
        Set<String> withService = new TreeSet<>();
        for (JsonNode s : byKind.getOrDefault("Service", List.of())) {
            String name = s.at("/metadata/name").asText();
            JsonNode deployment = deployments.values().stream().filter(d -> selects(s.at("/spec/selector"),
                    d.at("/spec/template/metadata/labels"))).findFirst().orElse(MissingNode.getInstance());
            assertFalse(deployment.isMissingNode(), name + ": selects a Deployment's pods");
            withService.add(deployment.at("/metadata/name").asText());
            int management = SERVICES.get(deployment.at("/metadata/name").asText()) + 1000;
            Set<String> ports = new HashSet<>();
            deployment.at("/spec/template/spec/containers/0/ports").forEach(p -> ports.add(p.get("name").asText()));
            s.at("/spec/ports").forEach(p -> {
                assertTrue(ports.contains(p.get("targetPort").asText()),
                        name + ": targetPort " + p.get("targetPort").asText() + " is a container port");
                assertEquals("http", p.get("targetPort").asText(), name + ": the API port only, never management");
                assertFalse(p.get("port").asInt() == management, name + ": does not expose the management port");
            });
        }
        assertEquals(WITH_API, withService, "a Service for each API (kpi-calculator has none)");
        for (JsonNode h : byKind.getOrDefault("HorizontalPodAutoscaler", List.of())) {
            assertTrue(deployments.containsKey(h.at("/spec/scaleTargetRef/name").asText()),
                    h.at("/metadata/name").asText() + ": scales an existing Deployment");
        }
        JsonNode config = byKind.get("ConfigMap").get(0).get("data");
        assertEquals("SASL_SSL", config.path("KAFKA_SECURITY_PROTOCOL").asText());
        assertEquals("SCRAM-SHA-512", config.path("KAFKA_SASL_MECHANISM").asText());
        assertEquals("/etc/northstar/kafka-ca/ca.crt", config.path("KAFKA_SSL_TRUSTSTORE_LOCATION").asText());
        assertEquals("northstar-kafka-bootstrap:9093", config.path("KAFKA_BOOTSTRAP_SERVERS").asText(),
                "the bootstrap service of the authenticated listener");
        for (String key : List.of("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")) {
            assertFalse(config.path(key).asText().isBlank(), "ConfigMap " + key + " (a service refuses to start without)");
        }
        assertEquals(Set.of(Topics.CRM_EVENTS, Topics.CRM_EVENTS_RAW, Topics.CRM_EVENTS_DLQ, Topics.KPI_VALUES,
                Topics.KNOWLEDGE_INSIGHTS, Topics.QUARANTINE, Topics.SALESFORCE_CDC), names(byKind, "KafkaTopic"),
                "the contract's topics");
        for (JsonNode t : byKind.get("KafkaTopic")) {
            boolean compacted = "compact".equals(t.at("/spec/config/cleanup.policy").asText());
            String topic = t.at("/metadata/name").asText();
            assertEquals(Topics.COMPACTED.contains(topic), compacted,
                    topic + ": compacted exactly when it is a latest-value topic");
            long retention = t.at("/spec/config/retention.ms").asLong(0);
            if (Topics.KEPT.contains(topic)) {
                assertEquals(-1, retention, topic + ": kept until deleted (retention.ms -1)");
            } else if (Topics.RETAINED.contains(topic)) {
                assertTrue(retention > 0, topic + ": kept by time");
            }
        }
        assertEquals(Set.of("northstar"), names(byKind, "Kafka"));
        assertEquals(Set.of("northstar-db"), names(byKind, "Cluster"), "the CloudNativePG cluster");
    }

    @Test
    void kafkaAuthenticatesEveryClientAndEachUserMayDoWhatItsServiceDoes() throws Exception {
        Map<String, List<JsonNode>> byKind = base();
        JsonNode kafka = byKind.get("Kafka").get(0);
        assertFalse(kafka.at("/spec/kafka/listeners").isEmpty(), "listeners");
        for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
            String name = "listener " + listener.path("name").asText();
            assertEquals("scram-sha-512", listener.at("/authentication/type").asText(), name + ": authenticates");
            assertTrue(listener.path("tls").asBoolean(), name + ": TLS (the password never crosses in clear)");
            assertEquals(9093, listener.path("port").asInt(), name + ": the port of KAFKA_BOOTSTRAP_SERVERS");
            for (String service : SERVICES.keySet()) {
                assertTrue(anySelects(listener.path("networkPolicyPeers"), labels(service)),
                        name + ": " + service + " may connect");
            }
            assertTrue(anySelects(listener.path("networkPolicyPeers"), Map.of("strimzi.io/kind", "KafkaConnect")),
                    name + ": Kafka Connect (the CRM connectors) may connect");
            assertFalse(anySelects(listener.path("networkPolicyPeers"), Map.of("app.kubernetes.io/name", "grafana")),
                    name + ": nobody else");
        }
        assertEquals("simple", kafka.at("/spec/kafka/authorization/type").asText(), "ACLs decide");
        assertFalse(kafka.at("/spec/entityOperator/userOperator").isMissingNode(), "KafkaUsers are reconciled");

        Map<String, JsonNode> users = new TreeMap<>();
        byKind.getOrDefault("KafkaUser", List.of()).forEach(u -> users.put(u.at("/metadata/name").asText(), u));
        assertEquals(ACLS.keySet(), users.keySet(), "a user per service");
        for (Map.Entry<String, JsonNode> u : users.entrySet()) {
            assertUser(u.getValue());
            assertEquals(new TreeMap<>(ACLS.get(u.getKey())), acls(u.getValue()), u.getKey() + ": exactly its ACLs");
        }
        // what the exact sets above mean, spelled out
        for (String service : ACLS.keySet()) {
            Map<String, Set<String>> acls = acls(users.get(service));
            assertEquals(service.equals("kpi-ingest"), mayWrite(acls, Topics.CRM_EVENTS),
                    service + ": only kpi-ingest writes crm.events");
            assertFalse(mayWrite(acls, Topics.CRM_EVENTS_RAW) || mayWrite(acls, Topics.CRM_EVENTS_RAW + ".demo"),
                    service + ": no service writes a raw topic");
            assertFalse(acls.keySet().stream().anyMatch(k -> k.startsWith("cluster:") || k.contains(":*:")),
                    service + ": no cluster-wide or wildcard ACL");
        }

        // each tenant's connector: its raw topic and a user that may write it and nothing else
        List<JsonNode> overlay = documents(ROOT.resolve("deploy/k8s/overlays/local/tenant-demo.yaml"));
        List<JsonNode> connectors = overlay.stream().filter(d -> d.path("kind").asText().equals("KafkaUser")).toList();
        assertFalse(connectors.isEmpty(), "the demo tenant's connector user");
        Set<String> rawTopics = new TreeSet<>();
        overlay.stream().filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                .forEach(t -> rawTopics.add(t.at("/metadata/name").asText()));
        for (JsonNode connector : connectors) {
            String name = connector.at("/metadata/name").asText();
            String tenant = connector.at("/metadata/labels/northstar.dev~1tenant").asText();
            assertTrue(TENANT.matcher(tenant).matches(), name + ": a tenant label");
            assertEquals("crm-connector-" + tenant, name);
            assertUser(connector);
            String topic = Topics.CRM_EVENTS_RAW + "." + tenant;
            assertEquals(Map.of("topic:" + topic + ":literal", WRITE), acls(connector),
                    name + ": writes its tenant's raw topic only");
            assertTrue(rawTopics.contains(topic), name + ": its topic exists");
            assertFalse(mayWrite(acls(connector), Topics.CRM_EVENTS_RAW + ".other"), name + ": not another tenant's");
        }
    }

    private static void assertUser(JsonNode user) {
        String name = user.at("/metadata/name").asText();
        assertEquals("northstar", user.at("/metadata/labels/strimzi.io~1cluster").asText(), name + ": cluster label");
        assertEquals("scram-sha-512", user.at("/spec/authentication/type").asText(), name + ": SCRAM credentials");
        assertEquals("simple", user.at("/spec/authorization/type").asText(), name + ": ACLs");
    }

    /** A user's ACLs as {@code type:name:patternType} → operations (an ACL twice on one resource fails). */
    private static Map<String, Set<String>> acls(JsonNode user) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            JsonNode r = acl.get("resource");
            String key = r.path("type").asText() + ":" + r.path("name").asText() + ":"
                    + r.path("patternType").asText("literal");
            assertTrue(acl.path("host").asText("*").equals("*"), key + ": any host");
            Set<String> ops = new TreeSet<>();
            acl.path("operations").forEach(o -> ops.add(o.asText()));
            assertTrue(out.put(key, ops) == null, user.at("/metadata/name").asText() + ": one ACL per resource " + key);
        }
        return out;
    }

    private static boolean mayWrite(Map<String, Set<String>> acls, String topic) {
        return acls.entrySet().stream().anyMatch(e -> {
            String[] k = e.getKey().split(":");
            boolean covers = k[2].equals("prefix") ? topic.startsWith(k[1]) : k[1].equals(topic) || k[1].equals("*");
            return k[0].equals("topic") && covers && (e.getValue().contains("Write") || e.getValue().contains("All"));
        });
    }

    @Test
    void networkPoliciesAdmitEachPortOnlyFromWhoNeedsIt() throws Exception {
        Map<String, List<JsonNode>> byKind = base();
        List<JsonNode> policies = byKind.getOrDefault("NetworkPolicy", List.of());
        assertTrue(policies.stream().anyMatch(p -> p.at("/spec/podSelector").isEmpty()
                && p.at("/spec/policyTypes").toString().contains("Ingress") && p.at("/spec/ingress").isEmpty()),
                "a default deny of ingress for every pod of the namespace");
        JsonNode prometheus = YAML.readTree("{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "
                + "monitoring}}, podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}}");
        for (String service : SERVICES.keySet()) {
            Map<String, String> pod = labels(service);
            int api = SERVICES.get(service);
            assertEquals(Set.of(prometheus), admitted(policies, pod, "management", api + 1000),
                    service + ": health, metrics and OpenAPI from Prometheus only (probes come from the node)");
            assertEquals(WITH_API.contains(service) ? Set.of(ANY_SOURCE) : Set.of(),
                    admitted(policies, pod, "http", api), service + ": the API from any client, if it has one");
            assertEquals(Set.of(), admitted(policies, pod, "other", 5005), service + ": no other port");
        }
        Map<String, String> db = Map.of("cnpg.io/cluster", "northstar-db");
        Set<JsonNode> toDatabase = admitted(policies, db, "postgres", 5432);
        assertFalse(toDatabase.contains(ANY_SOURCE), "PostgreSQL is not open to every pod");
        for (String service : SERVICES.keySet()) {
            assertTrue(toDatabase.stream().anyMatch(peer -> !peer.has("namespaceSelector")
                    && selects(peer.path("podSelector"), labels(service))), service + " reaches PostgreSQL");
        }
        assertFalse(toDatabase.stream().anyMatch(peer -> !peer.has("namespaceSelector")
                && selects(peer.path("podSelector"), Map.of("app.kubernetes.io/name", "kafka-connect"))),
                "a pod of the namespace that is no service does not");
        assertFalse(admitted(policies, db, "metrics", 9187).contains(ANY_SOURCE), "database metrics");
    }

    /** The Kubernetes files of the base, by kind. */
    private static Map<String, List<JsonNode>> base() throws Exception {
        Path base = ROOT.resolve("deploy/k8s/base");
        JsonNode kustomization = documents(base.resolve("kustomization.yaml")).get(0);
        Map<String, List<JsonNode>> byKind = new HashMap<>();
        for (JsonNode resource : kustomization.get("resources")) {
            Path file = base.resolve(resource.asText());
            assertTrue(Files.exists(file), "kustomization resource exists: " + file);
            for (JsonNode d : documents(file)) {
                String kind = d.path("kind").asText();
                assertFalse(d.path("apiVersion").asText().isEmpty(), kind + ": apiVersion");
                assertFalse(d.at("/metadata/name").asText().isEmpty(), kind + ": metadata.name");
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(d);
            }
        }
        return byKind;
    }

    private static Map<String, JsonNode> deployments(Map<String, List<JsonNode>> byKind) {
        Map<String, JsonNode> out = new HashMap<>();
        byKind.getOrDefault("Deployment", List.of()).forEach(d -> out.put(d.at("/metadata/name").asText(), d));
        return out;
    }

    private static Map<String, String> labels(String service) {
        return Map.of("app.kubernetes.io/name", service, "app.kubernetes.io/part-of", "northstar");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        return MissingNode.getInstance();
    }

    /**
     * Who may open a connection to a port of pods with these labels, by the NetworkPolicies that select them: each
     * admitting peer as written, {@link #ANY_SOURCE} for a rule without {@code from}. Empty: nobody.
     */
    private static Set<JsonNode> admitted(List<JsonNode> policies, Map<String, String> pod, String portName,
            int port) {
        Set<JsonNode> out = new HashSet<>();
        for (JsonNode policy : policies) {
            JsonNode spec = policy.get("spec");
            if (!selects(spec.path("podSelector"), pod) || !spec.path("policyTypes").toString().contains("Ingress")) {
                continue;
            }
            for (JsonNode rule : spec.path("ingress")) {
                boolean covers = rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    covers |= p.path("port").asText().equals(portName) || p.path("port").asText().equals("" + port);
                }
                if (!covers) {
                    continue;
                }
                if (rule.path("from").isEmpty()) {
                    out.add(ANY_SOURCE);
                }
                rule.path("from").forEach(out::add);
            }
        }
        return out;
    }

    private static boolean anySelects(JsonNode peers, Map<String, String> pod) {
        for (JsonNode peer : peers) {
            if (!peer.has("namespaceSelector") && selects(peer.path("podSelector"), pod)) {
                return true;
            }
        }
        return false;
    }

    /** A label selector (matchLabels and matchExpressions, or a plain label map) against labels; {} selects all. */
    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        JsonNode matchLabels = selector.has("matchLabels") || selector.has("matchExpressions")
                ? selector.path("matchLabels") : selector;
        boolean[] all = {true};
        matchLabels.fields().forEachRemaining(e -> all[0] &= e.getValue().asText().equals(labels.get(e.getKey())));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.get(expression.path("key").asText());
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            all[0] &= switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
        }
        return all[0];
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        Map<String, String> map = new HashMap<>();
        labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return !selector.isEmpty() && selects(selector, map);
    }

    private static Set<String> names(Map<String, List<JsonNode>> byKind, String kind) {
        Set<String> out = new TreeSet<>();
        byKind.getOrDefault(kind, List.of()).forEach(d -> out.add(d.at("/metadata/name").asText()));
        return out;
    }

    @Test
    void composeHasTheWholeStackWithMountsThatExist() throws Exception {
        Path dir = ROOT.resolve("deploy/compose");
        JsonNode compose = compose();
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

    @Test
    void composeGivesServicesThePublicKeyAndTheTokenSettingsAndKeepsManagementPortsInside() throws Exception {
        JsonNode compose = compose();
        String prometheus = Files.readString(ROOT.resolve("deploy/compose/prometheus.yml"));
        for (String service : SERVICES.keySet()) {
            JsonNode s = compose.at("/services/" + service);
            JsonNode env = s.path("environment");
            assertEquals("https://northstar.local/dev", env.path("MP_JWT_VERIFY_ISSUER").asText(), service);
            assertEquals("northstar", env.path("MP_JWT_VERIFY_AUDIENCES").asText(), service);
            assertEquals("file:/etc/northstar/jwt/jwt-public.pem", env.path("MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                    .asText(), service);
            List<String> mounts = new ArrayList<>();
            s.path("volumes").forEach(v -> mounts.add(v.asText()));
            assertEquals(List.of("../../.northstar/keys/jwt-public.pem:/etc/northstar/jwt/jwt-public.pem:ro"), mounts,
                    service + ": the public key file only, never the key directory with the private key");
            int management = SERVICES.get(service) + 1000;
            assertEquals(String.valueOf(management), env.path("QUARKUS_MANAGEMENT_PORT").asText(), service);
            s.path("ports").forEach(p -> assertFalse(p.asText().contains(String.valueOf(management)),
                    service + ": the management port is not published"));
            s.path("ports").forEach(p -> assertTrue(p.asText().startsWith("127.0.0.1:"),
                    service + ": published on the loopback only"));
            assertTrue(prometheus.contains("\"" + service + ":" + management + "\""),
                    service + ": Prometheus scrapes its management port");
        }
        String topics = compose.at("/services/kafka-init/command/0").asText();
        assertTrue(Pattern.compile("for topic in " + Pattern.quote(Topics.CRM_EVENTS) + " "
                + Pattern.quote(Topics.QUARANTINE) + "; do\\s+\\S+ [^\\n]*--create[^\\n]*--config retention.ms=-1")
                .matcher(topics).find(), "crm.events and the quarantine kept until deleted: " + topics);
        for (String topic : List.of(Topics.CRM_EVENTS_RAW, Topics.CRM_EVENTS_DLQ, Topics.KPI_VALUES,
                Topics.KNOWLEDGE_INSIGHTS)) {
            assertTrue(topics.contains(topic), "kafka-init creates " + topic);
        }
        assertEquals("*", compose.at("/services/kpi-ingest/environment/NORTHSTAR_INGEST_RAW_SHARED_TOPIC_TENANTS")
                .asText(), "plaintext, one user: the shared raw topic takes any tenant");
    }
}
