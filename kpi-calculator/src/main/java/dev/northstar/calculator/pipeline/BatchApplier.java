package dev.northstar.calculator.pipeline;

import dev.northstar.calculator.CalculatorConfig;
import dev.northstar.calculator.kpi.AccountFold;
import dev.northstar.calculator.kpi.Contribution;
import dev.northstar.calculator.kpi.Contributions;
import dev.northstar.calculator.kpi.Fact;
import dev.northstar.calculator.kpi.TeamRules;
import dev.northstar.calculator.kpi.TenantSettings;
import dev.northstar.calculator.store.CellStore;
import dev.northstar.calculator.store.CustomerStore;
import dev.northstar.calculator.store.HistoryStore;
import dev.northstar.calculator.store.MarkStore;
import dev.northstar.calculator.store.ProgressStore;
import dev.northstar.calculator.store.TeamEventStore;
import dev.northstar.common.kafka.Failures;
import dev.northstar.events.EventType;
import dev.northstar.events.NorthstarEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The unit of work of the calculator: one batch of {@code crm.events} records becomes one transaction that locks the
 * batch's partitions' progress ({@link ProgressStore}), applies only the records past that progress, and moves it. A
 * redelivered record, a second instance working on the same partition after a rebalance, or a crash between commit
 * and Kafka's offset commit all leave every value as it was.
 *
 * <p>Within the transaction: an account event seen before under the same identity is recognised against the
 * account's history ({@link HistoryStore}), a team event by {@link TeamEventStore}'s key; each account's new facts
 * are folded in event-time order ({@link AccountFold}, the history read once and then remembered in
 * {@link AccountCache}); the changed cells go to {@link CellStore} (with the outbox), customers and their spans to
 * {@link CustomerStore}, and what the tenant-wide refresh must redo to {@link MarkStore}.
 */
@ApplicationScoped
public class BatchApplier {

    private final Pool pool;
    private final CalculatorConfig config;
    private final ProgressStore progress;
    private final HistoryStore histories;
    private final TeamEventStore teamEvents;
    private final CellStore cells;
    private final CustomerStore customers;
    private final MarkStore marks;
    private final AccountCache cache;
    private final MeterRegistry meters;
    private final Counter rewinds;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter cacheNew;
    private final Counter factsLoaded;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> sizes = new ConcurrentHashMap<>();

    public BatchApplier(Pool pool, CalculatorConfig config, ProgressStore progress, HistoryStore histories,
            TeamEventStore teamEvents, CellStore cells, CustomerStore customers, MarkStore marks,
            MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        this.progress = progress;
        this.histories = histories;
        this.teamEvents = teamEvents;
        this.cells = cells;
        this.customers = customers;
        this.marks = marks;
        this.meters = meters;
        this.cache = new AccountCache(config.cachedFacts());
        this.rewinds = meters.counter("northstar.calculator.rewinds");
        // what the account cache saves: a hit spares reading and folding the account's history (a miss), an account
        // seen for the first time has none to read either way
        this.cacheHits = meters.counter("northstar.calculator.account.cache", "result", "hit");
        this.cacheMisses = meters.counter("northstar.calculator.account.cache", "result", "miss");
        this.cacheNew = meters.counter("northstar.calculator.account.cache", "result", "new");
        this.factsLoaded = meters.counter("northstar.calculator.account.cache.facts.loaded");
        meters.gauge("northstar.calculator.cached.accounts", cache, AccountCache::size);
        meters.gauge("northstar.calculator.cached.facts", cache, AccountCache::weight);
    }

    /**
     * Records of one partition of a batch, in offset order; a null record is one that cannot be counted (it moves
     * the progress and nothing else). {@code acceptedAt} is the earliest Kafka timestamp among them (when kpi-ingest
     * produced it), for freshness.
     */
    public record PartitionRecords(int partition, List<Long> offsets, List<NorthstarEvent> records,
            Instant acceptedAt) {
    }

    /** The stored progress of the partitions: where consumption continues. */
    public Uni<Map<Integer, Long>> progress(String topic, List<Integer> partitions) {
        return progress.read(topic, partitions);
    }

    /** Forgets what this instance remembers of partitions it no longer consumes. */
    public void forget(Iterable<Integer> partitions) {
        partitions.forEach(cache::forget);
    }

