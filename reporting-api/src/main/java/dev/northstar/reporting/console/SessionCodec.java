package dev.northstar.reporting.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Session cookies: the session's claims in Base64url JSON and their HMAC-SHA256, so that a session needs no server
 * state and no replica can be asked for a session it does not know. Also signs the short-lived state of an OpenID
 * Connect sign-in. A cookie whose signature does not match, that is malformed or that has expired is no session.
 * The key is {@code northstar.console.session-key}; without one, a random key of the process.
 */
@ApplicationScoped
@Startup
public class SessionCodec {

    private static final Logger LOG = Logger.getLogger(SessionCodec.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> LOCAL_PROFILES = Set.of("local", "dev", "test");

    private final byte[] key;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public SessionCodec(ConsoleConfig config) {
        this(config, ConfigUtils.getProfiles());
    }

    /** Checks the settings against the active profiles: production is any profile but local, dev and test. */
    SessionCodec(ConsoleConfig config, List<String> profiles) {
        boolean production = profiles.stream().noneMatch(LOCAL_PROFILES::contains);
        if (production && config.localSignIn()) {
            throw new IllegalStateException("northstar.console.local-sign-in is a local-development mechanism: the"
                    + " production profile refuses it (only the profiles local, dev and test may turn it on)");
        }
        if (production && config.sessionKey().isEmpty() && config.oidc() != null && config.oidc().enabled()) {
            throw new IllegalStateException("northstar.console.session-key (NORTHSTAR_CONSOLE_SESSION_KEY, 32 random"
                    + " bytes in Base64, the same for every replica) is required with OIDC sign-in in production");
        }
        if (config.sessionKey().isPresent()) {
            key = Base64.getDecoder().decode(config.sessionKey().get().strip());
            if (key.length < 32) {
                throw new IllegalStateException("northstar.console.session-key must be at least 32 bytes (Base64)");
            }
        } else {
            key = new byte[32];
            RANDOM.nextBytes(key);
            String message = "console sessions are signed with a random key of this process: they end when it stops"
                    + " and are not shared with other replicas (set NORTHSTAR_CONSOLE_SESSION_KEY)";
            if (production) {
                LOG.warn(message);
            } else {
                LOG.info(message);
            }
        }
    }

    /** A fresh random token (CSRF tokens, OIDC state and nonce, PKCE verifiers). */
    public static String randomToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** The cookie value of a session. */
    public String encode(Session session) {
        return sign(session);
    }

    /** The session of a cookie value, when it is authentic and not expired. */
    public Optional<Session> decode(String cookie) {
        return verify(cookie, Session.class).filter(s -> s.expires() > Instant.now().getEpochSecond()
                && s.tenant() != null && !s.tenant().isBlank() && s.csrf() != null && s.groups() != null);
    }

    /**
     * A signed value of any JSON-able record (the OIDC sign-in state). The signature covers the record's type, so
     * that a value signed as one kind (a sign-in's state) never reads back as another (a session).
     */
    public String sign(Object value) {
        try {
            String payload = B64.encodeToString(json.writeValueAsBytes(value));
            return payload + "." + B64.encodeToString(mac(value.getClass().getSimpleName(), payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of a signed text, when its signature matches. */
    public <T> Optional<T> verify(String signed, Class<T> type) {
        if (signed == null || signed.length() > 8192) {
            return Optional.empty();
        }
        int dot = signed.indexOf('.');
        if (dot <= 0 || dot != signed.lastIndexOf('.')) {
            return Optional.empty();
        }
        String payload = signed.substring(0, dot);
        try {
            byte[] given = D64.decode(signed.substring(dot + 1));
            if (!MessageDigest.isEqual(given, mac(type.getSimpleName(), payload))) {
                return Optional.empty();
            }
            return Optional.of(json.readValue(D64.decode(payload), type));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String purpose, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((purpose + ":").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
