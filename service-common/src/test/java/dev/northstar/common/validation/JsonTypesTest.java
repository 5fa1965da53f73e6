package dev.northstar.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.northstar.events.ValidationProblem;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTypesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Shapes(List<String> tags, List<Integer> counts, List<List<Boolean>> grid) {
    }

    private final List<ValidationProblem> problems = new ArrayList<>();

    private static Type component(String name) {
        for (var c : Shapes.class.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c.getGenericType();
            }
        }
        throw new IllegalArgumentException(name);
    }

    private String mismatch(Type type, String json) {
        try {
            return JsonTypes.mismatch(type, JSON.readTree(json), "/field", problems);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Test
    void nullFitsEveryType() {
        assertNull(mismatch(String.class, "null"));
        assertNull(mismatch(int.class, "null"));
        assertNull(JsonTypes.mismatch(String.class, (JsonNode) null, "/field", problems));
        assertEquals(List.of(), problems);
    }

    @Test
    void textIsOnlyAJsonString() {
        assertNull(mismatch(String.class, "\"7\""));
        assertEquals("must be text", mismatch(String.class, "7"));
        assertEquals("must be text", mismatch(String.class, "true"));
        assertEquals("must be text", mismatch(String.class, "{}"));
        assertEquals(List.of(new ValidationProblem("/field", "must be text"), new ValidationProblem("/field",
                "must be text"), new ValidationProblem("/field", "must be text")), problems);
    }

    @Test
    void aBooleanIsOnlyTrueOrFalse() {
        assertNull(mismatch(Boolean.class, "false"));
        assertNull(mismatch(boolean.class, "true"));
        assertEquals("must be true or false", mismatch(Boolean.class, "\"true\""));
        assertEquals("must be true or false", mismatch(boolean.class, "1"));
    }

    @Test
    void anIntegerIsAWholeJsonNumberThatFitsALong() {
        assertNull(mismatch(Integer.class, "7"));
        assertNull(mismatch(long.class, "-9223372036854775808"));
        assertEquals("must be an integer", mismatch(int.class, "1.5"));
        assertEquals("must be an integer", mismatch(Long.class, "\"7\""));
        assertEquals("must be an integer", mismatch(long.class, "9223372036854775808"));
        assertEquals("must be an integer", mismatch(Integer.class, "true"));
    }

    @Test
    void aDecimalIsANumberOrTextThatIsOne() {
        assertNull(mismatch(BigDecimal.class, "1.25"));
        assertNull(mismatch(BigDecimal.class, "3"));
        assertNull(mismatch(BigDecimal.class, "\"1.25\""));
        assertNull(mismatch(BigDecimal.class, "\"1e3\""));
        assertEquals("must be a decimal number", mismatch(BigDecimal.class, "\"one\""));
        assertEquals("must be a decimal number", mismatch(BigDecimal.class, "\"\""));
        assertEquals("must be a decimal number", mismatch(BigDecimal.class, "[1]"));
    }

    @Test
    void aListIsAnArrayWhoseWrongElementsAreNamedByIndex() {
        assertNull(mismatch(component("tags"), "[\"a\",\"b\"]"));
        assertEquals("must be an array", mismatch(component("tags"), "\"a\""));
        problems.clear();
        assertEquals("has elements of the wrong type", mismatch(component("counts"), "[1,\"2\",3,4.5,null]"));
        assertEquals(List.of(new ValidationProblem("/field/1", "must be an integer"),
                new ValidationProblem("/field/3", "must be an integer")), problems);
        problems.clear();
        assertEquals("has elements of the wrong type", mismatch(component("grid"), "[[true],[false,0]]"));
        assertEquals(List.of(new ValidationProblem("/field/1/1", "must be true or false")), problems);
    }

    @Test
    void typesItDoesNotKnowAreLeftToJackson() {
        assertNull(mismatch(LocalDate.class, "42"));
        assertNull(mismatch(Object.class, "[1]"));
        assertEquals(List.of(), problems);
    }
}
