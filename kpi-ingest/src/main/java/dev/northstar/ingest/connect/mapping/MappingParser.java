package dev.northstar.ingest.connect.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.EventType;
import dev.northstar.events.ValidationProblem;
import dev.northstar.ingest.connect.Change;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a mapping document and checks it against the contract: every event type exists, every data field is one of
 * its type's, every required field has a source, every key is one the format knows. A problem is named by its JSON
 * pointer in the document ({@code /objects/Opportunity/rules/0/data/amout}), so that a 400 says where to look.
 */
public final class MappingParser {

    /** Limits that keep one tenant's mapping from weighing on every request of the service. */
    static final int MAX_OBJECTS = 200;
    static final int MAX_RULES = 50;
    static final int MAX_MAP_ENTRIES = 2_000;
    private static final Pattern TEAM_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$");
    private static final Set<String> TOP = Set.of("teams", "objects", "version", "source");
    private static final Set<String> OBJECT = Set.of("team", "account", "product", "segment", "links", "rules");
    private static final Set<String> RULE = Set.of("emit", "on", "when", "trigger", "once", "time", "data");
    private static final Set<String> EXPR = Set.of("field", "map", "default", "const", "record", "type");
    private static final Set<String> CONDITION = Set.of("field", "in", "notIn", "present");
    private static final Set<String> LINK = Set.of("object", "record", "field", "value");
    private static final Set<String> TEAM = Set.of("teamId", "name", "kind");
    /** Fields every event with them takes from the object's rules rather than from a rule's data. */
    private static final List<String> OBJECT_FIELDS = List.of("teamId", "accountId", "product", "segment");

    private final List<ValidationProblem> problems = new ArrayList<>();

    private MappingParser() {
    }

    /** The outcome: the mapping, or the problems that keep the document from being one. */
    public record Result(Mapping mapping, List<ValidationProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Parses a document as version {@code version}. */
    public static Result parse(JsonNode document, int version) {
        MappingParser parser = new MappingParser();
        Mapping mapping = parser.mapping(document, version);
        return new Result(parser.problems.isEmpty() ? mapping : null, List.copyOf(parser.problems));
    }

    private Mapping mapping(JsonNode doc, int version) {
        if (!doc.isObject()) {
            problem("", "must be a JSON object with \"objects\"");
            return null;
        }
        unknownKeys(doc, TOP, "");
        List<Mapping.Team> teams = new ArrayList<>();
        JsonNode teamsNode = doc.path("teams");
        if (!teamsNode.isMissingNode() && !teamsNode.isArray()) {
            problem("/teams", "must be an array of {teamId, name, kind}");
        }
        for (int i = 0; i < teamsNode.size(); i++) {
            Mapping.Team team = team(teamsNode.get(i), "/teams/" + i);
            if (team != null) {
                teams.add(team);
            }
        }
        JsonNode objects = doc.path("objects");
        if (!objects.isObject() || objects.isEmpty()) {
            problem("/objects", "must be an object naming at least one CRM object and its rules");
            return null;
        }
        if (objects.size() > MAX_OBJECTS) {
            problem("/objects", "may name at most " + MAX_OBJECTS + " objects");
        }
        Map<String, Mapping.ObjectRules> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = objects.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "/objects/" + escape(e.getKey());
            if (e.getKey().isBlank() || e.getKey().length() > 128) {
                problem(at, "an object's name is 1 to 128 characters");
            }
            Mapping.ObjectRules rules = objectRules(e.getValue(), at);
            if (rules != null) {
                out.put(e.getKey(), rules);
            }
        }
        return new Mapping(version, List.copyOf(teams), out);
    }

    private Mapping.Team team(JsonNode node, String at) {
        if (!node.isObject()) {
            problem(at, "must be {teamId, name, kind}");
            return null;
        }
        unknownKeys(node, TEAM, at);
        String id = text(node, "teamId", at, true);
        String name = text(node, "name", at, true);
        String kind = text(node, "kind", at, true);
        if (id != null && !TEAM_ID.matcher(id).matches()) {
            problem(at + "/teamId", "must be an id: letters, digits and . _ : @ - (at most 128)");
        }
        if (name != null && (name.isBlank() || name.length() > 500)) {
            problem(at + "/name", "must be 1 to 500 characters");
        }
        if (kind != null && !kind.equals("partner") && !kind.equals("in_house")) {
            problem(at + "/kind", "must be partner or in_house");
        }
        return new Mapping.Team(id, name, kind);
    }

