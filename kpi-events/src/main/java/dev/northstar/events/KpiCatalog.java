package dev.northstar.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every KPI of the domain (see docs/kpi-definitions.md): id, axis, generation, unit, labels and formula. */
public final class KpiCatalog {

    /**
     * The four axes of the integrated KPI table, and the business case's cost and return (computed by reporting-api
     * from the teams' contract terms, docs/kpi-definitions.md "The business case").
     */
    public enum Axis { ACTIVITY, REVENUE, CUSTOMER_VALUE, ORGANISATIONAL_CONTRIBUTION, INVESTMENT }

    /** Traditional (short-term, 従来) or integrated (long-term, 統合). */
    public enum Generation { TRADITIONAL, INTEGRATED }

    /**
     * How a value is read: integers, decimals in the tenant's currency, fractions 0–1, NPS −100…100, a multiple
     * (2.5 is 2.5 times) or months.
     */
    public enum Unit { COUNT, AMOUNT, RATE, SCORE, MULTIPLE, MONTHS }

    /** One KPI's definition. {@code ratio} KPIs carry numerator and denominator. */
    public record Kpi(String id, Axis axis, Generation generation, Unit unit, String ja, String en, String formula,
            boolean ratio) {

        /**
         * The value of a cell: counts and sums are the numerator; ratios and averages are numerator ÷
         * denominator (6 decimals), empty ({@code null}) when the denominator is 0, never 0; the NPS is that
         * ratio in percent (2 decimals).
         */
        /** Whether less is better (a cost): its target is a ceiling, met when the value is at or below it. */
        public boolean lowerIsBetter() {
            return id.equals("partner_cost") || id.equals("cost_per_new_customer") || id.equals("payback_months");
        }

        public java.math.BigDecimal value(java.math.BigDecimal numerator, java.math.BigDecimal denominator) {
            if (!ratio) {
                return numerator;
            }
            if (denominator == null || denominator.signum() == 0) {
                return null;
            }
            return unit == Unit.SCORE
                    ? numerator.movePointRight(2).divide(denominator, 2, java.math.RoundingMode.HALF_EVEN)
                    : numerator.divide(denominator, 6, java.math.RoundingMode.HALF_EVEN);
        }
    }

    private static final Map<String, Kpi> KPIS = new LinkedHashMap<>();

