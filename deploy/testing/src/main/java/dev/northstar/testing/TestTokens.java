package dev.northstar.testing;

import dev.northstar.infra.LocalKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Signed tokens for tests, from the same local keys that {@link NorthstarInfra} configures the service with. */
public final class TestTokens {

    private TestTokens() {
    }

    static Path infraDir() {
        return Path.of(System.getProperty("user.dir"), "target", "test-infra");
    }

    /** The module's test keys (generated on first use under {@code target/test-infra/keys}). */
    public static LocalKeys keys() {
        return LocalKeys.loadOrCreate(infraDir().resolve("keys"));
    }

    /** A valid token of {@code tenant} with {@code roles}. */
    public static String token(String tenant, String... roles) {
        return keys().token(tenant, List.of(roles), Duration.ofHours(1));
    }

    /** A token that expired an hour ago. */
    public static String expired(String tenant, String... roles) {
        return LocalKeys.sign(keys().privateKey(), LocalKeys.ISSUER, tenant, List.of(roles),
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
    }

    /** A token signed by a key that no service trusts. */
    public static String wrongSignature(String tenant, String... roles) {
        return LocalKeys.sign(LocalKeys.strangerKey(), LocalKeys.ISSUER, tenant, List.of(roles), Instant.now(),
                Duration.ofHours(1));
    }

    /** A token signed by the trusted key for another audience ({@code null}: without an audience). */
    public static String forAudience(String audience, String tenant, String... roles) {
        return LocalKeys.sign(keys().privateKey(), LocalKeys.ISSUER, audience, tenant, List.of(roles), Instant.now(),
                Duration.ofHours(1));
    }

    /** A token signed by the trusted key, valid now, but issued for longer than a token may be ({@code ttl}). */
    public static String issuedFor(Duration ttl, String tenant, String... roles) {
        return LocalKeys.sign(keys().privateKey(), LocalKeys.ISSUER, tenant, List.of(roles), Instant.now(), ttl);
    }

    /** An unsigned token ({@code alg: none}). */
    public static String unsigned(String tenant, String... roles) {
        String signed = token(tenant, roles);
        String payload = signed.split("\\.")[1];
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
