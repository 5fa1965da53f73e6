package dev.northstar.reporting.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.testing.NorthstarInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signing in to the console with OpenID Connect's authorization code flow against a provider of the test
 * ({@link FakeOidcProvider}): the redirect carries state, nonce and a PKCE challenge; the callback exchanges the code
 * with the client's secret and the verifier and opens a session from the ID token's tenant, roles, teams and name —
 * and refuses a forged state, another client's token, a replayed nonce, a reused code and a token without a tenant.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
@QuarkusTestResource(FakeOidcProvider.class)
class ConsoleOidcTest {

    @Inject
    SessionCodec codec;

    /** The parameters of the redirect to the provider, and the cookie that remembers them. */
    record Started(Map<String, String> query, Cookie pending) {
        String state() {
            return query.get("state");
        }
    }

    private static Started start(String next) {
        Response r = given().redirects().follow(false).queryParam("next", next).get("/console/sign-in/oidc");
        assertEquals(302, r.statusCode());
        URI location = URI.create(r.header("Location"));
        Map<String, String> query = new HashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        assertTrue(location.toString().endsWith("") && location.getPath().endsWith("/realms/test/authorize"), location.toString());
        return new Started(query, r.detailedCookie(SignInResource.OIDC_COOKIE));
    }

    private static Response callback(Started s, String code, String state) {
        var spec = given().redirects().follow(false).queryParam("code", code).queryParam("state", state);
        if (s.pending() != null) {
            spec = spec.cookie(s.pending());
        }
        return spec.get("/console/sign-in/oidc/callback");
    }

    private static String session(Response r) {
        Cookie c = r.getDetailedCookies().get(ConsoleAccess.SESSION_COOKIE);
        return c == null ? null : c.getValue().isEmpty() ? null : c.getValue();
    }

    @Test
    void theCodeFlowOpensASessionFromTheIdTokensClaims() {
        Started s = start("/console/insights");
        assertEquals("code", s.query().get("response_type"));
        assertEquals(FakeOidcProvider.CLIENT_ID, s.query().get("client_id"));
        assertEquals("S256", s.query().get("code_challenge_method"));
        assertTrue(s.query().get("scope").contains("openid"));
        assertNotNull(s.query().get("nonce"));
        assertTrue(s.pending().isHttpOnly());
        String code = FakeOidcProvider.issue(s.query().get("code_challenge"), FakeOidcProvider.claims(
                s.query().get("nonce"), FakeOidcProvider.CLIENT_ID,
                "\"tenant\":\"console\",\"groups\":[\"admin\",\"ingest\"],\"name\":\"山田 花子\""));
        Response r = callback(s, code, s.state());
        assertEquals(303, r.statusCode());
        assertTrue(r.header("Location").endsWith("/console/insights"), r.header("Location"));
        String cookie = session(r);
        assertNotNull(cookie);
        String html = given().cookie(ConsoleAccess.SESSION_COOKIE, cookie).get("/console/insights").then()
                .statusCode(200).extract().asString();
        assertTrue(html.contains("山田 花子"), html);
        assertTrue(html.contains("<span class=\"tenant\">console</span>"), html);
        // an admin: the role came through (ingest is not a console role and is dropped)
        assertTrue(html.contains("<span class=\"role\">admin</span>"), html);
        // the code was used once: a second exchange is refused
        Response again = callback(s, code, s.state());
        assertNull(session(again));
        assertTrue(again.header("Location").contains("/console/sign-in?error="), again.header("Location"));
    }

