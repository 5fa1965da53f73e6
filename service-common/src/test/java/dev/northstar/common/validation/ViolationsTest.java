package dev.northstar.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.ValidationProblem;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.Method;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ViolationsTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    /** A parameter bean, as a resource's {@code @BeanParam}. */
    public static final class Filter {
        @GrainName
        String grain;
        @PageSize(max = 100)
        String limit;

        Filter(String grain, String limit) {
            this.grain = grain;
            this.limit = limit;
        }
    }

    /** A resource method, as JAX-RS calls it. */
    public static final class Resource {
        public void list(@NotNull(message = "is required") @Identifier String teamId, @Valid Filter filter,
                List<@KpiId String> kpi) {
        }
    }

    record Body(@Identifier String teamId, List<@KpiId String> kpis, @Valid Inner inner) {
    }

    record Inner(@GrainName String grain) {
    }

    record Rows(List<@Valid Inner> rows) {
    }

    private static List<ValidationProblem> parameters(Object... args) throws NoSuchMethodException {
        Method list = Resource.class.getMethod("list", String.class, Filter.class, List.class);
        return Violations.problems(VALIDATOR.forExecutables().validateParameters(new Resource(), list, args));
    }

    @Test
    void aQueryParameterIsNamedByItsNameNotTheMethods() throws NoSuchMethodException {
        assertEquals(List.of(new ValidationProblem("/teamId", "is required")),
                parameters(null, new Filter("day", "10"), List.of()));
    }

    @Test
    void theFieldsOfAParameterBeanAreNamedWithoutTheBean() throws NoSuchMethodException {
        assertEquals(List.of(new ValidationProblem("/grain", "must be one of day, week, month, quarter, year"),
                new ValidationProblem("/limit", "must be an integer from 1 to 100")),
                parameters("team-1", new Filter("days", "101"), List.of()));
    }

    @Test
    void anElementOfARepeatedParameterIsNamedByIndex() throws NoSuchMethodException {
        assertEquals(List.of(new ValidationProblem("/kpi/2", "is not a KPI id; see /v1/kpis")),
                parameters("team-1", new Filter(null, null), List.of("calls", "calls", "nope")));
    }

    @Test
    void aBodysFieldsElementsAndNestedFieldsAreNamedByPointerInOrder() {
        assertEquals(List.of(new ValidationProblem("/inner/grain", "must be one of day, week, month, quarter, year"),
                new ValidationProblem("/kpis/0", "is not a KPI id; see /v1/kpis"),
                new ValidationProblem("/kpis/2", "is not a KPI id; see /v1/kpis"),
                new ValidationProblem("/teamId", "must be an identifier: a letter or digit, then up to 127 letters,"
                        + " digits and . _ : @ -")),
                Violations.problems(VALIDATOR.validate(new Body("-x", List.of("x", "calls", "y"), new Inner("hour")))));
    }

    @Test
    void aFieldOfAnElementOfAListIsNamedUnderItsIndex() {
        assertEquals(List.of(new ValidationProblem("/rows/1/grain", "must be one of day, week, month, quarter, year")),
                Violations.problems(VALIDATOR.validate(new Rows(List.of(new Inner("day"), new Inner("hour"))))));
    }

    @Test
    void noViolationsAreNoProblems() {
        assertEquals(List.of(), Violations.problems(VALIDATOR.validate(new Body("t", List.of("calls"), null))));
    }
}