    /**
     * Applies a batch in one transaction.
     *
     * @return how many records were applied (the rest had been before)
     */
    public Uni<Integer> apply(String topic, List<PartitionRecords> partitions) {
        Integer[] ids = partitions.stream().map(PartitionRecords::partition).sorted().toArray(Integer[]::new);
        return timed("transaction", () -> pool.withTransaction(conn -> timed("lock_progress",
                        () -> progress.lock(conn, topic, ids))
                .chain(next -> {
                    Map<Integer, Long> behind = behind(next);
                    if (!behind.isEmpty()) {
                        return Uni.createFrom().<Result>failure(new Failures.RewindException(topic, behind));
                    }
                    next.forEach(cache::validate);
                    return applyNew(conn, topic, partitions, next);
                })))
                .invoke(result -> result.committed().forEach((p, n) -> cache.committed(p, n,
                        result.writes().entries.getOrDefault(p, Map.of()))))
                .map(Result::applied);
    }

    /**
     * The partitions whose stored progress is behind what this instance committed: the database lost commits it had
     * acknowledged (it crashed with {@code synchronous_commit = off}, or was restored from a backup). The records
     * between were read once and are no longer counted; the consumer must read them again from the stored progress.
     */
    private Map<Integer, Long> behind(Map<Integer, Long> stored) {
        Map<Integer, Long> behind = new TreeMap<>();
        stored.forEach((partition, next) -> {
            Long mine = cache.committed(partition);
            if (mine != null && next < mine) {
                behind.put(partition, next);
            }
        });
        if (!behind.isEmpty()) {
            rewinds.increment();
        }
        return behind;
    }

    private record Result(int applied, Map<Integer, Long> committed, Writes writes) {
    }

    /** An account's facts in one batch (each identity once, with its event), with the partition it came from. */
    private static final class AccountWork {
        final int partition;
        final String tenant;
        final String accountId;
        final List<Fact> facts = new ArrayList<>();
        final List<NorthstarEvent> events = new ArrayList<>();
        final Set<String> keys = new HashSet<>();
        /** The facts not in the account's history before this batch, in batch order (set by appendFacts). */
        final List<Integer> fresh = new ArrayList<>();
        AccountCache.Entry entry;

        AccountWork(int partition, String tenant, String accountId) {
            this.partition = partition;
            this.tenant = tenant;
            this.accountId = accountId;
        }

        String account() {
            return tenant + '/' + accountId;
        }
    }

    /** What one batch writes besides KPI cells. */
    private static final class Writes {
        final Map<String, Contributions> byTenant = new TreeMap<>();
        final List<CustomerStore.Customer> customers = new ArrayList<>();
        final List<CustomerStore.Account> lostCustomers = new ArrayList<>();
        final List<CustomerStore.Account> spanAccounts = new ArrayList<>();
        final List<CustomerStore.Span> spans = new ArrayList<>();
        final List<MarkStore.Mark> marks = new ArrayList<>();
        Instant acceptedAt;
        final Map<Integer, Map<String, AccountCache.Entry>> entries = new HashMap<>();
    }

