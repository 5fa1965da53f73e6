package dev.northstar.reporting.messaging;

import dev.northstar.common.Freshness;
import dev.northstar.common.kafka.BatchConsumer;
import dev.northstar.common.kafka.JsonRecord;
import dev.northstar.common.kafka.ServiceConsumers;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Scopes;
import dev.northstar.events.Topics;
import dev.northstar.reporting.contract.CostKpis;
import dev.northstar.reporting.repository.KpiValueRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Materialises {@code kpi.values} into the read model; a stale version never overwrites a newer one, so redelivery
 * and reordering are harmless. A value that does not read, or lacks its key's parts, goes to the quarantine.
 */
@ApplicationScoped
public class KpiValuesConsumer {

    /** The consumer group (as it was when the channel was a messaging channel, so that its offsets carry over). */
    public static final String GROUP = "reporting-api";
    static final int MAX_POLL_RECORDS = 2000;

    private final KpiValueRepository repository;
    private final ServiceConsumers consumers;
    private final Timer freshness;
    private final CostKpis costKpis;

    public KpiValuesConsumer(KpiValueRepository repository, ServiceConsumers consumers, MeterRegistry meters,
            CostKpis costKpis) {
        this.repository = repository;
        this.costKpis = costKpis;
        this.consumers = consumers;
        this.freshness = Freshness.timer(meters, "visible");
    }

    void start(@Observes StartupEvent event) {
        consumers.start(new BatchConsumer.Spec<>("reporting-kpi-values", GROUP, List.of(Topics.KPI_VALUES),
                MAX_POLL_RECORDS, true, new StringDeserializer(),
                JsonRecord.deserializer(KpiValue.class, KpiValuesConsumer::incomplete), JsonRecord::bytes,
                JsonRecord::invalidReason, this::store, record -> Uni.createFrom().voidItem(),
                new BatchConsumer.Assignment() {
                }));
    }

    static String incomplete(KpiValue v) {
        if (v.tenant() == null || v.teamId() == null || v.kpi() == null || v.grain() == null || v.period() == null) {
            return "a KPI value without its tenant, team, kpi, grain or period";
        }
        if (v.scope() != null && !Scopes.isScope(v.scope())) {
            return "a KPI value whose scope is neither product:<product line> nor segment:<segment>";
        }
        return null;
    }

    Uni<Void> store(List<ConsumerRecord<String, JsonRecord<KpiValue>>> records) {
        List<KpiValue> values = new ArrayList<>(records.size());
        List<KpiValue> support = new ArrayList<>();
        List<KpiValue> scoped = new ArrayList<>();
        for (ConsumerRecord<String, JsonRecord<KpiValue>> record : records) {
            KpiValue v = record.value() == null ? null : record.value().value();
            // the cost KPIs are reporting-api's own (CostKpis): never taken from the topic; support figures are
            // kept apart, never served as KPIs; scoped values in their own table (the overall reads stay as they were)
            if (v == null || KpiCatalog.isCost(v.kpi())) {
                continue;
            }
            if (v.scope() != null) {
                if (!KpiCatalog.isSupport(v.kpi())) {
                    scoped.add(v);
                }
                continue;
            }
            (KpiCatalog.isSupport(v.kpi()) ? support : values).add(v);
        }
        return repository.upsert(values).chain(() -> repository.upsertSupport(support))
                .chain(() -> repository.upsertScoped(scoped)).invoke(() -> {
            costKpis.valuesMoved(values);
            costKpis.valuesMoved(support);
            Instant now = Instant.now();
            values.stream().filter(v -> v.acceptedAt() != null)
                    .forEach(v -> freshness.record(Duration.between(v.acceptedAt(), now)));
        });
    }
}