    @Test
    void aForgedStateAMissingCookieAnotherClientsTokenOrAnotherNonceOpenNoSession() {
        // a state that is not this browser's
        Started s1 = start("/console/");
        String code1 = FakeOidcProvider.issue(s1.query().get("code_challenge"), FakeOidcProvider.claims(
                s1.query().get("nonce"), FakeOidcProvider.CLIENT_ID, "\"tenant\":\"console\",\"groups\":[\"read\"]"));
        Response forged = callback(s1, code1, "forged-state");
        assertNull(session(forged));
        assertTrue(forged.header("Location").contains("error=state"));
        // no cookie of the sign-in (another browser: login CSRF)
        Response cookieless = callback(new Started(s1.query(), null), code1, s1.state());
        assertNull(session(cookieless));
        // an ID token issued for another client
        Started s2 = start("/console/");
        String code2 = FakeOidcProvider.issue(s2.query().get("code_challenge"), FakeOidcProvider.claims(
                s2.query().get("nonce"), "another-app", "\"tenant\":\"console\",\"groups\":[\"read\"]"));
        Response aud = callback(s2, code2, s2.state());
        assertNull(session(aud));
        assertTrue(aud.header("Location").contains("error=token"));
        // an ID token of another sign-in (its nonce)
        Started s3 = start("/console/");
        String code3 = FakeOidcProvider.issue(s3.query().get("code_challenge"), FakeOidcProvider.claims(
                "someone-elses-nonce", FakeOidcProvider.CLIENT_ID, "\"tenant\":\"console\",\"groups\":[\"read\"]"));
        assertNull(session(callback(s3, code3, s3.state())));
        // a code issued for another sign-in's PKCE challenge: the provider refuses our verifier
        Started s4 = start("/console/");
        String code4 = FakeOidcProvider.issue("not-our-challenge", FakeOidcProvider.claims(s4.query().get("nonce"),
                FakeOidcProvider.CLIENT_ID, "\"tenant\":\"console\",\"groups\":[\"read\"]"));
        assertNull(session(callback(s4, code4, s4.state())));
        // a token without a tenant, or without a console role
        for (String extra : new String[] {"\"groups\":[\"admin\"]", "\"tenant\":\"console\",\"groups\":[\"ingest\"]",
            "\"tenant\":7,\"groups\":[\"admin\"]"}) {
            Started s = start("/console/");
            String code = FakeOidcProvider.issue(s.query().get("code_challenge"), FakeOidcProvider.claims(
                    s.query().get("nonce"), FakeOidcProvider.CLIENT_ID, extra));
            Response r = callback(s, code, s.state());
            assertNull(session(r), extra);
            assertFalse(r.header("Location").endsWith("/console/"), extra);
        }
    }

    @Test
    void aTeamsClaimThatIsNotAListOfIdsOpensNoSessionRatherThanOneForTheWholeTenant() {
        // JSON null, a number, an object, an array holding a number: each would be "no limit" if read loosely
        for (String teams : new String[] {"null", "7", "{\"id\":\"alpha\"}", "[\"alpha\",3]"}) {
            Started s = start("/console/");
            String code = FakeOidcProvider.issue(s.query().get("code_challenge"), FakeOidcProvider.claims(
                    s.query().get("nonce"), FakeOidcProvider.CLIENT_ID,
                    "\"tenant\":\"console\",\"groups\":[\"read\"],\"teams\":" + teams));
            Response r = callback(s, code, s.state());
            assertNull(session(r), teams);
            assertTrue(r.header("Location").contains("error=token"), teams);
        }
        // an empty list is a limit to no team: a session that sees none (not the tenant's every team)
        Started s = start("/console/");
        String code = FakeOidcProvider.issue(s.query().get("code_challenge"), FakeOidcProvider.claims(
                s.query().get("nonce"), FakeOidcProvider.CLIENT_ID,
                "\"tenant\":\"console\",\"groups\":[\"read\"],\"teams\":[]"));
        String cookie = session(callback(s, code, s.state()));
        assertNotNull(cookie);
        Session opened = codec.verify(cookie, Session.class).orElseThrow();
        assertEquals(List.of(), opened.teams(), "limited to no team, not unlimited (null)");
        assertFalse(opened.sees("alpha"));
        // and a list of ids limits to those ids
        Started s2 = start("/console/");
        String code2 = FakeOidcProvider.issue(s2.query().get("code_challenge"), FakeOidcProvider.claims(
                s2.query().get("nonce"), FakeOidcProvider.CLIENT_ID,
                "\"tenant\":\"console\",\"groups\":[\"read\"],\"teams\":[\"beta\",\"alpha\"]"));
        Session two = codec.verify(session(callback(s2, code2, s2.state())), Session.class).orElseThrow();
        assertEquals(List.of("alpha", "beta"), two.teams());
    }

    @Test
    void theNextPageIsAlwaysAConsolePage() {
        Started s = start("https://evil.example/steal");
        String code = FakeOidcProvider.issue(s.query().get("code_challenge"), FakeOidcProvider.claims(
                s.query().get("nonce"), FakeOidcProvider.CLIENT_ID, "\"tenant\":\"console\",\"groups\":[\"read\"]"));
        Response r = callback(s, code, s.state());
        assertEquals("/console/", URI.create(r.header("Location")).getPath());
        assertFalse(r.header("Location").contains("evil"));
    }
}
