/**
 * reporting-api's HTTP resources: series and the change feed, teams, scorecards and targets, comparisons, reports,
 * strategy briefs, integration levels and self-assessments, the quarantine list. Parameters are validated here;
 * everything else is asked of the domain and the repositories.
 */
package dev.northstar.reporting.rest;
