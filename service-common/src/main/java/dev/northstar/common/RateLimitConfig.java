package dev.northstar.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the per-tenant rate limit of every API ({@link RateLimit}), per instance. The defaults leave room
 * for far more than one tenant needs: the ingest benchmark sends about a thousand batch requests a second from one
 * tenant at its fastest.
 */
@ConfigMapping(prefix = "northstar.rate-limit")
public interface RateLimitConfig {

    /** Whether requests are limited per tenant at all. */
    @WithDefault("true")
    boolean enabled();

    /** The sustained rate one tenant may send to one instance, in requests per second (more than 0). */
    @WithDefault("2000")
    double requestsPerSecond();

    /** How many requests one tenant may send to one instance at once, before the sustained rate applies (at least 1). */
    @WithDefault("4000")
    int burst();
}
