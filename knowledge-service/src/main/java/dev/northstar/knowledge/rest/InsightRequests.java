package dev.northstar.knowledge.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.common.validation.Identifier;
import dev.northstar.common.validation.KpiId;
import dev.northstar.common.validation.PageSize;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The requests of the insights API as records and a parameter bean, validated declaratively: what does not depend on
 * the service's configuration is a constraint here; the configured bounds (text length, tags) are checked by the
 * resource after.
 */
final class InsightRequests {

    private InsightRequests() {
    }

    /** {@code POST /v1/insights}. Tags are checked by the configured tag rule, so they are read as they came. */
    record NewInsight(@NotBlank(message = "is required and must be a non-empty string") String text,
            JsonNode tags,
            @NotNull(message = "is required") @Identifier String teamId,
            @Identifier String accountId,
            @Identifier String dealId,
            @Size(max = 32, message = "must be an array of KPI ids (see reporting-api /v1/kpis)")
            List<@KpiId String> kpis,
            @DateOrDateTime(message = "must be an RFC 3339 date-time with an offset") String occurredAt) {
    }

    /** {@code PUT /v1/insights/{id}/tags}. */
    record Retag(@NotNull(message = "is required: an array of tags") JsonNode tags) {
    }

    /** The query of {@code GET /v1/insights}. */
    static class Search {
        @QueryParam("q")
        @Size(max = 200, message = "must be at most 200 characters")
        String q;

        @QueryParam("tag")
        String tag;

        @QueryParam("teamId")
        @Identifier
        String teamId;

        @QueryParam("accountId")
        @Identifier
        String accountId;

        @QueryParam("from")
        @DateOrDateTime
        String from;

        @QueryParam("to")
        @DateOrDateTime
        String to;

        @QueryParam("cursor")
        @CursorText
        String cursor;

        @QueryParam("limit")
        @PageSize(max = 200)
        String limit;
    }

    /** A date ({@code 2026-10-15}) or an RFC 3339 date-time with an offset; {@code null} or blank is valid. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Constraint(validatedBy = DateOrDateTime.Validator.class)
    @interface DateOrDateTime {

        String message() default "must be a date (2026-10-15) or a date-time with an offset";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Parses it as the resource will. */
        class Validator implements ConstraintValidator<DateOrDateTime, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                if (value == null || value.isBlank()) {
                    return true;
                }
                try {
                    if (value.length() == 10) {
                        LocalDate.parse(value);
                    } else {
                        dev.northstar.events.wire.EventCodec.parseTime(value);
                    }
                    return true;
                } catch (DateTimeParseException e) {
                    return false;
                }
            }
        }
    }

    /** A cursor this API gave ({@link Cursor}); {@code null} is valid. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER})
    @Constraint(validatedBy = CursorText.Validator.class)
    @interface CursorText {

        String message() default "is not a cursor of this list; start again without it";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Decodes it. */
        class Validator implements ConstraintValidator<CursorText, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return value == null || Cursor.decode(value).isPresent();
            }
        }
    }
}
