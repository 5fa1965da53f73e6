package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.common.validation.RequestBodies;
import dev.northstar.reporting.pilot.NewPilot;
import dev.northstar.reporting.pilot.PilotMarkdown;
import dev.northstar.reporting.pilot.PilotReport;
import dev.northstar.reporting.pilot.PilotView;
import dev.northstar.reporting.pilot.Pilots;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Pilots (issue 23): recorded and removed by an admin whose token sees every team; listed and read, with their
 * report, by the tenant's readers — a token limited to some teams sees only the pilots all of whose teams it may see
 * (any other is the 404 of a pilot that does not exist).
 */
@Path("/v1/pilots")
@Produces(MediaType.APPLICATION_JSON)
public class PilotsResource {

    private final Pilots pilots;
    private final RequestBodies bodies;
    private final JsonWebToken jwt;

    public PilotsResource(Pilots pilots, RequestBodies bodies, JsonWebToken jwt) {
        this.pilots = pilots;
        this.bodies = bodies;
        this.jwt = jwt;
    }

    /** The list. */
    public record PilotList(List<PilotView> items) {
    }

    @GET
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "The tenant's pilots, newest first (a token limited to some teams: those of its teams only)")
    public Uni<PilotList> list() {
        return pilots.list(Tenants.of(jwt), TeamScope.of(jwt)).map(PilotList::new);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Records a pilot: teams, a product and/or a segment, its months and the KPIs it is judged on")
    @APIResponse(responseCode = "201", description = "Recorded; Location points at it")
    @APIResponse(responseCode = "400", description = "Not valid; errors name each problem by JSON pointer",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Not an admin, or a token limited to some teams")
    @APIResponse(responseCode = "409", description = "The tenant has a pilot of this name, or 200 pilots")
    public Uni<Response> add(byte[] body) {
        String tenant = Tenants.of(jwt);
        if (TeamScope.of(jwt).limited()) {
            throw limited();
        }
        NewPilot given = bodies.read(body, NewPilot.class, "The pilot");
        return pilots.create(tenant, given, jwt.getSubject()).map(p -> Response.created(
                URI.create("/v1/pilots/" + p.id())).entity(p).build());
    }

    @GET
    @Path("/{pilotId}")
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "One pilot (where a new pilot's Location points)")
    @APIResponse(responseCode = "404", description = "No such pilot of the tenant, or not all its teams visible")
    public Uni<PilotView> one(@PathParam("pilotId") String pilotId) {
        return pilots.one(Tenants.of(jwt), TeamScope.of(jwt), pilotId);
    }

    @GET
    @Path("/{pilotId}/report")
    @Produces({MediaType.APPLICATION_JSON, TeamReportsResource.MARKDOWN + ";charset=UTF-8"})
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "A pilot's report: per judged KPI inside its scope, outside it and before it, the"
            + " differences with their verdicts, and the insights linked to the KPI; JSON, or Markdown when the"
            + " request asks for text/markdown before JSON")
    @APIResponse(responseCode = "200", description = "The report (JSON) or the same as Markdown", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PilotReport.class)),
        @Content(mediaType = TeamReportsResource.MARKDOWN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "No such pilot of the tenant, or not all its teams visible")
    public Uni<Response> report(@PathParam("pilotId") String pilotId, @Context HttpHeaders headers) {
        boolean markdown = markdown(headers.getAcceptableMediaTypes());
        return pilots.report(Tenants.of(jwt), TeamScope.of(jwt), pilotId).map(r -> markdown
                ? Response.ok(PilotMarkdown.render(r), TeamReportsResource.MARKDOWN + ";charset=UTF-8").build()
                : Response.ok(r, MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** Markdown when the first acceptable type that fits either is Markdown's (JSON for none or a wildcard). */
    static boolean markdown(List<MediaType> acceptable) {
        MediaType md = MediaType.valueOf(TeamReportsResource.MARKDOWN);
        for (MediaType m : acceptable) {
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (m.isCompatible(md)) {
                return true;
            }
        }
        return false;
    }

    @DELETE
    @Path("/{pilotId}")
    @RolesAllowed("admin")
    @Operation(summary = "Removes a pilot (its report goes with it; the KPI values stay)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "Not an admin, or a token limited to some teams")
    @APIResponse(responseCode = "404", description = "No such pilot of the tenant")
    public Uni<Response> delete(@PathParam("pilotId") String pilotId) {
        if (TeamScope.of(jwt).limited()) {
            throw limited();
        }
        return pilots.delete(Tenants.of(jwt), TeamScope.of(jwt), pilotId).map(v -> Response.noContent().build());
    }

    private static Problem.Exception limited() {
        return new Problem.Exception(Problem.of("forbidden", "Forbidden", 403, "A pilot is the tenant's decision"
                + " about its partner model: a token limited to some teams (its teams claim) cannot record or remove"
                + " one."));
    }
}
