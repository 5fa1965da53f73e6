package dev.northstar.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.ingest.connect.entity.ConnectorFailure;
import dev.northstar.ingest.connect.mapping.Mapper;
import dev.northstar.ingest.connect.mapping.Mapping;
import dev.northstar.ingest.connect.store.FailureRepository;
import dev.northstar.ingest.connect.store.RecordStates;
import dev.northstar.ingest.door.EventDoor;
import dev.northstar.ingest.messaging.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * What every connector does once it has read its payload into {@link Change}s: fill in each record's state, map the
 * changes with the tenant's mapping, validate the events as every event is validated, and send the valid ones through
 * the one door ({@link EventDoor}: duplicate register, Kafka's acknowledgement). An event the mapping makes invalid
 * goes to {@code crm.events.dlq} with the reason and the change's original payload and into the tenant's list of
 * failures; a change that maps to nothing is counted. The records' state is merged only once the events are in Kafka,
 * so that a call that fails leaves nothing behind and its retry maps the same way. Blocking.
 */
@ApplicationScoped
@Startup // its counters exist from the start, at 0, for the dashboards and the alert rule
public class ConnectorService {

    private static final Logger LOG = Logger.getLogger(ConnectorService.class);
    /** Headers of a connector's dead letters besides the reason and pointers. */
    public static final String DLQ_SOURCE = "northstar-connector-source";
    public static final String DLQ_RECORD = "northstar-connector-record";
    public static final String DLQ_TENANT = "northstar-connector-tenant";
    private static final int PAYLOAD_KEPT = 8192;

    private final EventCodec codec;
    private final EventDoor door;
    private final DeadLetters dlq;
    private final RecordStates states;
    private final FailureRepository failures;
    private final MeterRegistry meters;

    public ConnectorService(EventCodec codec, EventDoor door, DeadLetters dlq, RecordStates states,
            FailureRepository failures, MeterRegistry meters) {
        this.codec = codec;
        this.door = door;
        this.dlq = dlq;
        this.states = states;
        this.failures = failures;
        this.meters = meters;
        for (Source s : Source.values()) {
            for (String outcome : List.of("mapped", "unmapped", "gap", "foreign")) {
                meters.counter("northstar.connector.changes", "source", s.wireName(), "outcome", outcome);
            }
            for (String outcome : List.of("accepted", "duplicate", "invalid", "dead_letter")) {
                meters.counter("northstar.connector.events", "source", s.wireName(), "outcome", outcome);
            }
        }
    }

    /** A change and the payload it came in (for the DLQ and the failure list). */
    public record Incoming(Change change, byte[] payload) {
    }

    /**
     * A change whose fields the source could not send (a Salesforce {@code GAP_*} or overflow event): the records it
     * names must be re-synced; nothing is guessed.
     */
    public record Gap(String object, List<String> recordIds, String what, byte[] payload) {
    }

    /** What a call did. */
    public record Outcome(int changes, int accepted, int duplicates, int unmapped, int invalid, int gaps) {
    }

    /**
     * Maps and sends the changes of one payload.
     *
     * @throws EventDoor.NotAccepted when the events could not be made durable: nothing was promised, resend
     */
    public Outcome process(String tenant, Source source, String originId, Mapping mapping, List<Incoming> incoming,
            List<Gap> gaps) {
        Mapper.Origin origin = new Mapper.Origin(tenant, source.wireName(), originId);
        List<RecordStates.Key> keys = incoming.stream()
                .map(i -> new RecordStates.Key(i.change().object(), i.change().recordId())).distinct().toList();
        Map<RecordStates.Key, Map<String, String>> working;
        try {
            working = new HashMap<>(states.load(tenant, source.wireName(), keys));
        } catch (RuntimeException e) {
            throw new EventDoor.NotAccepted("The connector's record state did not answer; nothing was accepted. Retry"
                    + " later.");
        }
        Map<RecordStates.Key, Map<String, String>> merges = new LinkedHashMap<>();
        Set<RecordStates.Key> deleted = new HashSet<>();
        List<JsonNode> valid = new ArrayList<>();
        List<Future<RecordMetadata>> dead = new ArrayList<>();
        List<ConnectorFailure> failed = new ArrayList<>();
        int unmapped = 0;
        for (Incoming in : incoming) {
            Change change = in.change();
            RecordStates.Key key = new RecordStates.Key(change.object(), change.recordId());
            Map<String, String> before = working.get(key);
            Map<String, String> state = before == null ? new HashMap<>() : new HashMap<>(before);
            Set<String> touched = new HashSet<>();
            change.fields().forEach((field, value) -> {
                if (!change.complete() || !Objects.equals(state.get(field), value)) {
                    touched.add(field);
                }
                state.put(field, value);
            });
            for (String field : change.cleared()) {
                if (state.remove(field) != null || !change.complete()) {
                    touched.add(field);
                }
            }
            // a whole record never seen before is new to Northstar, whatever the source calls it (what other records'
            // links wrote into its state is not a sight of it: an OpportunityPartner may come before its Opportunity)
            boolean seen = before != null && !linkFields(mapping, change.object()).containsAll(before.keySet());
            Change effective = change.kind() == Change.Kind.UPDATED && !seen && change.complete()
                    ? new Change(change.object(), change.recordId(), Change.Kind.CREATED, change.changeId(),
                            change.time(), change.fields(), change.cleared(), true)
                    : change;
            Mapper.Outcome mapped = Mapper.map(mapping, origin, effective, state, touched);
            for (ObjectNode event : mapped.events()) {
                List<ValidationProblem> problems = codec.validator().validate(event);
                if (problems.isEmpty()) {
                    valid.add(event);
                } else {
                    dead.add(deadLetter(tenant, source, change, event, problems, in.payload()));
                    failed.add(failure(tenant, source, "invalid", change.object(), change.recordId(),
                            event.path("type").asText(), describe(problems), in.payload()));
                }
            }
            if (mapped.events().isEmpty() && mapped.links().isEmpty()) {
                unmapped++;
            }
            if (change.kind() == Change.Kind.DELETED) {
                working.remove(key);
                merges.remove(key);
                deleted.add(key);
            } else {
                working.put(key, state);
                deleted.remove(key);
                // the state of objects the mapping names (and link targets): nothing else is ever read
                if (mapping.objects().containsKey(change.object())) {
                    Map<String, String> merge = merges.computeIfAbsent(key, k -> new LinkedHashMap<>());
                    merge.putAll(change.fields());
                    change.cleared().forEach(f -> merge.put(f, null));
                }
            }
            for (Mapper.LinkWrite link : mapped.links()) {
                RecordStates.Key target = new RecordStates.Key(link.object(), link.recordId());
                merges.computeIfAbsent(target, k -> new LinkedHashMap<>()).put(link.field(), link.value());
                Map<String, String> targetState = working.get(target);
                if (targetState != null) {
                    if (link.value() == null) {
                        targetState.remove(link.field());
                    } else {
                        targetState.put(link.field(), link.value());
                    }
                }
            }
        }
        for (Gap gap : gaps) {
            failed.add(failure(tenant, source, "gap", gap.object(), String.join(",", gap.recordIds()), null,
                    gap.what() + ": the CRM could not send these records' fields; re-sync them (nothing was guessed)",
                    gap.payload()));
        }
        DeadLetters.await(dead);
        EventDoor.Accepted accepted = door.accept(valid, null);
        // after Kafka has the events: a failure here is answered 503, and the CRM's retry finds them duplicates and
        // stores the state and the failures again
        try {
            states.merge(tenant, source.wireName(), merges, List.copyOf(deleted));
            if (!failed.isEmpty()) {
                Blocking.await(() -> failures.add(failed));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Storing the record state or %d failure(s) of tenant %s failed: %s", failed.size(), tenant,
                    e.getMessage());
            throw new EventDoor.NotAccepted("The events are in Kafka, but the connector's record state or failure list"
                    + " was not stored; send the same payload again (its events are recognised as duplicates).");
        }
        String name = source.wireName();
        meters.counter("northstar.connector.changes", "source", name, "outcome", "mapped")
                .increment(incoming.size() - unmapped);
        meters.counter("northstar.connector.changes", "source", name, "outcome", "unmapped").increment(unmapped);
        meters.counter("northstar.connector.changes", "source", name, "outcome", "gap").increment(gaps.size());
        meters.counter("northstar.connector.events", "source", name, "outcome", "accepted")
                .increment(accepted.accepted());
        meters.counter("northstar.connector.events", "source", name, "outcome", "duplicate")
                .increment(accepted.duplicates());
        meters.counter("northstar.connector.events", "source", name, "outcome", "invalid").increment(dead.size());
        return new Outcome(incoming.size(), accepted.accepted(), accepted.duplicates(), unmapped, dead.size(),
                gaps.size());
    }

    /**
     * The {@code team.registered} events of the teams a mapping declares, sent through the door: a team's id carries
     * a digest of its name and kind, so that renaming it registers it again and storing the same mapping twice does
     * not.
     */
    public EventDoor.Accepted registerTeams(String tenant, Source source, String originId, Mapping mapping) {
        List<JsonNode> events = new ArrayList<>();
        for (Mapping.Team team : mapping.teams()) {
            ObjectNode event = EventJson.MAPPER.createObjectNode();
            event.put("specversion", "1.0");
            event.put("id", "team:" + team.teamId() + ":" + digest(team.name() + "\u0000" + team.kind()));
            event.put("source", new Mapper.Origin(tenant, source.wireName(),
                    originId == null ? "mapping" : originId).uri());
            event.put("type", "team.registered");
            event.put("time", Instant.now().toString());
            event.put(EventCodec.TENANT, tenant);
            event.put(EventCodec.MAPPING, source.wireName() + "/v" + mapping.version());
            ObjectNode data = event.putObject("data");
            data.put("teamId", team.teamId());
            data.put("name", team.name());
            data.put("kind", team.kind());
            List<ValidationProblem> problems = codec.validator().validate(event);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("team " + team.teamId() + ": " + describe(problems));
            }
            events.add(event);
        }
        return door.accept(events, null);
    }

    /** The fields that links of the mapping write into records of {@code object}. */
    private static Set<String> linkFields(Mapping mapping, String object) {
        Set<String> fields = new HashSet<>();
        for (Mapping.ObjectRules rules : mapping.objects().values()) {
            for (Mapping.Link link : rules.links()) {
                if (link.object().equals(object)) {
                    fields.add(link.field());
                }
            }
        }
        return fields;
    }

    private Future<RecordMetadata> deadLetter(String tenant, Source source, Change change, ObjectNode event,
            List<ValidationProblem> problems, byte[] payload) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, utf8(cut("the mapped " + event.path("type").asText() + " event is not valid: "
                + describe(problems), 2000)));
        headers.add(DeadLetters.POINTER, utf8(problems.stream().map(ValidationProblem::pointer)
                .collect(Collectors.joining(","))));
        headers.add(DLQ_TENANT, utf8(tenant));
        headers.add(DLQ_SOURCE, utf8(source.wireName()));
        headers.add(DLQ_RECORD, utf8(change.object() + ":" + change.recordId()));
        headers.add("ce_mapping", utf8(event.path(EventCodec.MAPPING).asText()));
        return dlq.send(tenant + "/" + change.object() + "/" + change.recordId(), payload, headers);
    }

    private static ConnectorFailure failure(String tenant, Source source, String kind, String object, String records,
            String type, String reason, byte[] payload) {
        ConnectorFailure f = new ConnectorFailure();
        f.tenant = tenant;
        f.source = source.wireName();
        f.kind = kind;
        f.object = object;
        f.recordIds = cut(records, 2000);
        f.eventType = type;
        f.reason = cut(reason, 2000);
        f.payload = payload == null ? null : cut(new String(payload, StandardCharsets.UTF_8), PAYLOAD_KEPT);
        f.at = OffsetDateTime.now(ZoneOffset.UTC);
        return f;
    }

    private static String describe(List<ValidationProblem> problems) {
        return problems.stream().map(p -> p.pointer() + " " + p.message()).collect(Collectors.joining("; "));
    }

    private static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(utf8(s));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
