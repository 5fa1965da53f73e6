package dev.northstar.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.ingest.connect.entity.ConnectorMapping;
import dev.northstar.ingest.connect.entity.ConnectorSettings;
import dev.northstar.ingest.connect.mapping.Mapping;
import dev.northstar.ingest.connect.mapping.MappingParser;
import dev.northstar.ingest.connect.store.MappingRepository;
import dev.northstar.ingest.connect.store.SettingsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's mapping and settings of a source as the connectors use them on every request: read once and remembered
 * for {@link ConnectorConfig#cacheTtl} (an edit through the admin API shows at once on this instance, within that
 * time on the others). A tenant that has stored no mapping gets its source's preset ({@code connectors/presets}).
 */
@ApplicationScoped
public class ConnectorConfigs {

    /** What a connector works with: the mapping, the tenant's settings (null when it has stored none), the key. */
    public record Active(Mapping mapping, ConnectorSettings settings) {
    }

    private record Key(String tenant, Source source) {
    }

    private record Cached(Active active, long until) {
    }

    /** The most tenants' sources remembered at once. */
    static final int MAX_CACHED = 10_000;

    private final MappingRepository mappings;
    private final SettingsRepository settings;
    private final ConnectorConfig config;
    private final Map<Source, JsonNode> presetDocuments = new EnumMap<>(Source.class);
    private final Map<Source, Mapping> presets = new EnumMap<>(Source.class);
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    private final SecretBox box;

    public ConnectorConfigs(MappingRepository mappings, SettingsRepository settings, ConnectorConfig config) {
        this.mappings = mappings;
        this.settings = settings;
        this.config = config;
        this.box = config.secretKey().filter(k -> !k.isBlank()).map(SecretBox::new).orElse(null);
        for (Source source : Source.values()) {
            JsonNode doc = readPreset(source);
            MappingParser.Result parsed = MappingParser.parse(doc, 0);
            if (!parsed.valid()) {
                throw new IllegalStateException("the " + source.wireName() + " preset is not a valid mapping: "
                        + parsed.problems());
            }
            presetDocuments.put(source, doc);
            presets.put(source, parsed.mapping());
        }
    }

    private static JsonNode readPreset(Source source) {
        String resource = "connectors/presets/" + source.wireName() + ".json";
        try (InputStream in = ConnectorConfigs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return EventJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The preset of a source, as a document. */
    public JsonNode presetDocument(Source source) {
        return presetDocuments.get(source).deepCopy();
    }

    /** The secrets' box, if the service has a connector key. */
    public Optional<SecretBox> box() {
        return Optional.ofNullable(box);
    }

    /** The tenant's mapping and settings of a source (blocking: called from request threads). */
    public Active active(String tenant, Source source) {
        Key key = new Key(tenant, source);
        Cached cached = cache.get(key);
        long now = System.nanoTime();
        if (cached != null && now - cached.until() < 0) {
            return cached.active();
        }
        Active active = Blocking.await(() -> load(tenant, source));
        if (cache.size() >= MAX_CACHED) {
            // names that are no tenant's (a caller trying many) must not grow the heap: start over
            cache.clear();
        }
        cache.put(key, new Cached(active, now + config.cacheTtl().toNanos()));
        return active;
    }

    /** Reads the tenant's newest mapping (or the preset) and its settings. */
    public Uni<Active> load(String tenant, Source source) {
        return mappings.latest(tenant, source.wireName()).chain(stored -> settings.find(tenant, source.wireName())
                .map(s -> new Active(stored == null ? presets.get(source) : parse(stored), s)));
    }

    private static Mapping parse(ConnectorMapping stored) {
        MappingParser.Result parsed = MappingParser.parse(EventJson.parse(stored.document.getBytes(StandardCharsets.UTF_8)),
                stored.version);
        if (!parsed.valid()) {
            // stored only after the same check: a document that no longer passes is a contract change to look at
            throw new IllegalStateException("stored mapping v" + stored.version + " of " + stored.source
                    + " is no longer valid: " + parsed.problems());
        }
        return parsed.mapping();
    }

    /** Forgets what this instance remembers of a tenant's source (after an edit). */
    public void forget(String tenant, Source source) {
        cache.remove(new Key(tenant, source));
    }
}
