package dev.northstar.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A grain as the APIs name it: {@code day}, {@code week}, {@code month}, {@code quarter} or {@code year}. */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Pattern(regexp = "day|week|month|quarter|year")
public @interface GrainName {

    String message() default "must be one of day, week, month, quarter, year";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
