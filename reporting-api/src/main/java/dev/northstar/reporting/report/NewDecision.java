package dev.northstar.reporting.report;

import dev.northstar.common.Problem;
import dev.northstar.common.validation.GrainName;
import dev.northstar.common.validation.KpiId;
import dev.northstar.events.Grain;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.entity.MeetingDecision;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A decision as a meeting records it (the API's body and the console's form): the meeting's grain and period, what,
 * the owner (a person; optionally the side), the due date and the KPI it should move.
 */
public record NewDecision(
        @NotNull(message = "is required: day, week, month, quarter or year") @GrainName String grain,
        @NotBlank(message = "is required: the meeting's period, e.g. 2026-11") String period,
        @NotBlank(message = "is required: what was decided") @Size(max = 500, message = "must be at most 500 characters")
        String what,
        @NotBlank(message = "is required: the person who owns it") @Size(max = 200,
                message = "must be at most 200 characters") String owner,
        @Pattern(regexp = "team|head_office|joint", message = "must be team, head_office or joint") String ownerSide,
        @NotNull(message = "is required: a date, e.g. 2026-12-20") @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}",
                message = "must be a date, e.g. 2026-12-20") String due,
        @KpiId String kpi) {

    /** The checks a record's constraints cannot make (the period of the grain, a real date); then the entity. */
    public MeetingDecision toEntity(String tenant, String teamId, String decidedBy) {
        Grain g = Grain.fromWireName(grain).orElseThrow();
        LocalDate date;
        try {
            date = LocalDate.parse(due);
        } catch (DateTimeParseException e) {
            throw new Problem.Exception(Problem.invalid("The decision is not valid.",
                    List.of(new ValidationProblem("/due", "must be a date, e.g. 2026-12-20"))));
        }
        if (!g.isLabel(period)) {
            throw new Problem.Exception(Problem.invalid("The decision is not valid.",
                    List.of(new ValidationProblem("/period", "must be a " + grain + " period"))));
        }
        MeetingDecision d = new MeetingDecision();
        d.tenant = tenant;
        d.teamId = teamId;
        d.grain = grain;
        d.period = period;
        d.what = what.strip();
        d.owner = owner.strip();
        d.ownerSide = ownerSide == null || ownerSide.isBlank() ? null : ownerSide;
        d.due = date;
        d.kpi = kpi == null || kpi.isBlank() ? null : kpi;
        d.decidedBy = decidedBy;
        return d;
    }
}
