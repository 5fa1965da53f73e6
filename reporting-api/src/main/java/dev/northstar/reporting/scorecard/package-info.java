/**
 * The scorecard model: a team's KPIs in a period with previous, change, target and attainment
 * ({@code Scorecard}), and teams side by side pooled by kind ({@code Comparison}). Built from stored cells; used by
 * the REST resources and by the combined report and strategy brief ({@code report}), so that no arrow points from the
 * domain back to the REST layer.
 */
package dev.northstar.reporting.scorecard;