    private Uni<Result> applyNew(SqlConnection conn, String topic, List<PartitionRecords> partitions,
            Map<Integer, Long> next) {
        Map<String, AccountWork> accounts = new LinkedHashMap<>();
        List<NorthstarEvent> teamBatch = new ArrayList<>();
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
                    teamBatch.add(event);
                }
            }
        }
        int count = applied;
        Writes writes = new Writes();
        partitions.stream().map(PartitionRecords::acceptedAt).filter(Objects::nonNull)
                .min(Instant::compareTo).ifPresent(at -> writes.acceptedAt = at);
        return timed("load_history", () -> loadMissing(conn, accounts))
                .chain(() -> timed("insert_facts", () -> appendFacts(conn, accounts)))
                .chain(() -> timed("insert_team_events", () -> teamEvents.claim(conn, teamBatch)).invoke(newTeam -> {
                    long t0 = System.nanoTime();
                    compute(accounts, writes);
                    for (NorthstarEvent e : teamBatch) {
                        if (newTeam.remove(e.tenant() + '/' + Fact.keyOf(e))) { // once, also when a batch has it twice
                            TeamRules.apply(e, contributions(writes, e.tenant()));
                        }
                    }
                    horizons.forEach((tenant, at) -> writes.marks.add(new MarkStore.Mark(tenant, "horizon", at)));
                    record("compute", t0);
                }))
                .chain(() -> write(conn, writes))
                .chain(() -> moves.isEmpty() ? Uni.createFrom().voidItem()
                        : timed("move_progress", () -> progress.move(conn, topic, moves)))
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
            work.entry = cache.get(work.partition, work.account());
            if (work.entry == null) {
                missing.add(work);
            }
        }
        cacheHits.increment(accounts.size() - missing.size());
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return histories.load(conn, missing.stream().map(AccountWork::account).toList()).invoke(loaded -> {
            for (AccountWork work : missing) {
                List<Fact> history = loaded.getOrDefault(work.account(), new ArrayList<>());
                (history.isEmpty() ? cacheNew : cacheMisses).increment();
                factsLoaded.increment(history.size());
                history.sort(Fact.ORDER);
                work.entry = new AccountCache.Entry(history, AccountFold.of(history, settings(work.tenant).zone(),
                        AccountFold.DISCARD));
            }
        }).replaceWithVoid();
    }

    /**
     * Stores the batch's facts not in their account's history yet, one chunk per account, and notes them as the
     * work's fresh facts. The history is whole here (read or remembered under the partition's lock), so an event
     * seen before under the same identity is recognised in memory: the history is looked up in the batch's few
     * keys rather than the batch's keys in a set built of the whole history.
     */
    private Uni<Void> appendFacts(SqlConnection conn, Map<String, AccountWork> accounts) {
        long t0 = System.nanoTime();
        int added = 0;
        List<HistoryStore.Append> appends = new ArrayList<>();
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
                appends.add(new HistoryStore.Append(work.tenant, work.accountId, history.size(), fresh));
            }
        }
        Uni<Void> append = histories.append(conn, appends);
        record("encode_facts", t0);
        size("facts", added);
        size("history_chunks", appends.size());
        return append;
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
                    .put(work.account(), new AccountCache.Entry(history, after));
            if (!AccountFold.sameCustomer(before, after)) {
                customerChanged(work, before, after, writes);
            }
        }
    }

    private static void customerChanged(AccountWork work, AccountFold before, AccountFold after, Writes writes) {
        AccountFold.Win win = after.win();
        if (win == null) {
            writes.lostCustomers.add(new CustomerStore.Account(work.tenant, work.accountId));
        } else {
            writes.customers.add(new CustomerStore.Customer(work.tenant, work.accountId, win.teamId(), win.wonAt(),
                    win.mrr(), win.churnedAt(), win.product(), win.segment()));
        }
        writes.marks.add(new MarkStore.Mark(work.tenant, "ltv", win != null ? win.wonAt() : before.win().wonAt()));
        Instant changed = AccountFold.firstDifference(before.spans(), after.spans());
        AccountFold.Win was = before.win();
        if (win != null && was != null
                && !(Objects.equals(win.product(), was.product()) && Objects.equals(win.segment(), was.segment()))) {
            // the customer in other scopes: every scope's base changes from the first win on, whatever else moved
            Instant first = win.wonAt().isBefore(was.wonAt()) ? win.wonAt() : was.wonAt();
            changed = changed == null || first.isBefore(changed) ? first : changed;
        }
        if (changed != null) {
            writes.spanAccounts.add(new CustomerStore.Account(work.tenant, work.accountId));
            for (AccountFold.Span s : after.spans()) {
                writes.spans.add(new CustomerStore.Span(work.tenant, work.accountId, s.teamId(), s.from(), s.to(),
                        win.product(), win.segment()));
            }
            writes.marks.add(new MarkStore.Mark(work.tenant, "base", changed));
        }
    }

    private Uni<Void> write(SqlConnection conn, Writes w) {
        Map<Contribution.Key, BigDecimal[]> changed = new TreeMap<>(Contributions.KEY_ORDER);
        w.byTenant.values().forEach(c -> changed.putAll(c.changes()));
        size("cells", changed.size());
        return timed("write_cells", () -> cells.add(conn, changed, w.acceptedAt))
                .chain(() -> timed("write_customers", () -> customers.write(conn, w.customers, w.lostCustomers,
                        w.spanAccounts, w.spans)))
                .chain(() -> w.marks.isEmpty() ? Uni.createFrom().voidItem()
                        : timed("write_marks", () -> marks.insert(conn, w.marks)));
    }

    /** Times one step of a batch ({@code northstar.calculator.batch.step}), from subscription to its item. */
    private <T> Uni<T> timed(String step, Supplier<Uni<T>> work) {
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
}
