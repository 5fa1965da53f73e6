package dev.northstar.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local-development signing keys: an RSA key pair generated on first use in a local folder (never
 * committed), and RS256 JWTs signed with it carrying the {@code tenant} and {@code groups} claims that every
 * service verifies, and optionally the {@code teams} claim that limits a token to some teams of its tenant.
 * Production verifies tokens of a real issuer instead (a public key or JWKS URL in config).
 */
public final class LocalKeys {

    /** The issuer of local tokens; services of the local stack and the tests expect it. */
    public static final String ISSUER = "https://northstar.local/dev";
    /** The audience of local tokens: the services check that a token was issued for Northstar. */
    public static final String AUDIENCE = "northstar";
    /** The longest a local token may live; the services refuse longer-lived tokens whoever issued them. */
    public static final Duration MAX_TTL = Duration.ofHours(24);
    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";

    /** The local key that encrypts connector secrets (kpi-ingest's northstar.connectors.secret-key). */
    public static final String CONNECTOR_KEY_FILE = "connector-key";

    private final PrivateKey privateKey;
    private final Path publicKeyFile;

    private LocalKeys(PrivateKey privateKey, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKeyFile = publicKeyFile;
    }

    /**
     * The local stack's connector key (base64 of 32 random bytes, made on first use next to the JWT keys): a
     * local-development key, never in the repository.
     */
    public synchronized String connectorKey() {
        Path file = publicKeyFile.resolveSibling(CONNECTOR_KEY_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the key pair from {@code dir}, generating it first if it is not there. */
    public static synchronized LocalKeys loadOrCreate(Path dir) {
        try {
            Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
            Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                Files.createDirectories(dir);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Path tmpPrivate = Files.createTempFile(dir, "key", ".tmp");
                Path tmpPublic = Files.createTempFile(dir, "key", ".tmp");
                Files.writeString(tmpPrivate, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(tmpPublic, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.move(tmpPublic, publicFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmpPrivate, privateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            byte[] der = unpem(Files.readString(privateFile));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new LocalKeys(key, publicFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM file that services are configured to verify with. */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** A signed token for {@code tenant} with {@code groups}, valid for {@code ttl}. */
    public String token(String tenant, Collection<String> groups, Duration ttl) {
        return sign(privateKey, ISSUER, tenant, groups, Instant.now(), ttl);
    }

    /**
     * A signed token for {@code tenant} with {@code groups}, limited to {@code teams} (the {@code teams} claim, an
     * array; empty: no team at all; {@code null}: no claim, every team of the tenant), valid for {@code ttl}.
     */
    public String token(String tenant, Collection<String> groups, Collection<String> teams, Duration ttl) {
        return sign(privateKey, ISSUER, AUDIENCE, tenant, groups, teams, Instant.now(), ttl);
    }

    /** A token signed with the trusted key but issued at {@code issuedAt} (for tests of expired tokens). */
    public String tokenAt(String tenant, Collection<String> groups, Instant issuedAt, Duration ttl) {
        return sign(privateKey, ISSUER, tenant, groups, issuedAt, ttl);
    }

    /** Signs an RS256 JWT for Northstar's audience; exposed so that tests can forge expired tokens and other keys'. */
    public static String sign(PrivateKey key, String issuer, String tenant, Collection<String> groups, Instant issuedAt,
            Duration ttl) {
        return sign(key, issuer, AUDIENCE, tenant, groups, issuedAt, ttl);
    }

    /** Signs an RS256 JWT for {@code audience} ({@code null}: no {@code aud} claim), for tests of the audience rule. */
    public static String sign(PrivateKey key, String issuer, String audience, String tenant, Collection<String> groups,
            Instant issuedAt, Duration ttl) {
        return sign(key, issuer, audience, tenant, groups, null, issuedAt, ttl);
    }

    /**
     * Signs an RS256 JWT for {@code audience} ({@code null}: no {@code aud} claim) with a {@code teams} claim of these
     * ids ({@code null}: no {@code teams} claim).
     */
    public static String sign(PrivateKey key, String issuer, String audience, String tenant, Collection<String> groups,
            Collection<String> teams, Instant issuedAt, Duration ttl) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groupsJson = groups.stream().map(g -> "\"" + g.replace("\"", "") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        String aud = audience == null ? "" : ",\"aud\":\"" + audience.replace("\"", "") + "\"";
        String payload = "{\"iss\":\"" + issuer + "\"" + aud + ",\"sub\":\"" + tenant + "-user\",\"upn\":\"" + tenant
                + "-user\",\"tenant\":\"" + tenant.replace("\"", "") + "\",\"groups\":" + groupsJson
                + (teams == null ? "" : ",\"teams\":" + teams.stream().map(LocalKeys::jsonString)
                        .collect(Collectors.joining(",", "[", "]")))
                + ",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + issuedAt.plus(ttl).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh key pair that no service trusts (for tests of wrong signatures). */
    public static PrivateKey strangerKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** A JSON string of {@code text}: team ids are kept exactly as they are, quotes and backslashes escaped. */
    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
