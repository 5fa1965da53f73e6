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

/** A KPI value an incentive compares with: between -10^15 and 10^15, at most 6 decimals (as a KPI cell). */
@Documented
@DecimalMin(value = "-1000000000000000", inclusive = false, message = "must be above -10^15")
@DecimalMax(value = "1000000000000000", inclusive = false, message = "must be below 10^15")
@Digits(integer = 15, fraction = 6, message = "must have at most 6 decimals")
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
    ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Threshold {

    String message() default "must be a KPI value";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
