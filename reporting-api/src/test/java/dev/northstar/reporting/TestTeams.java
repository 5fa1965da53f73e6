package dev.northstar.reporting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.testing.NorthstarInfra;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Teams registered as a CRM registers them: {@code team.registered} on the real {@code crm.events}. */
public final class TestTeams {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    private TestTeams() {
    }

    /** Sends the registrations of {@code teams} (each: id, name, kind) and waits for the broker's acknowledgements. */
    public static void register(String tenant, String[]... teams) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (String[] t : teams) {
                ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"reg-" + t[0]
                        + "\",\"source\":\"crm://" + tenant + "\",\"type\":\"team.registered\","
                        + "\"time\":\"2026-01-01T00:00:00Z\",\"tenant\":\"" + tenant + "\",\"data\":{\"teamId\":\""
                        + t[0] + "\",\"name\":\"" + t[1] + "\",\"kind\":\"" + t[2] + "\"}}")
                        .getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, tenant + "/team", CODEC.toCloudEvent(node)))
                        .get();
            }
        }
    }
}
