package dev.northstar.ingest.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.ingest.connect.hubspot.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * HubSpot's v3 signature, checked against the vectors of connectors/hubspot/signature.md (the documented algorithm
 * applied to the fixture's bytes): the right secret at the right time passes; a stale timestamp, another secret, a
 * body changed by one byte, another URI do not.
 */
class SignatureTest {

    private static final String SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private static final String URI = "https://ingest.northstar.example.com/webhooks/hubspot?tenant=acme";
    private static final String TIMESTAMP = "1792474204100";
    private static final String EXPECTED = "N3PcNF3M4/7BSN9GI7zQ10codrbEK2WtuuYqbnJ98gM=";
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private static String refusal(String secret, String uri, byte[] body, Instant now) {
        return Signature.refusal(secret, "POST", uri, body, TIMESTAMP, EXPECTED, now, WINDOW);
    }

    @Test
    void theFixturesSignatureHoldsWithinFiveMinutes() {
        byte[] body = Fixtures.bytes("hubspot/subscription-batch.json");
        assertEquals(EXPECTED, Base64.getEncoder().encodeToString(Signature.sign(SECRET, "POST", URI, body,
                TIMESTAMP)));
        assertNull(refusal(SECRET, URI, body, Instant.ofEpochMilli(1792474504100L)));
        assertTrue(refusal(SECRET, URI, body, Instant.ofEpochMilli(1792474504101L)).contains("timestamp"));
    }

    @Test
    void anotherSecretABodyChangedByOneByteOrAnotherUriDoNotHold() {
        byte[] body = Fixtures.bytes("hubspot/subscription-batch.json");
        Instant now = Instant.ofEpochMilli(1792474210000L);
        assertEquals("the signature does not match", refusal("zzzzzzzz-yyyy-yyyy-yyyy-yyyyyyyyyyyy", URI, body, now));
        byte[] changed = body.clone();
        changed[changed.length / 2] ^= 1;
        assertEquals("the signature does not match", refusal(SECRET, URI, changed, now));
        assertEquals("the signature does not match", refusal(SECRET, URI + "x", body, now));
    }

    @Test
    void theDecodedCharactersSignAsTheirDecodedForm() {
        byte[] body = "[]".getBytes();
        assertEquals(Base64.getEncoder().encodeToString(Signature.sign(SECRET, "POST",
                        "https://h/p?a=b:c/d", body, "1")),
                Base64.getEncoder().encodeToString(Signature.sign(SECRET, "POST", "https://h/p?a=b%3Ac%2fd", body,
                        "1")));
    }

    @Test
    void missingHeadersAreNamed() {
        byte[] body = "[]".getBytes();
        Instant now = Instant.ofEpochMilli(Long.parseLong(TIMESTAMP));
        assertTrue(Signature.refusal(SECRET, "POST", URI, body, TIMESTAMP, null, now, WINDOW).contains(
                Signature.HEADER));
        assertTrue(Signature.refusal(SECRET, "POST", URI, body, "soon", EXPECTED, now, WINDOW).contains(
                Signature.TIMESTAMP));
    }

    @Test
    void theOlderV2SignatureOfWorkflowsMatchesHubSpotsOwnExample() {
        // HubSpot's documented v2 example: GET https://www.example.com/webhook_uri, no body
        String expected = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e";
        assertNull(Signature.refusalV2(SECRET, "GET", "https://www.example.com/webhook_uri", new byte[0], expected));
        assertNull(Signature.refusalV2(SECRET, "GET", "https://www.example.com/webhook_uri", new byte[0],
                expected.toUpperCase(Locale.ROOT)));
        assertEquals("the signature does not match", Signature.refusalV2(SECRET, "GET",
                "https://www.example.com/webhook_uri", "x".getBytes(), expected));
        assertEquals("the signature is not hex", Signature.refusalV2(SECRET, "GET", "https://h", new byte[0], "zz"));
    }
}
