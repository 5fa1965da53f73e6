package dev.northstar.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.EventData;
import dev.northstar.events.EventTime;
import dev.northstar.events.EventType;
import dev.northstar.events.Examples;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.wire.EventCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventValidatorTest {

    private static final EventValidator VALIDATOR = new EventValidator();
    private static final EventCodec CODEC = new EventCodec(VALIDATOR);

    private static List<ValidationProblem> validate(String json) {
        return VALIDATOR.validate(EventJson.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static boolean reported(List<ValidationProblem> problems, String pointer) {
        return problems.stream().anyMatch(p -> p.pointer().equals(pointer));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theExampleOfEveryTypeIsValidAndDecodesToItsRecord(EventType type) {
        ObjectNode event = Examples.of(type);
        assertEquals(List.of(), VALIDATOR.validate(event));
        NorthstarEvent decoded = CODEC.toEvent(event);
        assertEquals(type, decoded.type());
        assertEquals(type.dataClass(), decoded.data().getClass());
        assertEquals(event.at("/data/teamId").textValue(), decoded.data().teamId());
        assertEquals("acme", decoded.tenant());
    }

    static Stream<Arguments> requiredDataFields() {
        List<Arguments> cases = new ArrayList<>();
        for (EventType type : EventType.values()) {
            Examples.schema(type).get("required").forEach(f -> cases.add(Arguments.of(type, f.textValue())));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} /data/{1}")
    @MethodSource("requiredDataFields")
    void everyMissingRequiredDataFieldIsReportedAtItsPointer(EventType type, String field) {
        ObjectNode event = Examples.of(type);
        ((ObjectNode) event.get("data")).remove(field);
        List<ValidationProblem> problems = VALIDATOR.validate(event);
        assertEquals(List.of(new ValidationProblem("/data/" + field, "is required")), problems);
    }

    @ParameterizedTest(name = "{0} /data/{1}")
    @MethodSource("requiredDataFields")
    void everyIllTypedRequiredDataFieldIsReportedAtItsPointer(EventType type, String field) {
        ObjectNode event = Examples.of(type);
        ((ObjectNode) event.get("data")).putObject(field).put("unexpected", true);
        List<ValidationProblem> problems = VALIDATOR.validate(event);
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("/data/" + field, problems.get(0).pointer());
        assertTrue(problems.get(0).message().contains("was an object"), problems.get(0).message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"specversion", "id", "source", "type", "time", "tenant", "data"})
    void everyMissingEnvelopeAttributeIsReported(String attribute) {
        ObjectNode event = Examples.of(EventType.CALL_LOGGED);
        event.remove(attribute);
        assertEquals(List.of(new ValidationProblem("/" + attribute, "is required")), VALIDATOR.validate(event));
    }

    @Test
    void everyProblemOfAnEventIsReportedNotOnlyTheFirst() {
        ObjectNode event = Examples.of(EventType.NPS_RESPONDED);
        event.remove("tenant");
        event.put("time", "yesterday");
        ((ObjectNode) event.get("data")).put("score", 11).remove("teamId");
        List<ValidationProblem> problems = VALIDATOR.validate(event);
        assertEquals(4, problems.size(), problems::toString);
        assertTrue(reported(problems, "/tenant"));
        assertTrue(reported(problems, "/time"));
        assertTrue(reported(problems, "/data/score"));
        assertTrue(reported(problems, "/data/teamId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e309", "1e999999", "\"NaN\"", "\"abc\"", "\"Infinity\"", "\"1e3\"", "\"12.3456789\"",
        "12.3456789", "1e-999999", "-5", "\"-5\"", "\"\"", "true", "[]", "1000000000000000"})
    void amountsMustBeNonNegativeDecimals(String amount) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"crm://x\",\"type\":\"deal.won\","
                + "\"time\":\"2026-10-15T09:30:00+09:00\",\"tenant\":\"acme\",\"data\":{\"teamId\":\"t\","
                + "\"accountId\":\"a\",\"dealId\":\"d\",\"currency\":\"JPY\",\"kind\":\"new_business\",\"amount\":"
                + amount + "}}";
        List<ValidationProblem> problems = validate(event);
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("/data/amount", problems.get(0).pointer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1200000", "\"1200000\"", "1200000.50", "\"0.000001\"", "0", "1E+3", "999999999999999"})
    void exactDecimalsAreAcceptedAndKeptExact(String amount) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"crm://x\",\"type\":\"deal.won\","
                + "\"time\":\"2026-10-15T09:30:00+09:00\",\"tenant\":\"acme\",\"data\":{\"teamId\":\"t\","
                + "\"accountId\":\"a\",\"dealId\":\"d\",\"currency\":\"JPY\",\"kind\":\"new_business\",\"amount\":"
                + amount + "}}";
        JsonNode node = EventJson.parse(event.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(), VALIDATOR.validate(node));
        EventData.DealWon won = (EventData.DealWon) CODEC.toEvent(node).data();
        assertEquals(0, new BigDecimal(amount.replace("\"", "")).compareTo(won.amount()));
    }

    @Test
    void notANumberIsNotJson() {
        String event = "{\"type\":\"deal.won\",\"data\":{\"amount\":NaN}}";
        EventJson.MalformedJsonException e = org.junit.jupiter.api.Assertions.assertThrows(
                EventJson.MalformedJsonException.class, () -> validate(event));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "11", "7.5", "\"9\"", "100000000000000000000"})
    void scoreMustBeAnIntegerFromZeroToTen(String score) {
        ObjectNode event = Examples.of(EventType.NPS_RESPONDED);
        ((ObjectNode) event.get("data")).set("score", EventJson.parse(score.getBytes()));
        List<ValidationProblem> problems = VALIDATOR.validate(event);
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("/data/score", problems.get(0).pointer());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, 10})
    void scoresAtTheBoundsAreValid(int score) {
        ObjectNode event = Examples.of(EventType.NPS_RESPONDED);
        ((ObjectNode) event.get("data")).put("score", score);
        assertEquals(List.of(), VALIDATOR.validate(event));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-10-15", "2026-10-15T09:30:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "yesterday", ""})
    void timeMustBeAnRfc3339DateTimeWithOffset(String time) {
        ObjectNode event = Examples.of(EventType.CALL_LOGGED);
        event.put("time", time);
        assertEquals(List.of("/time"), VALIDATOR.validate(event).stream().map(ValidationProblem::pointer).toList());
    }

    /** The live defect: a valid-looking time whose instant is year 10000 in UTC was accepted and stopped consumers. */
    @ParameterizedTest
    @ValueSource(strings = {"9999-12-31T23:00:00-09:00", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z", "2101-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
        "1900-01-01T00:00:00+09:00"})
    void timeOutsideTheContractsRangeIsRefusedAtTime(String time) {
        ObjectNode event = Examples.of(EventType.CALL_LOGGED);
        event.put("time", time);
        List<ValidationProblem> problems = VALIDATOR.validate(event);
        assertEquals(List.of("/time"), problems.stream().map(ValidationProblem::pointer).toList());
        assertTrue(problems.get(0).message().contains("between 1970-01-01 and 2100-12-31"), problems.toString());
        assertThrowsDateTime(() -> EventCodec.parseTime(time));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00+14:00", "2100-12-31T23:59:59.999999999Z",
        "2100-12-31T23:59:59-12:00"})
    void timesAtTheEdgesOfTheRangeAreValid(String time) {
        ObjectNode event = Examples.of(EventType.CALL_LOGGED);
        event.put("time", time);
        assertEquals(List.of(), VALIDATOR.validate(event));
        assertEquals(java.time.OffsetDateTime.parse(time).toInstant(), CODEC.toEvent(event).time());
    }

    /** The schema's pattern and EventTime.inRange are one rule: every year from 0 to 9999 is judged alike by both. */
    @Test
    void theSchemaAndTheCodeAgreeOnTheRangeForEveryYear() {
        for (int year = 0; year <= 9999; year++) {
            String time = String.format(java.util.Locale.ROOT, "%04d-06-15T12:00:00+09:00", year);
            ObjectNode event = Examples.of(EventType.CALL_LOGGED);
            event.put("time", time);
            boolean byCode = EventTime.inRange(java.time.OffsetDateTime.parse(time));
            assertEquals(byCode, VALIDATOR.validate(event).isEmpty(), time);
            assertEquals(year >= 1970 && year <= 2100, byCode, time);
        }
    }

    private static void assertThrowsDateTime(org.junit.jupiter.api.function.Executable parse) {
        org.junit.jupiter.api.Assertions.assertThrows(java.time.format.DateTimeParseException.class, parse);
    }

    @Test
    void timeMustBeAString() {
        ObjectNode event = Examples.of(EventType.CALL_LOGGED);
        event.put("time", 1760488200);
        List<ValidationProblem> problems = VALIDATOR.validate(event);
        assertEquals(List.of(new ValidationProblem("/time", "must be a string, was a number")), problems);
    }

    @Test
    void unknownTypeIsReportedAtType() {
        ObjectNode event = Examples.of(EventType.CALL_LOGGED);
        event.put("type", "call.loggged");
        List<ValidationProblem> problems = VALIDATOR.validate(event);
        assertEquals(1, problems.size());
        assertEquals("/type", problems.get(0).pointer());
        assertTrue(problems.get(0).message().startsWith("must be one of"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ACME", "acme/other", "../etc", "a b"})
    void tenantMustBeALowerCaseSlug(String tenant) {
        ObjectNode event = Examples.of(EventType.CALL_LOGGED);
        event.put("tenant", tenant);
        assertEquals(List.of("/tenant"), VALIDATOR.validate(event).stream().map(ValidationProblem::pointer).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "a/b", "", "x y", "%2e%2e"})
    void identifiersRefusePathsAndSpaces(String id) {
        ObjectNode event = Examples.of(EventType.CALL_LOGGED);
        ((ObjectNode) event.get("data")).put("accountId", id);
        assertEquals(List.of("/data/accountId"),
                VALIDATOR.validate(event).stream().map(ValidationProblem::pointer).toList());
    }

    @Test
    void enumValuesAreChecked() {
        ObjectNode event = Examples.of(EventType.DEAL_WON);
        ((ObjectNode) event.get("data")).put("kind", "renewal");
        List<ValidationProblem> problems = VALIDATOR.validate(event);
        assertEquals(List.of(new ValidationProblem("/data/kind", "must be one of [\"new_business\",\"expansion\"]")),
                problems);
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        assertEquals("a~1b~0c", SchemaValidator.escape("a/b~c"));
    }

    @Test
    void aCloudEventThatIsNotAnObjectIsReportedAtTheRoot() {
        assertEquals(List.of(new ValidationProblem("", "must be a CloudEvent (a JSON object)")),
                VALIDATOR.validate(EventJson.parse("[1,2]".getBytes())));
    }

    @Test
    void hostileDocumentsAreMalformedNotCrashes() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertMalformed(deep.getBytes());
        assertMalformed("{\"a\":1".getBytes());
        assertMalformed("{\"a\":1}{".getBytes());
        assertMalformed("{\"a\":1,\"a\":2}".getBytes());
        assertMalformed(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        assertMalformed(new byte[0]);
    }

    private static void assertMalformed(byte[] body) {
        boolean refused;
        try {
            EventJson.parse(body);
            refused = false;
        } catch (EventJson.MalformedJsonException e) {
            refused = true;
            assertFalse(e.getMessage().isBlank());
        }
        assertTrue(refused, "accepted " + new String(body, 0, Math.min(body.length, 40)));
    }
}
