package dev.northstar.common;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A per-tenant rate limit in front of every endpoint of every API: each tenant (the {@code tenant} claim of its
 * verified token) has a token bucket of {@code northstar.rate-limit.burst} requests that refills at
 * {@code requests-per-second}; a request that finds it empty is refused with 429, {@code Retry-After} in whole seconds
 * and a {@code rate-limited} problem (counted by {@link RefusalMetrics}).
 *
 * <p>The limit is per instance: behind a balancer, n instances let a tenant send n times as much. It applies after
 * authentication: a request without a valid token has no tenant and is not counted (its endpoint answers 401 as
 * before), so nobody can use up a tenant's allowance with forged or expired tokens.
 */
public class RateLimit {

    private final boolean enabled;
    private final double perSecond;
    private final int burst;
    private final TokenBuckets buckets;
    private final CurrentIdentityAssociation identities;

    public RateLimit(RateLimitConfig config, CurrentIdentityAssociation identities) {
        this.enabled = config.enabled();
        this.perSecond = config.requestsPerSecond();
        this.burst = config.burst();
        this.buckets = enabled ? new TokenBuckets(perSecond, burst, System::nanoTime) : null;
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> limit() {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        // the deferred identity authenticates the token if nothing has yet (authentication is not proactive); a
        // token that fails is left to the endpoint's own check, which answers 401
        return identities.getDeferredIdentity().onFailure().recoverWithNull().map(this::check);
    }

    /**
     * Takes one request of {@code tenant}'s allowance for a caller that authenticates otherwise (the console's
     * session): empty when admitted, else the whole seconds to wait.
     */
    public java.util.OptionalLong take(String tenant) {
        if (!enabled) {
            return java.util.OptionalLong.empty();
        }
        long wait = buckets.take(tenant);
        return wait == 0 ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(Math.max(1, (wait + 999_999_999L) / 1_000_000_000L));
    }

    private Response check(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        String tenant;
        try {
            tenant = Tenants.of(jwt);
        } catch (Problem.Exception e) {
            return null;
        }
        long wait = buckets.take(tenant);
        if (wait == 0) {
            return null;
        }
        long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
        return Response.fromResponse(Problem.of("rate-limited", "Too many requests", 429, "This tenant has used "
                + "its allowance on this instance (bursts of " + burst + " requests, then " + rate() + " a second); "
                + "retry after " + seconds + " s.").toResponse()).header("Retry-After", seconds).build();
    }

    private String rate() {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
