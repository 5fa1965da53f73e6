/**
 * kpi-ingest's own readiness: a 202 needs a broker.
 */
package dev.northstar.ingest.health;
