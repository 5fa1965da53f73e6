package dev.northstar.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import com.networknt.schema.keyword.AbstractKeywordValidator;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.keyword.MaximumValidator;
import com.networknt.schema.keyword.MinimumValidator;
import com.networknt.schema.keyword.PatternValidator;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import com.networknt.schema.regex.RegularExpression;
import dev.northstar.events.EventTime;
import dev.northstar.events.EventType;
import dev.northstar.events.ValidationProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The event contract checked by a maintained JSON Schema library (networknt json-schema-validator) instead of
 * {@code SchemaValidator}: issue 20's A/B (docs/benchmarks.md, "JSON Schema engine: ours against networknt").
 * Same shape as {@link EventValidator#validate}: every problem with its JSON pointer, e.g. {@code /data/score};
 * at most one problem per pointer (the library reports every failing keyword of a value, ours the first).
 *
 * <p>The contract says a few things that plain JSON Schema 2020-12 does not; they are configured into the library,
 * not hidden ({@link #stock()} is the library without them, and the equivalence test shows each difference):
 * <ul>
 *   <li>{@code format: date-time} is read as {@link EventTime#parse} reads it (Java's ISO offset date-time:
 *       seconds optional, no leap second 60), and format is an assertion, not an annotation;</li>
 *   <li>{@code pattern} matches the whole text (the JDK's {@code find} lets {@code $} match before a final line
 *       break, so {@code "acme\n"} was a tenant), and binds a decimal given as a JSON number by its digits;</li>
 *   <li>{@code minimum}/{@code maximum} also bound a decimal given as a string ({@code "1234.50"});</li>
 *   <li>a member whose value is {@code null} is absent: {@code required} reports it, other keywords skip it;</li>
 *   <li>a missing member is reported at its own pointer ({@code /data/teamId}), not at its object's.</li>
 * </ul>
 * The 1970–2100 range of {@code time} needs no configuration: the envelope schema says it with a pattern.
 * Numbers are read by {@code EventJson.MAPPER} as exact {@link BigDecimal}s before either engine sees them.
 *
 * <p>Used by kpi-ingest only when started with {@code -Dnorthstar.schema.engine=networknt} and packaged with the
 * profile {@code schema-networknt}, which adds the library (optional here, so no service carries it otherwise).
 */
public final class NetworkntEventValidator implements Function<JsonNode, List<ValidationProblem>> {

    private static final String BASE = "https://northstar.dev/schemas/";
    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final boolean contract;
    private final Schema envelope;
    private final Map<EventType, Schema> dataSchemas = new EnumMap<>(EventType.class);

    /** The contract's validator: the library configured with the contract's rules above. */
    public NetworkntEventValidator() {
        this(true);
    }

    /** The library as it comes (JSON Schema 2020-12 with format assertions on): only to show the differences. */
    public static NetworkntEventValidator stock() {
        return new NetworkntEventValidator(false);
    }

    private NetworkntEventValidator(boolean contract) {
        this.contract = contract;
        SchemaRegistryConfig.Builder config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .preloadSchema(true);
        Dialect dialect = Dialects.getDraft202012();
        if (contract) {
            config.regularExpressionFactory(NetworkntEventValidator::wholeText);
            dialect = Dialect.builder(dialect)
                    .format(new ContractDateTime())
                    .keyword(new DecimalKeyword("pattern"))
                    .keyword(new DecimalKeyword("minimum"))
                    .keyword(new DecimalKeyword("maximum"))
                    .build();
        }
        SchemaRegistry registry = SchemaRegistry.withDialect(dialect, builder -> builder
                .schemaRegistryConfig(config.build())
                .schemaIdResolvers(ids -> ids.mapPrefix(BASE, "classpath:northstar/schemas/")));
        envelope = registry.getSchema(SchemaLocation.of(BASE + "cloudevent.schema.json"));
        envelope.initializeValidators();
        for (EventType type : EventType.values()) {
            Schema schema = registry.getSchema(SchemaLocation.of(BASE + type.wireName() + ".schema.json"));
            schema.initializeValidators();
            dataSchemas.put(type, schema);
        }
        if (!DIALECT.equals(envelope.getSchemaNode().path("$schema").asText())) {
            throw new IllegalStateException("The envelope schema is not JSON Schema 2020-12");
        }
    }

    @Override
    public List<ValidationProblem> apply(JsonNode event) {
        return validate(event);
    }

    /** All problems of the event; empty when it is valid. */
    public List<ValidationProblem> validate(JsonNode event) {
        Map<String, ValidationProblem> problems = new LinkedHashMap<>();
        if (!event.isObject()) {
            return List.of(new ValidationProblem("", "must be a CloudEvent (a JSON object)"));
        }
        JsonNode input = contract ? absentNulls(event) : event;
        collect(envelope.validate(input), "", problems);
        JsonNode source = input.get("source");
        if (source != null && source.isTextual() && !EventValidator.isUriReference(source.textValue())) {
            problems.putIfAbsent("/source", new ValidationProblem("/source",
                    "must be a URI reference (RFC 3986), e.g. crm://acme/sales"));
        }
        JsonNode type = input.get("type");
        JsonNode data = input.get("data");
        Optional<EventType> known = type != null && type.isTextual()
                ? EventType.fromWireName(type.textValue()) : Optional.empty();
        if (known.isPresent() && data != null && data.isObject()) {
            collect(dataSchemas.get(known.get()).validate(data), "/data", problems);
        }
        return new ArrayList<>(problems.values());
    }

    private static void collect(List<Error> errors, String prefix, Map<String, ValidationProblem> problems) {
        for (Error error : errors) {
            String pointer = prefix + error.getInstanceLocation().toString();
            if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
                pointer = pointer + "/" + error.getProperty().replace("~", "~0").replace("/", "~1");
            }
            String at = pointer;
            problems.computeIfAbsent(at, p -> new ValidationProblem(at, message(error)));
        }
    }

    /**
     * The library's message; it formats it with {@link java.text.MessageFormat}, which throws on a constraint value
     * holding a brace (a pattern's {@code {14}}): then the keyword says what failed.
     */
    private static String message(Error error) {
        try {
            return error.getMessage();
        } catch (IllegalArgumentException e) {
            return "does not satisfy " + error.getKeyword();
        }
    }

    /** The event with every object member whose value is null left out (the same node when there is none). */
    static JsonNode absentNulls(JsonNode node) {
        if (!hasNullMember(node)) {
            return node;
        }
        JsonNode copy = node.deepCopy();
        removeNullMembers(copy);
        return copy;
    }

    private static boolean hasNullMember(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<JsonNode> values = node.elements(); values.hasNext();) {
                JsonNode value = values.next();
                if (value.isNull() || value.isContainerNode() && hasNullMember(value)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isContainerNode() && hasNullMember(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void removeNullMembers(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).properties().removeIf(member -> member.getValue().isNull());
        }
        node.forEach(NetworkntEventValidator::removeNullMembers);
    }

    /** Java regular expressions matched against the whole text (every contract pattern is anchored at both ends). */
    private static RegularExpression wholeText(String regex) {
        if (!regex.startsWith("^") || !regex.endsWith("$")) {
            throw new IllegalStateException("A contract pattern must be anchored at both ends: " + regex);
        }
        Pattern pattern = Pattern.compile(regex);
        return text -> pattern.matcher(text).matches();
    }

    /** {@code date-time} as the contract reads it: what {@link EventTime#parse} reads, at most 64 characters. */
    private static final class ContractDateTime implements Format {
        @Override
        public String getName() {
            return "date-time";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return value.length() <= 64 && EventTime.parse(value) != null;
        }
    }

    /**
     * {@code pattern}, {@code minimum} and {@code maximum} with the contract's one extension: a decimal may be a
     * string or a JSON number. The library's own validator checks the value JSON Schema gives the keyword to; this
     * one checks the other kind (a number's digits against the pattern, a decimal string against the bounds).
     */
    private static final class DecimalKeyword implements Keyword {
        private final String name;

        DecimalKeyword(String name) {
            this.name = name;
        }

        @Override
        public String getValue() {
            return name;
        }

        @Override
        public KeywordValidator newValidator(SchemaLocation location, JsonNode schemaNode, Schema parent,
                SchemaContext context) {
            KeywordValidator library = switch (name) {
                case "pattern" -> new PatternValidator(location, schemaNode, parent, context);
                case "minimum" -> new MinimumValidator(location, schemaNode, parent, context);
                default -> new MaximumValidator(location, schemaNode, parent, context);
            };
            return new DecimalValidator(this, schemaNode, location, library);
        }
    }

    private static final class DecimalValidator extends AbstractKeywordValidator {
        private final KeywordValidator library;
        private final String name;
        private final Pattern pattern;
        private final BigDecimal bound;

        DecimalValidator(DecimalKeyword keyword, JsonNode schemaNode, SchemaLocation location,
                KeywordValidator library) {
            super(keyword, schemaNode, location);
            this.library = library;
            this.name = keyword.getValue();
            this.pattern = "pattern".equals(name) ? Pattern.compile(schemaNode.textValue()) : null;
            this.bound = pattern == null ? schemaNode.decimalValue() : null;
        }

        @Override
        public void validate(ExecutionContext context, JsonNode node, JsonNode root, NodePath at) {
            if (pattern != null && node.isNumber()) {
                if (!pattern.matcher(digits(node.decimalValue())).matches()) {
                    context.addError(error(at, node, "does not match the pattern " + pattern.pattern()));
                }
            } else if (pattern == null && node.isTextual()) {
                BigDecimal value = decimal(node.textValue());
                if (value != null && ("minimum".equals(name) ? value.compareTo(bound) < 0 : value.compareTo(bound) > 0)) {
                    context.addError(error(at, node, "must be " + ("minimum".equals(name) ? "at least " : "at most ")
                            + bound.stripTrailingZeros().toPlainString()));
                }
            } else {
                library.validate(context, node, root, at);
            }
        }

        private Error error(NodePath at, JsonNode node, String message) {
            return Error.builder().keyword(name).instanceLocation(at).instanceNode(node).schemaNode(schemaNode)
                    .schemaLocation(schemaLocation).message(message).build();
        }

        /** A number's digits as its decimal string would have them; "" when it has more than 6 fraction digits. */
        private static String digits(BigDecimal number) {
            BigDecimal stripped = number.stripTrailingZeros();
            if (stripped.scale() > 6 || stripped.precision() - stripped.scale() > 64) {
                return "";
            }
            return stripped.setScale(Math.max(0, stripped.scale())).toPlainString();
        }

        private static BigDecimal decimal(String text) {
            if (text.isEmpty() || text.length() > 64) {
                return null;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
