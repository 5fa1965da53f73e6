package dev.northstar.ingest.connect.salesforce;

import dev.northstar.common.kafka.BatchConsumer;
import dev.northstar.common.kafka.ServiceConsumers;
import dev.northstar.events.Topics;
import dev.northstar.ingest.IngestConfig;
import dev.northstar.ingest.connect.ConnectorConfig;
import dev.northstar.ingest.connect.ConnectorConfigs;
import dev.northstar.ingest.connect.ConnectorService;
import dev.northstar.ingest.connect.Payloads;
import dev.northstar.ingest.connect.Source;
import dev.northstar.ingest.messaging.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Salesforce change events from Kafka: what a Salesforce source connector or an integration platform writes as JSON to
 * {@code crm.salesforce.cdc.<tenant>} (its Kafka ACLs bind that topic to the tenant's connector), or to the shared
 * {@code crm.salesforce.cdc} with a {@code tenant} header for the tenants
 * {@code northstar.ingest.raw.shared-topic-tenants} lets use it. Mapped like the HTTP ones; a batch is consumed only
 * once its events are in {@code crm.events} (or were), so a topic read twice counts nothing twice. A record that is not
 * a change event goes to {@code crm.events.dlq}.
 */
@ApplicationScoped
public class CdcTopicConsumer {

    public static final String GROUP = "kpi-ingest-salesforce-cdc";
    /** The header naming the tenant of a record on the shared topic. */
    public static final String TENANT_HEADER = "tenant";
    public static final Pattern TOPICS = Pattern.compile(Pattern.quote(Topics.SALESFORCE_CDC)
            + "(\\.[a-z0-9][a-z0-9_-]{0,62})?");
    private static final int MAX_POLL_RECORDS = 500;
    private static final Logger LOG = Logger.getLogger(CdcTopicConsumer.class);

    private final ConnectorService service;
    private final ConnectorConfigs configs;
    private final ConnectorConfig config;
    private final ServiceConsumers consumers;
    private final DeadLetters dlq;
    private final MeterRegistry meters;
    private final Set<String> sharedTopicTenants;

    public CdcTopicConsumer(ConnectorService service, ConnectorConfigs configs, ConnectorConfig config,
            ServiceConsumers consumers, DeadLetters dlq, MeterRegistry meters, IngestConfig ingest) {
        this.service = service;
        this.configs = configs;
        this.config = config;
        this.consumers = consumers;
        this.dlq = dlq;
        this.meters = meters;
        this.sharedTopicTenants = ingest.raw().sharedTopicTenants().orElse(Set.of());
    }

    void start(@Observes StartupEvent event) {
        consumers.start(new BatchConsumer.Spec<>("kpi-ingest-salesforce-cdc", GROUP, List.of(Topics.SALESFORCE_CDC),
                MAX_POLL_RECORDS, true, new StringDeserializer(), new ByteArrayDeserializer(), bytes -> bytes,
                bytes -> null, this::store, record -> Uni.createFrom().voidItem(), new BatchConsumer.Assignment() {
                }, TOPICS));
    }

    /** Maps a batch (blocking work, off the poll thread); a failure to make it durable is retried by the guard. */
    Uni<Void> store(List<ConsumerRecord<String, byte[]>> batch) {
        return Uni.createFrom().<Void>item(() -> {
            handle(batch);
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    void handle(List<ConsumerRecord<String, byte[]>> batch) {
        Map<String, List<ConnectorService.Incoming>> changes = new LinkedHashMap<>();
        Map<String, List<ConnectorService.Gap>> gaps = new LinkedHashMap<>();
        List<Future<RecordMetadata>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (record.value() == null) {
                continue;
            }
            String tenant = tenant(record);
            if (tenant == null) {
                dead.add(deadLetter(record, "no tenant may write " + record.topic() + " without a " + TENANT_HEADER
                        + " header naming a tenant that northstar.ingest.raw.shared-topic-tenants lets use it; each"
                        + " tenant's connector writes " + Topics.SALESFORCE_CDC + ".<tenant>", ""));
                continue;
            }
            try {
                ChangeEvents.Read read = ChangeEvents.read(Payloads.json(record.value()), config.maxChanges());
                changes.computeIfAbsent(tenant, t -> new ArrayList<>()).addAll(read.changes());
                gaps.computeIfAbsent(tenant, t -> new ArrayList<>()).addAll(read.gaps());
            } catch (Payloads.Malformed e) {
                dead.add(deadLetter(record, "not a Salesforce change event: " + e.getMessage(),
                        e.problems().get(0).pointer()));
            }
        }
        DeadLetters.await(dead);
        for (Map.Entry<String, List<ConnectorService.Incoming>> e : changes.entrySet()) {
            String tenant = e.getKey();
            ConnectorConfigs.Active active = configs.active(tenant, Source.SALESFORCE);
            if (active.settings() == null || active.settings().origin == null) {
                // the events' source is the org: without it nothing can be made; waiting would stop every tenant
                LOG.warnf("Tenant %s sent %d Salesforce change(s) but its settings name no org; left out", tenant,
                        e.getValue().size());
                meters.counter("northstar.connector.events", "source", Source.SALESFORCE.wireName(), "outcome",
                        "dead_letter").increment(e.getValue().size());
                continue;
            }
            service.process(tenant, Source.SALESFORCE, active.settings().origin, active.mapping(), e.getValue(),
                    gaps.getOrDefault(tenant, List.of()));
        }
    }

    /** The tenant a record belongs to, or null when its topic does not let it say. */
    String tenant(ConsumerRecord<String, byte[]> record) {
        if (!record.topic().equals(Topics.SALESFORCE_CDC)) {
            return record.topic().substring(Topics.SALESFORCE_CDC.length() + 1);
        }
        Header h = record.headers().lastHeader(TENANT_HEADER);
        String tenant = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        return tenant != null && (sharedTopicTenants.contains("*") || sharedTopicTenants.contains(tenant)) ? tenant
                : null;
    }

    private Future<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> record, String reason, String pointer) {
        meters.counter("northstar.connector.events", "source", Source.SALESFORCE.wireName(), "outcome", "dead_letter")
                .increment();
        return dlq.send(record, reason, pointer);
    }
}
