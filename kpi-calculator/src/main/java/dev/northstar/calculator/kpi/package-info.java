/**
 * The domain of the calculator, without I/O: what an event contributes to which KPI ({@code TeamRules}, the account
 * fold {@code AccountFold} over an account's facts in event-time order), the tenant-wide models (LTV, the customer
 * base) and the additive contributions a batch produces. Every definition of docs/kpi-definitions.md lives here.
 */
package dev.northstar.calculator.kpi;
