package dev.northstar.common;

import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The tenant a caller may touch: the {@code tenant} claim of its token, and nothing else. */
public final class Tenants {

    /** The claim that names the caller's tenant. */
    public static final String CLAIM = "tenant";

    private Tenants() {
    }

    /**
     * The caller's tenant, exactly as the claim's text says; a token without one, or whose claim is not text (a
     * number, a list), is refused as unauthenticated.
     */
    public static String of(JsonWebToken jwt) {
        Object claim = jwt == null ? null : jwt.getClaim(CLAIM);
        String tenant = claim instanceof String s ? s : claim instanceof JsonString json ? json.getString() : null;
        if (tenant == null || tenant.isBlank()) {
            throw new Problem.Exception(Problem.of("unauthorized", "Unauthorized", 401,
                    "The token carries no tenant claim."));
        }
        return tenant;
    }
}
