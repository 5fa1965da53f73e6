package dev.northstar.ingest.connect.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's request signature v3: {@code X-HubSpot-Signature-v3} is the base64 HMAC-SHA256, keyed with the app's
 * client secret, of the method, the full URI HubSpot called (with {@code %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C
 * %3B} decoded), the body exactly as received and {@code X-HubSpot-Request-Timestamp} (epoch milliseconds), which must
 * be at most five minutes old. Compared in constant time.
 */
public final class Signature {

    public static final String HEADER = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP = "X-HubSpot-Request-Timestamp";
    private static final Map<String, String> DECODED = Map.ofEntries(Map.entry("%3A", ":"), Map.entry("%2F", "/"),
            Map.entry("%3F", "?"), Map.entry("%40", "@"), Map.entry("%21", "!"), Map.entry("%24", "$"),
            Map.entry("%27", "'"), Map.entry("%28", "("), Map.entry("%29", ")"), Map.entry("%2A", "*"),
            Map.entry("%2C", ","), Map.entry("%3B", ";"));

    private Signature() {
    }

    /** Why a request is refused, or null when its signature holds. */
    public static String refusal(String secret, String method, String uri, byte[] body, String timestamp,
            String signature, Instant now, Duration window) {
        if (signature == null || signature.isBlank()) {
            return "no " + HEADER + " header";
        }
        if (timestamp == null || !timestamp.matches("\\d{1,19}")) {
            return "no valid " + TIMESTAMP + " header";
        }
        long age = now.toEpochMilli() - Long.parseLong(timestamp);
        if (Math.abs(age) > window.toMillis()) {
            return "the request timestamp is " + Duration.ofMillis(Math.abs(age)).toSeconds() + " s from now (at most "
                    + window.toSeconds() + " s): a replay, or a clock to fix";
        }
        byte[] expected = sign(secret, method, uri, body, timestamp);
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return "the signature is not base64";
        }
        return MessageDigest.isEqual(expected, presented) ? null : "the signature does not match";
    }

    /** The older signature HubSpot workflows may send instead: {@code X-HubSpot-Signature} with version v2. */
    public static final String V2_HEADER = "X-HubSpot-Signature";
    public static final String VERSION_HEADER = "X-HubSpot-Signature-Version";

    /**
     * Why a v2-signed request is refused, or null when it holds: the hex SHA-256 of the client secret, the method, the
     * URI and the body. It has no timestamp, so a replay passes the check — and is a duplicate of what it repeats:
     * the ids of the events it makes are those of the first delivery.
     */
    public static String refusalV2(String secret, String method, String uri, byte[] body, String signature) {
        if (signature == null || signature.isBlank()) {
            return "no " + V2_HEADER + " header";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((secret + method + uri).getBytes(StandardCharsets.UTF_8));
            byte[] expected = sha.digest(body);
            byte[] presented = HexFormat.of().parseHex(signature.trim().toLowerCase(Locale.ROOT));
            return MessageDigest.isEqual(expected, presented) ? null : "the signature does not match";
        } catch (IllegalArgumentException e) {
            return "the signature is not hex";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HMAC of a request (the raw bytes; base64 is what the header carries). */
    public static byte[] sign(String secret, String method, String uri, byte[] body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((method + decode(uri)).getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URI with the characters HubSpot decodes before signing decoded (either case of hex digits). */
    static String decode(String uri) {
        StringBuilder out = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%' && i + 2 < uri.length()) {
                String code = uri.substring(i, i + 3).toUpperCase(Locale.ROOT);
                String d = DECODED.get(code);
                if (d != null) {
                    out.append(d);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
