package dev.northstar.common;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** The tenant a caller may touch: the {@code tenant} claim of its token, and nothing else. */
public final class Tenants {

    /** The claim that names the caller's tenant. */
    public static final String CLAIM = "tenant";

    private Tenants() {
    }

    /** The caller's tenant; a token without one is refused as unauthenticated. */
    public static String of(JsonWebToken jwt) {
        Object claim = jwt == null ? null : jwt.getClaim(CLAIM);
        String tenant = claim == null ? null : claim.toString().replace("\"", "");
        if (tenant == null || tenant.isBlank()) {
            throw new Problem.Exception(Problem.of("unauthorized", "Unauthorized", 401,
                    "The token carries no tenant claim."));
        }
        return tenant;
    }
}
