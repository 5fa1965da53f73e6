package dev.northstar.infra;

import dev.northstar.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Creates the topics of the architecture: {@code crm.events} and the quarantine kept until deleted (every replay
 * starts from the first event, as on Kubernetes), the raw topic and the DLQ for 30 days, the compacted ones compacted.
 * Existing topics are left as they are.
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /** Creates what is missing; returns the names created. */
    public static List<String> createTopics(String bootstrapServers, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> topics = new ArrayList<>();
            for (String name : Topics.KEPT) {
                if (!existing.contains(name)) {
                    topics.add(new NewTopic(name, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
                }
            }
            for (String name : Topics.RETAINED) {
                if (!existing.contains(name)) {
                    topics.add(new NewTopic(name, partitions, (short) 1)
                            .configs(Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000))));
                }
            }
            for (String name : Topics.COMPACTED) {
                if (!existing.contains(name)) {
                    topics.add(new NewTopic(name, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact",
                            "min.cleanable.dirty.ratio", "0.1", "segment.ms", String.valueOf(3600L * 1000))));
                }
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            // a stack made before crm.events was kept until deleted still had 30 days: keep it whole from now on
            Map<ConfigResource, java.util.Collection<AlterConfigOp>> keep = new java.util.HashMap<>();
            for (String name : Topics.KEPT) {
                if (existing.contains(name)) {
                    keep.put(new ConfigResource(ConfigResource.Type.TOPIC, name), List.of(new AlterConfigOp(
                            new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET)));
                }
            }
            if (!keep.isEmpty()) {
                admin.incrementalAlterConfigs(keep).all().get(30, TimeUnit.SECONDS);
            }
            return topics.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics: " + e.getMessage(), e);
        }
    }
}
