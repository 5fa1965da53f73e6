package dev.northstar.reporting.rest;

import dev.northstar.common.validation.GrainName;
import dev.northstar.common.validation.Identifier;
import dev.northstar.common.validation.KpiId;
import dev.northstar.events.Grain;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The filters of a KPI series, as query parameters, validated declaratively (each problem named by pointer). */
@SeriesParams.PeriodsOfTheGrain
public class SeriesParams {

    @QueryParam("teamId")
    @Identifier
    @Parameter(description = "Only this team")
    public String teamId;

    @QueryParam("kpi")
    @KpiId
    @Parameter(description = "Only this KPI (an id of /v1/kpis)")
    public String kpi;

    @QueryParam("grain")
    @GrainName
    @Parameter(description = "day, week, month (default), quarter or year")
    public String grain;

    @QueryParam("from")
    @Parameter(description = "The first period, a label of the grain (2026-10)")
    public String from;

    @QueryParam("to")
    @Parameter(description = "The last period, a label of the grain")
    public String to;

    @QueryParam("scope")
    @jakarta.validation.constraints.Pattern(regexp = SCOPE,
            message = "must be product:<product line> or segment:<segment> (1 to 64 characters), or absent")
    @Parameter(description = "The values of one product line (product:<p>) or market segment (segment:<s>) instead"
            + " of the overall ones")
    public String scope;

    /** A scope as a query parameter takes it. */
    static final String SCOPE = "(product|segment):[^\\p{Cntrl}]{1,64}";

    /** The grain, {@code month} when absent (call after validation). */
    Grain grain() {
        return Grain.fromWireName(grain == null ? "month" : grain).orElseThrow();
    }

    /** {@code from} and {@code to}, when given, are labels of the grain (when the grain is one). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = PeriodsOfTheGrain.Validator.class)
    public @interface PeriodsOfTheGrain {

        String message() default "must be a label of the grain";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Names {@code /from} and {@code /to} on their own. */
        class Validator implements ConstraintValidator<PeriodsOfTheGrain, SeriesParams> {
            @Override
            public boolean isValid(SeriesParams p, ConstraintValidatorContext context) {
                Grain grain = Grain.fromWireName(p.grain == null ? "month" : p.grain).orElse(null);
                if (grain == null) {
                    return true; // the grain's own problem is reported
                }
                context.disableDefaultConstraintViolation();
                String message = "must be a " + grain.wireName() + " label, e.g. "
                        + grain.label(LocalDate.of(2026, 10, 15));
                boolean valid = true;
                if (p.from != null && !grain.isLabel(p.from)) {
                    context.buildConstraintViolationWithTemplate(message).addPropertyNode("from")
                            .addConstraintViolation();
                    valid = false;
                }
                if (p.to != null && !grain.isLabel(p.to)) {
                    context.buildConstraintViolationWithTemplate(message).addPropertyNode("to")
                            .addConstraintViolation();
                    valid = false;
                }
                return valid;
            }
        }
    }
}
