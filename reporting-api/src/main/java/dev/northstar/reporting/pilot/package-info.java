/**
 * Pilots (issue 23, docs/kpi-definitions.md "Pilots"): some teams tried on one product line or market segment over a
 * range of months, and the report that judges them — inside the scope, outside it and before it. The records here
 * are the API's bodies; pilots are stored as {@code entity.Pilot}.
 */
package dev.northstar.reporting.pilot;
