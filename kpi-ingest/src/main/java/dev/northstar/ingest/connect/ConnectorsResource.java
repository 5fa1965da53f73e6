package dev.northstar.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import dev.northstar.ingest.IngestConfig;
import dev.northstar.ingest.connect.entity.ConnectorFailure;
import dev.northstar.ingest.connect.entity.ConnectorMapping;
import dev.northstar.ingest.connect.entity.ConnectorSettings;
import dev.northstar.ingest.connect.mapping.Mapping;
import dev.northstar.ingest.connect.mapping.MappingParser;
import dev.northstar.ingest.connect.store.FailureRepository;
import dev.northstar.ingest.connect.store.MappingRepository;
import dev.northstar.ingest.connect.store.SettingsRepository;
import dev.northstar.ingest.door.EventDoor;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A tenant admin's view of its connectors: settings per source (secrets and tokens are written, never read back), the
 * mapping (its preset until the tenant stores one; every stored version kept), and the recent changes that could not
 * become valid events or that name records to re-sync. The tenant is the token's; nothing here reads or writes
 * another tenant's connectors. Connectors are the whole tenant's: a token limited to some teams (its {@code teams}
 * claim, a partner firm's) is refused (403).
 */
@Path("/v1/connectors")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorsResource {

    private static final Pattern SALESFORCE_ORG = Pattern.compile("^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$");
    private static final Pattern HUBSPOT_PORTAL = Pattern.compile("^[0-9]{1,12}$");
    private static final Pattern HOST = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}"
            + "[a-z0-9])?)+$");
    /** A webhook token is at least this long: it is the only proof a kintone or Salesforce webhook gives. */
    static final int MIN_TOKEN = 24;
    private static final int MAX_DOCUMENT = 256 * 1024;

    private final ConnectorConfigs configs;
    private final ConnectorService service;
    private final SettingsRepository settings;
    private final MappingRepository mappings;
    private final FailureRepository failures;
    private final IngestConfig ingest;
    private final JsonWebToken jwt;

    public ConnectorsResource(ConnectorConfigs configs, ConnectorService service, SettingsRepository settings,
            MappingRepository mappings, FailureRepository failures, IngestConfig ingest, JsonWebToken jwt) {
        this.configs = configs;
        this.service = service;
        this.settings = settings;
        this.mappings = mappings;
        this.failures = failures;
        this.ingest = ingest;
        this.jwt = jwt;
    }

    /**
     * The token's tenant, for what is the whole tenant's (connectors' settings, mappings and failures, and the change
     * events that write the record state every team's events are made from): a token limited to some teams is a 403.
     */
    static String tenantWide(JsonWebToken jwt) {
        String tenant = Tenants.of(jwt);
        if (TeamScope.of(jwt).limited()) {
            throw new Problem.Exception(Problem.of("forbidden", "Forbidden", 403, "Connectors are the whole tenant's:"
                    + " a token limited to some teams (its teams claim) may not read or change them, nor send their"
                    + " change events."));
        }
        return tenant;
    }

    @GET
    @Operation(summary = "The tenant's connectors", description = "Per source: the origin, whether a secret or token"
            + " is stored (never the value), the mapping version in use (0: the preset) and the webhook path.")
    public List<Map<String, Object>> list() {
        String tenant = tenantWide(jwt);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Source source : Source.values()) {
            out.add(view(tenant, source));
        }
        return out;
    }

    @GET
    @Path("/{source}/settings")
    @Operation(summary = "A connector's settings (secrets are never returned)")
    public Map<String, Object> settings(@PathParam("source") String source) {
        return view(tenantWide(jwt), source(source));
    }

    @PUT
    @Path("/{source}/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a connector's settings", description = "{\"origin\": the Salesforce org id, the HubSpot"
            + " portal id or the kintone host; \"secret\": the HubSpot app secret; \"token\": the webhook token of"
            + " kintone or of Salesforce outbound messages (at least 24 characters)}. A secret or token left out"
            + " keeps the stored one.")
    public Map<String, Object> putSettings(@PathParam("source") String sourceName, byte[] body) {
        String tenant = tenantWide(jwt);
        Source source = source(sourceName);
        JsonNode doc = document(body);
        List<ValidationProblem> problems = new ArrayList<>();
        doc.fieldNames().forEachRemaining(k -> {
            if (!List.of("origin", "secret", "token").contains(k)) {
                problems.add(new ValidationProblem("/" + k, "is not a setting (origin, secret, token)"));
            }
        });
        String origin = text(doc, "origin", problems);
        String secret = text(doc, "secret", problems);
        String token = text(doc, "token", problems);
        if (origin != null && !originPattern(source).matcher(origin).matches()) {
            problems.add(new ValidationProblem("/origin", switch (source) {
                case SALESFORCE -> "must be the organisation id (00D…, 15 or 18 characters)";
                case HUBSPOT -> "must be the portal (account) id, digits";
                case KINTONE -> "must be the kintone host, e.g. example.cybozu.com";
            }));
        }
        if (secret != null && source != Source.HUBSPOT) {
            problems.add(new ValidationProblem("/secret", "only HubSpot signs with an app secret; "
                    + source.wireName() + " uses a webhook token"));
        }
        if (token != null && source == Source.HUBSPOT) {
            problems.add(new ValidationProblem("/token", "HubSpot requests are signed with the app secret, not a"
                    + " token"));
        }
        if (token != null && token.length() < MIN_TOKEN) {
            problems.add(new ValidationProblem("/token", "must be at least " + MIN_TOKEN + " characters (random)"));
        }
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The settings are not valid.", problems));
        }
        byte[] sealed = null;
        if (secret != null) {
            sealed = configs.box().orElseThrow(() -> new Problem.Exception(Problem.of("no-connector-key",
                    "No connector key", 409, "This kpi-ingest has no northstar.connectors.secret-key, so it cannot"
                            + " keep a secret; ask the operator to set one."))).seal(secret, tenant, source.wireName());
        }
        byte[] tokenHash = token == null ? null : SecretBox.hash(token);
        // the teams of the mapping in use (the preset's in-house team, until the tenant stores a mapping of its own)
        ConnectorConfigs.Active active = configs.active(tenant, source);
        String registeredOrigin = origin != null ? origin : active.settings() == null ? null : active.settings().origin;
        try {
            service.registerTeams(tenant, source, registeredOrigin, active.mapping());
        } catch (EventDoor.NotAccepted e) {
            throw new Problem.Exception(Problem.of("unavailable", "Service unavailable", 503, "The mapping's teams"
                    + " could not be registered, so the settings were not stored: " + e.getMessage()),
                    Response.status(503).header("Retry-After", ingest.retryAfterSeconds()));
        }
        byte[] s = sealed;
        Blocking.await(() -> settings.set(tenant, source.wireName(), origin, s, tokenHash, subject()));
        configs.forget(tenant, source);
        return view(tenant, source);
    }

    @GET
    @Path("/{source}/mapping")
    @Operation(summary = "A connector's mapping", description = "The newest stored version (or ?version=n), or the"
            + " source's preset (version 0) while the tenant has stored none.")
    public Map<String, Object> mapping(@PathParam("source") String sourceName, @QueryParam("version") Integer version) {
        String tenant = tenantWide(jwt);
        Source source = source(sourceName);
        ConnectorMapping stored = Blocking.await(() -> version == null ? mappings.latest(tenant, source.wireName())
                : mappings.version(tenant, source.wireName(), version));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source.wireName());
        if (stored == null) {
            if (version != null && version != 0) {
                throw new Problem.Exception(Problem.of("not-found", "Not found", 404, "No version " + version
                        + " of this tenant's " + source.wireName() + " mapping."));
            }
            out.put("version", 0);
            out.put("preset", true);
            out.put("document", configs.presetDocument(source));
        } else {
            out.put("version", stored.version);
            out.put("preset", false);
            out.put("createdAt", stored.createdAt.toString());
            out.put("createdBy", stored.createdBy);
            out.put("document", EventJson.parse(stored.document.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @GET
    @Path("/{source}/mapping/versions")
    @Operation(summary = "The stored versions of a connector's mapping, newest first")
    public List<Map<String, Object>> versions(@PathParam("source") String sourceName) {
        String tenant = tenantWide(jwt);
        Source source = source(sourceName);
        List<ConnectorMapping> all = Blocking.await(() -> mappings.versions(tenant, source.wireName()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConnectorMapping m : all) {
            out.add(Map.of("version", m.version, "createdAt", m.createdAt.toString(), "createdBy",
                    m.createdBy == null ? "" : m.createdBy));
        }
        return out;
    }

    @GET
    @Path("/{source}/preset")
    @Operation(summary = "The preset mapping of a source (for an out-of-the-box org, portal or app)")
    public JsonNode preset(@PathParam("source") String sourceName) {
        tenantWide(jwt);
        return configs.presetDocument(source(sourceName));
    }

    @PUT
    @Path("/{source}/mapping")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a new version of a connector's mapping", description = "Checked against the contract"
            + " first: an unknown event type or field, a required field without a source, an unknown key is a 400"
            + " naming it. The teams it declares are registered (team.registered). Events made from now on name the"
            + " version (ce_mapping).")
    public Response putMapping(@PathParam("source") String sourceName, byte[] body) {
        String tenant = tenantWide(jwt);
        Source source = source(sourceName);
        if (body.length > MAX_DOCUMENT) {
            throw new Problem.Exception(Problem.of("too-large", "Mapping too large", 413, "A mapping may be at most "
                    + MAX_DOCUMENT / 1024 + " KiB."));
        }
        JsonNode doc = document(body);
        MappingParser.Result parsed = MappingParser.parse(doc, 0);
        if (!parsed.valid()) {
            throw new Problem.Exception(Problem.invalid("The mapping is not valid: " + parsed.problems().size()
                    + " problem(s).", parsed.problems()));
        }
        ConnectorConfigs.Active active = configs.active(tenant, source);
        String origin = active.settings() == null ? null : active.settings().origin;
        Mapping mapping = parsed.mapping();
        EventDoor.Accepted teams;
        try {
            teams = service.registerTeams(tenant, source, origin, mapping);
        } catch (EventDoor.NotAccepted e) {
            throw new Problem.Exception(Problem.of("unavailable", "Service unavailable", 503, "The mapping's teams"
                    + " could not be registered, so the mapping was not stored: " + e.getMessage()),
                    Response.status(503).header("Retry-After", ingest.retryAfterSeconds()));
        }
        ConnectorMapping stored = Blocking.await(() -> mappings.add(tenant, source.wireName(), doc.toString(),
                subject()));
        configs.forget(tenant, source);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source.wireName());
        out.put("version", stored.version);
        out.put("teamsRegistered", teams.accepted());
        return Response.ok(out).build();
    }

    @GET
    @Path("/failures")
    @Operation(summary = "Recent connector failures", description = "Changes that mapped to an invalid event (also on"
            + " crm.events.dlq with their payloads) and Salesforce gap or overflow events naming records to re-sync,"
            + " newest first.")
    public List<Map<String, Object>> failures(@QueryParam("source") String sourceName,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        String tenant = tenantWide(jwt);
        if (limit < 1 || limit > 500) {
            throw new Problem.Exception(Problem.invalid("limit must be 1 to 500.",
                    List.of(new ValidationProblem("/limit", "must be between 1 and 500"))));
        }
        String source = sourceName == null ? null : source(sourceName).wireName();
        List<ConnectorFailure> recent = Blocking.await(() -> failures.recent(tenant, source, limit));
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConnectorFailure f : recent) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id);
            m.put("at", f.at.toString());
            m.put("source", f.source);
            m.put("kind", f.kind);
            m.put("object", f.object);
            m.put("records", f.recordIds);
            m.put("eventType", f.eventType);
            m.put("reason", f.reason);
            m.put("payload", f.payload);
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> view(String tenant, Source source) {
        ConnectorConfigs.Active active = Blocking.await(() -> configs.load(tenant, source));
        ConnectorSettings s = active.settings();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source.wireName());
        out.put("origin", s == null ? null : s.origin);
        out.put("secretStored", s != null && s.secret != null);
        out.put("tokenStored", s != null && s.tokenHash != null);
        out.put("mappingVersion", active.mapping().version());
        out.put("updatedAt", s == null ? null : s.updatedAt.toString());
        out.put("webhook", switch (source) {
            case HUBSPOT -> "/v1/connectors/hubspot/" + tenant + "/webhook";
            case KINTONE -> "/v1/connectors/kintone/" + tenant + "/webhook?token=<token>";
            case SALESFORCE -> "/v1/connectors/salesforce/" + tenant + "/outbound?token=<token>";
        });
        return out;
    }

    private static Pattern originPattern(Source source) {
        return switch (source) {
            case SALESFORCE -> SALESFORCE_ORG;
            case HUBSPOT -> HUBSPOT_PORTAL;
            case KINTONE -> HOST;
        };
    }

    private static Source source(String name) {
        return Source.of(name).orElseThrow(() -> new Problem.Exception(Problem.of("not-found", "Not found", 404,
                "No connector " + name + " (salesforce, hubspot, kintone).")));
    }

    private static JsonNode document(byte[] body) {
        JsonNode doc;
        try {
            doc = EventJson.parse(body);
        } catch (EventJson.MalformedJsonException e) {
            throw new Problem.Exception(Problem.invalid("Not JSON: " + e.getMessage(),
                    List.of(new ValidationProblem("", "must be a JSON object"))));
        }
        if (!(doc instanceof ObjectNode)) {
            throw new Problem.Exception(Problem.invalid("The body must be a JSON object.",
                    List.of(new ValidationProblem("", "must be a JSON object"))));
        }
        return doc;
    }

    private static String text(JsonNode doc, String key, List<ValidationProblem> problems) {
        JsonNode v = doc.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank() || v.textValue().length() > 1024) {
            problems.add(new ValidationProblem("/" + key, "must be a text of 1 to 1024 characters"));
            return null;
        }
        return v.textValue().trim();
    }

    private String subject() {
        return jwt.getSubject();
    }
}
