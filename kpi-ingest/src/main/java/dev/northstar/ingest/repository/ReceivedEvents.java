package dev.northstar.ingest.repository;

import dev.northstar.events.NorthstarEvent.EventId;
import dev.northstar.ingest.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The duplicate register in PostgreSQL, shared by every ingest instance and kept across restarts. Why a
 * database table and not Kafka's idempotent producer or an in-memory cache: the producer's idempotence only
 * covers its own retries within one session, and a cache is neither shared nor durable.
 *
 * <p>A request claims its events under a claim id of its own before the send (one row per event, keyed by
 * {@link #key(EventId)}) and confirms the claim after Kafka's acknowledgement (one row per request). A row whose
 * claim is confirmed is acknowledged: a copy is a duplicate. A row whose claim is not is in flight: a copy is told
 * to retry — unless the claim is older than the takeover time, when it belongs to a request that died and the copy
 * takes it over, so an event is never lost to a dead claim.
 *
 * <p>A confirmation the database does not take (it is down between the send and the confirmation) is kept in
 * memory and retried every second until it lands; meanwhile this instance answers copies of those events as
 * duplicates itself. Without that, a copy arriving after the takeover time would be sent to Kafka again.
 */
@ApplicationScoped
public class ReceivedEvents {

    private static final Logger LOG = Logger.getLogger(ReceivedEvents.class);
    /**
     * The usual case, every event new: a plain insert finds each key's place in the index once, where the checked
     * claim's {@code ON CONFLICT} looks first, inserts speculatively and confirms the speculation (a third less work
     * per event in PostgreSQL). One known key fails the whole statement, and the checked claim answers instead.
     */
    private static final String CLAIM_NEW = """
            INSERT INTO event_claim (event_key, claim, claimed_at) SELECT k, $2, now() FROM unnest($1::text[]) AS u(k)""";
    private static final String CLAIM = """
            WITH claimed AS (
                INSERT INTO event_claim AS r (event_key, claim, claimed_at)
                SELECT k, $2, now() FROM unnest($1::text[]) AS u(k)
                ON CONFLICT (event_key) DO UPDATE SET claim = excluded.claim, claimed_at = excluded.claimed_at
                WHERE r.claimed_at < now() - make_interval(secs => $3)
                  AND NOT EXISTS (SELECT 1 FROM claim_confirmed c WHERE c.claim = r.claim)
                RETURNING 1)
            SELECT count(*) FROM claimed""";
    private static final String WHOSE = """
            SELECT u.k, r.claim = $2 AS mine, c.claim IS NOT NULL AS confirmed
            FROM unnest($1::text[]) AS u(k)
            LEFT JOIN event_claim r ON r.event_key = u.k
            LEFT JOIN claim_confirmed c ON c.claim = r.claim""";
    private static final String CONFIRM = """
            INSERT INTO claim_confirmed (claim, confirmed_at) SELECT c, now() FROM unnest($1::uuid[]) AS u(c)
            ON CONFLICT (claim) DO NOTHING""";
    private static final String RELEASE = """
            DELETE FROM event_claim r USING unnest($1::text[]) AS u(k) WHERE r.event_key = u.k AND r.claim = $2""";

    /** The most unconfirmed event keys kept in memory (~200 bytes each); beyond, the takeover rule alone applies. */
    static final int MAX_UNCONFIRMED = 100_000;
    private static final String UNIQUE_VIOLATION = "23505";
    /** After a request with known events, how long claims go straight to the checked statement. */
    private static final Duration CHECKED_AFTER_CONFLICT = Duration.ofSeconds(1);
    /** The most claims one retried confirmation carries. */
    private static final int RETRY_CHUNK = 10_000;

    private final Pool pool;
    private final IngestConfig config;
    private final Duration timeout;
    /** Claims in Kafka that the database has not confirmed yet, with the keys this instance answers for meanwhile. */
    private final Map<UUID, List<String>> unconfirmed = new ConcurrentHashMap<>();
    private final Set<String> unconfirmedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger keptKeys = new AtomicInteger();
    /** Until when (System.nanoTime) claims skip the plain insert: copies come in runs (a CRM resending a batch). */
    private volatile long checkedUntil = System.nanoTime();
    private final Counter claimedNew;
    private final Counter claimedChecked;
    private final Counter conflicts;

    public ReceivedEvents(Pool pool, IngestConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        this.timeout = config.ackTimeout().plusSeconds(5);
        meters.gaugeCollectionSize("northstar.ingest.unconfirmed", Tags.empty(), unconfirmedKeys);
        String claims = "northstar.ingest.register.claims";
        this.claimedNew = Counter.builder(claims).tag("statement", "new").description("Requests whose events the "
                + "register took by the plain insert (all new), or by the checked statement").register(meters);
        this.claimedChecked = Counter.builder(claims).tag("statement", "checked").register(meters);
        this.conflicts = Counter.builder("northstar.ingest.register.conflicts").description("Plain inserts refused "
                + "for a known event, then answered by the checked statement").register(meters);
    }

    /**
     * The register's key of an event: {@code tenant source-length source id}. A tenant has no spaces and the
     * source's length (in characters, as PostgreSQL's {@code char_length}) says where it ends, so two different
     * events never share a key.
     */
    public static String key(EventId id) {
        String source = id.source();
        return new StringBuilder(id.tenant().length() + source.length() + id.id().length() + 8).append(id.tenant())
                .append(' ').append(source.codePointCount(0, source.length())).append(' ').append(source).append(' ')
                .append(id.id()).toString();
    }

    /**
     * The outcome of claiming: the claim's id, the events it holds (all that were asked for, or the subset in
     * {@code owned}), and whether another request holds some of the others right now.
     */
    public static final class Claim {
        private final UUID id;
        private final String[] keys;
        private final Set<EventId> owned;
        private final boolean inFlightElsewhere;

        private Claim(UUID id, String[] keys, Set<EventId> owned, boolean inFlightElsewhere) {
            this.id = id;
            this.keys = keys;
            this.owned = owned;
            this.inFlightElsewhere = inFlightElsewhere;
        }

        /** Whether this claim holds the event (one of those asked for; it is to be sent by the request). */
        public boolean owns(EventId event) {
            return owned == null || owned.contains(event);
        }

        /** How many events this claim holds. */
        public int size() {
            return owned == null ? keys.length : owned.size();
        }

        public boolean inFlightElsewhere() {
            return inFlightElsewhere;
        }

        /** The keys this claim holds. */
        List<String> ownedKeys() {
            if (owned == null) {
                return Arrays.asList(keys);
            }
            return owned.stream().map(ReceivedEvents::key).toList();
        }
    }

    /**
     * Claims the ids for one request; those acknowledged are duplicates (also those in Kafka whose confirmation is
     * still waiting in memory), those pending under another claim are in flight elsewhere.
     */
    public Claim claim(List<EventId> ids) {
        UUID claim = UUID.randomUUID();
        boolean filtered = false;
        if (!unconfirmedKeys.isEmpty()) {
            int asked = ids.size();
            ids = ids.stream().filter(id -> !unconfirmedKeys.contains(key(id))).toList();
            filtered = ids.size() < asked;
        }
        if (ids.isEmpty()) {
            return new Claim(claim, new String[0], Set.of(), false);
        }
        // every statement touches its rows in one global order, so that two requests sharing ids (a CRM retrying
        // while its first attempt is still in flight, or overlapping batches) wait for each other instead of
        // deadlocking — found by the end-to-end benchmark, where deadlocks turned into 503s
        String[] keys = new String[ids.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(ids.get(i));
        }
        Arrays.sort(keys);
        if (System.nanoTime() - checkedUntil >= 0) {
            try {
                pool.preparedQuery(CLAIM_NEW).execute(Tuple.of(keys, claim)).await().atMost(timeout);
                claimedNew.increment();
                return new Claim(claim, keys, filtered ? new HashSet<>(ids) : null, false);
            } catch (PgException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSqlState())) {
                    throw e;
                }
                conflicts.increment();
                checkedUntil = System.nanoTime() + CHECKED_AFTER_CONFLICT.toNanos();
            }
        }
        claimedChecked.increment();
        double takeover = config.ackTimeout().multipliedBy(3).toSeconds();
        long count = pool.preparedQuery(CLAIM).execute(Tuple.of(keys, claim, takeover)).await().atMost(timeout)
                .iterator().next().getLong(0);
        if (count == keys.length) {
            // the usual case: every event is new
            return new Claim(claim, keys, filtered ? new HashSet<>(ids) : null, false);
        }
        Map<String, EventId> byKey = new HashMap<>();
        ids.forEach(id -> byKey.put(key(id), id));
        Set<EventId> owned = new HashSet<>();
        boolean elsewhere = false;
        for (Row row : pool.preparedQuery(WHOSE).execute(Tuple.of(keys, claim)).await().atMost(timeout)) {
            Boolean mine = row.getBoolean("mine");
            if (Boolean.TRUE.equals(mine)) {
                owned.add(byKey.get(row.getString("k")));
            } else if (mine == null || !row.getBoolean("confirmed")) {
                elsewhere = true; // pending under another claim, or released a moment ago: the copy is to retry
            }
        }
        return new Claim(claim, keys, owned, elsewhere);
    }

    /** Ends a checked period now: the next claim tries the plain insert first (for tests of both statements). */
    void endCheckedPeriod() {
        checkedUntil = System.nanoTime();
    }

    /**
     * Kafka has the claim's events: later copies are duplicates. Never fails: when the database does not take the
     * confirmation, it is kept and retried ({@link #retryConfirmations()}).
     */
    public void confirm(Claim claim) {
        if (claim.size() == 0) {
            return;
        }
        try {
            pool.preparedQuery(CONFIRM).execute(Tuple.of((Object) new UUID[] {claim.id})).await().atMost(timeout);
        } catch (RuntimeException e) {
            List<String> keys = claim.ownedKeys();
            int room = MAX_UNCONFIRMED - keptKeys.get();
            List<String> kept = keys.size() <= room ? keys : keys.subList(0, Math.max(0, room));
            keptKeys.addAndGet(kept.size());
            unconfirmedKeys.addAll(kept);
            unconfirmed.put(claim.id, kept);
            LOG.warnf("Could not confirm %d event(s) in Kafka in the duplicate register (%s); retrying%s", keys.size(),
                    e.getMessage(), kept.size() < keys.size() ? ", " + (keys.size() - kept.size())
                            + " beyond the memory bound left to the takeover rule" : "");
        }
    }

    /** Confirms what could not be confirmed before, as soon as the database answers again. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryConfirmations() {
        while (!unconfirmed.isEmpty()) {
            List<UUID> chunk = unconfirmed.keySet().stream().limit(RETRY_CHUNK).toList();
            try {
                pool.preparedQuery(CONFIRM).execute(Tuple.of((Object) chunk.toArray(UUID[]::new))).await()
                        .atMost(timeout);
            } catch (RuntimeException e) {
                return; // still down: next second
            }
            int events = 0;
            for (UUID claim : chunk) {
                List<String> keys = unconfirmed.remove(claim);
                keys.forEach(unconfirmedKeys::remove);
                keptKeys.addAndGet(-keys.size());
                events += keys.size();
            }
            LOG.infof("Confirmed %d claim(s) (%d event(s) kept in memory) in the duplicate register after it was "
                    + "unavailable", chunk.size(), events);
        }
    }

    /** The send failed: give the claim's events back so that a retry is accepted. */
    public void release(Claim claim) {
        if (claim.size() == 0) {
            return;
        }
        try {
            pool.preparedQuery(RELEASE).execute(Tuple.of(claim.keys, claim.id)).await().atMost(timeout);
        } catch (RuntimeException e) {
            // the claims expire by themselves after the takeover time
            LOG.warnf("Could not release %d claims: %s", claim.size(), e.getMessage());
        }
    }

    /** Forgets events past the retention window, then the confirmations of claims that no row names any more. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        Tuple retention = Tuple.of((double) config.duplicateRetention().toSeconds());
        pool.preparedQuery("DELETE FROM event_claim WHERE claimed_at < now() - make_interval(secs => $1)")
                .execute(retention).await().atMost(Duration.ofMinutes(5));
        // a claim is confirmed after its rows were claimed, so its confirmation outlives them
        pool.preparedQuery("DELETE FROM claim_confirmed WHERE confirmed_at < now() - make_interval(secs => $1)")
                .execute(retention).await().atMost(Duration.ofMinutes(5));
    }
}
