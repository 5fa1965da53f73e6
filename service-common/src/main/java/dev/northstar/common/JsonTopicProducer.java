package dev.northstar.common;

import dev.northstar.events.json.EventJson;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends JSON documents to one topic, keyed, and tells when the broker has acknowledged all of a batch
 ({@code acks=all}, idempotent): what an outbox publisher needs before it marks a batch sent.
 */
public final class JsonTopicProducer implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Producer<String, byte[]> producer;

    /** @param common the service's Kafka settings ({@link dev.northstar.common.kafka.KafkaClients#common}) */
    public JsonTopicProducer(Map<String, Object> common, String topic, String clientId) {
        this.topic = topic;
        Map<String, Object> props = new HashMap<>(common);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // outbox rounds send thousands of documents at once: fewer, larger batches (each compressed batch
        // allocates its own buffers)
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends through the given producer (a test's). */
    JsonTopicProducer(String topic, Producer<String, byte[]> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** A document and its key; a {@code byte[]} value is sent as the JSON it already is. */
    public record Keyed(String key, Object value) {
    }

    /** Sends every document; completes when all are acknowledged, fails if one is not (or not within 30 s). */
    public Uni<Void> sendAll(List<Keyed> documents) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(documents.size());
        for (Keyed document : documents) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            try {
                byte[] json = document.value() instanceof byte[] bytes ? bytes
                        : EventJson.MAPPER.writeValueAsBytes(document.value());
                producer.send(new ProducerRecord<>(topic, document.key(), json), (metadata, error) -> {
                            if (error != null) {
                                ack.completeExceptionally(error);
                            } else {
                                ack.complete(null);
                            }
                        });
            } catch (Exception e) {
                ack.completeExceptionally(e);
            }
            acks.add(ack);
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .ifNoItem().after(ACK_TIMEOUT).fail();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
