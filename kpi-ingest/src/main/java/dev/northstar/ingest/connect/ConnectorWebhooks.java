package dev.northstar.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.common.Problem;
import dev.northstar.ingest.IngestConfig;
import dev.northstar.ingest.connect.hubspot.HubSpotWebhooks;
import dev.northstar.ingest.connect.hubspot.Signature;
import dev.northstar.ingest.connect.kintone.KintoneWebhooks;
import dev.northstar.ingest.connect.salesforce.ChangeEvents;
import dev.northstar.ingest.connect.salesforce.OutboundMessages;
import dev.northstar.ingest.door.EventDoor;
import dev.northstar.ingest.messaging.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The CRMs' own payloads, taken as they come and mapped with the tenant's mapping ({@link ConnectorService}) into the
 * same door as every event: 202 only once every event they make is in Kafka (or was before), 503 when that cannot be
 * promised (the CRM sends again; its retries are duplicates, never double counts).
 *
 * <p>Who may call: a CRM holds no Northstar token, so each webhook proves itself the way its CRM can — HubSpot by
 * signing every request with the app secret the tenant stored ({@code X-HubSpot-Signature-v3}), kintone and Salesforce
 * outbound messages by the webhook token the tenant stored (in the URL: neither can add a header), Salesforce
 * outbound messages also by naming the tenant's organisation. A request that does not prove itself is a 401 and
 * nothing of it is kept; an unknown tenant looks the same as a wrong secret. Change events sent by an integration are
 * taken with a {@code connector} token of the tenant (an {@code ingest} token, which a partner firm may hold, may not
 * write the record state that the tenant's own Salesforce feeds read), and not one limited to some teams (403).
 */
@Path("/v1/connectors")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorWebhooks {

    private static final Logger LOG = Logger.getLogger(ConnectorWebhooks.class);
    private static final Pattern TENANT = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
    /** The header that may carry a kintone webhook token instead of the URL (for proxies that can add one). */
    public static final String TOKEN_HEADER = "X-Northstar-Webhook-Token";

    private final ConnectorService service;
    private final ConnectorConfigs configs;
    private final ConnectorConfig config;
    private final IngestConfig ingest;
    private final JsonWebToken jwt;
    private final MeterRegistry meters;

    public ConnectorWebhooks(ConnectorService service, ConnectorConfigs configs, ConnectorConfig config,
            IngestConfig ingest, JsonWebToken jwt, MeterRegistry meters) {
        this.service = service;
        this.configs = configs;
        this.config = config;
        this.ingest = ingest;
        this.jwt = jwt;
        this.meters = meters;
    }

    @POST
    @Path("/hubspot/{tenant}/webhook")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "HubSpot webhooks", description = "A batch of subscription events (JSON array) or a workflow"
            + " \"send a webhook\" body (JSON object; ?object=deal when the body cannot say). Signed with"
            + " X-HubSpot-Signature-v3 and the app secret stored in the tenant's hubspot settings (a workflow body may"
            + " carry the v2 signature instead).")
    public Response hubspot(@PathParam("tenant") String tenant, @QueryParam("object") String object,
            @HeaderParam(Signature.HEADER) String signature, @HeaderParam(Signature.TIMESTAMP) String timestamp,
            @HeaderParam(Signature.V2_HEADER) String v2, @HeaderParam(Signature.VERSION_HEADER) String signatureVersion,
            @Context UriInfo uri, byte[] body) {
        ConnectorConfigs.Active active = activeOrRefuse(tenant, Source.HUBSPOT);
        if (active.settings() == null || active.settings().secret == null || active.settings().origin == null
                || configs.box().isEmpty()) {
            // without its portal, a secret that signs every portal the app is installed in would prove nothing
            throw refused(Source.HUBSPOT, tenant, "no app secret or portal stored (or no connector key)");
        }
        String secret = configs.box().get().open(active.settings().secret, tenant, Source.HUBSPOT.wireName());
        // a workflow's "send a webhook" (a JSON object) may be signed with v2 only; subscription batches carry v3
        String why = signature == null && firstByte(body) == '{' && "v2".equalsIgnoreCase(signatureVersion)
                ? Signature.refusalV2(secret, "POST", publicUri(uri), body, v2)
                : Signature.refusal(secret, "POST", publicUri(uri), body, timestamp, signature, Instant.now(),
                        config.signatureWindow());
        if (why != null) {
            throw refused(Source.HUBSPOT, tenant, why);
        }
        JsonNode json = parse(body); // read only once the signature holds
        String expected = active.settings().origin;
        HubSpotWebhooks.Read read = json.isArray() ? HubSpotWebhooks.subscriptions(json, config.maxChanges(), expected)
                : HubSpotWebhooks.workflow(json, object, expected);
        if (read.foreign() > 0) {
            meters.counter("northstar.connector.changes", "source", "hubspot", "outcome", "foreign")
                    .increment(read.foreign());
            LOG.warnf("HubSpot webhook of tenant %s: %d event(s) of a portal other than %s left out", tenant,
                    read.foreign(), read.portal());
        }
        ConnectorService.Outcome done = process(tenant, Source.HUBSPOT, expected, active, read.changes(), List.of());
        Map<String, Object> answer = answer(done);
        answer.put("ignored", read.ignored());
        answer.put("foreign", read.foreign());
        return Response.accepted(answer).build();
    }

    @POST
    @Path("/kintone/{tenant}/webhook")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "kintone webhooks", description = "Record added, edited, status changed or deleted. The URL"
            + " carries the tenant's kintone webhook token: ?token=… (or the X-Northstar-Webhook-Token header).")
    public Response kintone(@PathParam("tenant") String tenant, @QueryParam("token") String queryToken,
            @HeaderParam(TOKEN_HEADER) String headerToken, byte[] body) {
        ConnectorConfigs.Active active = activeOrRefuse(tenant, Source.KINTONE);
        String token = headerToken != null ? headerToken : queryToken;
        if (active.settings() == null || !SecretBox.matches(token, active.settings().tokenHash)) {
            throw refused(Source.KINTONE, tenant, token == null ? "no webhook token" : "the webhook token does not match");
        }
        String origin = configured(active, Source.KINTONE);
        KintoneWebhooks.Read read = KintoneWebhooks.read(parse(body), active.mapping());
        if (read.host() != null && !read.host().equals(origin)) {
            throw new Problem.Exception(Problem.of("foreign-origin", "Another kintone", 403, "This notification comes"
                    + " from " + read.host() + "; the tenant's kintone settings name " + origin + "."));
        }
        ConnectorConfigs.Active byId = new ConnectorConfigs.Active(read.mapping(), active.settings());
        return Response.accepted(answer(process(tenant, Source.KINTONE, origin, byId, read.changes(), List.of())))
                .build();
    }

    @POST
    @Path("/salesforce/{tenant}/outbound")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.TEXT_XML, MediaType.APPLICATION_JSON})
    @Operation(summary = "Salesforce outbound messages", description = "The SOAP notifications of a Flow or workflow"
            + " rule; the endpoint URL carries the tenant's webhook token (?token=…). Answered with the SOAP"
            + " acknowledgement once the events are durable, so that Salesforce stops retrying only then.")
    public Response outbound(@PathParam("tenant") String tenant, @QueryParam("token") String token, byte[] body) {
        ConnectorConfigs.Active active = activeOrRefuse(tenant, Source.SALESFORCE);
        if (active.settings() == null || !SecretBox.matches(token, active.settings().tokenHash)) {
            throw refused(Source.SALESFORCE, tenant, token == null ? "no webhook token"
                    : "the webhook token does not match");
        }
        String org = configured(active, Source.SALESFORCE);
        OutboundMessages.Read read = OutboundMessages.read(body, config.maxChanges());
        if (!sameOrg(org, read.organizationId())) {
            throw new Problem.Exception(Problem.of("foreign-origin", "Another organisation", 403, "The message comes "
                    + "from organisation " + read.organizationId() + "; the tenant's Salesforce settings name " + org
                    + "."));
        }
        process(tenant, Source.SALESFORCE, org, active, read.changes(), List.of());
        return Response.ok(OutboundMessages.ACK, MediaType.TEXT_XML_TYPE).build();
    }

    @POST
    @Path("/salesforce/cdc")
    @RolesAllowed("connector")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Salesforce change events", description = "Change Data Capture events as JSON (the event, its"
            + " CometD message, or an array of either), sent by the tenant's integration with a connector token (not an"
            + " ingest token: a partner firm may hold one of those). GAP and overflow"
            + " events are listed for a re-sync in GET /v1/connectors/failures.")
    public Response cdc(byte[] body) {
        String tenant = ConnectorsResource.tenantWide(jwt);
        ConnectorConfigs.Active active = configs.active(tenant, Source.SALESFORCE);
        String org = configured(active, Source.SALESFORCE);
        ChangeEvents.Read read = ChangeEvents.read(parse(body), config.maxChanges());
        return Response.accepted(answer(process(tenant, Source.SALESFORCE, org, active, read.changes(), read.gaps())))
                .build();
    }

    /**
     * The origin (org, host) the tenant's settings name: events' source is made of it, so that one record is one
     * record whichever way it came; a connector without one takes nothing (409).
     */
    static String configured(ConnectorConfigs.Active active, Source source) {
        if (active.settings() == null || active.settings().origin == null) {
            throw new Problem.Exception(Problem.of("connector-not-configured", "Connector not configured", 409, "The"
                    + " tenant's " + source.wireName() + " settings name no origin yet (PUT /v1/connectors/"
                    + source.wireName() + "/settings); nothing was taken."));
        }
        return active.settings().origin;
    }

    /** Organisation ids compared as Salesforce does: the 15-character id is the 18-character one's prefix. */
    static boolean sameOrg(String a, String b) {
        return a.length() >= 15 && b.length() >= 15 && a.substring(0, 15).equals(b.substring(0, 15));
    }

    private ConnectorConfigs.Active activeOrRefuse(String tenant, Source source) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw refused(source, String.valueOf(tenant), "not a tenant name");
        }
        return configs.active(tenant, source);
    }

    private ConnectorService.Outcome process(String tenant, Source source, String origin,
            ConnectorConfigs.Active active, List<ConnectorService.Incoming> changes,
            List<ConnectorService.Gap> gaps) {
        try {
            return service.process(tenant, source, origin, active.mapping(), changes, gaps);
        } catch (EventDoor.NotAccepted | EventPublisher.NotDurableException e) {
            throw new Problem.Exception(Problem.of("unavailable", "Service unavailable", 503, e.getMessage()
                    + " The CRM's retry of this request is safe."), Response.status(503)
                    .header("Retry-After", ingest.retryAfterSeconds()));
        }
    }

    private static Map<String, Object> answer(ConnectorService.Outcome done) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("changes", done.changes());
        answer.put("accepted", done.accepted());
        answer.put("duplicates", done.duplicates());
        answer.put("unmapped", done.unmapped());
        answer.put("invalid", done.invalid());
        answer.put("gaps", done.gaps());
        return answer;
    }

    private Problem.Exception refused(Source source, String tenant, String why) {
        LOG.infof("%s webhook for tenant %s refused: %s", source.wireName(),
                TENANT.matcher(tenant).matches() ? tenant : "(not a tenant name)", why);
        meters.counter("northstar.connector.refused", "source", source.wireName()).increment();
        return new Problem.Exception(Problem.of("unauthenticated", "Not authenticated", 401, "The request does not"
                + " prove that it comes from this tenant's " + source.wireName() + " (signature or webhook token);"
                + " nothing of it was kept."));
    }

    private String publicUri(UriInfo uri) {
        String requested = uri.getRequestUri().toString();
        return config.publicUrl().map(base -> base.replaceAll("/+$", "") + uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery()))
                .orElse(requested);
    }

    private static int firstByte(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
        }
        return -1;
    }

    private static JsonNode parse(byte[] body) {
        return Payloads.json(body);
    }

    /** A payload that is not what its CRM documents: a 400 naming where, nothing kept. */
    @ServerExceptionMapper
    public Response malformed(Payloads.Malformed e) {
        return Problem.invalid("The payload is not what the CRM documents: " + e.getMessage(), e.problems())
                .toResponse();
    }
}
