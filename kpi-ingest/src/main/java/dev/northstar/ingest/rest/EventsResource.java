package dev.northstar.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.events.EventType;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.ingest.IngestConfig;
import dev.northstar.ingest.door.EventDoor;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /v1/events} (CloudEvents structured or binary mode) and {@code POST /v1/events/batch}. A 202
 * means every event of the request is in Kafka; any other answer means none was promised. A token limited to some
 * teams (its {@code teams} claim, a partner firm's CRM) may send only events whose {@code data.teamId} is one of them:
 * any other, or one without a team, refuses the whole request (403 naming each such event's pointer).
 */
@Path("/v1/events")
@RolesAllowed("ingest")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";
    /** CloudEvents attributes that binary mode carries as {@code ce-*} headers. */
    private static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "time", "subject",
            "dataschema", "tenant");

    private final EventCodec codec;
    private final EventDoor door;
    private final IngestConfig config;
    private final JsonWebToken jwt;
    private final MeterRegistry meters;
    private final DistributionSummary singleSize;
    private final DistributionSummary batchSize;

    public EventsResource(EventCodec codec, EventDoor door, IngestConfig config, JsonWebToken jwt, MeterRegistry meters) {
        this.codec = codec;
        this.door = door;
        this.config = config;
        this.jwt = jwt;
        this.meters = meters;
        this.singleSize = requestSize(meters, "single");
        this.batchSize = requestSize(meters, "batch");
    }

    @POST
    @Consumes({STRUCTURED, MediaType.APPLICATION_JSON})
    @Operation(summary = "Send one CloudEvent", description = "Structured mode (application/cloudevents+json) or "
            + "binary mode (ce-* headers with an application/json body). 202 once Kafka has the event.")
    public Response one(@Context HttpHeaders headers, byte[] body) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        singleSize.record(body.length);
        MediaType type = headers.getMediaType();
        boolean binary = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
        JsonNode event;
        byte[] data;
        if (binary) {
            event = fromBinaryMode(headers, body);
            data = body;
        } else {
            EventJson.Events parsed = EventJson.parseEvents(body);
            event = parsed.root();
            data = event.isObject() ? parsed.data()[0] : null;
        }
        List<ValidationProblem> problems = codec.validator().validate(event);
        if (!problems.isEmpty()) {
            refused(event, "invalid");
            if (binary) {
                problems = problems.stream().map(p -> binaryHint(p)).toList();
            }
            throw new Problem.Exception(Problem.invalid("The event is not valid: " + problems.size()
                    + " problem(s).", problems));
        }
        checkTenant(List.of(event), tenant);
        checkTeams(List.of(event), scope, false);
        return accept(List.of(event), new byte[][] {data});
    }

    @POST
    @Path("/batch")
    @Consumes(BATCH)
    @Operation(summary = "Send a batch of CloudEvents", description = "Up to 1,000 events, validated whole first: "
            + "one invalid event refuses the batch with each bad item named by index; nothing is accepted.")
    public Response batch(byte[] body) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        batchSize.record(body.length);
        EventJson.Events parsed = EventJson.parseEvents(body);
        JsonNode batch = parsed.root();
        if (!batch.isArray()) {
            throw new Problem.Exception(Problem.invalid("A batch is a JSON array of CloudEvents.",
                    List.of(new ValidationProblem("", "must be an array of CloudEvents"))));
        }
        if (batch.size() > config.maxBatchSize()) {
            throw new Problem.Exception(Problem.of("batch-too-large", "Batch too large", 413, "A batch may carry at most "
                    + config.maxBatchSize() + " events; this one had " + batch.size() + "."));
        }
        if (batch.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The batch is empty.",
                    List.of(new ValidationProblem("", "must contain at least one CloudEvent"))));
        }
        List<ValidationProblem> problems = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            JsonNode event = batch.get(i);
            String prefix = "/" + i;
            codec.validator().validate(event).forEach(p -> problems.add(p.under(prefix)));
            events.add(event);
        }
        if (!problems.isEmpty()) {
            events.forEach(e -> refused(e, "invalid"));
            long bad = problems.stream().map(p -> p.pointer().split("/")[1]).distinct().count();
            throw new Problem.Exception(Problem.invalid(bad + " of " + events.size()
                    + " events are not valid; nothing was accepted.", problems));
        }
        checkTenant(events, tenant);
        checkTeams(events, scope, true);
        return accept(events, parsed.data());
    }

    /** Accepts valid events through the door; {@code data[i]}: the bytes of event i's data as sent. */
    private Response accept(List<JsonNode> structured, byte[][] data) {
        try {
            EventDoor.Accepted done = door.accept(structured, data);
            return Response.accepted(Map.of("accepted", done.accepted(), "duplicates", done.duplicates())).build();
        } catch (EventDoor.NotAccepted e) {
            throw unavailable(e.getMessage());
        }
    }

    private static DistributionSummary requestSize(MeterRegistry meters, String mode) {
        return DistributionSummary.builder("northstar.ingest.request.size").baseUnit("bytes").tag("mode", mode)
                .publishPercentileHistogram().register(meters);
    }

    private void count(String type, String outcome) {
        meters.counter("northstar.ingest.events", "type", type, "outcome", outcome).increment();
    }

    private Problem.Exception unavailable(String detail) {
        return new Problem.Exception(Problem.of("unavailable", "Service unavailable", 503, detail),
                Response.status(503).header("Retry-After", config.retryAfterSeconds()));
    }

    private void checkTenant(List<JsonNode> events, String tenant) {
        List<ValidationProblem> foreign = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!tenant.equals(events.get(i).get("tenant").textValue())) {
                foreign.add(new ValidationProblem((events.size() > 1 ? "/" + i : "") + "/tenant",
                        "must be the token's tenant"));
            }
        }
        if (!foreign.isEmpty()) {
            events.forEach(e -> refused(e, "tenant_mismatch"));
            throw new Problem.Exception(new Problem("https://northstar.dev/problems/tenant-mismatch",
                    "Tenant mismatch", 403, "Events may only be sent for the tenant of the token.", foreign));
        }
    }

    /**
     * A token limited to some teams sends only their events: each event whose {@code data.teamId} is not one of them
     * (or that names no team) is named by its pointer ({@code /data/teamId}, {@code /i/data/teamId} in a batch), and
     * nothing of the request is accepted.
     */
    private void checkTeams(List<JsonNode> events, TeamScope scope, boolean batch) {
        if (!scope.limited()) {
            return;
        }
        List<ValidationProblem> foreign = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode team = events.get(i).path("data").path("teamId");
            if (!team.isTextual() || !scope.allows(team.textValue())) {
                foreign.add(new ValidationProblem((batch ? "/" + i : "") + "/data/teamId",
                        "must be one of the token's teams"));
            }
        }
        if (!foreign.isEmpty()) {
            events.forEach(e -> refused(e, "team_mismatch"));
            throw new Problem.Exception(new Problem(Problem.BASE + "team-mismatch", "Team mismatch", 403,
                    "Events may only be sent for the teams of the token; nothing was accepted.", foreign));
        }
    }

    private void refused(JsonNode event, String reason) {
        JsonNode type = event.get("type");
        String known = type != null && type.isTextual()
                ? EventType.fromWireName(type.textValue()).map(EventType::wireName).orElse("unknown") : "unknown";
        count(known, "rejected_" + reason);
    }

    private static ObjectNode fromBinaryMode(HttpHeaders headers, byte[] body) {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        for (Map.Entry<String, List<String>> header : headers.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("ce-") && !header.getValue().isEmpty()) {
                event.put(name.substring(3), header.getValue().get(0));
            }
        }
        event.set("data", EventJson.parse(body));
        return event;
    }

    private static ValidationProblem binaryHint(ValidationProblem problem) {
        String attribute = problem.pointer().length() > 1 ? problem.pointer().substring(1) : "";
        return ATTRIBUTES.contains(attribute)
                ? new ValidationProblem(problem.pointer(), problem.message() + " (header ce-" + attribute + ")")
                : problem;
    }
}
