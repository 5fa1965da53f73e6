package dev.northstar.reporting.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.ValidationProblem;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a target may be: a decimal number (a JSON number or a numeric text) below 10^15 in magnitude with at most 6
 * decimals. One rule for the targets API and the console's grid.
 */
public final class TargetRule {

    private static final BigDecimal MAX_TARGET = new BigDecimal("1e15");

    private TargetRule() {
    }

    /** The target in {@code value}, or null after adding the problem at {@code pointer} to {@code problems}. */
    public static BigDecimal read(JsonNode value, String pointer, List<ValidationProblem> problems) {
        if (value == null || !(value.isNumber() || value.isTextual())) {
            problems.add(new ValidationProblem(pointer, "is required: a decimal number"));
            return null;
        }
        try {
            BigDecimal target = value.isNumber() ? value.decimalValue() : new BigDecimal(value.textValue().strip());
            if (target.abs().compareTo(MAX_TARGET) >= 0 || target.scale() > 6) {
                problems.add(new ValidationProblem(pointer, "must be below 10^15 with at most 6 decimals"));
                return null;
            }
            return target;
        } catch (NumberFormatException e) {
            problems.add(new ValidationProblem(pointer, "must be a decimal number"));
            return null;
        }
    }
}
