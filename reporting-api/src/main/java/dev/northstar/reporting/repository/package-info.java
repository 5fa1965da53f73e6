/**
 * reporting-api's storage: the read model on the reactive SQL client (values, insights, quarantine, teams with values)
 * and the entities' Panache repositories (targets, self-assessments, registrations).
 */
package dev.northstar.reporting.repository;
