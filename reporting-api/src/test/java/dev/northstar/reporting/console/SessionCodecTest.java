package dev.northstar.reporting.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session cookie's signature and expiry, and the local sign-in's refusal in production. */
class SessionCodecTest {

    static ConsoleConfig config(boolean local, String key) {
        return config(local, key, false);
    }

    static ConsoleConfig config(boolean local, String key, boolean oidc) {
        ConsoleConfig.Oidc provider = !oidc ? null : (ConsoleConfig.Oidc) java.lang.reflect.Proxy.newProxyInstance(
                ConsoleConfig.Oidc.class.getClassLoader(), new Class<?>[] {ConsoleConfig.Oidc.class},
                (proxy, method, args) -> method.isDefault()
                        ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                        : switch (method.getName()) {
                            case "issuer" -> Optional.of("https://login.example.com/realms/x");
                            case "clientId" -> Optional.of("northstar-console");
                            default -> Optional.empty();
                        });
        return new ConsoleConfig() {
            public boolean localSignIn() {
                return local;
            }

            public Optional<String> sessionKey() {
                return Optional.ofNullable(key);
            }

            public int sessionHours() {
                return 8;
            }

            public boolean secureCookies() {
                return true;
            }

            public Oidc oidc() {
                return provider;
            }
        };
    }

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void theProductionProfileRefusesTheLocalSignIn() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SessionCodec(config(true, KEY), List.of("prod")));
        assertTrue(e.getMessage().contains("local-sign-in"), e.getMessage());
        // any profile that is not local, dev or test is production
        assertThrows(IllegalStateException.class, () -> new SessionCodec(config(true, null), List.of("staging")));
        new SessionCodec(config(true, null), List.of("local"));
        new SessionCodec(config(true, null), List.of("test"));
        new SessionCodec(config(false, null), List.of("prod"));
    }

    @Test
    void productionWithOidcNeedsASessionKeySharedByItsReplicas() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SessionCodec(config(false, null, true), List.of("prod")));
        assertTrue(e.getMessage().contains("session-key"), e.getMessage());
        new SessionCodec(config(false, KEY, true), List.of("prod"));
        new SessionCodec(config(false, null, true), List.of("dev"));
    }

    @Test
    void aValueSignedAsOneKindNeverReadsBackAsAnother() {
        SessionCodec codec = new SessionCodec(config(false, KEY), List.of("prod"));
        // a record with a session's members, signed as something else (as a sign-in's state is)
        record Lookalike(String subject, String name, String tenant, List<String> groups, List<String> teams,
                String csrf, long expires) {
        }
        String signed = codec.sign(new Lookalike("u", null, "acme", List.of("admin"), null, "c",
                Instant.now().plusSeconds(600).getEpochSecond()));
        assertEquals(Optional.empty(), codec.decode(signed));
        assertTrue(codec.verify(signed, Lookalike.class).isPresent());
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalStateException.class, () -> new SessionCodec(config(false,
                Base64.getEncoder().encodeToString(new byte[16])), List.of("prod")));
    }

    @Test
    void aSessionReadsBackOnlyWithItsSignatureAndBeforeItExpires() {
        SessionCodec codec = new SessionCodec(config(false, KEY), List.of("prod"));
        long later = Instant.now().plusSeconds(600).getEpochSecond();
        Session s = new Session("u", "名前", "acme", List.of("read"), List.of("alpha"), "csrf-1", later);
        String cookie = codec.encode(s);
        assertEquals(Optional.of(s), codec.decode(cookie));
        // another key's cookie, a changed payload, a changed signature, an expired session: none
        SessionCodec other = new SessionCodec(config(false, Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
            31, 32})), List.of("prod"));
        assertEquals(Optional.empty(), other.decode(cookie));
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"subject\":\"u\",\"tenant\":\"other\",\"groups\":[\"admin\"],\"csrf\":\"x\",\"expires\":9999999999}"
                        .getBytes()) + cookie.substring(cookie.indexOf('.'));
        assertEquals(Optional.empty(), codec.decode(forgedPayload));
        assertEquals(Optional.empty(), codec.decode(cookie.substring(0, cookie.length() - 2) + "AA"));
        Session expired = new Session("u", null, "acme", List.of("read"), null, "c", Instant.now().minusSeconds(1)
                .getEpochSecond());
        assertEquals(Optional.empty(), codec.decode(codec.encode(expired)));
        assertEquals(Optional.empty(), codec.decode("no-dot"));
        assertEquals(Optional.empty(), codec.decode(null));
    }
}
