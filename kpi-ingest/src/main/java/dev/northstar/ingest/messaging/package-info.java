/**
 * kpi-ingest's Kafka edges: the producer of {@code crm.events} ({@code EventPublisher}, acks=all, idempotent) and the
 * raw-topic door ({@code RawEventsForwarder}), which validates what Kafka Connect delivers like HTTP events.
 */
package dev.northstar.ingest.messaging;
