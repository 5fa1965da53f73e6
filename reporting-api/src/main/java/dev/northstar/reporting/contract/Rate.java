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

/** A share as a fraction: 0 to 1, at most 6 decimals (10 % is 0.1). */
@Documented
@DecimalMin(value = "0", message = "must be a fraction from 0 to 1 (10 % is 0.1)")
@DecimalMax(value = "1", message = "must be a fraction from 0 to 1 (10 % is 0.1)")
@Digits(integer = 1, fraction = 6, message = "must have at most 6 decimals")
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
    ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Rate {

    String message() default "must be a rate";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
