/**
 * The combined report, the strategy brief (and its Markdown) and the integration level: built from a team's period
 * ({@code TeamPeriod}) of values, targets and insights.
 */
package dev.northstar.reporting.report;