    private Mapping.ObjectRules objectRules(JsonNode node, String at) {
        if (!node.isObject()) {
            problem(at, "must be an object with team, account and rules");
            return null;
        }
        unknownKeys(node, OBJECT, at);
        Expr team = optionalExpr(node, "team", at);
        Expr account = optionalExpr(node, "account", at);
        Expr product = optionalExpr(node, "product", at);
        Expr segment = optionalExpr(node, "segment", at);
        List<Mapping.Link> links = new ArrayList<>();
        JsonNode linksNode = node.path("links");
        if (!linksNode.isMissingNode() && !linksNode.isArray()) {
            problem(at + "/links", "must be an array");
        }
        for (int i = 0; i < linksNode.size(); i++) {
            Mapping.Link link = link(linksNode.get(i), at + "/links/" + i);
            if (link != null) {
                links.add(link);
            }
        }
        JsonNode rulesNode = node.path("rules");
        if (!rulesNode.isArray()) {
            problem(at + "/rules", "must be an array of rules (it may be empty)");
            return null;
        }
        if (rulesNode.size() > MAX_RULES) {
            problem(at + "/rules", "may hold at most " + MAX_RULES + " rules");
        }
        List<Mapping.Rule> rules = new ArrayList<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            Mapping.Rule rule = rule(rulesNode.get(i), at + "/rules/" + i, team, account);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new Mapping.ObjectRules(team, account, product, segment, List.copyOf(links), List.copyOf(rules));
    }

    private Mapping.Link link(JsonNode node, String at) {
        if (!node.isObject()) {
            problem(at, "must be {object, record, field, value}");
            return null;
        }
        unknownKeys(node, LINK, at);
        String object = text(node, "object", at, true);
        String field = text(node, "field", at, true);
        Expr record = expr(node.get("record"), at + "/record");
        Expr value = expr(node.get("value"), at + "/value");
        return new Mapping.Link(object, record, field, value);
    }

