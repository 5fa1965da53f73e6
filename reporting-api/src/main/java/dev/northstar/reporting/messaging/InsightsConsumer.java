package dev.northstar.reporting.messaging;

import dev.northstar.events.EventJson;
import dev.northstar.events.InsightValue;
import dev.northstar.reporting.repository.InsightReadRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Materialises {@code knowledge.insights} into the read model; a stale version never overwrites a newer one. */
@ApplicationScoped
public class InsightsConsumer {

    private static final Logger LOG = Logger.getLogger(InsightsConsumer.class);

    private final InsightReadRepository repository;

    public InsightsConsumer(InsightReadRepository repository) {
        this.repository = repository;
    }

    @Incoming("knowledge-insights")
    public Uni<Void> consume(ConsumerRecords<String, String> batch) {
        List<InsightValue> values = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, String> record : batch) {
            if (record.value() == null) {
                continue;
            }
            try {
                InsightValue v = EventJson.MAPPER.readValue(record.value(), InsightValue.class);
                if (v.tenant() != null && v.id() != null && v.occurredAt() != null) {
                    values.add(v);
                } else {
                    LOG.warnf("Skipping an insight without tenant, id or time at %s-%d@%d", record.topic(),
                            record.partition(), record.offset());
                }
            } catch (Exception e) {
                LOG.warnf("Skipping unreadable insight at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return repository.upsert(values)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30);
    }
}
