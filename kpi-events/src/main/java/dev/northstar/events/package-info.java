/**
 * The event contract every service shares: event types and their records, the KPI catalogue and period labels; the
 * schema validation that reports every problem by JSON pointer; the wire codecs (CloudEvents over HTTP and the Kafka
 * binding, and the one deserializer of {@code crm.events}).
 */
package dev.northstar.events;
