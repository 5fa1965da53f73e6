package dev.northstar.calculator.messaging;

import dev.northstar.calculator.pipeline.BatchApplier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Makes the database the only record of progress: when partitions of {@code crm.events} are assigned, the
 * consumer continues from the offsets stored with the KPI state, not from Kafka's committed offsets. So a
 * calculator with an empty database replays the topic from the beginning, and one whose database is ahead
 * of Kafka's commits skips nothing and repeats nothing.
 */
@ApplicationScoped
public class ProgressSeeker {

    private static final Logger LOG = Logger.getLogger(ProgressSeeker.class);

    private final BatchApplier applier;

    public ProgressSeeker(BatchApplier applier) {
        this.applier = applier;
    }

    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String topic = partitions.iterator().next().topic();
        List<Integer> ids = partitions.stream().map(TopicPartition::partition).toList();
        applier.forget(ids);
        Map<Integer, Long> stored = applier.progress(topic, ids).await().atMost(Duration.ofSeconds(30));
        for (TopicPartition tp : partitions) {
            long offset = stored.getOrDefault(tp.partition(), 0L);
            consumer.seek(tp, offset);
        }
        LOG.infof("Assigned %s, continuing from the stored progress %s", ids, stored);
    }

    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        applier.forget(partitions.stream().map(TopicPartition::partition).toList());
    }

    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }
}
