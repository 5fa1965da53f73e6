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
                return null;
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