    static {
        add("calls", Axis.ACTIVITY, Generation.TRADITIONAL, Unit.COUNT, "架電数", "Calls",
                "count of calls logged");
        add("appointments", Axis.ACTIVITY, Generation.TRADITIONAL, Unit.COUNT, "アポイント獲得数", "Appointments set",
                "count of appointments set");
        add("exec_conversations", Axis.ACTIVITY, Generation.INTEGRATED, Unit.COUNT, "ターゲット企業役職者との対話数",
                "Conversations with executives of target accounts",
                "count of conversations held with an executive contact at a target account");
        add("key_person_connect_rate", Axis.ACTIVITY, Generation.INTEGRATED, Unit.RATE, "キーパーソンへの接続率",
                "Key-person connection rate",
                "calls to target accounts that connected to a key person ÷ calls placed to target accounts");
        add("appointment_quality", Axis.ACTIVITY, Generation.INTEGRATED, Unit.RATE, "アポの質", "Appointment quality",
                "appointments held that led to a deal for the same account within 60 days ÷ appointments held");
        add("deals_won", Axis.REVENUE, Generation.TRADITIONAL, Unit.COUNT, "新規受注件数", "New deals won",
                "count of new-business deals won (expansions excluded)");
        add("revenue_won", Axis.REVENUE, Generation.TRADITIONAL, Unit.AMOUNT, "月次売上高", "Revenue won",
                "sum of the amounts of new-business deals won");
        add("win_rate", Axis.REVENUE, Generation.TRADITIONAL, Unit.RATE, "受注率", "Win rate",
                "deals won ÷ (deals won + deals lost), each deal's first outcome, in the period of the outcome");
        add("new_customer_avg_ltv", Axis.REVENUE, Generation.INTEGRATED, Unit.AMOUNT, "新規顧客の平均LTV",
                "Average LTV of new customers",
                "mean of MRR at win × gross margin ÷ trailing-12-month monthly churn rate (floored at 1/60)");
        add("realized_ltv_to_date", Axis.REVENUE, Generation.INTEGRATED, Unit.AMOUNT, "実現LTV（累計）",
                "Realised LTV to date", "revenue recognised so far for the customers won in the period ÷ their number");
        add("expansion_rate", Axis.REVENUE, Generation.INTEGRATED, Unit.RATE, "アップセル・クロスセル率",
                "Upsell/cross-sell rate",
                "customers with an upsell or cross-sell in the period ÷ customers active at the period's start");
        add("upsell_rate", Axis.REVENUE, Generation.INTEGRATED, Unit.RATE, "アップセル率", "Upsell rate",
                "customers with an upsell in the period ÷ customers active at the period's start");
        add("cross_sell_rate", Axis.REVENUE, Generation.INTEGRATED, Unit.RATE, "クロスセル率", "Cross-sell rate",
                "customers with a cross-sell in the period ÷ customers active at the period's start");
        add("renewal_rate", Axis.REVENUE, Generation.INTEGRATED, Unit.RATE, "契約更新率", "Renewal rate",
                "contracts renewed ÷ contracts whose term ended in the period (renewed + churned)");
        add("revenue_renewal_rate", Axis.REVENUE, Generation.INTEGRATED, Unit.RATE, "契約更新率（金額）",
                "Revenue renewal rate", "MRR renewed ÷ MRR of contracts renewed or churned in the period");
        add("nps", Axis.CUSTOMER_VALUE, Generation.INTEGRATED, Unit.SCORE, "顧客満足度（NPS）", "NPS",
                "% promoters (9–10) − % detractors (0–6) among the answers in the period");
        add("onboarding_completion_rate", Axis.CUSTOMER_VALUE, Generation.INTEGRATED, Unit.RATE,
                "導入後オンボーディング完了率", "Onboarding completion rate",
                "onboardings started in the period that completed within 90 days ÷ onboardings started");
        add("product_feedback", Axis.ORGANISATIONAL_CONTRIBUTION, Generation.INTEGRATED, Unit.COUNT,
                "製品開発へのフィードバック件数", "Product-development feedback", "count of feedback items submitted");
        add("knowledge_shared", Axis.ORGANISATIONAL_CONTRIBUTION, Generation.INTEGRATED, Unit.COUNT,
                "ナレッジの共有数", "Knowledge shared", "count of knowledge articles shared (success and failure)");
        add("knowledge_shared_success", Axis.ORGANISATIONAL_CONTRIBUTION, Generation.INTEGRATED, Unit.COUNT,
                "成功ナレッジの共有数", "Success knowledge shared", "count of success articles shared");
        add("knowledge_shared_failure", Axis.ORGANISATIONAL_CONTRIBUTION, Generation.INTEGRATED, Unit.COUNT,
                "失敗ナレッジの共有数", "Failure knowledge shared", "count of failure articles shared");
    }

    /**
     * Figures kpi-calculator computes and publishes on {@code kpi.values} for reporting-api's own KPIs, never served
     * as KPIs (not in {@link #all()}, the feeds or the scorecard): {@code new_customer_mrr}, the MRR at win of the
     * period's new customers (numerator Σ MRR, denominator how many carried one), for {@code payback_months}.
     */
    private static final Map<String, Kpi> SUPPORT = Map.of("new_customer_mrr", new Kpi("new_customer_mrr",
            Axis.REVENUE, Generation.INTEGRATED, Unit.AMOUNT, "新規顧客のMRR", "MRR of new customers",
            "Σ MRR at win of the customers won in the period ÷ their number (those with an MRR in the tenant's"
            + " currency)", true));

