package dev.northstar.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.northstar.common.Problem;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    private static final RequestBodies BODIES = new RequestBodies(Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator());

    record Example(@NotNull(message = "is required") @Identifier String teamId, Boolean active,
            List<@KpiId String> kpis, Integer count) {
    }

    record Share(@jakarta.validation.constraints.DecimalMax(value = "1", message = "must be at most 1")
            java.math.BigDecimal rate, Integer months) {
    }

    record Nested(@jakarta.validation.Valid Share share,
            List<@jakarta.validation.Valid @NotNull(message = "is required") Share> shares) {
    }

    private static List<ValidationProblem> nestedProblems(String json) {
        Problem.Exception e = assertThrows(Problem.Exception.class,
                () -> BODIES.read(json.getBytes(StandardCharsets.UTF_8), Nested.class, "The nested"));
        assertEquals(400, e.problem().status());
        return e.problem().errors();
    }

    @Test
    void nestedObjectsAreCheckedMemberByMemberNeverA500() {
        assertEquals(new Nested(new Share(new java.math.BigDecimal("0.1"), 12), List.of(new Share(null, 3))),
                BODIES.read("{\"share\":{\"rate\":0.1,\"months\":12},\"shares\":[{\"months\":3}]}"
                        .getBytes(StandardCharsets.UTF_8), Nested.class, "The nested"));
        assertEquals(List.of(new ValidationProblem("/share", "must be an object")), nestedProblems("{\"share\":\"x\"}"));
        assertEquals(List.of(new ValidationProblem("/share/months", "must be an integer"),
                new ValidationProblem("/share/extra", "is not a field of this request"),
                new ValidationProblem("/shares/1/rate", "must be a decimal number")),
                nestedProblems("{\"share\":{\"months\":1.5,\"extra\":1},\"shares\":[{},{\"rate\":true}]}"));
        // constraints inside, at their pointers
        assertEquals(List.of(new ValidationProblem("/share/rate", "must be at most 1"),
                new ValidationProblem("/shares/0/rate", "must be at most 1")),
                nestedProblems("{\"share\":{\"rate\":2},\"shares\":[{\"rate\":\"1.5\"}]}"));
    }

    private static List<ValidationProblem> problems(String json) {
        Problem.Exception e = assertThrows(Problem.Exception.class,
                () -> BODIES.read(json.getBytes(StandardCharsets.UTF_8), Example.class, "The example"));
        assertEquals(400, e.problem().status());
        return e.problem().errors();
    }

    @Test
    void aValidBodyIsItsRecord() {
        assertEquals(new Example("partner-a", true, List.of("calls"), 3), BODIES.read(
                "{\"teamId\":\"partner-a\",\"active\":true,\"kpis\":[\"calls\"],\"count\":3}"
                        .getBytes(StandardCharsets.UTF_8), Example.class, "The example"));
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertEquals(List.of(
                new ValidationProblem("/active", "must be true or false"),
                new ValidationProblem("/kpis/1", "must be text"),
                new ValidationProblem("/mood", "is not a field of this request"),
                new ValidationProblem("/count", "must be an integer"),
                new ValidationProblem("/teamId", "is required")),
                problems("{\"active\":\"yes\",\"kpis\":[\"calls\",7],\"mood\":1,\"count\":1.5}"));
    }

    @Test
    void constraintsNameTheFieldAndTheElement() {
        assertEquals(List.of(new ValidationProblem("/kpis/1", "is not a KPI id; see /v1/kpis"),
                new ValidationProblem("/teamId", "must be an identifier: a letter or digit, then up to 127 letters,"
                        + " digits and . _ : @ -")),
                problems("{\"teamId\":\"../etc\",\"kpis\":[\"calls\",\"happiness\"]}"));
    }

    @Test
    void whatEveryApiRefusesIsRefusedHereToo() {
        assertThrows(EventJson.MalformedJsonException.class, () -> BODIES.read("{\"teamId\":\"a\u0000\"}"
                .getBytes(StandardCharsets.UTF_8), Example.class, "The example"));
        assertEquals(List.of(new ValidationProblem("", "must be a JSON object")), problems("[1,2]"));
    }
}
