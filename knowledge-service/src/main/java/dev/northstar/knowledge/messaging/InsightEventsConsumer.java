package dev.northstar.knowledge.messaging;

import dev.northstar.common.kafka.BatchConsumer;
import dev.northstar.common.kafka.ServiceConsumers;
import dev.northstar.events.EventType;
import dev.northstar.events.Topics;
import dev.northstar.events.wire.CrmEventDeserializer.Received;
import dev.northstar.events.wire.CrmEventDeserializer;
import dev.northstar.knowledge.Insights;
import dev.northstar.knowledge.repository.InsightRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Turns the insight-bearing events of {@code crm.events} into insights, each event at most once (an insight is keyed
 * by its event, so a redelivered batch stores nothing twice). Other types are skipped unread; a record that is not a
 * valid event, or that the database refuses for good, goes to the quarantine and the rest of its batch is stored.
 */
@ApplicationScoped
public class InsightEventsConsumer {

    /** The consumer group (as it was when the channel was a messaging channel, so that its offsets carry over). */
    public static final String GROUP = "knowledge-service";
    /** The types that carry an insight ({@link Insights#fromEvent}). */
    static final Set<EventType> TYPES = EnumSet.of(EventType.DEAL_LOST, EventType.NPS_RESPONDED,
            EventType.FEEDBACK_SUBMITTED, EventType.KNOWLEDGE_SHARED, EventType.INSIGHT_CAPTURED);
    private static final int MAX_POLL_RECORDS = 2000;

    private final InsightRepository repository;
    private final InsightPublisher publisher;
    private final ServiceConsumers consumers;
    private final Counter stored;

    public InsightEventsConsumer(InsightRepository repository, InsightPublisher publisher, ServiceConsumers consumers,
            MeterRegistry meters) {
        this.repository = repository;
        this.publisher = publisher;
        this.consumers = consumers;
        this.stored = meters.counter("northstar.knowledge.insights.stored", "origin", "event");
    }

    void start(@Observes StartupEvent event) {
        consumers.start(new BatchConsumer.Spec<>("knowledge-crm-events", GROUP, List.of(Topics.CRM_EVENTS),
                MAX_POLL_RECORDS, true, new StringDeserializer(), new CrmEventDeserializer(TYPES), Received::bytes,
                Received::invalidReason, this::store, record -> Uni.createFrom().voidItem(),
                new BatchConsumer.Assignment() {
                }));
    }

    /** Stores the insights of a batch's valid events in one transaction. */
    Uni<Void> store(List<ConsumerRecord<String, Received>> records) {
        List<Insights.Draft> drafts = new ArrayList<>();
        for (ConsumerRecord<String, Received> record : records) {
            Received received = record.value();
            if (received != null && received.valid()) {
                Insights.fromEvent(received.event()).ifPresent(drafts::add);
            }
        }
        return repository.insert(drafts)
                .invoke(n -> {
                    stored.increment(n);
                    if (n > 0) {
                        publisher.requestRun();
                    }
                })
                .replaceWithVoid();
    }
}
