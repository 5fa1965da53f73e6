package dev.northstar.reporting.contract;

import java.math.BigDecimal;
import java.util.List;

/**
 * A team's cost in a period of grain month, quarter or year: the months of the period up to the current month, each
 * with its lines, and their total. {@code total} is null while no month has terms in force; {@code missing} names
 * the terms whose lines are not computed yet (the total is then a lower bound). A settled month counts as settled.
 */
public record TeamCost(String teamId, String grain, String period, String currency, BigDecimal total,
        List<Ledger.Month> months, List<String> missing) {
}
