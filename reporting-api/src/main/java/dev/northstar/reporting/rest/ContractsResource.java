package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.common.validation.RequestBodies;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.contract.Contract;
import dev.northstar.reporting.contract.ContractTerms;
import dev.northstar.reporting.contract.CostKpis;
import dev.northstar.reporting.repository.ContractRepository;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.TeamRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A team's contract terms over time (issue 23): versions in force from a month, recorded by an admin and never
 * overwritten; read by the tenant's readers (a token limited to some teams: those teams' only), never recorded
 * by a token limited to some teams.
 */
@Path("/v1/teams/{teamId}/contracts")
@Produces(MediaType.APPLICATION_JSON)
public class ContractsResource {

    private static final java.util.regex.Pattern MONTH = java.util.regex.Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private final ContractRepository contracts;
    private final ScorecardRepository scorecards;
    private final TeamRepository teams;
    private final RequestBodies bodies;
    private final ReportingConfig config;
    private final JsonWebToken jwt;
    private final jakarta.enterprise.event.Event<CostKpis.TermsChanged> changed;

    public ContractsResource(ContractRepository contracts, ScorecardRepository scorecards, TeamRepository teams,
            RequestBodies bodies, ReportingConfig config, JsonWebToken jwt,
            jakarta.enterprise.event.Event<CostKpis.TermsChanged> changed) {
        this.changed = changed;
        this.contracts = contracts;
        this.scorecards = scorecards;
        this.teams = teams;
        this.bodies = bodies;
        this.config = config;
        this.jwt = jwt;
    }

    /** A team's versions. */
    public record Contracts(List<Contract> items) {
    }

    @GET
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "A team's contract versions, oldest first, each with the month a later one takes over")
    public Uni<Contracts> list(@PathParam("teamId") String teamId) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        return Params.existing(scorecards, tenant, id).chain(() -> contracts.ofTeam(tenant, id))
                .map(list -> new Contracts(Contract.timeline(list)));
    }

    @GET
    @Path("/in-force")
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "The version in force in a month (the current month in the tenant's zone when absent)")
    public Uni<Contract> inForce(@PathParam("teamId") String teamId, @QueryParam("month") String month) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        String m = month == null || month.isBlank() ? YearMonth.now(config.zone(tenant)).toString() : month;
        if (!MONTH.matcher(m).matches()) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.",
                    List.of(new ValidationProblem("/month", "must be a month, e.g. 2026-11"))));
        }
        return Params.existing(scorecards, tenant, id).chain(() -> contracts.ofTeam(tenant, id))
                .map(list -> Contract.inForce(list, m)
                .orElseThrow(() -> new Problem.Exception(Problem.of("not-found", "Not found", 404,
                        "The team has no contract terms in force in " + m + "."))));
    }

    @GET
    @Path("/{contractId}")
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "One contract version (where a new version's Location points)")
    public Uni<Contract> one(@PathParam("teamId") String teamId, @PathParam("contractId") String contractId) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        UUID uuid = contractId(contractId);
        return contracts.one(tenant, id, uuid).chain(c -> {
            if (c == null) {
                throw noSuchVersion();
            }
            // its place in the timeline needs the team's other versions
            return contracts.ofTeam(tenant, id).map(list -> Contract.timeline(list).stream()
                    .filter(v -> v.id().equals(contractId)).findFirst().orElseThrow(ContractsResource::noSuchVersion));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Records a new version of a team's contract terms (earlier versions are kept unchanged)")
    public Uni<Response> add(@PathParam("teamId") String teamId, byte[] body) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        Params.notLimited(jwt, "Contract terms");
        ContractTerms terms = bodies.read(body, ContractTerms.class, "The contract terms");
        return Params.existing(scorecards, tenant, id).chain(() -> teams.find(tenant, id)).chain(team -> {
            List<ValidationProblem> problems = terms.problems(team.kind());
            if (!problems.isEmpty()) {
                throw ContractTerms.invalid(problems);
            }
            return contracts.countOf(tenant, id);
        }).chain(count -> {
            if (count >= ContractRepository.MAX_VERSIONS) {
                throw new Problem.Exception(Problem.of("conflict", "Conflict", 409, "The team has "
                        + ContractRepository.MAX_VERSIONS + " contract versions, the most it may keep."));
            }
            return contracts.add(terms.toEntity(tenant, id, jwt.getSubject()))
                    .invoke(() -> changed.fire(new CostKpis.TermsChanged(tenant, id)));
        }).chain(saved -> contracts.ofTeam(tenant, id).map(list -> Contract.timeline(list).stream()
                .filter(v -> v.id().equals(saved.contractId.toString())).findFirst().orElseThrow()))
                .map(c -> Response.created(URI.create("/v1/teams/" + id + "/contracts/" + c.id())).entity(c).build());
    }

    private static UUID contractId(String contractId) {
        try {
            return UUID.fromString(contractId);
        } catch (IllegalArgumentException e) {
            throw noSuchVersion();
        }
    }

    private static Problem.Exception noSuchVersion() {
        return new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such contract version."));
    }
}
