package dev.northstar.reporting.messaging;

import dev.northstar.events.EventJson;
import dev.northstar.events.KpiValue;
import dev.northstar.reporting.repository.KpiValueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import dev.northstar.common.Freshness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Materialises {@code kpi.values} into the read model; a stale version never overwrites a newer one. */
@ApplicationScoped
public class KpiValuesConsumer {

    private static final Logger LOG = Logger.getLogger(KpiValuesConsumer.class);

    private final KpiValueRepository repository;

    private final Timer freshness;

    public KpiValuesConsumer(KpiValueRepository repository, MeterRegistry meters) {
        this.repository = repository;
        this.freshness = Freshness.timer(meters, "visible");
    }

    @Incoming("kpi-values")
    public Uni<Void> consume(ConsumerRecords<String, String> batch) {
        List<KpiValue> values = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, String> record : batch) {
            if (record.value() == null) {
                continue;
            }
            try {
                values.add(EventJson.MAPPER.readValue(record.value(), KpiValue.class));
            } catch (Exception e) {
                LOG.warnf("Skipping unreadable value at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return repository.upsert(values)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30)
                .invoke(() -> {
                    Instant now = Instant.now();
                    values.stream().filter(v -> v.acceptedAt() != null)
                            .forEach(v -> freshness.record(Duration.between(v.acceptedAt(), now)));
                });
    }
}
