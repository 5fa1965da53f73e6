/**
 * knowledge-service's Kafka edges: insight-bearing events of {@code crm.events} in, insights out to
 * {@code knowledge.insights} from an outbox.
 */
package dev.northstar.knowledge.messaging;
