package dev.northstar.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An identifier as the contract writes every id (team, account, deal, …): a letter or digit, then up to 127 letters,
 * digits and {@code . _ : @ -} — the one rule of every API's ids ({@code defs.schema.json} says the same for events).
 * {@code null} is valid: say {@code @NotNull} where an id is required.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Pattern(regexp = Identifier.REGEX)
public @interface Identifier {

    /** The pattern, for code that checks an id outside Bean Validation (a path segment before a lookup). */
    String REGEX = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}";

    String message() default "must be an identifier: a letter or digit, then up to 127 letters, digits and . _ : @ -";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
