/**
 * The business case's inputs: a team's contract terms, versioned by the month they are in force from and never
 * overwritten (docs/kpi-definitions.md, "The business case"). The records here are the API's bodies; the versions
 * are stored as {@code entity.TeamContract}.
 */
package dev.northstar.reporting.contract;
