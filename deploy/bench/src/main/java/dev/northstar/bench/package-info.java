/**
 * The load drivers behind {@code deploy/bench/*.sh}: ingest against the raw producer, the calculator against the raw
 * consumer, search, reporting latency, and the whole pipeline at a fixed rate. Each prints what
 * {@code docs/benchmarks.md} records.
 */
package dev.northstar.bench;
