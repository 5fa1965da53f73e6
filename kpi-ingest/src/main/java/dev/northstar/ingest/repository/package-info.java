/**
 * The duplicate register: (tenant, source, id) claimed before a send and confirmed after it, so that a copy is
 * acknowledged and not sent again.
 */
package dev.northstar.ingest.repository;
