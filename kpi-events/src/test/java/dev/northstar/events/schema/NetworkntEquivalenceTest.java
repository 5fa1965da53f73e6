package dev.northstar.events.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.EventType;
import dev.northstar.events.Examples;
import dev.northstar.events.ValidationProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20: the networknt library, configured with the contract's rules, answers every event as SchemaValidator does:
 * the same accept or reject and the same pointers (each engine's messages are its own). The corpus is every example,
 * every case of EventValidatorTest, and the hostile values and times of HostileInputIT in every field of every type.
 * The library as it comes ({@link NetworkntEventValidator#stock()}) differs; {@link #theLibraryAsItComesDiffers}
 * keeps each difference in view.
 */
class NetworkntEquivalenceTest {

    private static final EventValidator OURS = new EventValidator();
    private static final NetworkntEventValidator LIBRARY = new NetworkntEventValidator();
    private static final NetworkntEventValidator STOCK = NetworkntEventValidator.stock();

    /**
     * HostileInputIT's values, as JSON and as strings — less {@code 1e999999} and {@code -1e999999}, where the two
     * engines differ (the library lets them pass a maximum: {@link #theLibraryLetsAnAstronomicalNumberPass}).
     */
    static final String[] HOSTILE_JSON = {"null", "true", "123456789012345678901234567890",
        "-1", "0", "0.0000000000000000000001", "[]", "{}", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "\"\"",
        "{\"$gt\":\"\"}", "\"2026-02-30T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\"",
        "12345678901234567890.123456789", "\"12345678901234567890.123456789\"", "999999999999999.999999",
        "\"999999999999999.999999\"", "1000000000000000.000001", "-0.000001", "\"-0.000001\"", "1.0", "1E+1",
        "10.000", "-0", "0E-10", "1E+3", "\"1E+3\"", "1.5", "[\"a\",\"b\"]", "[\"\"]", "[1]", "[null]"};
    static final String[] HOSTILE_STRINGS = {"", " ", "\u0000", "\ud800", "\udfff", "\ufeff", "\u202e悪",
        "𠮷野家🍣", "'; DROP TABLE insight; --", "%", "_", "%_%", "\\", "\"", "'", "../../etc/passwd",
        "..%2f..%2fetc%2fpasswd", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "a".repeat(70_000),
        "日本語".repeat(5000), "\r\n\r\nHTTP/1.1 200 OK", "null", "NaN", "-0", "1e999999", "acme\n", "a\n", "EUR\n",
        "JPY", "executive", "x".repeat(64), "x".repeat(65), "𠮷".repeat(64), "𠮷".repeat(65)};
    static final String[] HOSTILE_TIMES = {"9999-12-31T23:00:00-09:00", "9999-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
        "1970-01-01T00:00:00Z", "1970-01-01T00:00:00+14:00", "1970-01-01T00:00:00-12:00", "2100-12-31T23:59:59-12:00",
        "2100-12-31T23:59:59.999999999+14:00", "2101-01-01T00:00:00Z", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-10-15T24:00:00Z", "2026-10-15T09:30:00+18:00", "2026-10-15T09:30:60Z", "2026-10-15T09:30:00.1234567890Z",
        "2026-10-15", "2026-10-15T09:30:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday", "",
        "1900-01-01T00:00:00+09:00", "2026-10-15T09:30+09:00", "2026-10-15t09:30:00z", "2026-12-31T23:59:60Z",
        "2026-10-15 09:30:00Z", "2026-10-15T09:30:00+0900", "2026-10-15T09:30:00+09:00:00", "2026-10-15T09:30:00.Z",
        "2026-10-15T09:30:00Z\n", "2026-10-15T09:30:00,5Z", "2026-10-15T09:30:00-00:00"};

    static ObjectNode example(EventType type) {
        return Examples.of(type);
    }

    static JsonNode parse(String json) {
        return EventJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The distinct pointers of the problems, in order: what both engines must agree on. */
    static List<String> pointers(List<ValidationProblem> problems) {
        return new ArrayList<>(new TreeSet<>(problems.stream().map(ValidationProblem::pointer).toList()));
    }

    private static void assertSame(JsonNode event) {
        List<ValidationProblem> ours = OURS.validate(event);
        List<ValidationProblem> library = LIBRARY.validate(event);
        String shown = abbreviate(event.toString());
        assertEquals(pointers(ours), pointers(library), () -> shown + "\nours " + ours + "\nlibrary " + library);
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    /** Every example, and every example with every member of its data and envelope given every hostile value. */
    static List<JsonNode> corpus() {
        List<String> values = new ArrayList<>(List.of(HOSTILE_JSON));
        for (String text : HOSTILE_STRINGS) {
            values.add(EventJson.MAPPER.valueToTree(text).toString());
        }
        // a text with NUL is refused as malformed JSON before any validator sees it (EventJson)
        values.removeIf(v -> v.contains("\\u0000"));
        List<JsonNode> events = new ArrayList<>();
        for (EventType type : EventType.values()) {
            ObjectNode base = example(type);
            events.add(base);
            for (String time : HOSTILE_TIMES) {
                events.add(base.deepCopy().put("time", time));
            }
            List<String> fields = new ArrayList<>();
            base.get("data").fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                ObjectNode without = base.deepCopy();
                ((ObjectNode) without.get("data")).remove(field);
                events.add(without);
                for (String value : values) {
                    ObjectNode e = base.deepCopy();
                    ((ObjectNode) e.get("data")).put(field, "__HOSTILE__");
                    events.add(parse(e.toString().replace("\"__HOSTILE__\"", value)));
                }
            }
        }
        ObjectNode call = example(EventType.CALL_LOGGED);
        List<String> attributes = new ArrayList<>();
        call.fieldNames().forEachRemaining(attributes::add);
        attributes.addAll(List.of("subject", "datacontenttype", "dataschema"));
        for (String attribute : attributes) {
            ObjectNode without = call.deepCopy();
            without.remove(attribute);
            events.add(without);
            for (String value : values) {
                ObjectNode e = call.deepCopy().put(attribute, "__HOSTILE__");
                events.add(parse(e.toString().replace("\"__HOSTILE__\"", value)));
            }
        }
        return events;
    }

    @Test
    void bothEnginesGiveTheSamePointersForEveryEventOfTheCorpus() {
        List<JsonNode> corpus = corpus();
        int rejected = 0;
        for (JsonNode event : corpus) {
            assertSame(event);
            rejected += OURS.validate(event).isEmpty() ? 0 : 1;
        }
        assertTrue(corpus.size() > 5_000, "corpus of " + corpus.size());
        assertTrue(rejected > corpus.size() / 2 && rejected < corpus.size(), rejected + " of " + corpus.size());
    }

    /** HostileInputIT's mutations (a member replaced by a hostile value or removed), 2,000 of them. */
    @Test
    void bothEnginesGiveTheSamePointersForRandomMutations() {
        Random random = new Random(20261203);
        List<String> values = new ArrayList<>(List.of(HOSTILE_JSON));
        for (String text : HOSTILE_STRINGS) {
            values.add(EventJson.MAPPER.valueToTree(text).toString());
        }
        // a text with NUL is refused as malformed JSON before any validator sees it (EventJson)
        values.removeIf(v -> v.contains("\\u0000"));
        EventType[] types = EventType.values();
        for (int i = 0; i < 2_000; i++) {
            JsonNode tree = example(types[random.nextInt(types.length)]);
            for (int m = 0; m < 1 + random.nextInt(3); m++) {
                List<ObjectNode> objects = new ArrayList<>();
                collect(tree, objects);
                ObjectNode target = objects.get(random.nextInt(objects.size()));
                List<String> fields = new ArrayList<>();
                target.fieldNames().forEachRemaining(fields::add);
                if (fields.isEmpty()) {
                    continue;
                }
                String field = fields.get(random.nextInt(fields.size()));
                if (random.nextInt(10) == 0) {
                    target.remove(field);
                } else {
                    target.put(field, "__HOSTILE__");
                    tree = parse(tree.toString().replace("\"__HOSTILE__\"", values.get(random.nextInt(values.size()))));
                }
            }
            assertSame(tree);
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
        }
        node.forEach(child -> collect(child, out));
    }

    @Test
    void theContractsRangeOfYearsIsTheSameForBoth() {
        for (int year = 0; year <= 9999; year++) {
            ObjectNode event = example(EventType.CALL_LOGGED)
                    .put("time", String.format(java.util.Locale.ROOT, "%04d-06-15T12:00:00+09:00", year));
            assertSame(event);
            assertEquals(year >= 1970 && year <= 2100, LIBRARY.validate(event).isEmpty(), event.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "null", "1", "{}", "{\"data\":null}", "{\"type\":null,\"data\":{}}"})
    void documentsThatAreNoCloudEventAreAnsweredAlike(String json) {
        assertSame(parse(json));
    }

    /** Exact decimals: an amount over the maximum by 10^-21 is refused by both, whatever its form. */
    @Test
    void decimalsAreComparedExactly() {
        for (String amount : List.of("1000000000000000.000000000000000000001", "\"1000000000000000.000000000000000000001\"",
                "-0.000000000000000000001", "999999999999999.999999", "\"999999999999999.999999\"")) {
            ObjectNode event = example(EventType.DEAL_WON);
            ((ObjectNode) event.get("data")).put("amount", "__A__");
            JsonNode parsed = parse(event.toString().replace("\"__A__\"", amount));
            assertTrue(parsed.at("/data/amount").isBigDecimal() || parsed.at("/data/amount").isTextual());
            assertSame(parsed);
            assertEquals(amount.startsWith("999") || amount.startsWith("\"999"), LIBRARY.validate(parsed).isEmpty(),
                    amount);
        }
    }

    /** The library's own minimum and maximum (no contract rule involved) compare BigDecimals exactly too. */
    @Test
    void theLibrarysOwnBoundsAreExact() {
        ObjectNode event = example(EventType.NPS_RESPONDED);
        ((ObjectNode) event.get("data")).put("score", "__S__");
        JsonNode over = parse(event.toString().replace("\"__S__\"", "10.000000000000000000000000001"));
        JsonNode at = parse(event.toString().replace("\"__S__\"", "10.000000000000000000000000000"));
        assertEquals(List.of("/data/score"), pointers(STOCK.validate(over)));
        assertEquals(List.of(), STOCK.validate(at));
    }

    /**
     * What the library says as it comes (JSON Schema 2020-12, format assertions on) and the contract says otherwise;
     * each line is one rule the contract's configuration of the library adds (NetworkntEventValidator's javadoc).
     */
    @Test
    void theLibraryAsItComesDiffers() {
        // date-time: RFC 3339 (itu) against Java's ISO offset date-time
        assertDiffers(example(EventType.CALL_LOGGED).put("time", "2026-10-15T09:30+09:00"));
        // a JSON number with 7 fraction digits
        ObjectNode event = example(EventType.DEAL_WON);
        ((ObjectNode) event.get("data")).set("amount", parse("1.0000001"));
        assertDiffers(event.deepCopy());
        // null is absent: not a type error but "is required" (or nothing, for an optional member)
        ((ObjectNode) event.get("data")).putNull("product");
        ((ObjectNode) event.get("data")).put("amount", "1");
        assertDiffers(event.deepCopy());
        // a missing member: at the member's pointer, not at its object's
        ObjectNode missing = example(EventType.DEAL_WON);
        ((ObjectNode) missing.get("data")).remove("dealId");
        assertEquals(List.of("/data/dealId"), pointers(LIBRARY.validate(missing)));
    }

    /**
     * Where the library, configured as the contract needs, still answers otherwise, and why SchemaValidator stays
     * (docs/benchmarks.md): a call lasting {@code 1e999999} seconds is over the maximum of 86,400, and the library
     * lets it pass.
     */
    @Test
    void theLibraryLetsAnAstronomicalNumberPass() {
        for (String n : List.of("1e999999", "-1e999999")) {
            ObjectNode event = example(EventType.CALL_LOGGED);
            ((ObjectNode) event.get("data")).put("durationSeconds", "__N__");
            JsonNode parsed = parse(event.toString().replace("\"__N__\"", n));
            assertEquals(List.of("/data/durationSeconds"), pointers(OURS.validate(parsed)), n);
            assertEquals(List.of(), pointers(LIBRARY.validate(parsed)), n);
        }
    }

    private static void assertDiffers(JsonNode event) {
        List<String> ours = pointers(OURS.validate(event));
        assertEquals(ours, pointers(LIBRARY.validate(event)), event::toString);
        assertNotEquals(ours, pointers(STOCK.validate(event)), event::toString);
    }
}
