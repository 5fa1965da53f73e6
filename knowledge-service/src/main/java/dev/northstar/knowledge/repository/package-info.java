/**
 * Insights in PostgreSQL: insert once per event, search by trigram index within a budget, trends by tag.
 */
package dev.northstar.knowledge.repository;
