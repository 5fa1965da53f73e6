/**
 * The entities of reporting-api — what users configure or what changes rarely, kept with Hibernate Reactive
 * (Panache repositories in {@code repository}): targets ({@code KpiTarget}), self-assessments
 * ({@code TeamSelfAssessment}), teams' registrations ({@code TeamRegistration}), meeting decisions
 * ({@code MeetingDecision}) and contract versions ({@code TeamContract}). The read model of values and
 * insights stays on the reactive SQL client, where its statements were measured.
 */
package dev.northstar.reporting.entity;
