package dev.northstar.reporting.console;

import dev.northstar.common.RateLimit;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is asking, in which language, and whether a write is really the page's: the session cookie (signed, HttpOnly,
 * Secure, SameSite=Lax), the language (the {@code ns_lang} cookie, else the browser's preference, else Japanese), and
 * the CSRF check of every write (the session's token in the form or the {@code X-CSRF-Token} header, and a
 * same-origin request where the browser says where it comes from).
 */
@ApplicationScoped
public class ConsoleAccess {

    public static final String SESSION_COOKIE = "ns_session";
    public static final String LANG_COOKIE = "ns_lang";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final SessionCodec codec;
    private final ConsoleConfig config;
    private final RateLimit rateLimit;

    public ConsoleAccess(SessionCodec codec, ConsoleConfig config, RateLimit rateLimit) {
        this.codec = codec;
        this.config = config;
        this.rateLimit = rateLimit;
    }

    /**
     * The session of the request, or a redirect to sign in; a tenant past its allowance (the API's per-tenant rate
     * limit, shared with its bearer requests) is a 429.
     */
    public Session session(HttpServerRequest request) {
        Session s = optionalSession(request).orElseThrow(ConsoleException::signIn);
        var wait = rateLimit.take(s.tenant());
        if (wait.isPresent()) {
            throw new ConsoleException(429, "tooMany", "retry after " + wait.getAsLong() + " s");
        }
        return s;
    }

    /** The session of the request, if it has one. */
    public Optional<Session> optionalSession(HttpServerRequest request) {
        var cookie = request.getCookie(SESSION_COOKIE);
        return cookie == null ? Optional.empty() : codec.decode(cookie.getValue());
    }

    /** A session that may read; a role without reading rights is a 403. */
    public Session reader(HttpServerRequest request) {
        Session s = session(request);
        if (!s.reader()) {
            throw ConsoleException.forbidden("needs the read or admin role");
        }
        return s;
    }

    /** An admin's session on a write that carries its CSRF token; anything else is a 403. */
    public Session adminWrite(HttpServerRequest request, String formToken) {
        Session s = session(request);
        checkCsrf(s, request, formToken);
        if (!s.admin()) {
            throw ConsoleException.forbidden("needs the admin role");
        }
        return s;
    }

    /** Any signed-in person's write (sign-out) with its CSRF token. */
    public Session write(HttpServerRequest request, String formToken) {
        Session s = session(request);
        checkCsrf(s, request, formToken);
        return s;
    }

    private static void checkCsrf(Session s, HttpServerRequest request, String formToken) {
        String given = formToken != null ? formToken : request.getHeader(CSRF_HEADER);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                s.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw ConsoleException.forbidden("the form's CSRF token is missing or wrong: reload the page");
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw ConsoleException.forbidden("a write must come from the console's own pages");
        }
    }

    /** The page language: the chosen one, else the browser's first of Japanese and English, else Japanese. */
    public static String lang(HttpServerRequest request) {
        var chosen = request.getCookie(LANG_COOKIE);
        if (chosen != null && (chosen.getValue().equals("ja") || chosen.getValue().equals("en"))) {
            return chosen.getValue();
        }
        String accept = request.getHeader("Accept-Language");
        if (accept != null) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(accept)) {
                    String l = range.getRange().toLowerCase(Locale.ROOT);
                    if (l.startsWith("ja")) {
                        return "ja";
                    }
                    if (l.startsWith("en")) {
                        return "en";
                    }
                }
            } catch (IllegalArgumentException ignored) {
                // a malformed header: the default
            }
        }
        return "ja";
    }

    /** The cookie that opens a session. */
    public NewCookie sessionCookie(Session session) {
        return cookie(SESSION_COOKIE, codec.encode(session), Duration.ofHours(config.sessionHours()));
    }

    /** The cookie that ends it. */
    public NewCookie endSession() {
        return cookie(SESSION_COOKIE, "", Duration.ZERO);
    }

    /** A console cookie: HttpOnly, Secure (unless turned off), SameSite=Lax, path /console. */
    public NewCookie cookie(String name, String value, Duration maxAge) {
        return new NewCookie.Builder(name).value(value).path("/console").httpOnly(true)
                .secure(config.secureCookies()).sameSite(NewCookie.SameSite.LAX).maxAge((int) maxAge.toSeconds())
                .build();
    }

    /**
     * A console page to send the browser to ({@code next} after signing in, {@code back} after a form, the language
     * switch's return): {@code path} when it is a path of this console — no scheme, no host, no {@code ..}, no
     * control character, under {@code /console/}, at most 500 characters, a valid URI — else {@code otherwise}. A
     * redirect never leaves the console, and a malformed value is never a 500.
     */
    static String consolePath(String path, String otherwise) {
        if (path == null || path.length() > 500 || !path.startsWith("/console/") || path.contains("//")
                || path.contains("\\") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return otherwise;
        }
        try {
            java.net.URI uri = new java.net.URI(path);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/console/") || !uri.normalize().getRawPath().equals(uri.getRawPath())
                    || uri.getRawPath().toLowerCase(Locale.ROOT).contains("%2e")
                    || uri.getRawPath().toLowerCase(Locale.ROOT).contains("%2f")) {
                return otherwise;
            }
            return path;
        } catch (java.net.URISyntaxException e) {
            return otherwise;
        }
    }
}
