package dev.northstar.knowledge.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * A position in a newest-first list of insights: the last item's time and id. Pages continue strictly after
 * it, so insights that arrive meanwhile neither shift nor repeat what follows. The text is opaque to clients:
 * {@code base64url("v1:<epoch micros>:<uuid>:<crc32>")}; anything else, or an edited cursor, is refused.
 */
public record Cursor(Instant occurredAt, UUID id) {

    public String encode() {
        String body = "v1:" + micros(occurredAt) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString((body + ":" + crc(body))
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor the text stands for, if it is one this service made. */
    public static Optional<Cursor> decode(String text) {
        if (text == null || text.length() > 200) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            String[] parts = plain.split(":");
            if (parts.length != 4 || !parts[0].equals("v1")) {
                return Optional.empty();
            }
            String body = parts[0] + ":" + parts[1] + ":" + parts[2];
            if (!crc(body).equals(parts[3])) {
                return Optional.empty();
            }
            long micros = Long.parseLong(parts[1]);
            UUID id = UUID.fromString(parts[2]);
            if (!id.toString().equals(parts[2])) {
                return Optional.empty();
            }
            return Optional.of(new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000L), id));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return Long.toHexString(crc.getValue());
    }
}
