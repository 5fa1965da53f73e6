package dev.northstar.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
