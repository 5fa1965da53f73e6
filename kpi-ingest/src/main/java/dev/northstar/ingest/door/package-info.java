/**
 * The one door of kpi-ingest: {@link dev.northstar.ingest.door.EventDoor} takes valid events from every way in (HTTP,
 * the raw topics, the CRM connectors) through the duplicate register to {@code crm.events}, answering only once
 * Kafka has them.
 */
package dev.northstar.ingest.door;
