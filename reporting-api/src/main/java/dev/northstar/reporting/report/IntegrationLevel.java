package dev.northstar.reporting.report;

import dev.northstar.events.Grain;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.entity.TeamSelfAssessment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A team's integration level (1 task outsourcing, 2 co-creating results, 3 strategic integration), diagnosed from
 * four signals in its data and combined with its answers to the four self-check questions: the level is the lower
 * of the two (the data level alone while the team has not answered). Level 2 needs knowledge flowing and loss
 * reasons recorded (success and failure cases shared, results analysed); level 3 needs, on top, product feedback
 * arriving and the customer-value KPIs covered. Thresholds are per month and scale with the period
 * (docs/reporting.md).
 */
public record IntegrationLevel(String teamId, String teamName, String kind, String period, int level,
        Map<String, String> levelName, int dataLevel, Integer selfAssessedLevel, String basis, List<Signal> signals,
        SelfAssessment selfAssessment, Next next) {

    /** The KPIs whose coverage says whether the team looks after customers beyond the sale. */
    public static final List<String> CUSTOMER_VALUE_KPIS = List.of("nps", "renewal_rate", "onboarding_completion_rate",
            "expansion_rate", "new_customer_avg_ltv");

    /** Whether a signal's evidence reaches its threshold; {@code no_data} does not hold a team back. */
    public enum Status { met, not_met, no_data }

    /** One signal: what was observed against what threshold, for which level. */
    public record Signal(String id, Status status, BigDecimal observed, BigDecimal threshold, int neededForLevel,
            String evidence) {
    }

    /** A team's answers to the self-check questions. */
    public record SelfAssessment(boolean meetingBeyondNumbers, boolean explainsVision,
            boolean analysesFailuresTogether, boolean proposesImprovements, String note, Instant answeredAt) {

        /** The answers as stored, or null when the team has not answered. */
        public static SelfAssessment of(TeamSelfAssessment stored) {
            return stored == null ? null : new SelfAssessment(stored.meetingBeyondNumbers, stored.explainsVision,
                    stored.analysesFailuresTogether, stored.proposesImprovements, stored.note,
                    stored.answeredAt == null ? null : stored.answeredAt.toInstant());
        }

        /** 3 when every answer is yes; 2 when the meeting is more than numbers and failures are analysed together. */
        public int level() {
            if (meetingBeyondNumbers && analysesFailuresTogether) {
                return explainsVision && proposesImprovements ? 3 : 2;
            }
            return 1;
        }
    }

    /** What would move the team to the next level, in English ({@code steps}) and Japanese ({@code stepsJa}). */
    public record Next(int level, Map<String, String> name, List<String> steps, List<String> stepsJa) {
    }

    static Map<String, String> name(int level) {
        return switch (level) {
            case 1 -> Map.of("ja", "業務代行", "en", "task outsourcing");
            case 2 -> Map.of("ja", "成果共創", "en", "co-creating results");
            default -> Map.of("ja", "戦略統合", "en", "strategic integration");
        };
    }

    /** How many months a period of the grain spans, for thresholds given per month; empty for shorter grains. */
    public static int months(Grain grain) {
        return switch (grain) {
            case MONTH -> 1;
            case QUARTER -> 3;
            case YEAR -> 12;
            default -> 0;
        };
    }

    /** The diagnosis of a loaded period of a month, a quarter or a year. */
    public static IntegrationLevel of(TeamPeriod p, SelfAssessment answers, ReportingConfig.Integration config) {
        int months = months(p.grain());
        List<Signal> signals = new ArrayList<>();
        BigDecimal knowledge = p.value("knowledge_shared").orElse(BigDecimal.ZERO);
        BigDecimal knowledgeNeeded = BigDecimal.valueOf((long) config.knowledgePerMonth() * months);
        signals.add(new Signal("knowledge_flowing", atLeast(knowledge, knowledgeNeeded), knowledge, knowledgeNeeded, 2,
                Figures.plain(knowledge) + " knowledge article(s) shared ("
                + Figures.plain(p.value("knowledge_shared_success").orElse(BigDecimal.ZERO)) + " success, "
                + Figures.plain(p.value("knowledge_shared_failure").orElse(BigDecimal.ZERO)) + " failure)"));
        long lost = p.line("win_rate").filter(l -> l.denominator() != null)
                .map(l -> l.denominator().subtract(l.numerator()).longValue()).orElse(0L);
        if (lost == 0) {
            signals.add(new Signal("loss_reasons_recorded", Status.no_data, null, config.lossReasonShare(), 2,
                    "no deal lost in the period"));
        } else {
            long recorded = Math.min(lost, p.dealsWithLossReason());
            BigDecimal share = BigDecimal.valueOf(recorded).divide(BigDecimal.valueOf(lost), 6, RoundingMode.HALF_EVEN);
            signals.add(new Signal("loss_reasons_recorded", atLeast(share, config.lossReasonShare()), share,
                    config.lossReasonShare(), 2, recorded + " of " + lost + " lost deals have a loss reason"));
        }
        BigDecimal feedback = p.value("product_feedback").orElse(BigDecimal.ZERO);
        BigDecimal feedbackNeeded = BigDecimal.valueOf((long) config.feedbackPerMonth() * months);
        signals.add(new Signal("product_feedback_arriving", atLeast(feedback, feedbackNeeded), feedback,
                feedbackNeeded, 3, Figures.plain(feedback) + " product feedback item(s)"));
        List<String> covered = CUSTOMER_VALUE_KPIS.stream().filter(k -> p.value(k).isPresent()).toList();
        BigDecimal coverage = BigDecimal.valueOf(covered.size()).divide(BigDecimal.valueOf(CUSTOMER_VALUE_KPIS.size()),
                6, RoundingMode.HALF_EVEN);
        signals.add(new Signal("customer_value_covered", atLeast(coverage, config.customerValueCoverage()), coverage,
                config.customerValueCoverage(), 3, covered.size() + " of " + CUSTOMER_VALUE_KPIS.size()
                + " customer-value KPIs have a value" + (covered.isEmpty() ? "" : ": " + String.join(", ", covered))));

        int dataLevel = 1;
        if (passes(signals, 2)) {
            dataLevel = passes(signals, 3) ? 3 : 2;
        }
        Integer selfLevel = answers == null ? null : answers.level();
        int level = selfLevel == null ? dataLevel : Math.min(dataLevel, selfLevel);
        List<String[]> steps = level == 3 ? List.of() : steps(level + 1, signals, answers, p);
        Next next = level == 3 ? null : new Next(level + 1, name(level + 1), steps.stream().map(x -> x[0]).toList(),
                steps.stream().map(x -> x[1]).toList());
        return new IntegrationLevel(p.team().teamId(), p.team().name(), p.team().kind(), p.period(), level, name(level),
                dataLevel, selfLevel, answers == null ? "data" : "data and self-assessment", signals, answers, next);
    }

    private static Status atLeast(BigDecimal observed, BigDecimal threshold) {
        return observed.compareTo(threshold) >= 0 ? Status.met : Status.not_met;
    }

    private static boolean passes(List<Signal> signals, int level) {
        return signals.stream().filter(s -> s.neededForLevel() <= level).noneMatch(s -> s.status() == Status.not_met);
    }

    /** Each step in English and in Japanese. */
    private static List<String[]> steps(int target, List<Signal> signals, SelfAssessment answers, TeamPeriod p) {
        List<String[]> steps = new ArrayList<>();
        for (Signal s : signals) {
            if (s.neededForLevel() > target || s.status() != Status.not_met) {
                continue;
            }
            steps.add(switch (s.id()) {
                case "knowledge_flowing" -> new String[] {"Share at least " + Figures.plain(s.threshold())
                        + " success or failure case(s) in " + p.period() + " (now " + Figures.plain(s.observed()) + ").",
                    p.period() + " に成功・失敗事例を " + Figures.plain(s.threshold()) + " 件以上共有する（現在 "
                        + Figures.plain(s.observed()) + " 件）。"};
                case "loss_reasons_recorded" -> new String[] {"Record a loss reason for at least "
                        + Figures.percent(s.threshold()) + " of lost deals (now " + Figures.percent(s.observed()) + ").",
                    "失注案件の " + Figures.percent(s.threshold()) + " 以上に失注理由を記録する（現在 "
                        + Figures.percent(s.observed()) + "）。"};
                case "product_feedback_arriving" -> new String[] {"Send at least " + Figures.plain(s.threshold())
                        + " product feedback item(s) from customers in " + p.period() + " (now "
                        + Figures.plain(s.observed()) + ").",
                    p.period() + " に顧客からの製品フィードバックを " + Figures.plain(s.threshold()) + " 件以上届ける（現在 "
                        + Figures.plain(s.observed()) + " 件）。"};
                default -> new String[] {"Track the customer-value KPIs (NPS, renewals, onboarding, expansion, LTV) for"
                        + " at least " + Figures.percent(s.threshold()) + " of them (now " + Figures.percent(s.observed())
                        + ").",
                    "顧客価値KPI（NPS、契約更新、オンボーディング、拡大、LTV）の " + Figures.percent(s.threshold())
                        + " 以上を計測する（現在 " + Figures.percent(s.observed()) + "）。"};
            });
        }
        if (answers == null) {
            steps.add(new String[] {"Answer the four self-check questions (PUT /v1/teams/" + p.team().teamId()
                    + "/self-assessment).", "4つの自己評価の質問に回答する（統合レベルのページ、または PUT /v1/teams/"
                    + p.team().teamId() + "/self-assessment）。"});
        } else {
            question(steps, !answers.meetingBeyondNumbers(), 2, target, "Make the regular meeting more than a numbers"
                    + " report: use the strategy brief as its agenda.", "定例会議を数字の報告以上のものにする：戦略会議ブリーフを議題に使う。");
            question(steps, !answers.analysesFailuresTogether(), 2, target, "Analyse the causes of failures together"
                    + " with the head office.", "失敗の原因を本社と共に分析する。");
            question(steps, !answers.explainsVision(), 3, target, "Make sure the partner can explain the company's"
                    + " vision and strategy in its own words.", "パートナーが自社のビジョンと戦略を自分の言葉で説明できるようにする。");
            question(steps, !answers.proposesImprovements(), 3, target, "Have the partner propose improvements to the"
                    + " product or service.", "パートナーから製品・サービスへの改善提案を受ける。");
        }
        return steps;
    }

    private static void question(List<String[]> steps, boolean open, int neededFor, int target, String step,
            String stepJa) {
        if (open && neededFor <= target) {
            steps.add(new String[] {step, stepJa});
        }
    }
}
