package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import dev.northstar.reporting.repository.QuarantineRepository.Position;
import dev.northstar.reporting.repository.QuarantineRepository.Quarantined;
import dev.northstar.reporting.repository.QuarantineRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /v1/quarantine}: the records of the caller's tenant that a consumer could never store and put aside
 * (not a valid event, refused by the database for good), newest first, with where each was and why — so that the
 * tenant's admins can correct the source and send the event again. Records whose tenant cannot be read are seen by
 * operators only (the topic and the {@code northstar_quarantined_total} alert), never by a tenant. A record put aside
 * may be any team's (or unreadable), so a token limited to some teams (its {@code teams} claim) is refused (403).
 */
@Path("/v1/quarantine")
@RolesAllowed("admin")
public class QuarantineResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final QuarantineRepository repository;
    private final JsonWebToken jwt;

    public QuarantineResource(QuarantineRepository repository, JsonWebToken jwt) {
        this.repository = repository;
        this.jwt = jwt;
    }

    /** One quarantined record as the API shows it. */
    public record Item(String consumerGroup, String topic, int partition, long offset, String reason,
            Instant quarantinedAt, String key, String eventType, String eventId, String value) {
    }

    /** A page, and the cursor of the next one (null at the end). */
    public record Page(List<Item> items, String next) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Records of this tenant that could never be stored and were put in the quarantine",
            description = "Newest first; `limit` 1–1000 (default 100); `cursor` is the `next` of the previous page."
                    + " Refused (403) to a token limited to some teams: a quarantined record may be any team's.")
    public Uni<Page> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String tenant = Tenants.of(jwt);
        if (TeamScope.of(jwt).limited()) {
            throw Params.tenantWide("Quarantined records");
        }
        int size = limit(limit);
        Position after = cursor == null ? null : decode(cursor);
        return repository.list(tenant, after, size).map(rows -> {
            List<Quarantined> page = rows.size() > size ? rows.subList(0, size) : rows;
            String next = rows.size() > size ? encode(page.get(page.size() - 1)) : null;
            return new Page(page.stream().map(q -> new Item(q.group(), q.topic(), q.partition(), q.offset(), q.reason(),
                    q.quarantinedAt(), q.key(), q.eventType(), q.eventId(), q.value())).toList(), next);
        });
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Problem.Exception(Problem.invalid("The query parameters are not valid.",
                List.of(new ValidationProblem("/limit", "must be an integer from 1 to " + MAX_LIMIT))));
    }

    static String encode(Quarantined q) {
        String json = EventJson.MAPPER.createArrayNode().add(q.quarantinedAt().toString()).add(q.group()).add(q.topic())
                .add(q.partition()).add(q.offset()).toString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
        try {
            var node = EventJson.parse(Base64.getUrlDecoder().decode(cursor));
            if (node.isArray() && node.size() == 5 && node.get(3).canConvertToInt() && node.get(4).canConvertToLong()) {
                return new Position(Instant.parse(node.get(0).textValue()), node.get(1).textValue(),
                        node.get(2).textValue(), node.get(3).intValue(), node.get(4).longValue());
            }
        } catch (RuntimeException e) {
            // refused below
        }
        throw new Problem.Exception(Problem.invalid("The query parameters are not valid.",
                List.of(new ValidationProblem("/cursor", "is not a cursor of this list; use the next of a page"))));
    }
}
