package dev.northstar.common;

import dev.northstar.common.kafka.KafkaClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumer lag per partition of this service's consumer groups, as Kafka sees it (end offset − committed offset),
 * every 10 seconds: {@code northstar_consumer_lag{group, topic, partition}}. The groups are
 * {@code northstar.metrics.lag-groups}; none, no monitoring.
 */
@ApplicationScoped
public class ConsumerLagMonitor {

    private static final Logger LOG = Logger.getLogger(ConsumerLagMonitor.class);

    private final MeterRegistry meters;
    private final List<String> groups;
    private final Config config;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private Admin admin;

    public ConsumerLagMonitor(MeterRegistry meters,
            @ConfigProperty(name = "northstar.metrics.lag-groups") Optional<List<String>> groups,
            Config config) {
        this.meters = meters;
        this.groups = groups.orElse(List.of());
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (groups.isEmpty()) {
            return;
        }
        Map<String, Object> props = KafkaClients.common(config);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "northstar-lag-monitor");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        admin = Admin.create(props);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "northstar-lag-monitor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::measure, 2, 10, TimeUnit.SECONDS);
    }

    void measure() {
        for (String group : groups) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(9, TimeUnit.SECONDS);
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                        .get(9, TimeUnit.SECONDS);
                committed.forEach((tp, offset) -> {
                    if (offset != null && ends.containsKey(tp)) {
                        gauge(group, tp).set(Math.max(0, ends.get(tp).offset() - offset.offset()));
                    }
                });
            } catch (Exception e) {
                LOG.debugf("Could not measure the lag of %s: %s", group, e.getMessage());
            }
        }
    }

    private AtomicLong gauge(String group, TopicPartition tp) {
        return lags.computeIfAbsent(group + "/" + tp, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("northstar.consumer.lag", value, AtomicLong::get).description("Records not yet consumed")
                    .tag("group", group).tag("topic", tp.topic()).tag("partition", Integer.toString(tp.partition()))
                    .register(meters);
            return value;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
