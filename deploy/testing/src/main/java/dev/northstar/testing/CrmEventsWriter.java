package dev.northstar.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.Topics;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events straight to {@code crm.events} (the CloudEvents Kafka binding, keyed as kpi-ingest keys them), for
 * tests of what reads the topic without kpi-ingest in front.
 */
public final class CrmEventsWriter {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    private CrmEventsWriter() {
    }

    /** Sends the events (valid structured CloudEvents) in order, and waits until the broker has them all. */
    public static void send(String bootstrapServers, List<ObjectNode> events) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (ObjectNode e : events) {
                producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, CODEC.toEvent(e).key(), CODEC.toCloudEvent(e)));
            }
            producer.flush();
        }
    }
}
