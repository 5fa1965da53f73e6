/**
 * reporting-api's consumers: {@code kpi.values}, {@code knowledge.insights}, the team registrations of
 * {@code crm.events} and {@code northstar.quarantine}, into the read model.
 */
package dev.northstar.reporting.messaging;
