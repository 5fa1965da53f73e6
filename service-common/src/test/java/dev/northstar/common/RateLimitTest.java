package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    /** The identity of the current request, as the security layer would give it. */
    private static final class Identities implements CurrentIdentityAssociation {
        Uni<SecurityIdentity> deferred = Uni.createFrom().nullItem();

        @Override
        public void setIdentity(SecurityIdentity identity) {
            deferred = Uni.createFrom().item(identity);
        }

        @Override
        public void setIdentity(Uni<SecurityIdentity> identity) {
            deferred = identity;
        }

        @Override
        public SecurityIdentity getIdentity() {
            return deferred.await().indefinitely();
        }

        @Override
        public Uni<SecurityIdentity> getDeferredIdentity() {
            return deferred;
        }
    }

    private final Identities identities = new Identities();

    private record Config(boolean enabled, double requestsPerSecond, int burst) implements RateLimitConfig {
    }

    private static SecurityIdentity tenant(String tenant) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("someone");
        if (tenant != null) {
            claims.setClaim("tenant", tenant);
        }
        return QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal("JWT", claims)).build();
    }

    private Response call(RateLimit limit, SecurityIdentity identity) {
        identities.setIdentity(identity);
        return limit.limit().await().indefinitely();
    }

    @Test
    void aRateOrBurstThatCannotLimitIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(new Config(true, 0, 10), identities));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(new Config(true, 10, 0), identities));
        // disabled, nothing is checked
        new RateLimit(new Config(false, 0, 0), identities);
    }

    @Test
    void aTenantPastItsBurstIsRefusedWith429AndRetryAfter() {
        // one request every 1000 s: the bucket does not refill while the test runs
        RateLimit limit = new RateLimit(new Config(true, 0.001, 2), identities);
        assertNull(call(limit, tenant("acme")));
        assertNull(call(limit, tenant("acme")));
        Response refused = call(limit, tenant("acme"));
        assertEquals(429, refused.getStatus());
        assertEquals("application/problem+json", refused.getMediaType().toString());
        long retryAfter = Long.parseLong(refused.getHeaderString("Retry-After"));
        assertTrue(retryAfter == 1000 || retryAfter == 999, "Retry-After: " + retryAfter);
        Problem p = (Problem) refused.getEntity();
        assertEquals(Problem.BASE + "rate-limited", p.type());
        assertEquals(429, p.status());
        assertEquals("This tenant has used its allowance on this instance (bursts of 2 requests, then 0.001 a second);"
                + " retry after " + retryAfter + " s.", p.detail());
        assertNull(call(limit, tenant("globex")), "each tenant has its own bucket");
    }

    @Test
    void aWholeRateIsWrittenWithoutDecimals() {
        RateLimit limit = new RateLimit(new Config(true, 1, 1), identities);
        assertNull(call(limit, tenant("acme")));
        Problem p = (Problem) call(limit, tenant("acme")).getEntity();
        assertTrue(p.detail().contains("(bursts of 1 requests, then 1 a second)"), p.detail());
    }

    @Test
    void requestsWithoutATenantAreLeftToTheEndpointsOwnCheck() {
        RateLimit limit = new RateLimit(new Config(true, 0.001, 1), identities);
        for (int i = 0; i < 3; i++) {
            assertNull(call(limit, null), "no identity");
            assertNull(call(limit, QuarkusSecurityIdentity.builder().setAnonymous(true).build()), "anonymous");
            assertNull(call(limit, tenant(null)), "a token without a tenant");
            identities.setIdentity(Uni.createFrom().failure(new AuthenticationFailedException("expired")));
            assertNull(limit.limit().await().indefinitely(), "a token that fails");
        }
        assertNull(call(limit, tenant("acme")), "none of those used up acme's allowance");
    }

    @Test
    void aDisabledLimitLetsEverythingThrough() {
        RateLimit limit = new RateLimit(new Config(false, 2000, 4000), identities);
        identities.setIdentity(Uni.createFrom().failure(new AssertionError("the identity is not even looked at")));
        for (int i = 0; i < 10_000; i++) {
            assertNull(limit.limit().await().indefinitely());
        }
    }
}
