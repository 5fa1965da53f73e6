package dev.northstar.calculator.repository;

import dev.northstar.calculator.CalculatorConfig;
import dev.northstar.calculator.kpi.AccountFold;
import dev.northstar.calculator.kpi.Contribution;
import dev.northstar.calculator.kpi.Contributions;
import dev.northstar.calculator.kpi.Fact;
import dev.northstar.calculator.kpi.TeamRules;
import dev.northstar.calculator.kpi.TenantSettings;
import dev.northstar.events.EventType;
import dev.northstar.events.NorthstarEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The KPI state in PostgreSQL. One batch of records becomes one transaction that locks the batch's
 * partitions' progress rows, applies only the records past that progress, and moves it: a redelivered
 * record, a second instance working on the same partition after a rebalance, or a crash between commit and
 * Kafka's offset commit all leave every value as it was. An event seen before under the same identity
 * (source and id) is recognised against the account's history ({@code account_history}) or by the primary key
 * of {@code team_event}.
 */
@ApplicationScoped
public class KpiStateRepository {

    private static final String ENSURE_OFFSETS = """
            INSERT INTO consumer_offset (topic, partition, next_offset)
            SELECT $1, p, 0 FROM unnest($2::int[]) AS p
            ON CONFLICT DO NOTHING""";
    private static final String LOCK_OFFSETS = """
            SELECT partition, next_offset FROM consumer_offset
            WHERE topic = $1 AND partition = ANY($2::int[]) ORDER BY partition FOR UPDATE""";
    private static final String READ_OFFSETS = """
            SELECT partition, next_offset FROM consumer_offset WHERE topic = $1 AND partition = ANY($2::int[])""";
    private static final String MOVE_OFFSETS = """
            UPDATE consumer_offset o SET next_offset = u.next
            FROM unnest($2::int[], $3::bigint[]) AS u(p, next)
            WHERE o.topic = $1 AND o.partition = u.p""";
    /** Facts stored before account_history existed (V4); read, never written. */
    private static final String LOAD_LEGACY_FACTS = """
            SELECT e.tenant, e.account_id, e.event_key, e.type, e.at, e.team_id, e.ref, e.kind, e.flag, e.amount,
                   e.mrr, e.score
            FROM account_event e WHERE e.account_ref = ANY($1::uuid[])""";
    private static final String LOAD_HISTORY = """
            SELECT facts FROM account_history WHERE account_ref = ANY($1::uuid[])""";
    private static final String INSERT_HISTORY = """
            INSERT INTO account_history (account_ref, position, facts)
            SELECT * FROM unnest($1::uuid[], $2::int[], $3::bytea[])""";
    private static final String INSERT_TEAM_EVENTS = """
            INSERT INTO team_event (tenant, event_key) SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT DO NOTHING RETURNING tenant, event_key""";
    static final String ADD = """
            WITH changed AS (
            INSERT INTO kpi_component AS c (tenant, team_id, kpi, grain, period, numerator, denominator, version,
                                            updated_at)
            SELECT t, tm, k, g, p, n, d, $9::bigint, now()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::numeric[], $7::text[]::numeric[])
                 AS u(t, tm, k, g, p, n, d)
            ON CONFLICT (tenant, team_id, kpi, grain, period) DO UPDATE
            SET numerator = c.numerator + EXCLUDED.numerator,
                denominator = c.denominator + EXCLUDED.denominator,
                version = greatest(c.version + 1, EXCLUDED.version),
                updated_at = EXCLUDED.updated_at)
            INSERT INTO kpi_outbox (tenants, team_ids, kpis, grains, periods, accepted_at)
            SELECT $1[i:i + 999], $2[i:i + 999], $3[i:i + 999], $4[i:i + 999], $5[i:i + 999], $8
            FROM generate_series(1, cardinality($1::text[]), 1000) AS i""";
    private static final String UPSERT_CUSTOMERS = """
            INSERT INTO customer (tenant, account_id, team_id, won_at, mrr, churned_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]::numeric[],
                                 $6::timestamptz[])
            ON CONFLICT (tenant, account_id) DO UPDATE
            SET team_id = EXCLUDED.team_id, won_at = EXCLUDED.won_at, mrr = EXCLUDED.mrr,
                churned_at = EXCLUDED.churned_at""";
    private static final String DELETE_CUSTOMERS = """
            DELETE FROM customer c USING unnest($1::text[], $2::text[]) AS u(t, a)
            WHERE c.tenant = u.t AND c.account_id = u.a""";
    private static final String DELETE_SPANS = """
            DELETE FROM customer_span s USING unnest($1::text[], $2::text[]) AS u(t, a)
            WHERE s.tenant = u.t AND s.account_id = u.a""";
    private static final String INSERT_SPANS = """
            INSERT INTO customer_span (tenant, account_id, team_id, valid_from, valid_to)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])""";
    private static final String INSERT_MARKS = """
            INSERT INTO refresh_mark (tenant, kind, at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])""";