    private Mapping.Rule rule(JsonNode node, String at, Expr team, Expr account) {
        if (!node.isObject()) {
            problem(at, "must be a rule: {emit, on, when, trigger, data}");
            return null;
        }
        unknownKeys(node, RULE, at);
        String emitName = text(node, "emit", at, true);
        EventType emit = emitName == null ? null : EventType.fromWireName(emitName).orElse(null);
        if (emitName != null && emit == null) {
            problem(at + "/emit", "is not an event type of the contract: " + emitName);
        }
        Set<Change.Kind> on = EnumSet.noneOf(Change.Kind.class);
        JsonNode onNode = node.get("on");
        if (onNode == null) {
            on.add(Change.Kind.CREATED);
            on.add(Change.Kind.UPDATED);
        } else if (!onNode.isArray() || onNode.isEmpty()) {
            problem(at + "/on", "must be a non-empty array of created, updated, deleted");
        } else {
            for (int i = 0; i < onNode.size(); i++) {
                String kind = onNode.get(i).asText();
                try {
                    on.add(Change.Kind.valueOf(kind.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problem(at + "/on/" + i, "must be created, updated or deleted");
                }
            }
        }
        List<Mapping.Condition> when = new ArrayList<>();
        JsonNode whenNode = node.path("when");
        if (!whenNode.isMissingNode() && !whenNode.isArray()) {
            problem(at + "/when", "must be an array of conditions");
        }
        for (int i = 0; i < whenNode.size(); i++) {
            Mapping.Condition c = condition(whenNode.get(i), at + "/when/" + i);
            if (c != null) {
                when.add(c);
            }
        }
        Set<String> trigger = new LinkedHashSet<>();
        JsonNode triggerNode = node.get("trigger");
        if (triggerNode != null) {
            if (triggerNode.isTextual()) {
                trigger.add(triggerNode.textValue());
            } else if (triggerNode.isArray()) {
                triggerNode.forEach(t -> trigger.add(t.asText()));
            } else {
                problem(at + "/trigger", "must be a field name or an array of them");
            }
        }
        JsonNode onceNode = node.get("once");
        if (onceNode != null && !onceNode.isBoolean()) {
            problem(at + "/once", "must be true or false");
        }
        boolean once = onceNode == null || onceNode.booleanValue();
        Expr time = optionalExpr(node, "time", at);
        Map<String, Expr> data = new LinkedHashMap<>();
        JsonNode dataNode = node.path("data");
        if (!dataNode.isMissingNode() && !dataNode.isObject()) {
            problem(at + "/data", "must be an object of the event's data fields");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = dataNode.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String fieldAt = at + "/data/" + escape(e.getKey());
            if (emit != null && !EventFields.of(emit).contains(e.getKey())) {
                problem(fieldAt, "is not a field of " + emit.wireName() + " (its fields: "
                        + String.join(", ", EventFields.of(emit)) + ")");
            }
            Expr value = expr(e.getValue(), fieldAt);
            if (value != null) {
                data.put(e.getKey(), value);
            }
        }
        if (emit != null) {
            for (String required : EventFields.required(emit)) {
                boolean fromObject = (required.equals("teamId") && team != null)
                        || (required.equals("accountId") && account != null);
                if (!fromObject && !data.containsKey(required)) {
                    problem(at + "/data", emit.wireName() + " requires " + required + ": give it here"
                            + (OBJECT_FIELDS.contains(required) ? " or as the object's " + objectKey(required) : ""));
                }
            }
        }
        return emit == null ? null : new Mapping.Rule(emit, on, List.copyOf(when), Set.copyOf(trigger), once, time,
                data);
    }

    private static String objectKey(String field) {
        return field.equals("teamId") ? "team" : field.equals("accountId") ? "account" : field;
    }

    private Mapping.Condition condition(JsonNode node, String at) {
        if (!node.isObject()) {
            problem(at, "must be {field, in | notIn | present}");
            return null;
        }
        unknownKeys(node, CONDITION, at);
        String field = text(node, "field", at, true);
        Set<String> in = values(node, "in", at);
        Set<String> notIn = values(node, "notIn", at);
        JsonNode present = node.get("present");
        if (present != null && !present.isBoolean()) {
            problem(at + "/present", "must be true or false");
        }
        if (in == null && notIn == null && present == null) {
            problem(at, "needs in, notIn or present");
        }
        return new Mapping.Condition(field, in, notIn, present == null ? null : present.booleanValue());
    }

    private Set<String> values(JsonNode node, String key, String at) {
        JsonNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isArray() || v.isEmpty()) {
            problem(at + "/" + key, "must be a non-empty array of values");
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        v.forEach(x -> out.add(x.asText()));
        return Set.copyOf(out);
    }

    private Expr optionalExpr(JsonNode node, String key, String at) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : expr(v, at + "/" + key);
    }

    private Expr expr(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            problem(at, "must be a value: a field name, {field, map, default, type}, {const} or {record: \"id\"}");
            return null;
        }
        if (node.isTextual()) {
            return new Expr(node.textValue(), null, null, null, false, Expr.Type.STRING);
        }
        if (!node.isObject()) {
            problem(at, "must be a field name or {field, map, default, type}, {const} or {record: \"id\"}");
            return null;
        }
        unknownKeys(node, EXPR, at);
        // a constant's own JSON type is its type unless one is named: {"const": false} is a boolean
        JsonNode constant = node.get("const");
        Expr.Type type = constant == null ? Expr.Type.STRING : constant.isBoolean() ? Expr.Type.BOOLEAN
                : constant.isIntegralNumber() ? Expr.Type.INTEGER : constant.isNumber() ? Expr.Type.DECIMAL
                : Expr.Type.STRING;
        if (node.has("type")) {
            try {
                type = Expr.Type.of(node.get("type").asText());
            } catch (IllegalArgumentException e) {
                problem(at + "/type", "must be string, boolean, integer, decimal or list");
            }
        }
        int kinds = (node.has("field") ? 1 : 0) + (node.has("const") ? 1 : 0) + (node.has("record") ? 1 : 0);
        if (kinds != 1) {
            problem(at, "needs exactly one of field, const and record");
            return null;
        }
        if (node.has("const")) {
            JsonNode c = node.get("const");
            if (!c.isValueNode() || c.isNull()) {
                problem(at + "/const", "must be a text, number or boolean");
                return null;
            }
            return new Expr(null, null, null, c.asText(), false, type);
        }
        if (node.has("record")) {
            if (!"id".equals(node.get("record").asText())) {
                problem(at + "/record", "must be \"id\"");
            }
            return new Expr(null, null, null, null, true, type);
        }
        String field = node.get("field").asText();
        if (field.isEmpty()) {
            problem(at + "/field", "must name a field");
        }
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode mapNode = node.get("map");
        if (mapNode != null) {
            if (!mapNode.isObject()) {
                problem(at + "/map", "must be an object from CRM values to Northstar values");
            } else if (mapNode.size() > MAX_MAP_ENTRIES) {
                problem(at + "/map", "may hold at most " + MAX_MAP_ENTRIES + " entries");
            } else {
                mapNode.fields().forEachRemaining(e -> {
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        problem(at + "/map/" + escape(e.getKey()), "must be a text, number or boolean");
                    } else {
                        map.put(e.getKey(), e.getValue().asText());
                    }
                });
            }
        }
        Expr fallback = null;
        JsonNode def = node.get("default");
        if (def != null) {
            if (def.isObject()) {
                fallback = expr(def, at + "/default");
            } else if (def.isValueNode() && !def.isNull()) {
                fallback = Expr.constant(def.asText());
            } else {
                problem(at + "/default", "must be a value or an expression");
            }
        }
        return new Expr(field, mapNode == null ? null : Map.copyOf(map), fallback, null, false, type);
    }

    private String text(JsonNode node, String key, String at, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problem(at + "/" + key, "is required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty()) {
            problem(at + "/" + key, "must be a non-empty text");
            return null;
        }
        return v.textValue();
    }

    private void unknownKeys(JsonNode node, Set<String> known, String at) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                problem(at + "/" + escape(k), "is not a key of this part of a mapping (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        });
    }

    private void problem(String pointer, String message) {
        if (problems.size() < 100) {
            problems.add(new ValidationProblem(pointer, message));
        }
    }

    /** A key as a JSON pointer token (RFC 6901). */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
