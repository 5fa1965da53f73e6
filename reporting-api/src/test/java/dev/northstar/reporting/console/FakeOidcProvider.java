package dev.northstar.reporting.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect provider for tests: discovery, its key set, and a token endpoint that checks the client's secret
 * and the PKCE verifier and answers once per code with an RS256 ID token. A test hands out codes with
 * {@link #issue} (what the provider's login page would do) and says what the ID token carries.
 */
public class FakeOidcProvider implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "northstar-console";
    static final String CLIENT_SECRET = "test-only-secret";
    private static final Map<String, Grant> GRANTS = new ConcurrentHashMap<>();
    private static volatile String issuer;
    private static KeyPair keys;
    private HttpServer server;

    /** What a code stands for: the challenge of its sign-in and the ID token's claims (JSON members). */
    record Grant(String challenge, String claims) {
    }

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            keys = g.generateKeyPair();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
            server.createContext("/realms/test/.well-known/openid-configuration", x -> send(x, 200, "{\"issuer\":\""
                    + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\""
                    + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}"));
            server.createContext("/realms/test/jwks", x -> send(x, 200, jwks()));
            server.createContext("/realms/test/token", this::token);
            server.start();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("northstar.console.oidc.issuer", issuer);
        config.put("northstar.console.oidc.client-id", CLIENT_ID);
        config.put("northstar.console.oidc.client-secret", CLIENT_SECRET);
        config.put("northstar.console.oidc.redirect-uri", "http://localhost/console/sign-in/oidc/callback");
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A code for the sign-in with this PKCE challenge, whose ID token carries these claims. */
    static String issue(String challenge, String claims) {
        String code = UUID.randomUUID().toString();
        GRANTS.put(code, new Grant(challenge, claims));
        return code;
    }

    /** The standard claims of an ID token for the console's client, issued now, and {@code extra} members. */
    static String claims(String nonce, String audience, String extra) {
        long now = Instant.now().getEpochSecond();
        return "\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"user-1\",\"nonce\":\"" + nonce
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 300) + (extra.isEmpty() ? "" : "," + extra);
    }

    private void token(HttpExchange x) throws IOException {
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> p = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            p.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            send(x, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant grant = GRANTS.remove(p.getOrDefault("code", ""));
        if (grant == null || !"authorization_code".equals(p.get("grant_type"))
                || !grant.challenge().equals(challenge(p.getOrDefault("code_verifier", "")))) {
            send(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        send(x, 200, "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\",\"id_token\":\"" + sign("{"
                + grant.claims() + "}") + "\"}");
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"fake-1\"}"
                .getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwks() {
        RSAPublicKey k = (RSAPublicKey) keys.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"fake-1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + b64.encodeToString(unsigned(k.getModulus().toByteArray())) + "\",\"e\":\""
                + b64.encodeToString(unsigned(k.getPublicExponent().toByteArray())) + "\"}]}";
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
