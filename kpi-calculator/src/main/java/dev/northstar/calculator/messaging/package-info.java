/**
 * The calculator's edges to Kafka: {@code CrmEventsConsumer} reads crm.events (the service-wide guarded consumer)
 * into {@code pipeline.BatchApplier}; {@code ProgressSeeker} resumes partitions from the stored progress;
 * {@code PublishingRounds} runs the tenant refresh and then {@code KpiValuePublisher}, which sends changed values to
 * kpi.values from the outbox.
 */
package dev.northstar.calculator.messaging;
