package dev.northstar.ingest.door;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.EventType;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Topics;
import dev.northstar.events.wire.KafkaBinding;
import dev.northstar.ingest.messaging.EventPublisher;
import dev.northstar.ingest.repository.ReceivedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The one door every event goes through, however it arrived (HTTP CloudEvents, the raw Kafka topics, a CRM
 * connector): valid events are claimed in the duplicate register, written to {@code crm.events}, and only once Kafka
 * has acknowledged every one of them is the claim confirmed and the call answered. A copy of an event accepted before
 * (same tenant, source and id) is a duplicate and written nowhere.
 */
@ApplicationScoped
public class EventDoor {

    private static final Logger LOG = Logger.getLogger(EventDoor.class);

    private final EventPublisher publisher;
    private final ReceivedEvents received;
    private final MeterRegistry meters;

    public EventDoor(EventPublisher publisher, ReceivedEvents received, MeterRegistry meters) {
        this.publisher = publisher;
        this.received = received;
        this.meters = meters;
    }

    /** What an accepted call did: events written to {@code crm.events}, and copies of events accepted before. */
    public record Accepted(int accepted, int duplicates) {
    }

    /**
     * Accepts events that the validator passed; {@code data[i]}: the bytes of event i's data as sent, or null to
     * write them from the tree.
     *
     * @throws NotAccepted when nothing may be promised: the register or Kafka did not answer, or another request is
     *                     accepting some of these events right now — nothing was accepted, resending is safe
     */
    public Accepted accept(List<JsonNode> structured, byte[][] data) {
        if (structured.isEmpty()) {
            return new Accepted(0, 0);
        }
        // a second copy inside one call is a duplicate of the first
        Map<NorthstarEvent.EventId, Integer> unique = new LinkedHashMap<>();
        for (int i = 0; i < structured.size(); i++) {
            unique.putIfAbsent(KafkaBinding.eventId(structured.get(i)), i);
        }
        ReceivedEvents.Claim claim;
        try {
            claim = received.claim(List.copyOf(unique.keySet()));
        } catch (RuntimeException e) {
            LOG.warnf("The duplicate register is unavailable: %s", e.getMessage());
            throw new NotAccepted("The duplicate register did not answer; nothing was accepted. Retry later.");
        }
        if (claim.inFlightElsewhere()) {
            received.release(claim);
            throw new NotAccepted("Some of these events are being accepted by another request right now; nothing was "
                    + "accepted by this one. Retry later.");
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(claim.size());
        int[] byType = new int[EventType.values().length];
        for (Map.Entry<NorthstarEvent.EventId, Integer> event : unique.entrySet()) {
            if (claim.owns(event.getKey())) {
                JsonNode node = structured.get(event.getValue());
                records.add(KafkaBinding.record(Topics.CRM_EVENTS, node, data == null ? null : data[event.getValue()]));
                byType[KafkaBinding.type(node).ordinal()]++;
            }
        }
        try {
            publisher.publish(records);
        } catch (EventPublisher.NotDurableException e) {
            LOG.warnf("Kafka did not acknowledge %d event(s): %s", records.size(), e.getMessage());
            received.release(claim);
            countByType(byType, "unavailable");
            // a send that timed out may still have been written: say so, and that resending is safe
            throw new NotAccepted("Kafka did not acknowledge the events in time, so they are not accepted; some may "
                    + "have been written all the same. Resending the same events is safe: a copy with the same tenant, "
                    + "source and id is recognised and counted once.");
        }
        // the events are in Kafka, so the answer is true; a confirmation the database does not take is retried
        received.confirm(claim);
        countByType(byType, "accepted");
        int duplicates = structured.size() - records.size();
        if (duplicates > 0) {
            meters.counter("northstar.ingest.events", "type", "any", "outcome", "duplicate").increment(duplicates);
        }
        return new Accepted(records.size(), duplicates);
    }

    /** Counts events by type (counts indexed by ordinal), one counter update per type and call. */
    private void countByType(int[] counts, String outcome) {
        for (EventType type : EventType.values()) {
            if (counts[type.ordinal()] > 0) {
                meters.counter("northstar.ingest.events", "type", type.wireName(), "outcome", outcome)
                        .increment(counts[type.ordinal()]);
            }
        }
    }

    /** Nothing was accepted, for a reason that passes: the sender should try again (HTTP: a 503). */
    public static final class NotAccepted extends RuntimeException {
        public NotAccepted(String message) {
            super(message, null, false, false);
        }
    }
}
