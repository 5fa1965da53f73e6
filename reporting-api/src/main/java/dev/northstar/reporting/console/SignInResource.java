package dev.northstar.reporting.console;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Signing in to the console. Production: OpenID Connect authorization code flow with PKCE (state, nonce and
 * verifier in a signed, short-lived cookie; the ID token verified against the provider's keys, issuer and this
 * client as audience); the tenant, roles and teams come from the ID token's claims as they come from a bearer
 * token's. The local stack: a one-click link carrying a token of this service's issuer, refused unless
 * {@code northstar.console.local-sign-in} is on (which the production profile refuses).
 *
 * <p>These endpoints need no session (they make one): they are open ({@code @PermitAll}) and check what they are
 * given themselves.
 */
@Path("/console/sign-in")
@PermitAll
public class SignInResource {

    private static final Logger LOG = Logger.getLogger(SignInResource.class);
    static final String OIDC_COOKIE = "ns_oidc";
    private static final Set<String> CONSOLE_ROLES = Set.of("read", "admin");

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signIn(Chrome chrome, boolean oidc, boolean local, String next, String error);
    }

    private final ConsoleConfig config;
    private final ConsoleAccess access;
    private final SessionCodec codec;
    private final JWTParser parser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Discovery> discovered = new ConcurrentHashMap<>();

    public SignInResource(ConsoleConfig config, ConsoleAccess access, SessionCodec codec, JWTParser parser) {
        this.config = config;
        this.access = access;
        this.codec = codec;
        this.parser = parser;
    }

    /** What an OIDC sign-in remembers between the redirect and the callback. */
    public record Pending(String state, String nonce, String verifier, String next, long expires) {
    }

    /** The provider's endpoints, and how its ID tokens are verified (its keys, issuer and our client id). */
    record Discovery(String issuer, String authorization, String token, JWTAuthContextInfo verification) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@Context HttpServerRequest request, @QueryParam("next") String next,
            @QueryParam("error") String error) {
        String lang = ConsoleAccess.lang(request);
        return Templates.signIn(Chrome.anonymous(lang, "/console/sign-in"), config.oidc().enabled(), config.localSignIn(),
                enc(safeNext(next)), error == null ? null : error.length() > 40 ? "failed" : error)
                .setLocale(lang);
    }

    @GET
    @Path("/local")
    public Response local(@QueryParam("token") String token, @QueryParam("next") String next) {
        if (!config.localSignIn()) {
            throw ConsoleException.notFound();
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token == null ? "" : token);
        } catch (ParseException e) {
            LOG.debugf("local sign-in refused: %s", e.getMessage());
            return redirect("/console/sign-in?error=token").build();
        }
        TeamScope scope;
        try {
            scope = TeamScope.of(jwt); // a teams claim of another type than a list of ids is refused, as by /v1
        } catch (Problem.Exception e) {
            return redirect("/console/sign-in?error=token").build();
        }
        return open(jwt.getSubject(), jwt.getClaim("upn"), jwt.getClaim("tenant"), jwt.getClaim("groups"), scope,
                safeNext(next));
    }

    @GET
    @Path("/oidc")
    public Response oidc(@QueryParam("next") String next) {
        if (!config.oidc().enabled()) {
            throw ConsoleException.notFound();
        }
        Discovery d = discovery();
        if (d == null) {
            return redirect("/console/sign-in?error=provider").build();
        }
        Pending pending = new Pending(SessionCodec.randomToken(), SessionCodec.randomToken(),
                SessionCodec.randomToken() + SessionCodec.randomToken(), safeNext(next),
                Instant.now().plusSeconds(600).getEpochSecond());
        String url = d.authorization() + (d.authorization().contains("?") ? "&" : "?")
                + "response_type=code&client_id=" + enc(config.oidc().clientId().orElseThrow())
                + "&redirect_uri=" + enc(redirectUri()) + "&scope=" + enc(String.join(" ", config.oidc().scopes()))
                + "&state=" + enc(pending.state()) + "&nonce=" + enc(pending.nonce())
                + "&code_challenge=" + enc(challenge(pending.verifier())) + "&code_challenge_method=S256";
        return Response.status(302).location(URI.create(url))
                .cookie(access.cookie(OIDC_COOKIE, codec.sign(pending), Duration.ofMinutes(10)))
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/oidc/callback")
    public Response callback(@Context HttpServerRequest request, @QueryParam("code") String code,
            @QueryParam("state") String state, @QueryParam("error") String error) {
        if (!config.oidc().enabled()) {
            throw ConsoleException.notFound();
        }
        var cookie = request.getCookie(OIDC_COOKIE);
        Pending pending = cookie == null ? null : codec.verify(cookie.getValue(), Pending.class)
                .filter(p -> p.expires() > Instant.now().getEpochSecond()).orElse(null);
        if (error != null || code == null || pending == null || state == null
                || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                        pending.state().getBytes(StandardCharsets.UTF_8))) {
            return redirect("/console/sign-in?error=" + (error != null ? "provider" : "state")).cookie(clearOidc())
                    .build();
        }
        Discovery d = discovery();
        if (d == null) {
            return redirect("/console/sign-in?error=provider").cookie(clearOidc()).build();
        }
        JsonWebToken id;
        try {
            String idToken = exchange(d, code, pending.verifier());
            id = parser.parse(idToken, d.verification());
        } catch (ParseException | IOException e) {
            LOG.warnf("OIDC sign-in refused: %s", e.getMessage());
            return redirect("/console/sign-in?error=token").cookie(clearOidc()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!pending.nonce().equals(id.getClaim("nonce"))) {
            LOG.warn("OIDC sign-in refused: the ID token's nonce is not this sign-in's");
            return redirect("/console/sign-in?error=token").cookie(clearOidc()).build();
        }
        var o = config.oidc();
        TeamScope scope;
        try {
            // a teams claim present as JSON null or of another type than a list of ids limits to nothing: refused
            scope = TeamScope.of(id, o.teamsClaim());
        } catch (Problem.Exception e) {
            LOG.warnf("OIDC sign-in refused: the ID token's %s claim is not a list of team ids", o.teamsClaim());
            return redirect("/console/sign-in?error=token").cookie(clearOidc()).build();
        }
        Object name = id.getClaim(o.nameClaim());
        return open(id.getSubject(), name == null ? id.getClaim("preferred_username") : name, id.getClaim(o.tenantClaim()),
                id.getClaim(o.groupsClaim()), scope, pending.next());
    }

    @POST
    @Path("/out")
    public Response signOut(@Context HttpServerRequest request, @FormParam("_csrf") String csrf) {
        access.write(request, csrf);
        return redirect("/console/sign-in").cookie(access.endSession()).build();
    }

    /** Opens a session from a verified token's claims; a token without a tenant or a reading role opens none. */
    private Response open(String subject, Object name, Object tenant, Object groups, TeamScope teams, String next) {
        String tenantText = text(tenant);
        List<String> roles = strings(groups).stream().filter(CONSOLE_ROLES::contains).toList();
        if (tenantText == null || tenantText.isBlank() || roles.isEmpty()) {
            return redirect("/console/sign-in?error=role").cookie(clearOidc()).build();
        }
        List<String> limited = teams.limited() ? List.copyOf(teams.teams()) : null;
        Session session = new Session(subject == null ? "?" : subject, text(name), tenantText, roles, limited,
                SessionCodec.randomToken(), Instant.now().plus(Duration.ofHours(config.sessionHours())).getEpochSecond());
        return redirect(next).cookie(access.sessionCookie(session), clearOidc()).header("Referrer-Policy", "no-referrer")
                .build();
    }

    private jakarta.ws.rs.core.NewCookie clearOidc() {
        return access.cookie(OIDC_COOKIE, "", Duration.ZERO);
    }

    private static Response.ResponseBuilder redirect(String to) {
        return Response.seeOther(URI.create(to)).header("Cache-Control", "no-store");
    }

    /** Where to go after signing in: a console path, never another site. */
    static String safeNext(String next) {
        String to = ConsoleAccess.consolePath(next, "/console/");
        return to.startsWith("/console/sign-in") ? "/console/" : to;
    }

    private String redirectUri() {
        return config.oidc().redirectUri().orElseThrow(() -> new IllegalStateException(
                "northstar.console.oidc.redirect-uri is required with OIDC sign-in"));
    }

    /**
     * The provider's discovery document, fetched once and kept; {@code null} while the provider cannot be reached
     * or answers something else (the sign-in page then says so, and the next sign-in asks again). The fetch holds
     * no lock: two first sign-ins at once may both ask, and the first answer is kept.
     */
    private Discovery discovery() {
        String issuer = config.oidc().issuer().orElseThrow();
        Discovery known = discovered.get(issuer);
        if (known != null) {
            return known;
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                LOG.warnf("OIDC discovery of %s answered %d", base, r.statusCode());
                return null;
            }
            var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            String declared = doc.path("issuer").asText(null);
            String authorization = doc.path("authorization_endpoint").asText(null);
            String token = doc.path("token_endpoint").asText(null);
            String jwks = doc.path("jwks_uri").asText(null);
            if (declared == null || !declared.equals(issuer)) {
                LOG.warnf("OIDC discovery of %s names another issuer: %s", base, declared);
                return null;
            }
            if (!https(authorization) || !https(token) || !https(jwks)) {
                LOG.warnf("OIDC discovery of %s lacks an endpoint or names one that is not a URL", base);
                return null;
            }
            JWTAuthContextInfo verification = new JWTAuthContextInfo(jwks, declared);
            verification.setExpectedAudience(Set.of(config.oidc().clientId().orElseThrow()));
            Discovery d = new Discovery(declared, authorization, token, verification);
            Discovery first = discovered.putIfAbsent(issuer, d);
            return first != null ? first : d;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("OIDC discovery of %s failed: %s", base, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An absolute http(s) URL (the provider's endpoints; plain http only makes sense for a local provider). */
    private static boolean https(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI u = new URI(url);
            return u.getHost() != null && ("https".equals(u.getScheme()) || "http".equals(u.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private String exchange(Discovery d, String code, String verifier) throws IOException, InterruptedException {
        var o = config.oidc();
        String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirectUri())
                + "&code_verifier=" + enc(verifier) + "&client_id=" + enc(o.clientId().orElseThrow());
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(d.token())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        o.clientSecret().ifPresent(secret -> req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (enc(o.clientId().orElseThrow()) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("the token endpoint answered " + r.statusCode());
        }
        String idToken = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("id_token")
                .asText(null);
        if (idToken == null) {
            throw new IOException("the token endpoint sent no id_token");
        }
        return idToken;
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String text(Object claim) {
        return claim instanceof String s ? s : claim instanceof JsonString j ? j.getString() : null;
    }

    /** The texts of a list claim (a JSON array, a collection or one text); anything else is no text. */
    private static List<String> strings(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        } else if (claim instanceof Collection<?> c) {
            c.forEach(v -> {
                String t = text(v);
                if (t != null) {
                    out.add(t);
                }
            });
        } else if (text(claim) != null) {
            out.add(text(claim));
        }
        return out;
    }
}
