package dev.northstar.knowledge.messaging;

import dev.northstar.events.EventCodec;
import dev.northstar.knowledge.Insights;
import dev.northstar.knowledge.repository.InsightRepository;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Turns the insight-bearing events of {@code crm.events} into insights, each event at most once. */
@ApplicationScoped
public class InsightEventsConsumer {

    private final InsightRepository repository;
    private final EventCodec codec;
    private final MeterRegistry meters;
    private final InsightPublisher publisher;

    public InsightEventsConsumer(InsightRepository repository, EventCodec codec, MeterRegistry meters,
            InsightPublisher publisher) {
        this.repository = repository;
        this.codec = codec;
        this.meters = meters;
        this.publisher = publisher;
    }

    @Incoming("crm-events")
    public Uni<Void> consume(ConsumerRecords<String, CloudEvent> batch) {
        List<Insights.Draft> drafts = new ArrayList<>();
        for (ConsumerRecord<String, CloudEvent> record : batch) {
            if (record.value() == null) {
                continue;
            }
            EventCodec.Decoded decoded = codec.decode(record.value());
            if (decoded.valid()) {
                Insights.fromEvent(decoded.event()).ifPresent(drafts::add);
            }
        }
        return repository.insert(drafts)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30)
                .invoke(n -> meters.counter("northstar.knowledge.insights.stored", "origin", "event").increment(n))
                .invoke(n -> {
                    if (n > 0) {
                        publisher.requestRun();
                    }
                })
                .replaceWithVoid();
    }
}
