package dev.northstar.ingest.connect.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.EventType;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.ingest.connect.Change;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a mapping to one change of one record: the events it makes, as CloudEvents in structured form, ready for
 * the same validation and door as every other event. Pure: the record's state (what the change says, over what was
 * known of the record before) is given, and nothing is remembered here.
 *
 * <p>Ids are deterministic from the source: {@code <object>:<record id>:<type>} for a rule that fires once per record
 * (a deal is won once, however many updates say so), with {@code :<change id>} added for one that fires on every
 * matching change. So the CRM's retries, a topic read twice and a record sent again after a re-sync are duplicates
 * in the register, never double counts.
 */
public final class Mapper {

    private Mapper() {
    }

    /** Where events come from: the tenant, the source ({@code salesforce}) and the org/portal/app it runs in. */
    public record Origin(String tenant, String source, String origin) {

        /** The CloudEvents {@code source}: {@code crm://salesforce/00D5g000004XYZaEAO}. */
        public String uri() {
            return "crm://" + source + "/" + origin;
        }
    }

    /** What the links of a change write into other records' state: {@code object}, record, field, value. */
    public record LinkWrite(String object, String recordId, String field, String value) {
    }

    /** The events a change makes, and what it writes into other records. */
    public record Outcome(List<ObjectNode> events, List<LinkWrite> links) {
    }

    /**
     * Maps one change.
     *
     * @param state   the record's fields after the change (the stored state with the change applied)
     * @param touched the fields whose values the change actually changed (a rule's trigger looks at these)
     */
    public static Outcome map(Mapping mapping, Origin origin, Change change, Map<String, String> state,
            Set<String> touched) {
        Mapping.ObjectRules rules = mapping.objects().get(change.object());
        if (rules == null) {
            return new Outcome(List.of(), List.of());
        }
        List<LinkWrite> links = new ArrayList<>();
        for (Mapping.Link link : rules.links()) {
            String target = link.record().evaluate(change.recordId(), state);
            if (target != null && !target.isEmpty()) {
                links.add(new LinkWrite(link.object(), target, link.field(),
                        change.kind() == Change.Kind.DELETED ? null : link.value().evaluate(change.recordId(), state)));
            }
        }
        List<ObjectNode> events = new ArrayList<>();
        for (Mapping.Rule rule : rules.rules()) {
            if (!rule.on().contains(change.kind()) || !rule.when().stream().allMatch(c -> c.holds(state))) {
                continue;
            }
            if (!rule.trigger().isEmpty() && change.kind() != Change.Kind.CREATED
                    && rule.trigger().stream().noneMatch(touched::contains)) {
                continue;
            }
            events.add(event(mapping, origin, change, state, rules, rule));
        }
        return new Outcome(events, links);
    }

    private static ObjectNode event(Mapping mapping, Origin origin, Change change, Map<String, String> state,
            Mapping.ObjectRules rules, Mapping.Rule rule) {
        EventType type = rule.emit();
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        String id = change.object() + ":" + change.recordId() + ":" + type.wireName();
        if (!rule.once()) {
            id += ":" + (change.changeId() != null ? change.changeId() : change.time().toEpochMilli());
        }
        event.put("id", id);
        event.put("source", origin.uri());
        event.put("type", type.wireName());
        String time = rule.time() == null ? null : rule.time().evaluate(change.recordId(), state);
        event.put("time", time == null ? change.time().toString() : time(time));
        event.put(EventCodec.TENANT, origin.tenant());
        event.put(EventCodec.MAPPING, origin.source() + "/v" + mapping.version());
        ObjectNode data = event.putObject("data");
        put(data, "teamId", rules.team(), change, state);
        if (EventFields.of(type).contains("accountId")) {
            put(data, "accountId", rules.account(), change, state);
        }
        if (EventFields.of(type).contains("product")) {
            put(data, "product", rules.product(), change, state);
        }
        if (EventFields.of(type).contains("segment")) {
            put(data, "segment", rules.segment(), change, state);
        }
        rule.data().forEach((field, expr) -> put(data, field, expr, change, state));
        return event;
    }

    private static void put(ObjectNode data, String field, Expr expr, Change change, Map<String, String> state) {
        if (expr == null) {
            return;
        }
        Object value = expr.typed(expr.evaluate(change.recordId(), state));
        if (value == null) {
            data.remove(field);
        } else if (value instanceof Boolean b) {
            data.put(field, b);
        } else if (value instanceof Long l) {
            data.put(field, l);
        } else if (value instanceof BigDecimal d) {
            data.put(field, d);
        } else if (value instanceof List<?> list) {
            ArrayNode array = data.putArray(field);
            list.forEach(item -> array.add(item.toString()));
        } else {
            data.put(field, value.toString());
        }
    }

    /**
     * A CRM time as the contract's: an ISO date-time as it is (in UTC when it has no offset), epoch milliseconds, or a
     * date alone at noon UTC — the same calendar day in every zone from UTC−11 to UTC+11. Anything else is passed on as
     * it is, for the validator to name.
     */
    static String time(String text) {
        String t = text.trim();
        try {
            if (t.matches("\\d{10,13}")) {
                long n = Long.parseLong(t);
                return Instant.ofEpochMilli(t.length() == 10 ? n * 1000 : n).toString();
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atTime(12, 0).atOffset(ZoneOffset.UTC).toInstant().toString();
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+")) {
                return OffsetDateTime.parse(t + "Z").toInstant().toString();
            }
            return OffsetDateTime.parse(t).toInstant().toString();
        } catch (DateTimeParseException | NumberFormatException e) {
            return text;
        }
    }
}
