package dev.northstar.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The constraints every API shares, at the edges of what they accept. */
class ConstraintsTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    record Id(@Identifier String value) {
    }

    record Kpi(@KpiId String value) {
    }

    record Grain(@GrainName String value) {
    }

    record Page(@PageSize(max = 500) String value) {
    }

    /** The messages of the violations of a value. */
    private static Set<String> messages(Record r) {
        return VALIDATOR.validate(r).stream().map(ConstraintViolation::getMessage).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"a", "7", "team-1", "a.b_c:d@e-f", "A1", "partner-a@acme.example"})
    void anIdentifierIsALetterOrDigitThenLettersDigitsAndPunctuation(String value) {
        assertEquals(Set.of(), messages(new Id(value)));
    }

    @Test
    void anIdentifierIsAtMost128Characters() {
        assertEquals(Set.of(), messages(new Id("a".repeat(128))));
        assertEquals(Set.of("must be an identifier: a letter or digit, then up to 127 letters, digits and . _ : @ -"),
                messages(new Id("a".repeat(129))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", ".a", "_a", "../etc", "a/b", "a b", "a%00", "é", "a\u0000", "a\n", "team*",
        "a,b"})
    void anythingElseIsNotAnIdentifier(String value) {
        assertEquals(1, messages(new Id(value)).size(), value);
    }

    @Test
    void theIdentifierPatternIsUsableOutsideBeanValidation() {
        assertEquals(true, "team-1".matches(Identifier.REGEX));
        assertEquals(false, "../etc".matches(Identifier.REGEX));
    }

    @Test
    void aKpiIdIsOneOfTheCatalogue() {
        assertEquals(Set.of(), messages(new Kpi("calls")));
        assertEquals(Set.of(), messages(new Kpi(null)));
        assertEquals(Set.of("is not a KPI id; see /v1/kpis"), messages(new Kpi("happiness")));
        assertEquals(Set.of("is not a KPI id; see /v1/kpis"), messages(new Kpi("Calls")));
        assertEquals(Set.of("is not a KPI id; see /v1/kpis"), messages(new Kpi("")));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"day", "week", "month", "quarter", "year"})
    void aGrainIsOneOfFive(String value) {
        assertEquals(Set.of(), messages(new Grain(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Day", "days", "hour", " day", "day|week", "dayweek"})
    void anyOtherGrainIsRefusedWithOneMessage(String value) {
        assertEquals(Set.of("must be one of day, week, month, quarter, year"), messages(new Grain(value)));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"1", "2", "499", "500", "000000001", "0500"})
    void aPageSizeIsAnIntegerFromOneToItsMax(String value) {
        assertEquals(Set.of(), messages(new Page(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "-1", "+1", " 1", "1 ", "1.0", "1e2", "", "abc", "0x10", "9999999999",
        "2147483648", "٣"})
    void anyOtherPageSizeIsRefusedNamingTheMax(String value) {
        assertEquals(Set.of("must be an integer from 1 to 500"), messages(new Page(value)));
    }

    @Test
    void aPageSizeIsItsNumberOrTheFallback() {
        assertEquals(50, PageSize.Of.size(null, 50));
        assertEquals(7, PageSize.Of.size("7", 50));
        assertEquals(500, PageSize.Of.size("0500", 50));
    }

    @Test
    void constraintsApplyToTheElementsOfAList() {
        record Kpis(List<@KpiId String> kpis, List<@Identifier String> teams) {
        }
        assertEquals(Set.of("is not a KPI id; see /v1/kpis", "must be an identifier: a letter or digit, then up to 127"
                + " letters, digits and . _ : @ -"), messages(new Kpis(List.of("calls", "nope"), List.of("t", "-"))));
    }
}
