package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

class TenantsTest {

    /** A verified token as smallrye-jwt hands it to a resource, with these claims. */
    private static JsonWebToken token(Map<String, Object> claims) {
        JwtClaims c = new JwtClaims();
        c.setIssuer("https://northstar.dev/issuer");
        c.setSubject("someone");
        claims.forEach(c::setClaim);
        return new DefaultJWTCallerPrincipal("JWT", c);
    }

    private static void refused(JsonWebToken jwt) {
        Problem.Exception e = assertThrows(Problem.Exception.class, () -> Tenants.of(jwt));
        assertEquals(401, e.problem().status());
        assertEquals(Problem.BASE + "unauthorized", e.problem().type());
        assertEquals("The token carries no tenant claim.", e.problem().detail());
    }

    @Test
    void theTenantIsTheTenantClaim() {
        assertEquals("acme", Tenants.of(token(Map.of("tenant", "acme", "groups", List.of("read")))));
        assertEquals("globex-2", Tenants.of(token(Map.of("tenant", "globex-2"))));
    }

    @Test
    void aTokenWithoutATenantIsRefusedAsUnauthenticated() {
        refused(token(Map.of("groups", List.of("read"))));
        refused(token(Map.of("tenant", "")));
        refused(token(Map.of("tenant", "   ")));
        refused(null);
    }

    @Test
    void aTenantClaimThatIsNotTextIsRefused() {
        refused(token(Map.of("tenant", List.of("acme", "globex"))));
        refused(token(Map.of("tenant", Map.of("id", "acme"))));
        refused(token(Map.of("tenant", 42)));
        refused(token(Map.of("tenant", true)));
    }

    @Test
    void aTenantIsNeverRewrittenIntoAnotherOne() {
        // stripping the quotes would let a token of tenant ac"me act for tenant acme
        assertEquals("ac\"me", Tenants.of(token(Map.of("tenant", "ac\"me"))));
    }
}
