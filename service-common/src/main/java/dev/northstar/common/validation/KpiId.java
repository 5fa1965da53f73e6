package dev.northstar.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.northstar.events.KpiCatalog;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The id of a KPI of the catalogue ({@code /v1/kpis}); {@code null} is valid. */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = KpiId.Validator.class)
public @interface KpiId {

    String message() default "is not a KPI id; see /v1/kpis";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Looks the id up in the catalogue. */
    class Validator implements ConstraintValidator<KpiId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || KpiCatalog.byId(value).isPresent();
        }
    }
}
