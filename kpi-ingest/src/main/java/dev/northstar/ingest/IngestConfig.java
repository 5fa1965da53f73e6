package dev.northstar.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Configuration of kpi-ingest. */
@ConfigMapping(prefix = "northstar.ingest")
public interface IngestConfig {

    /** How long a request waits for Kafka to acknowledge before it is answered 503. */
    @WithDefault("5s")
    Duration ackTimeout();

    /** The most events one batch request may carry; more is refused with 413. */
    @WithDefault("1000")
    int maxBatchSize();

    /** How long a (tenant, source, id) is remembered: a copy within this window is a duplicate. */
    @WithDefault("P7D")
    Duration duplicateRetention();

    /** The Retry-After (seconds) sent with a 503. */
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * How the records of crm.events are compressed on their way to Kafka: {@code none}, {@code gzip}, {@code snappy},
     * {@code lz4} or {@code zstd}.
     */
    @WithDefault("lz4")
    String compression();

    /** The raw-topic path: what Kafka Connect writes to {@code crm.events.raw} and {@code crm.events.raw.<tenant>}. */
    Raw raw();

    /** Configuration of the raw-topic path ({@code RawEventsForwarder}). */
    interface Raw {

        /**
         * The tenants whose events are taken from the shared {@code crm.events.raw}, whose records do not say who wrote
         * them (a tenant's own {@code crm.events.raw.<tenant>} is bound to its one writer by Kafka's ACLs instead);
         * {@code *} for every tenant. Unset: none, as in production, where each tenant's connector writes its own
         * topic. The local stack, the dev and test profiles and Docker Compose set {@code *}: plaintext on loopback,
         * one user.
         */
        Optional<Set<String>> sharedTopicTenants();
    }
}
