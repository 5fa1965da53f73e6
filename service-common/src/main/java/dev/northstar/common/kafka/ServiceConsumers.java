package dev.northstar.common.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Kafka consumers of a service: starts each with the service's Kafka settings and the quarantine, stops them
 * all when the service stops, and shows their state to the health checks ({@link ConsumerHealth}).
 */
@ApplicationScoped
public class ServiceConsumers {

    private final Config config;
    private final QuarantineTopic quarantine;
    private final Duration stallTimeout;
    private final List<BatchConsumer<?, ?>> consumers = new CopyOnWriteArrayList<>();

    public ServiceConsumers(Config config, QuarantineTopic quarantine,
            @ConfigProperty(name = "northstar.consumers.stall-timeout", defaultValue = "120s") Duration stallTimeout) {
        this.config = config;
        this.quarantine = quarantine;
        this.stallTimeout = stallTimeout;
    }

    /** Creates the consumer (not started): its settings can be read before it runs. */
    public <K, V> BatchConsumer<K, V> create(BatchConsumer.Spec<K, V> spec) {
        BatchConsumer<K, V> consumer = new BatchConsumer<>(spec, KafkaClients.common(config), quarantine,
                new ConsumerState(spec.name(), stallTimeout));
        consumers.add(consumer);
        return consumer;
    }

    /** Creates and starts the consumer. */
    public <K, V> BatchConsumer<K, V> start(BatchConsumer.Spec<K, V> spec) {
        BatchConsumer<K, V> consumer = create(spec);
        consumer.start();
        return consumer;
    }

    public List<ConsumerState> states() {
        return consumers.stream().map(BatchConsumer::state).toList();
    }

    void stop(@Observes ShutdownEvent event) {
        consumers.parallelStream().forEach(BatchConsumer::stop);
    }
}
