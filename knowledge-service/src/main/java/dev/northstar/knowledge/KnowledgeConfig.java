package dev.northstar.knowledge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/** Configuration of knowledge-service. */
@ConfigMapping(prefix = "northstar.knowledge")
public interface KnowledgeConfig {

    /** The longest insight text, in characters. */
    @WithDefault("10000")
    int maxTextLength();

    /** The most tags an insight may carry. */
    @WithDefault("32")
    int maxTags();

    /** The longest tag, in characters after normalisation. */
    @WithDefault("64")
    int maxTagLength();

    /** The time zone whose midnight starts a tenant's periods (tag trends, date filters), unless it has its own. */
    @WithDefault("Asia/Tokyo")
    ZoneId defaultTimeZone();

    /** Per-tenant time zones. */
    Map<String, ZoneId> timeZones();

    /** How many insights one publishing round sends to knowledge.insights. */
    @WithDefault("500")
    int publishBatchSize();

    /** The longest the database may work on one search, list or tag trend; beyond it the request is refused (400). */
    @WithDefault("2s")
    Duration queryBudget();

    default ZoneId zone(String tenant) {
        return timeZones().getOrDefault(tenant, defaultTimeZone());
    }
}
