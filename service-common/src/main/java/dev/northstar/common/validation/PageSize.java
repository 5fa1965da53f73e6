package dev.northstar.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A page size as a query parameter gives it (text): absent, or an integer from 1 to {@link #max()}. Text rather than an
 * {@code int} parameter, because a parameter that does not convert is a 404 in JAX-RS, and a caller deserves a 400
 * naming {@code /limit}.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = PageSize.Validator.class)
public @interface PageSize {

    /** The largest page. */
    int max();

    String message() default "must be an integer from 1 to {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the text. */
    class Validator implements ConstraintValidator<PageSize, String> {
        private int max;

        @Override
        public void initialize(PageSize annotation) {
            max = annotation.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.length() <= 9 && value.chars().allMatch(c -> c >= '0' && c <= '9')
                    && !value.isEmpty() && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= max;
        }
    }

    /** The size a valid text gives, or {@code fallback} when it is absent. */
    final class Of {
        private Of() {
        }

        public static int size(String value, int fallback) {
            return value == null ? fallback : Integer.parseInt(value);
        }
    }
}
