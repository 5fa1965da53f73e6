package dev.northstar.ingest.repository;

import dev.northstar.events.NorthstarEvent.EventId;
import dev.northstar.ingest.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The duplicate register in PostgreSQL, shared by every ingest instance and kept across restarts. Why a
 * database table and not Kafka's idempotent producer or an in-memory cache: the producer's idempotence only
 * covers its own retries within one session, and a cache is neither shared nor durable. A row is claimed
 * (pending) before the send and confirmed after Kafka's acknowledgement, so a concurrent copy is told to
 * retry, an acknowledged copy is a duplicate, and a claim left by a crashed request is taken over after the
 * takeover time — an event is never lost to a dead claim.
 *
 * <p>A confirmation the database does not take (it is down between the send and the confirmation) is kept in
 * memory and retried every second until it lands; meanwhile this instance answers copies of those events as
 * duplicates itself. Without that, a copy arriving after the takeover time would be sent to Kafka again.
 */
@ApplicationScoped
public class ReceivedEvents {

    private static final Logger LOG = Logger.getLogger(ReceivedEvents.class);
    private static final String CLAIM = """
            INSERT INTO received_event AS r (tenant, source, event_id, state, claimed_at)
            SELECT t, s, i, 'P', now() FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, s, i)
            ON CONFLICT (tenant, source, event_id) DO UPDATE SET claimed_at = now()
            WHERE r.state = 'P' AND r.claimed_at < now() - make_interval(secs => $4)
            RETURNING tenant, source, event_id""";
    private static final String STATES = """
            SELECT r.state FROM received_event r
            JOIN unnest($1::text[], $2::text[], $3::text[]) AS u(t, s, i)
              ON r.tenant = u.t AND r.source = u.s AND r.event_id = u.i""";
    private static final String CONFIRM = """
            UPDATE received_event r SET state = 'A' FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, s, i)
            WHERE r.tenant = u.t AND r.source = u.s AND r.event_id = u.i""";
    private static final String RELEASE = """
            DELETE FROM received_event r USING unnest($1::text[], $2::text[], $3::text[]) AS u(t, s, i)
            WHERE r.tenant = u.t AND r.source = u.s AND r.event_id = u.i AND r.state = 'P'""";

    /** The most unconfirmed ids kept in memory (~200 bytes each); beyond, the takeover rule alone applies. */
    static final int MAX_UNCONFIRMED = 100_000;
    /** The most ids one retried confirmation carries. */
    private static final int RETRY_CHUNK = 10_000;

    private final Pool pool;
    private final IngestConfig config;
    private final Duration timeout;
    /** Ids in Kafka whose confirmation the database has not taken yet. */
    private final Set<EventId> unconfirmed = ConcurrentHashMap.newKeySet();

    public ReceivedEvents(Pool pool, IngestConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        this.timeout = config.ackTimeout().plusSeconds(5);
        meters.gaugeCollectionSize("northstar.ingest.unconfirmed", Tags.empty(), unconfirmed);
    }

    /** The outcome of claiming: the ids this request now owns, and whether another request owns some. */
    public record Claim(Set<EventId> claimed, boolean inFlightElsewhere) {
    }

    /**
     * Claims the ids; those already acknowledged are duplicates (also those in Kafka whose confirmation is still
     * waiting in memory), those pending elsewhere are in flight.
     */
    public Claim claim(List<EventId> ids) {
        if (!unconfirmed.isEmpty()) {
            ids = ids.stream().filter(id -> !unconfirmed.contains(id)).toList();
            if (ids.isEmpty()) {
                return new Claim(Set.of(), false);
            }
        }
        Tuple args = arrays(ids).addDouble((double) config.ackTimeout().multipliedBy(3).toSeconds());
        Set<EventId> claimed = new HashSet<>();
        for (Row row : pool.preparedQuery(CLAIM).execute(args).await().atMost(timeout)) {
            claimed.add(new EventId(row.getString("tenant"), row.getString("source"), row.getString("event_id")));
        }
        boolean pendingElsewhere = false;
        if (claimed.size() < ids.size()) {
            List<EventId> others = ids.stream().filter(id -> !claimed.contains(id)).toList();
            for (Row row : pool.preparedQuery(STATES).execute(arrays(others)).await().atMost(timeout)) {
                pendingElsewhere |= "P".equals(row.getString("state"));
            }
        }
        return new Claim(claimed, pendingElsewhere);
    }

    /**
     * Kafka has them: later copies are duplicates. Never fails: when the database does not take the confirmation,
     * it is kept and retried ({@link #retryConfirmations()}).
     */
    public void confirm(List<EventId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            pool.preparedQuery(CONFIRM).execute(arrays(ids)).await().atMost(timeout);
        } catch (RuntimeException e) {
            int room = MAX_UNCONFIRMED - unconfirmed.size();
            ids.stream().limit(Math.max(0, room)).forEach(unconfirmed::add);
            LOG.warnf("Could not confirm %d event(s) in Kafka in the duplicate register (%s); retrying%s", ids.size(),
                    e.getMessage(), room < ids.size() ? ", " + (ids.size() - Math.max(0, room))
                            + " beyond the memory bound left to the takeover rule" : "");
        }
    }

    /** Confirms what could not be confirmed before, as soon as the database answers again. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryConfirmations() {
        while (!unconfirmed.isEmpty()) {
            List<EventId> chunk = unconfirmed.stream().limit(RETRY_CHUNK).toList();
            try {
                pool.preparedQuery(CONFIRM).execute(arrays(chunk)).await().atMost(timeout);
            } catch (RuntimeException e) {
                return; // still down: next second
            }
            chunk.forEach(unconfirmed::remove);
            LOG.infof("Confirmed %d event(s) in the duplicate register after it was unavailable", chunk.size());
        }
    }


    /** The send failed: give the ids back so that a retry is accepted. */
    public void release(List<EventId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            pool.preparedQuery(RELEASE).execute(arrays(ids)).await().atMost(timeout);
        } catch (RuntimeException e) {
            // the claims expire by themselves after the takeover time
            LOG.warnf("Could not release %d claims: %s", ids.size(), e.getMessage());
        }
    }

    /** Forgets ids past the retention window. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        pool.preparedQuery("DELETE FROM received_event WHERE claimed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.duplicateRetention().toSeconds())).await().atMost(Duration.ofMinutes(5));
    }

    // every statement touches its rows in one global order, so that two requests sharing ids (a CRM retrying
    // while its first attempt is still in flight, or overlapping batches) wait for each other instead of
    // deadlocking — found by the end-to-end benchmark, where deadlocks turned into 503s
    private static final Comparator<EventId> ROW_ORDER = Comparator.comparing(EventId::tenant)
            .thenComparing(EventId::source).thenComparing(EventId::id);

    private static Tuple arrays(List<EventId> ids) {
        List<EventId> ordered = ids.stream().sorted(ROW_ORDER).toList();
        return Tuple.of(ordered.stream().map(EventId::tenant).toArray(String[]::new),
                ordered.stream().map(EventId::source).toArray(String[]::new),
                ordered.stream().map(EventId::id).toArray(String[]::new));
    }
}
