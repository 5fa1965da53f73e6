package dev.northstar.reporting.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** How people sign in to the console, and how long a session lasts (docs/console.md). */
@ConfigMapping(prefix = "northstar.console")
public interface ConsoleConfig {

    /**
     * The local stack's one-click sign-in: {@code /console/sign-in/local?token=<a token of this service's issuer>}
     * opens a session with that token's tenant, roles and teams. Off unless the local stack turns it on; the
     * production profile refuses to start with it on.
     */
    @WithDefault("false")
    boolean localSignIn();

    /**
     * The key that signs session cookies (Base64, at least 32 bytes; NORTHSTAR_CONSOLE_SESSION_KEY). Required in
     * production (replicas must share it); elsewhere a random key per start, so sessions end with the process.
     */
    Optional<String> sessionKey();

    /** How long a session lasts, in hours. */
    @WithDefault("8")
    int sessionHours();

    /** Whether cookies carry {@code Secure} (browsers honour it on http://localhost too). */
    @WithDefault("true")
    boolean secureCookies();

    /** OpenID Connect authorization-code sign-in. */
    Oidc oidc();

    /** An OpenID Connect provider; the tenant, roles and teams come from the ID token's claims. */
    interface Oidc {

        /** The issuer; its {@code /.well-known/openid-configuration} names the endpoints and the keys. */
        Optional<String> issuer();

        /** The client id registered at the provider (the ID token's audience). */
        Optional<String> clientId();

        /** The client secret (client_secret_basic); NORTHSTAR_CONSOLE_OIDC_CLIENT_SECRET. */
        Optional<String> clientSecret();

        /** The callback URL registered at the provider, e.g. https://northstar.example.com/console/sign-in/oidc/callback. */
        Optional<String> redirectUri();

        @WithDefault("openid,profile,email")
        List<String> scopes();

        /** The claim that names the tenant. */
        @WithDefault("tenant")
        String tenantClaim();

        /** The claim that lists the roles (read, admin). */
        @WithDefault("groups")
        String groupsClaim();

        /** The claim that limits a user to some teams (absent: every team of the tenant). */
        @WithDefault("teams")
        String teamsClaim();

        /** The claim shown as the user's name. */
        @WithDefault("name")
        String nameClaim();

        default boolean enabled() {
            return issuer().isPresent() && clientId().isPresent();
        }
    }
}
