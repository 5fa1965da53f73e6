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

    /**
     * A valid token of {@code tenant} with {@code roles}, limited to {@code teams} (its {@code teams} claim: an array
     * of these ids; none: no team at all), like a partner firm's user.
     */
    public static String limited(List<String> teams, String tenant, String... roles) {
        return keys().token(tenant, List.of(roles), teams, Duration.ofHours(1));
    }

    /**
     * A token of {@code tenant} with {@code roles} signed by the trusted key, whose {@code teams} claim is this JSON as
     * it is (a number, an object, an array of numbers...): for tests of claims of the wrong type.
     */
    public static String withTeamsClaim(String teamsJson, String tenant, String... roles) {
        String[] parts = token(tenant, roles).split("\\.");
        java.util.Base64.Decoder decoder = java.util.Base64.getUrlDecoder();
        java.util.Base64.Encoder encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        String payload = new String(decoder.decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        payload = payload.substring(0, payload.length() - 1) + ",\"teams\":" + teamsJson + "}";
        String input = parts[0] + "."
                + encoder.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
            signature.initSign(keys().privateKey());
            signature.update(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return input + "." + encoder.encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
