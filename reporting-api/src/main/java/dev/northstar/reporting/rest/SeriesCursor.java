package dev.northstar.reporting.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.reporting.repository.KpiValueRepository.SeriesKey;
import dev.northstar.reporting.repository.KpiValueRepository.SeriesQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque {@code cursor} of {@code /v1/kpi-values} pages: the key (team, KPI, period) of a page's last row and a
 * fingerprint of the query that produced it (tenant, grain and filters), as base64url JSON. The fingerprint refuses
 * a cursor of another query or another tenant instead of continuing from a position in other rows. The cursor only
 * says where to continue: which rows may be read is decided by the token alone (its tenant, and the teams of a
 * limited token, both conditions of every page's query), so a forged cursor can at most skip some of the caller's own
 * rows.
 */
final class SeriesCursor {

    /** The format of the cursor; a later format can be told apart and refused or read. */
    private static final int VERSION = 1;
    /** Far more than a key of three ids needs; a longer cursor is not one of ours and is not decoded. */
    private static final int MAX_LENGTH = 2048;

    private SeriesCursor() {
    }

    /** A decoded cursor: the fingerprint of its query and the key to continue after. */
    record Decoded(String query, SeriesKey after) {

        /** Whether the cursor was made by a page of {@code query}. */
        boolean belongsTo(SeriesQuery query) {
            return this.query.equals(fingerprint(query));
        }
    }

    /** The cursor that continues {@code query} after {@code last}. */
    static String encode(SeriesQuery query, SeriesKey last) {
        ObjectNode node = EventJson.MAPPER.createObjectNode().put("v", VERSION).put("q", fingerprint(query))
                .put("t", last.teamId()).put("k", last.kpi()).put("p", last.period());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's content; empty when it is not a cursor this class made (of any query). */
    static Optional<Decoded> decode(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            JsonNode node = EventJson.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
            if (node == null || !node.isObject() || node.size() != 5 || !node.path("v").isInt()
                    || node.path("v").intValue() != VERSION) {
                return Optional.empty();
            }
            String[] parts = new String[4];
            String[] names = {"q", "t", "k", "p"};
            for (int i = 0; i < names.length; i++) {
                JsonNode part = node.get(names[i]);
                // PostgreSQL cannot take a NUL in text: such a cursor would be a 500 instead of a 400
                if (part == null || !part.isTextual() || part.textValue().indexOf('\0') >= 0) {
                    return Optional.empty();
                }
                parts[i] = part.textValue();
            }
            return Optional.of(new Decoded(parts[0], new SeriesKey(parts[1], parts[2], parts[3])));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    /** A digest of what the query reads, tenant included; not secret, only a check that cursor and query match. */
    static String fingerprint(SeriesQuery query) {
        ArrayNode what = EventJson.MAPPER.createArrayNode().add(query.tenant()).add(query.grain()).add(query.kpi())
                .add(query.teamId()).add(query.from()).add(query.to());
        if (query.teams() != null) {
            // a limited token's teams (the cursors of every other query are as they were)
            query.teams().forEach(what.addArray()::add);
        }
        if (query.scope() != null) {
            // a scope's series (likewise)
            what.addObject().put("scope", query.scope());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(what.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A cursor that reads (whose query is checked against the request's afterwards); {@code null} is valid. */
    @java.lang.annotation.Documented
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target({java.lang.annotation.ElementType.PARAMETER, java.lang.annotation.ElementType.FIELD})
    @jakarta.validation.Constraint(validatedBy = Readable.Validator.class)
    public @interface Readable {

        String message() default "is not a cursor: pass a previous page's next as it is";

        Class<?>[] groups() default {};

        Class<? extends jakarta.validation.Payload>[] payload() default {};

        /** Decodes it. */
        class Validator implements jakarta.validation.ConstraintValidator<Readable, String> {
            @Override
            public boolean isValid(String value, jakarta.validation.ConstraintValidatorContext context) {
                return value == null || value.isBlank() || decode(value).isPresent();
            }
        }
    }
}
