/**
 * The guarded Kafka consumer every service reads with ({@code BatchConsumer} on {@code BatchGuard}): batches stored
 * whole or split until a poison record is found and put in {@code northstar.quarantine} ({@code QuarantineTopic}),
 * transient failures retried while they last ({@code Failures} tells which), consumer health for the probes, and the
 * Kafka settings every client of a service shares ({@code KafkaClients}).
 */
package dev.northstar.common.kafka;