    private final Pool pool;
    private final CalculatorConfig config;
    private final AccountCache cache;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> sizes = new java.util.concurrent.ConcurrentHashMap<>();

    public KpiStateRepository(Pool pool, CalculatorConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        this.meters = meters;
        this.cache = new AccountCache(config.cachedFacts());
        meters.gauge("northstar.calculator.cached.accounts", cache, AccountCache::size);
        meters.gauge("northstar.calculator.cached.facts", cache, AccountCache::weight);
    }

    /** Times one step of a batch ({@code northstar.calculator.batch.step}), from subscription to its item. */
    private <T> Uni<T> timed(String step, java.util.function.Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            long t0 = System.nanoTime();
            return work.get().invoke(() -> record(step, t0));
        });
    }

    private void record(String step, long t0) {
        timers.computeIfAbsent(step, k -> Timer.builder("northstar.calculator.batch.step").tag("step", k)
                .description("Time of one step of applying a batch of crm.events").register(meters))
                .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }

    /** Counts what one batch writes ({@code northstar.calculator.batch.rows}): facts, history chunks, cells. */
    private void size(String what, int n) {
        sizes.computeIfAbsent(what, k -> DistributionSummary.builder("northstar.calculator.batch.rows").tag("rows", k)
                .description("Rows of one kind one batch of crm.events writes").register(meters)).record(n);
    }

    /**
     * Records of one partition of a batch, in offset order; a null record is one that cannot be counted.
     * {@code acceptedAt} is the earliest Kafka timestamp among them (when kpi-ingest produced it), for freshness.
     */
    public record PartitionRecords(int partition, List<Long> offsets, List<NorthstarEvent> records,
            Instant acceptedAt) {
    }

    /** The stored progress of the partitions: where consumption continues. */
    public Uni<Map<Integer, Long> > progress(String topic, List<Integer> partitions) {
        return pool.preparedQuery(READ_OFFSETS).execute(Tuple.of(topic, partitions.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, Long> out = new HashMap<>();
                    for (Row row : rows) {
                        out.put(row.getInteger("partition"), row.getLong("next_offset"));
                    }
                    return out;
                });
    }

    /** Forgets what this instance remembers of partitions it no longer consumes. */
    public void forget(Iterable<Integer> partitions) {
        partitions.forEach(cache::forget);
    }

    /** An account's facts in one batch (each identity once, with its event), with the partition it came from. */
    private static final class AccountWork {
        final int partition;
        final String tenant;
        final String accountId;
        final List<Fact> facts = new ArrayList<>();
        final List<NorthstarEvent> events = new ArrayList<>();
        final Set<String> keys = new HashSet<>();
        /** The facts not in the account's history before this batch, in batch order (set by insertFacts). */
        final List<Integer> fresh = new ArrayList<>();
        AccountCache.Entry entry;

        AccountWork(int partition, String tenant, String accountId) {
            this.partition = partition;
            this.tenant = tenant;
            this.accountId = accountId;
        }
    }

    /** What one batch writes besides KPI cells. */
    private static final class Writes {
        final Map<String, Contributions> byTenant = new TreeMap<>();
        final List<Object[]> customers = new ArrayList<>();
        final List<String[]> lostCustomers = new ArrayList<>();
        final List<String[]> spanAccounts = new ArrayList<>();
        final List<Object[]> spans = new ArrayList<>();
        final List<Object[]> marks = new ArrayList<>();
        Instant acceptedAt;
        final Map<Integer, Map<String, AccountCache.Entry>> entries = new HashMap<>();
    }

    /**
     * Applies a batch in one transaction.
     *
     * @return how many records were applied (the rest had been before)
     */
    public Uni<Integer> apply(String topic, List<PartitionRecords> partitions) {
        Integer[] ids = partitions.stream().map(PartitionRecords::partition).sorted().toArray(Integer[]::new);
        return timed("transaction", () -> pool.withTransaction(conn -> timed("lock_progress",
                        () -> lockProgress(conn, topic, ids))
                .chain(rows -> {
                    Map<Integer, Long> next = new HashMap<>();
                    for (Row row : rows) {
                        next.put(row.getInteger("partition"), row.getLong("next_offset"));
                        cache.validate(row.getInteger("partition"), row.getLong("next_offset"));
                    }
                    return applyNew(conn, topic, partitions, next);
                })))
                .invoke(result -> result.committed().forEach((p, n) -> cache.committed(p, n,
                        result.writes().entries.getOrDefault(p, Map.of()))))
                .map(Result::applied);
    }

    private record Result(int applied, Map<Integer, Long> committed, Writes writes) {
    }

    /** Locks the partitions' progress rows; a partition seen for the first time gets its row first. */
    private static Uni<RowSet<Row>> lockProgress(SqlConnection conn, String topic, Integer[] ids) {
        return conn.preparedQuery(LOCK_OFFSETS).execute(Tuple.of(topic, ids)).chain(rows -> rows.size() == ids.length
                ? Uni.createFrom().item(rows)
                : conn.preparedQuery(ENSURE_OFFSETS).execute(Tuple.of(topic, ids))
                        .chain(() -> conn.preparedQuery(LOCK_OFFSETS).execute(Tuple.of(topic, ids))));
    }

    private Uni<Result> applyNew(SqlConnection conn, String topic, List<PartitionRecords> partitions,
            Map<Integer, Long> next) {
        Map<String, AccountWork> accounts = new LinkedHashMap<>();
        List<NorthstarEvent> teamEvents = new ArrayList<>();
        Map<String, Instant> horizons = new TreeMap<>();
        Map<Integer, Long> moves = new TreeMap<>();
        int applied = 0;
        for (PartitionRecords partition : partitions) {
            long from = next.getOrDefault(partition.partition(), 0L);
            for (int i = 0; i < partition.records().size(); i++) {
                long offset = partition.offsets().get(i);
                if (offset < from) {
                    continue;
                }
                applied++;
                moves.merge(partition.partition(), offset + 1, Math::max);
                NorthstarEvent event = partition.records().get(i);
                if (event == null) {
                    continue;
                }
                horizons.merge(event.tenant(), event.time(), (a, b) -> a.isAfter(b) ? a : b);
                if (Fact.isAccountType(event.type())) {
                    Fact fact = Fact.of(event, settings(event.tenant()).currency());
                    AccountWork work = accounts.computeIfAbsent(event.tenant() + '/' + fact.accountId(),
                            k -> new AccountWork(partition.partition(), event.tenant(), fact.accountId()));
                    if (work.keys.add(fact.key())) { // once, also when a batch has it twice
                        work.facts.add(fact);
                        work.events.add(event);
                    }
                } else if (countsForTeam(event.type())) {
                    teamEvents.add(event);
                }
            }
        }
        int count = applied;
        Writes writes = new Writes();
        partitions.stream().map(PartitionRecords::acceptedAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).ifPresent(at -> writes.acceptedAt = at);
        return timed("load_history", () -> loadMissing(conn, accounts))
                .chain(() -> timed("insert_facts", () -> insertFacts(conn, accounts)))
                .chain(() -> timed("insert_team_events", () -> insertTeamEvents(conn, teamEvents)).invoke(newTeam -> {
                    long t0 = System.nanoTime();
                    compute(accounts, writes);
                    for (NorthstarEvent e : teamEvents) {
                        if (newTeam.remove(e.tenant() + '/' + Fact.keyOf(e))) { // once, also when a batch has it twice
                            TeamRules.apply(e, contributions(writes, e.tenant()));
                        }
                    }
                    horizons.forEach((tenant, at) -> writes.marks.add(new Object[] {tenant, "horizon", at}));
                    record("compute", t0);
                }))
                .chain(() -> write(conn, writes))
                .chain(() -> moves.isEmpty() ? Uni.createFrom().voidItem()
                        : timed("move_progress", () -> conn.preparedQuery(MOVE_OFFSETS).execute(Tuple.of(topic,
                                moves.keySet().toArray(Integer[]::new), moves.values().toArray(Long[]::new)))
                                .replaceWithVoid()))
                .map(v -> {
                    Map<Integer, Long> committed = new HashMap<>(next);
                    committed.putAll(moves);
                    return new Result(count, committed, writes);
                });
    }

    private static boolean countsForTeam(EventType type) {
        return type == EventType.APPOINTMENT_SET || type == EventType.FEEDBACK_SUBMITTED
                || type == EventType.KNOWLEDGE_SHARED;
    }

    private TenantSettings settings(String tenant) {
        return config.settings(tenant);
    }

    private Contributions contributions(Writes writes, String tenant) {
        return writes.byTenant.computeIfAbsent(tenant, t -> new Contributions(t, settings(t).zone()));
    }

    /** Reads the history of the batch's accounts that are not in memory. */
    private Uni<Void> loadMissing(SqlConnection conn, Map<String, AccountWork> accounts) {
        List<AccountWork> missing = new ArrayList<>();
        for (AccountWork work : accounts.values()) {
            work.entry = cache.get(work.partition, work.tenant + '/' + work.accountId);
            if (work.entry == null) {
                missing.add(work);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] refs = missing.stream().map(w -> ref(w.tenant + '/' + w.accountId)).toArray(UUID[]::new);
        Map<String, List<Fact>> histories = new HashMap<>();
        return conn.preparedQuery(LOAD_LEGACY_FACTS).execute(Tuple.of((Object) refs)).invoke(rows -> {
            for (Row row : rows) {
                Fact f = fact(row);
                histories.computeIfAbsent(f.tenant() + '/' + f.accountId(), k -> new ArrayList<>()).add(f);
            }
        }).chain(() -> conn.preparedQuery(LOAD_HISTORY).execute(Tuple.of((Object) refs))).invoke(rows -> {
            for (Row row : rows) {
                List<Fact> chunk = FactChunk.decode(row.getBuffer(0).getBytes());
                Fact first = chunk.get(0);
                histories.computeIfAbsent(first.tenant() + '/' + first.accountId(), k -> new ArrayList<>())
                        .addAll(chunk);
            }
            for (AccountWork work : missing) {
                List<Fact> history = histories.getOrDefault(work.tenant + '/' + work.accountId, new ArrayList<>());
                history.sort(Fact.ORDER);
                work.entry = new AccountCache.Entry(history, AccountFold.of(history, settings(work.tenant).zone(),
                        AccountFold.DISCARD));
            }
        }).replaceWithVoid();
    }

    private static Fact fact(Row row) {
        return new Fact(row.getString("tenant"), row.getString("account_id"), row.getString("event_key"),
                EventType.fromWireName(row.getString("type")).orElseThrow(),
                row.getOffsetDateTime("at").toInstant(), row.getString("team_id"), row.getString("ref"),
                row.getString("kind"), row.getBoolean("flag"), row.getBigDecimal("amount"), row.getBigDecimal("mrr"),
                row.getInteger("score"));
    }

    /**
     * Stores the batch's facts not in their account's history yet, one chunk per account, and notes them as the
     * work's fresh facts. The history is whole here (read or remembered under the partition's lock), so an event
     * seen before under the same identity is recognised in memory: the history is looked up in the batch's few
     * keys rather than the batch's keys in a set built of the whole history.
     */
    private Uni<Void> insertFacts(SqlConnection conn, Map<String, AccountWork> accounts) {
        long t0 = System.nanoTime();
        int added = 0;
        List<UUID> refs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<Buffer> chunks = new ArrayList<>();
        for (AccountWork work : accounts.values()) {
            List<Fact> history = work.entry.history();
            Set<String> seen = null;
            for (Fact f : history) {
                if (work.keys.contains(f.key())) {
                    if (seen == null) {
                        seen = new HashSet<>();
                    }
                    seen.add(f.key());
                }
            }
            List<Fact> fresh = new ArrayList<>(work.facts.size());
            for (int i = 0; i < work.facts.size(); i++) {
                Fact f = work.facts.get(i);
                if (seen == null || !seen.contains(f.key())) {
                    fresh.add(f);
                    work.fresh.add(i);
                }
            }
            if (!fresh.isEmpty()) {
                added += fresh.size();
                refs.add(ref(work.tenant + '/' + work.accountId));
                positions.add(history.size());
                chunks.add(Buffer.buffer(FactChunk.encode(fresh)));
            }
        }
        record("encode_facts", t0);
        size("facts", added);
        size("history_chunks", chunks.size());
        if (chunks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(INSERT_HISTORY).execute(Tuple.of(refs.toArray(UUID[]::new),
                positions.toArray(Integer[]::new), chunks.toArray(Buffer[]::new))).replaceWithVoid();
    }

    /** The MD5 of a text as a UUID (the same as PostgreSQL's {@code md5(text)::uuid}). */
    static UUID ref(String text) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.wrap(d);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Uni<Set<String>> insertTeamEvents(SqlConnection conn, List<NorthstarEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        String[] tenants = events.stream().map(NorthstarEvent::tenant).toArray(String[]::new);
        String[] keys = events.stream().map(Fact::keyOf).toArray(String[]::new);
        return conn.preparedQuery(INSERT_TEAM_EVENTS).execute(Tuple.of(tenants, keys)).map(rows -> {
            Set<String> out = new HashSet<>();
            for (Row row : rows) {
                out.add(row.getString(0) + '/' + row.getString(1));
            }
            return out;
        });
    }

    /** Advances every account by its new facts and collects what changes. */
    private void compute(Map<String, AccountWork> accounts, Writes writes) {
        for (AccountWork work : accounts.values()) {
            List<Fact> added = new ArrayList<>(work.fresh.size());
            for (int i : work.fresh) {
                Fact f = work.facts.get(i);
                added.add(f);
                if (f.type() == EventType.CALL_LOGGED) {
                    TeamRules.apply(work.events.get(i), contributions(writes, work.tenant));
                }
            }
            if (added.isEmpty()) {
                continue;
            }
            Contributions delta = contributions(writes, work.tenant);
            AccountFold before = work.entry.fold();
            AccountFold after = AccountFold.advance(before, work.entry.history(), added, delta);
            List<Fact> history = new ArrayList<>(work.entry.history().size() + added.size());
            history.addAll(work.entry.history());
            history.addAll(added);
            history.sort(Fact.ORDER);
            writes.entries.computeIfAbsent(work.partition, p -> new HashMap<>())
                    .put(work.tenant + '/' + work.accountId, new AccountCache.Entry(history, after));
            if (!AccountFold.sameCustomer(before, after)) {
                customerChanged(work, before, after, writes);
            }
        }
    }

    private static void customerChanged(AccountWork work, AccountFold before, AccountFold after, Writes writes) {
        AccountFold.Win win = after.win();
        if (win == null) {
            writes.lostCustomers.add(new String[] {work.tenant, work.accountId});
        } else {
            writes.customers.add(new Object[] {work.tenant, work.accountId, win.teamId(), win.wonAt(), win.mrr(),
                win.churnedAt()});
        }
        writes.marks.add(new Object[] {work.tenant, "ltv", win != null ? win.wonAt() : before.win().wonAt()});
        Instant changed = AccountFold.firstDifference(before.spans(), after.spans());
        if (changed != null) {
            writes.spanAccounts.add(new String[] {work.tenant, work.accountId});
            for (AccountFold.Span s : after.spans()) {
                writes.spans.add(new Object[] {work.tenant, work.accountId, s.teamId(), s.from(), s.to()});
            }
            writes.marks.add(new Object[] {work.tenant, "base", changed});
        }
    }

    private Uni<Void> write(SqlConnection conn, Writes w) {
        Map<Contribution.Key, BigDecimal[]> cells = new TreeMap<>(Contributions.KEY_ORDER);
        w.byTenant.values().forEach(c -> cells.putAll(c.changes()));
        size("cells", cells.size());
        return timed("write_cells", () -> add(conn, cells, w.acceptedAt))
                .chain(() -> timed("write_customers", () -> writeCustomers(conn, w)))
                .chain(() -> w.marks.isEmpty() ? Uni.createFrom().voidItem()
                        : timed("write_marks", () -> conn.preparedQuery(INSERT_MARKS)
                                .execute(Tuple.tuple(columns(w.marks, 3, 2))).replaceWithVoid()));
    }

    /** Customers won or lost and their ownership spans. */
    private Uni<Void> writeCustomers(SqlConnection conn, Writes w) {
        return (w.customers.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(UPSERT_CUSTOMERS).execute(Tuple.tuple(columns(w.customers, 6, 3, 5))).replaceWithVoid())
                .chain(() -> w.lostCustomers.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(DELETE_CUSTOMERS).execute(Tuple.tuple(columns(w.lostCustomers, 2)))
                                .replaceWithVoid())
                .chain(() -> w.spanAccounts.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(DELETE_SPANS).execute(Tuple.tuple(columns(w.spanAccounts, 2)))
                                .replaceWithVoid())
                .chain(() -> w.spans.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(INSERT_SPANS).execute(Tuple.tuple(columns(w.spans, 5, 3, 4)))
                                .replaceWithVoid());
    }

    /**
     * The version a change starts from: the time in microseconds, so that versions keep growing across replays
     * and instances; a key changed again within the same microsecond still gets its version plus one.
     */
    static long versionNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * Rows to one array per column: instants as {@link OffsetDateTime}s for a {@code timestamptz[]} parameter (a
     * typed value: PostgreSQL never parses a time from text here), decimals as their exact text for a
     * {@code text[]::numeric[]} cast, everything else as text.
     *
     * @param times the indexes of the columns that hold instants
     */
    static List<Object> columns(List<? extends Object[]> rows, int width, int... times) {
        List<Object> out = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            boolean time = false;
            for (int t : times) {
                time |= t == c;
            }
            if (time) {
                OffsetDateTime[] column = new OffsetDateTime[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    Instant v = (Instant) ((Object[]) rows.get(r))[c];
                    column[r] = v == null ? null : v.atOffset(ZoneOffset.UTC);
                }
                out.add(column);
                continue;
            }
            String[] column = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                Object v = ((Object[]) rows.get(r))[c];
                column[r] = v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
            }
            out.add(column);
        }
        return out;
    }

    /** Adds cells' changes in one statement, rows in {@link Contributions#KEY_ORDER}. */
    static Uni<Void> add(SqlConnection conn, Map<Contribution.Key, BigDecimal[]> cells, Instant acceptedAt) {
        if (cells.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Object[]> rows = new ArrayList<>(cells.size());
        for (Map.Entry<Contribution.Key, BigDecimal[]> e : cells.entrySet()) {
            Contribution.Key k = e.getKey();
            rows.add(new Object[] {k.tenant(), k.teamId(), k.kpi(), k.grain(), k.period(), e.getValue()[0],
                e.getValue()[1]});
        }
        List<Object> args = new ArrayList<>(columns(rows, 7));
        args.add(acceptedAt == null ? null : acceptedAt.atOffset(ZoneOffset.UTC));
        args.add(versionNow());
        return conn.preparedQuery(ADD).execute(Tuple.tuple(args)).replaceWithVoid();
    }
}
