package dev.northstar.reporting.pilot;

import dev.northstar.common.Problem;
import dev.northstar.common.validation.Identifier;
import dev.northstar.common.validation.KpiId;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.entity.Pilot;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pilot as an admin records it (the API's body and the console's form): a name, its teams, a product line and/or a
 * market segment, the first and the last month, and the KPIs it is judged on.
 */
public record NewPilot(
        @NotBlank(message = "is required: 1 to 120 characters") @Size(max = 120,
                message = "must be 1 to 120 characters") String name,
        @NotNull(message = "is required: 1 to 20 team ids") @Size(min = 1, max = 20,
                message = "must be 1 to 20 team ids") List<@NotNull(message = "is required") @Identifier String> teams,
        @Pattern(regexp = DIMENSION, message = DIMENSION_RULE) String product,
        @Pattern(regexp = DIMENSION, message = DIMENSION_RULE) String segment,
        @NotNull(message = "is required: the first month, e.g. 2026-09") @Pattern(regexp = MONTH,
                message = MONTH_RULE) String start,
        @NotNull(message = "is required: the last month, e.g. 2026-12") @Pattern(regexp = MONTH,
                message = MONTH_RULE) String end,
        @NotNull(message = "is required: 1 to 20 KPI ids") @Size(min = 1, max = 20,
                message = "must be 1 to 20 KPI ids") List<@NotNull(message = "is required") @KpiId String> kpis) {

    /** At most this many months, first and last included. */
    public static final int MAX_MONTHS = 36;
    /**
     * A product line or segment as events' scopes carry it (dev.northstar.events.Scopes): 1 to 64 characters, no
     * control characters.
     */
    static final String DIMENSION = "[^\\p{Cntrl}]{1,64}";
    static final String DIMENSION_RULE = "must be 1 to 64 characters, without control characters";
    static final String MONTH = "(19[7-9]\\d|20\\d\\d|2100)-(0[1-9]|1[0-2])";
    static final String MONTH_RULE = "must be a month from 1970-01 to 2100-12, e.g. 2026-11";

    /**
     * What the record's constraints cannot see alone: a product or a segment at all, the end not before the start
     * and at most {@value #MAX_MONTHS} months, no cost KPI nor support figure, no team or KPI listed twice.
     */
    public List<ValidationProblem> problems() {
        List<ValidationProblem> out = new ArrayList<>();
        if (product == null && segment == null) {
            out.add(new ValidationProblem("/product", "is required when there is no segment: a pilot is of a product"
                    + " line, a market segment, or both"));
        }
        if (start != null && end != null && start.matches(MONTH) && end.matches(MONTH)) {
            long months = ChronoUnit.MONTHS.between(YearMonth.parse(start), YearMonth.parse(end)) + 1;
            if (months < 1) {
                out.add(new ValidationProblem("/end", "must not be before start (" + start + ")"));
            } else if (months > MAX_MONTHS) {
                out.add(new ValidationProblem("/end", "must be at most " + MAX_MONTHS + " months from start"
                        + " (first and last included)"));
            }
        }
        twice(out, "/teams/", teams);
        if (kpis != null) {
            for (int i = 0; i < kpis.size(); i++) {
                String k = kpis.get(i);
                if (KpiCatalog.isCost(k) || KpiCatalog.isSupport(k)) {
                    out.add(new ValidationProblem("/kpis/" + i, "is a cost KPI or a support figure: a pilot is judged"
                            + " on what its teams achieve, which has a scope"));
                }
            }
        }
        twice(out, "/kpis/", kpis);
        return out;
    }

    private static void twice(List<ValidationProblem> out, String pointer, List<String> ids) {
        if (ids == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) != null && !seen.add(ids.get(i))) {
                out.add(new ValidationProblem(pointer + i, "is listed twice"));
            }
        }
    }

    /** The problems as the API's 400. */
    public static Problem.Exception invalid(List<ValidationProblem> problems) {
        return new Problem.Exception(Problem.invalid("The pilot is not valid: " + problems.size() + " problem(s).",
                problems));
    }

    /** The entity of a valid pilot. */
    public Pilot toEntity(String tenant, String createdBy) {
        Pilot p = new Pilot();
        p.tenant = tenant;
        p.name = name.strip();
        p.teams = String.join(",", teams);
        p.product = product;
        p.segment = segment;
        p.startMonth = start;
        p.endMonth = end;
        p.kpis = String.join(",", kpis);
        p.createdBy = createdBy;
        return p;
    }
}
