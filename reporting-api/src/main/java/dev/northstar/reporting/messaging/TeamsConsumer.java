package dev.northstar.reporting.messaging;

import dev.northstar.events.EventCodec;
import dev.northstar.events.EventData;
import dev.northstar.events.EventType;
import dev.northstar.reporting.repository.TeamRepository;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the team registry from the {@code team.registered} events of {@code crm.events}. */
@ApplicationScoped
public class TeamsConsumer {

    private final TeamRepository repository;
    private final EventCodec codec;

    public TeamsConsumer(TeamRepository repository, EventCodec codec) {
        this.repository = repository;
        this.codec = codec;
    }

    @Incoming("crm-events")
    public Uni<Void> consume(ConsumerRecords<String, CloudEvent> batch) {
        List<TeamRepository.Team> teams = new ArrayList<>();
        for (ConsumerRecord<String, CloudEvent> record : batch) {
            CloudEvent event = record.value();
            if (event == null || !EventType.TEAM_REGISTERED.wireName().equals(event.getType())) {
                continue;
            }
            EventCodec.Decoded decoded = codec.decode(event);
            if (decoded.valid()) {
                EventData.TeamRegistered team = (EventData.TeamRegistered) decoded.event().data();
                teams.add(new TeamRepository.Team(decoded.event().tenant(), team.teamId(), team.name(), team.kind(),
                        decoded.event().time()));
            }
        }
        return repository.register(teams)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30);
    }
}
