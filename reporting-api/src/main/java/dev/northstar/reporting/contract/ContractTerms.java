package dev.northstar.reporting.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.northstar.common.Problem;
import dev.northstar.common.validation.KpiId;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.entity.TeamContract;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One version of a team's contract terms, as an admin records it (docs/kpi-definitions.md, "Contract terms"):
 * in force from {@code validFrom}; any of a monthly fee, revenue shares and incentives for a partner, or the loaded
 * cost of an in-house team, with incentives for either.
 */
public record ContractTerms(
        @NotNull(message = "is required: the month the terms are in force from, e.g. 2026-11")
        @Pattern(regexp = "(19[7-9]\\d|20\\d\\d|2100)-(0[1-9]|1[0-2])",
                message = "must be a month from 1970-01 to 2100-12, e.g. 2026-11") String validFrom,
        @Amount BigDecimal monthlyFee,
        @Valid RevenueShare revenueShare,
        @Size(max = 20, message = "must be at most 20 incentives") List<@Valid @NotNull(message = "is required")
                Incentive> incentives,
        @Valid InHouse inHouse,
        @Size(max = 2000, message = "must be at most 2000 characters") String note) {

    /** Shares of revenue: of the team's revenue won, and of the revenue its won customers recognise for N months. */
    public record RevenueShare(@Rate BigDecimal onRevenueWon, @Rate BigDecimal onRecognizedRevenue,
            @Min(value = 1, message = "must be 1 to 120 months") @Max(value = 120, message = "must be 1 to 120 months")
            Integer months) {
    }

    /** An amount earned for a period of {@code grain} whose KPI value is at least (or at most) a threshold. */
    public record Incentive(
            @NotNull(message = "is required: a KPI id") @KpiId String kpi,
            @NotNull(message = "is required: month, quarter or year")
            @Pattern(regexp = "month|quarter|year", message = "must be month, quarter or year") String grain,
            @Threshold BigDecimal atLeast, @Threshold BigDecimal atMost,
            @NotNull(message = "is required: the amount earned") @Amount BigDecimal amount) {
    }

    /** An in-house team's loaded cost: people × monthly cost, and each hire's one-off cost over the ramp-up. */
    public record InHouse(
            @NotNull(message = "is required: the number of people")
            @Min(value = 0, message = "must be 0 to 100000") @Max(value = 100000, message = "must be 0 to 100000")
            Integer headcount,
            @NotNull(message = "is required: the loaded monthly cost of one person") @Amount
            BigDecimal monthlyCostPerHead,
            @Amount BigDecimal hiringCostPerHead,
            @Amount BigDecimal trainingCostPerHead,
            @Min(value = 1, message = "must be 1 to 60 months") @Max(value = 60, message = "must be 1 to 60 months")
            Integer rampUpMonths) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the record's constraints cannot see alone, for a team of {@code kind} ({@code partner},
     * {@code in_house}, or null when the team is not registered): some term at all; a partner's terms on a
     * partner, an in-house cost on an in-house team; one threshold per incentive; the months of a share of
     * recognised revenue; a ramp-up for one-off hiring costs.
     */
    public List<ValidationProblem> problems(String kind) {
        List<ValidationProblem> out = new ArrayList<>();
        boolean partnerTerms = monthlyFee != null || revenueShare != null;
        if (!partnerTerms && inHouse == null && (incentives == null || incentives.isEmpty())) {
            out.add(new ValidationProblem("", "must hold some term: monthlyFee, revenueShare, incentives or inHouse"));
        }
        if ("partner".equals(kind) && inHouse != null) {
            out.add(new ValidationProblem("/inHouse", "is for in-house teams; this team is a partner"));
        }
        if ("in_house".equals(kind)) {
            if (monthlyFee != null) {
                out.add(new ValidationProblem("/monthlyFee", "is for partners; this team is in-house (use inHouse)"));
            }
            if (revenueShare != null) {
                out.add(new ValidationProblem("/revenueShare", "is for partners; this team is in-house"));
            }
        }
        if (kind == null && partnerTerms && inHouse != null) {
            out.add(new ValidationProblem("/inHouse", "cannot stand beside a partner's fee or revenue share"));
        }
        if (revenueShare != null) {
            if (revenueShare.onRevenueWon() == null && revenueShare.onRecognizedRevenue() == null) {
                out.add(new ValidationProblem("/revenueShare", "must hold onRevenueWon or onRecognizedRevenue"));
            }
            if (revenueShare.onRecognizedRevenue() != null && revenueShare.months() == null) {
                out.add(new ValidationProblem("/revenueShare/months",
                        "is required with onRecognizedRevenue: for how many months of each customer"));
            }
        }
        for (int i = 0; incentives != null && i < incentives.size(); i++) {
            Incentive in = incentives.get(i);
            if (in != null && (in.atLeast() == null) == (in.atMost() == null)) {
                out.add(new ValidationProblem("/incentives/" + i, "must hold one threshold: atLeast or atMost"));
            }
            if (in != null && in.kpi() != null && dev.northstar.events.KpiCatalog.isCost(in.kpi())) {
                // a cost KPI includes the incentive itself: judged on it, the cost would flip at every recompute
                out.add(new ValidationProblem("/incentives/" + i + "/kpi",
                        "cannot be a cost KPI (the cost includes the incentive): use a KPI of the team's work"));
            }
        }
        if (inHouse != null && inHouse.rampUpMonths() == null && (positive(inHouse.hiringCostPerHead())
                || positive(inHouse.trainingCostPerHead()))) {
            out.add(new ValidationProblem("/inHouse/rampUpMonths",
                    "is required with a hiring or training cost: over how many months it is spread"));
        }
        return out;
    }

    private static boolean positive(BigDecimal d) {
        return d != null && d.signum() > 0;
    }

    /** The version to store, after {@link #problems} found none. */
    public TeamContract toEntity(String tenant, String teamId, String recordedBy) {
        TeamContract c = new TeamContract();
        c.tenant = tenant;
        c.contractId = UUID.randomUUID();
        c.teamId = teamId;
        c.validFrom = validFrom;
        c.monthlyFee = monthlyFee;
        if (revenueShare != null) {
            c.shareWonRate = revenueShare.onRevenueWon();
            c.shareRecognizedRate = revenueShare.onRecognizedRevenue();
            c.shareMonths = revenueShare.onRecognizedRevenue() == null ? null : revenueShare.months();
        }
        try {
            c.incentives = JSON.writeValueAsString(incentives == null ? List.of() : incentives);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (inHouse != null) {
            c.headcount = inHouse.headcount();
            c.costPerHead = inHouse.monthlyCostPerHead();
            c.hiringCostPerHead = inHouse.hiringCostPerHead();
            c.trainingCostPerHead = inHouse.trainingCostPerHead();
            c.rampUpMonths = inHouse.rampUpMonths();
        }
        c.note = note == null || note.isBlank() ? null : note.strip();
        c.recordedBy = recordedBy;
        c.recordedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return c;
    }

    /** The terms a stored version holds. */
    public static ContractTerms of(TeamContract c) {
        List<Incentive> incentives;
        try {
            incentives = List.of(JSON.readValue(c.incentives, Incentive[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("team_contract " + c.contractId + ": incentives are not JSON", e);
        }
        RevenueShare share = c.shareWonRate == null && c.shareRecognizedRate == null ? null
                : new RevenueShare(c.shareWonRate, c.shareRecognizedRate, c.shareMonths);
        InHouse inHouse = c.headcount == null ? null : new InHouse(c.headcount, c.costPerHead, c.hiringCostPerHead,
                c.trainingCostPerHead, c.rampUpMonths);
        return new ContractTerms(c.validFrom, c.monthlyFee, share, incentives, inHouse, c.note);
    }

    /** Thrown for the problems {@link #problems} found. */
    public static Problem.Exception invalid(List<ValidationProblem> problems) {
        return new Problem.Exception(Problem.invalid("The contract terms are not valid: " + problems.size()
                + " problem(s).", problems));
    }
}
