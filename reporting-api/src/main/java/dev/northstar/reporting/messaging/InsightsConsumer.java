package dev.northstar.reporting.messaging;

import dev.northstar.common.kafka.BatchConsumer;
import dev.northstar.common.kafka.JsonRecord;
import dev.northstar.common.kafka.ServiceConsumers;
import dev.northstar.events.InsightValue;
import dev.northstar.events.Topics;
import dev.northstar.reporting.repository.InsightReadRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Materialises {@code knowledge.insights} into the read model (what explains the KPIs); the version decides, as for
 * {@code kpi.values}. An insight that does not read, or lacks its tenant, id or time, goes to the quarantine.
 */
@ApplicationScoped
public class InsightsConsumer {

    /** The consumer group (as it was when the channel was a messaging channel, so that its offsets carry over). */
    public static final String GROUP = "reporting-api-insights";

    private final InsightReadRepository repository;
    private final ServiceConsumers consumers;

    public InsightsConsumer(InsightReadRepository repository, ServiceConsumers consumers) {
        this.repository = repository;
        this.consumers = consumers;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(new BatchConsumer.Spec<>("reporting-insights", GROUP, List.of(Topics.KNOWLEDGE_INSIGHTS),
                KpiValuesConsumer.MAX_POLL_RECORDS, true, new StringDeserializer(),
                JsonRecord.deserializer(InsightValue.class, v -> v.tenant() == null || v.id() == null
                        || v.occurredAt() == null ? "an insight without its tenant, id or time" : null),
                JsonRecord::bytes, JsonRecord::invalidReason, this::store, record -> Uni.createFrom().voidItem(),
                new BatchConsumer.Assignment() {
                }));
    }

    Uni<Void> store(List<ConsumerRecord<String, JsonRecord<InsightValue>>> records) {
        List<InsightValue> values = new ArrayList<>(records.size());
        for (ConsumerRecord<String, JsonRecord<InsightValue>> record : records) {
            if (record.value() != null && record.value().value() != null) {
                values.add(record.value().value());
            }
        }
        return repository.upsert(values);
    }
}
