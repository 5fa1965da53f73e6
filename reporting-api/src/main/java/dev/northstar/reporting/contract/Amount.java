package dev.northstar.reporting.contract;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An amount of a contract in the tenant's currency: 0 or more, below 10^15, at most 6 decimals (as a KPI cell). */
@Documented
@DecimalMin(value = "0", message = "must be 0 or more")
@DecimalMax(value = "1000000000000000", inclusive = false, message = "must be below 10^15")
@Digits(integer = 15, fraction = 6, message = "must have at most 6 decimals")
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
    ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Amount {

    String message() default "must be an amount";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
