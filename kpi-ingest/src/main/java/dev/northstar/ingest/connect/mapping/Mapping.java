package dev.northstar.ingest.connect.mapping;

import dev.northstar.events.EventType;
import dev.northstar.ingest.connect.Change;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's mapping of one source, parsed and checked ({@link MappingParser}): for each CRM object, which changes
 * make which Northstar events and where their fields come from. Data, not code: admins edit it through
 * {@code PUT /v1/connectors/{source}/mapping}; each stored version has a number, recorded on every event it makes.
 *
 * @param version the stored version (0 for a preset not yet stored)
 * @param teams   teams the mapping declares (registered as {@code team.registered} when it is stored)
 * @param objects the rules of each object, by the object's name as the source reports it
 */
public record Mapping(int version, List<Team> teams, Map<String, ObjectRules> objects) {

    /** A team the mapping declares: its id, name and whether it is a partner or in-house. */
    public record Team(String teamId, String name, String kind) {
    }

    /**
     * The rules of one object.
     *
     * @param team    the event's {@code teamId}
     * @param account the event's {@code accountId} (for types that have one)
     * @param product the event's {@code product}, or null
     * @param segment the event's {@code segment}, or null
     * @param links   fields this object's records write into other records' state
     * @param rules   the events its changes make
     */
    public record ObjectRules(Expr team, Expr account, Expr product, Expr segment, List<Link> links,
            List<Rule> rules) {
    }

    /**
     * A field that a record of one object writes into the state of a record of another: e.g. an
     * {@code OpportunityPartner} writes its partner account into its {@code Opportunity}, whose team can then follow it.
     */
    public record Link(String object, Expr record, String field, Expr value) {
    }

    /**
     * One event a change may make.
     *
     * @param emit    the event type
     * @param on      the kinds of change it looks at
     * @param when    conditions on the record's state after the change, all of which must hold
     * @param trigger fields of which the change must touch one (empty: any change)
     * @param once    true: one event per record and rule, whatever number of changes match (its id has no change id)
     * @param time    the event's time (null: the change's)
     * @param data    the event's data fields besides team, account, product and segment
     */
    public record Rule(EventType emit, Set<Change.Kind> on, List<Condition> when, Set<String> trigger, boolean once,
            Expr time, Map<String, Expr> data) {
    }

    /** A condition on a field: its value is one of {@code in}, is none of {@code notIn}, or is (not) present. */
    public record Condition(String field, Set<String> in, Set<String> notIn, Boolean present) {

        boolean holds(Map<String, String> state) {
            String value = state.get(field);
            boolean has = value != null && !value.isEmpty();
            if (present != null && present != has) {
                return false;
            }
            if (in != null && (!has || !in.contains(value))) {
                return false;
            }
            return notIn == null || !has || !notIn.contains(value);
        }
    }
}
