package dev.northstar.reporting.contract;

import static dev.northstar.reporting.report.BriefMarkdown.code;
import static dev.northstar.reporting.report.BriefMarkdown.escape;

import java.math.BigDecimal;

/** The business case as Markdown, for the executive meeting; every text that came from users is escaped. */
public final class BusinessCaseMarkdown {

    private BusinessCaseMarkdown() {
    }

    public static String render(BusinessCase b) {
        StringBuilder md = new StringBuilder();
        md.append("# Business case / ビジネスケース: ").append(escape(b.teamName() == null ? b.teamId() : b.teamName()))
                .append("\n\nTeam ").append(code(b.teamId())).append(b.kind() == null ? "" : " (" + escape(b.kind()) + ")")
                .append(", ").append(b.grain()).append(" ").append(b.period()).append(", amounts in ")
                .append(escape(b.currency())).append(".\n\n");
        md.append("## Cost and value / コストと価値\n\n| | this team | in-house (pooled) |\n|---|---:|---:|\n");
        row(md, "Cost / コスト", b.team().cost(), b.inHouse().cost());
        row(md, "New customers / 新規顧客数", b.team().newCustomers(), b.inHouse().newCustomers());
        row(md, "Revenue won / 受注額", b.team().revenueWon(), b.inHouse().revenueWon());
        row(md, "Predicted LTV of new customers / 新規顧客の予測LTV", b.team().predictedLtv(), b.inHouse().predictedLtv());
        row(md, "Paid so far by them / 実現売上", b.team().realizedRevenue(), b.inHouse().realizedRevenue());
        row(md, "Cost per new customer / 新規顧客あたりコスト", b.team().costPerNewCustomer(),
                b.inHouse().costPerNewCustomer());
        row(md, "LTV ÷ cost", b.team().ltvToCost(), b.inHouse().ltvToCost());
        row(md, "Paid so far ÷ cost", b.team().realizedRevenueToCost(), b.inHouse().realizedRevenueToCost());
        row(md, "ROI (LTV − cost) ÷ cost", b.team().roi(), b.inHouse().roi());
        row(md, "Payback in months / 投資回収期間（月）", b.team().paybackMonths(),
                b.inHouse().paybackMonths());
        md.append("\n## Build it in-house instead? / 内製した場合\n\n");
        var build = b.buildInHouse();
        if (build.total() == null) {
            md.append(escape(build.explanation())).append(".\n");
        } else {
            md.append("| | |\n|---|---:|\n");
            md.append("| People needed / 必要人数 | ").append(num(build.peopleNeeded())).append(" |\n");
            md.append("| Running cost / 人件費 | ").append(num(build.runningCost())).append(" |\n");
            md.append("| Hiring and training / 採用・育成 | ").append(num(build.oneOffCost())).append(" |\n");
            md.append("| In-house total / 内製合計 | ").append(num(build.total())).append(" |\n");
            md.append("| This team's cost / このチームのコスト | ").append(num(build.partnerCost())).append(" |\n");
            md.append("| In-house minus this team / 差額 | ").append(num(build.difference())).append(" |\n\n");
            md.append(escape(build.explanation())).append(".\n");
        }
        if (!b.missing().isEmpty()) {
            md.append("\nNot computed yet: ").append(String.join(", ", b.missing().stream().map(m -> "`" + m + "`")
                    .toList())).append(".\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String label, BigDecimal a, BigDecimal b) {
        md.append("| ").append(label).append(" | ").append(num(a)).append(" | ").append(num(b)).append(" |\n");
    }

    private static String num(BigDecimal d) {
        return d == null ? "—" : d.stripTrailingZeros().toPlainString();
    }
}