    /** The KPIs of the business case: computed by reporting-api from the teams' contract terms, not by events. */
    public static final List<String> COST_KPIS = List.of("partner_cost", "cost_per_new_customer", "ltv_to_cost",
            "realized_revenue_to_cost", "payback_months");

    static {
        add("partner_cost", Axis.INVESTMENT, Unit.AMOUNT, false, "パートナーコスト", "Cost",
                "the cost of the team's contract terms in the period: fee, revenue shares, incentives earned, loaded"
                + " cost; settled months as settled, with the adjustments they carry");
        add("cost_per_new_customer", Axis.INVESTMENT, Unit.AMOUNT, true, "新規顧客獲得コスト", "Cost per new customer",
                "cost ÷ customers won in the period");
        add("ltv_to_cost", Axis.INVESTMENT, Unit.MULTIPLE, true, "LTV対コスト比", "LTV to cost",
                "predicted LTV of the customers won in the period ÷ cost");
        add("realized_revenue_to_cost", Axis.INVESTMENT, Unit.MULTIPLE, true, "実現売上対コスト比",
                "Realised revenue to cost",
                "revenue recognised so far from the customers won in the period ÷ cost");
        add("payback_months", Axis.INVESTMENT, Unit.MONTHS, true, "投資回収期間（月）", "Payback period",
                "cost ÷ the monthly gross profit of the customers won in the period (Σ MRR at win × gross margin)");
    }

    private KpiCatalog() {
    }

    private static void add(String id, Axis axis, Unit unit, boolean ratio, String ja, String en, String formula) {
        KPIS.put(id, new Kpi(id, axis, Generation.INTEGRATED, unit, ja, en, formula, ratio));
    }

    private static void add(String id, Axis axis, Generation generation, Unit unit, String ja, String en,
            String formula) {
        KPIS.put(id, new Kpi(id, axis, generation, unit, ja, en, formula, unit == Unit.RATE || unit == Unit.SCORE
                || id.endsWith("ltv") || id.equals("realized_ltv_to_date")));
    }

    /** Every KPI, in the order of the domain table. */
    public static List<Kpi> all() {
        return List.copyOf(KPIS.values());
    }

    /**
     * The support figures of customer cohorts: {@code cohort_revenue@<win month>} at month grain is the revenue
     * recognised in the period, at or after their win, by the customers the team won in that month (YYYY-MM), for a
     * share of recognised revenue during a customer's first N months.
     */
    public static final String COHORT_REVENUE = "cohort_revenue@";

    private static final java.util.regex.Pattern COHORT = java.util.regex.Pattern.compile(
            "cohort_revenue@\\d{4}-(0[1-9]|1[0-2])");

    /** A KPI of the catalogue or a support figure ({@link #isSupport}): what kpi-calculator may publish. */
    public static Optional<Kpi> figure(String id) {
        Kpi k = KPIS.get(id);
        if (k != null) {
            return Optional.of(k);
        }
        if (id != null && COHORT.matcher(id).matches()) {
            return Optional.of(new Kpi(id, Axis.REVENUE, Generation.INTEGRATED, Unit.AMOUNT, "コホート売上",
                    "Cohort revenue", "revenue recognised in the period, at or after the win, by the customers the"
                    + " team won in " + id.substring(COHORT_REVENUE.length()), false));
        }
        return Optional.ofNullable(SUPPORT.get(id));
    }

    /** Whether the id is a support figure: published for reporting-api's own KPIs, never served as a KPI. */
    public static boolean isSupport(String id) {
        return SUPPORT.containsKey(id) || id != null && COHORT.matcher(id).matches();
    }

    /** Whether the KPI is the business case's (computed from contract terms by reporting-api). */
    public static boolean isCost(String id) {
        return COST_KPIS.contains(id);
    }

    /** The KPI with this id, if the catalogue has one. */
    public static Optional<Kpi> byId(String id) {
        return Optional.ofNullable(KPIS.get(id));
    }
}
