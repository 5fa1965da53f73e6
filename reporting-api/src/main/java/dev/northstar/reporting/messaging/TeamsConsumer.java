package dev.northstar.reporting.messaging;

import dev.northstar.common.kafka.BatchConsumer;
import dev.northstar.common.kafka.ServiceConsumers;
import dev.northstar.events.EventData;
import dev.northstar.events.EventType;
import dev.northstar.events.Topics;
import dev.northstar.events.wire.CrmEventDeserializer.Received;
import dev.northstar.events.wire.CrmEventDeserializer;
import dev.northstar.reporting.repository.TeamRegistrationRepository;
import dev.northstar.reporting.repository.TeamRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Keeps the team registry from the {@code team.registered} events of {@code crm.events} (every other type is skipped
 * unread); a {@code team.registered} that is not valid goes to the quarantine.
 */
@ApplicationScoped
public class TeamsConsumer {

    /** The consumer group (as it was when the channel was a messaging channel, so that its offsets carry over). */
    public static final String GROUP = "reporting-api-teams";

    private final TeamRegistrationRepository registrations;
    private final ServiceConsumers consumers;

    public TeamsConsumer(TeamRegistrationRepository registrations, ServiceConsumers consumers) {
        this.registrations = registrations;
        this.consumers = consumers;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(new BatchConsumer.Spec<>("reporting-teams", GROUP, List.of(Topics.CRM_EVENTS),
                KpiValuesConsumer.MAX_POLL_RECORDS, true, new StringDeserializer(),
                new CrmEventDeserializer(EnumSet.of(EventType.TEAM_REGISTERED)), Received::bytes,
                Received::invalidReason, this::store, record -> Uni.createFrom().voidItem(),
                new BatchConsumer.Assignment() {
                }));
    }

    Uni<Void> store(List<ConsumerRecord<String, Received>> records) {
        List<TeamRepository.Team> teams = new ArrayList<>();
        for (ConsumerRecord<String, Received> record : records) {
            Received received = record.value();
            if (received != null && received.valid()) {
                EventData.TeamRegistered team = (EventData.TeamRegistered) received.event().data();
                teams.add(new TeamRepository.Team(received.event().tenant(), team.teamId(), team.name(), team.kind(),
                        received.event().time()));
            }
        }
        // registrations are entities (Hibernate Reactive), whose sessions live on a Vert.x context, not on the
        // consumer's own thread
        return Uni.createFrom().emitter(done -> VertxContextSupport.subscribe(
                () -> registrations.register(teams).toMulti(),
                s -> s.with(item -> { }, done::fail, () -> done.complete(null))));
    }
}
