package dev.northstar.calculator.pipeline;

import dev.northstar.calculator.CalculatorConfig;
import dev.northstar.calculator.kpi.AccountFold;
import dev.northstar.calculator.kpi.Contributions;
import dev.northstar.calculator.kpi.CustomerBase;
import dev.northstar.calculator.kpi.LtvModel;
import dev.northstar.calculator.kpi.Recompute;
import dev.northstar.calculator.kpi.ScopedKpi;
import dev.northstar.calculator.kpi.TenantSettings;
import dev.northstar.calculator.store.CellStore;
import dev.northstar.calculator.store.Columns;
import dev.northstar.events.Scopes;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tenant-wide part of the KPIs, which no single account decides: the predicted LTV of each new customer
 * (its churn rate comes from all customers of the tenant) and the customer base at each period's start (the
 * denominators of the expansion rates, for every period up to the latest event time seen). Batches leave
 * marks; a refresh takes a tenant's marks, recomputes from the committed state, writes the differences and
 * deletes exactly the marks it read, in one transaction. One refresh per tenant at a time, across instances
 * (an advisory lock).
 */
@ApplicationScoped
public class TenantRefresher {

    private static final String TENANTS = "SELECT DISTINCT tenant FROM refresh_mark";
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('northstar-refresh/' || $1))";
    private static final String MARKS = "SELECT id, kind, at FROM refresh_mark WHERE tenant = $1 ORDER BY id LIMIT 50000";
    private static final String PROGRESS = "SELECT horizon, base_done_to FROM tenant_progress WHERE tenant = $1";
    private static final String CUSTOMERS = """
            SELECT account_id, team_id, won_at, mrr, churned_at, product, segment FROM customer WHERE tenant = $1""";
    private static final String COUNTED = """
            SELECT account_id, team_id, won_at, ltv, product, segment FROM customer_ltv WHERE tenant = $1""";
    private static final String UPSERT_COUNTED = """
            INSERT INTO customer_ltv (tenant, account_id, team_id, won_at, ltv, product, segment)
            SELECT $1, a, t, w, l, pr, sg FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[]::numeric[],
                                                      $6::text[], $7::text[])
                 AS u(a, t, w, l, pr, sg)
            ON CONFLICT (tenant, account_id) DO UPDATE
            SET team_id = EXCLUDED.team_id, won_at = EXCLUDED.won_at, ltv = EXCLUDED.ltv,
                product = EXCLUDED.product, segment = EXCLUDED.segment""";
    private static final String DELETE_COUNTED = "DELETE FROM customer_ltv WHERE tenant = $1 AND account_id = ANY($2::text[])";
    private static final String SPANS = """
            SELECT team_id, valid_from, valid_to, product, segment FROM customer_span WHERE tenant = $1""";
    // the overall base cells and every scope's (ScopedKpi: expansion_rate#<scope>)
    private static final String EXISTING_BASE = """
            SELECT c.team_id, c.kpi, c.grain, c.period FROM kpi_component c
            JOIN unnest($2::text[], $3::text[]) AS u(g, p) ON c.grain = u.g AND c.period = u.p
            WHERE c.tenant = $1 AND (c.kpi = 'expansion_rate' OR starts_with(c.kpi, 'expansion_rate#'))
              AND c.denominator <> 0""";
    private static final String SET_BASE = """
            WITH changed AS (
            INSERT INTO kpi_component AS c (tenant, team_id, kpi, grain, period, numerator, denominator, version,
                                            updated_at)
            SELECT $1, tm, k, g, p, 0, d, $7::bigint, now()
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS u(tm, k, g, p, d)
            ON CONFLICT (tenant, team_id, kpi, grain, period) DO UPDATE
            SET denominator = EXCLUDED.denominator,
                version = greatest(c.version + 1, EXCLUDED.version),
                updated_at = EXCLUDED.updated_at
            WHERE c.denominator <> EXCLUDED.denominator
            RETURNING c.tenant, c.team_id, c.kpi, c.grain, c.period)
            INSERT INTO kpi_outbox (tenants, team_ids, kpis, grains, periods)
            SELECT array_agg(tenant), array_agg(team_id), array_agg(kpi), array_agg(grain), array_agg(period)
            FROM (SELECT *, (row_number() OVER () - 1) / 1000 AS chunk FROM changed) AS numbered GROUP BY chunk""";
    private static final String SAVE_PROGRESS = """
            INSERT INTO tenant_progress (tenant, horizon, base_done_to) VALUES ($1, $2::timestamptz, $3::timestamptz)
            ON CONFLICT (tenant) DO UPDATE SET horizon = EXCLUDED.horizon, base_done_to = EXCLUDED.base_done_to""";
    private static final String DELETE_MARKS = "DELETE FROM refresh_mark WHERE id = ANY($1::bigint[])";

    private final Pool pool;
    private final CalculatorConfig config;
    private final CellStore cells;
    /** When each tenant may be refreshed again ({@link System#nanoTime()}). */
    private final Map<String, Long> nextRefresh = new java.util.concurrent.ConcurrentHashMap<>();

    public TenantRefresher(Pool pool, CalculatorConfig config, CellStore cells) {
        this.pool = pool;
        this.config = config;
        this.cells = cells;
    }

    /**
     * Refreshes every tenant with marks whose turn has come ({@link CalculatorConfig#refreshInterval()}); returns
     * how many marks were handled.
     */
    public Uni<Integer> refreshAll() {
        return pool.preparedQuery(TENANTS).execute().onItem().transformToMulti(rows -> {
            List<String> tenants = new ArrayList<>();
            long now = System.nanoTime();
            rows.forEach(r -> {
                Long due = nextRefresh.get(r.getString(0));
                if (due == null || now - due >= 0) {
                    tenants.add(r.getString(0));
                }
            });
            return Multi.createFrom().iterable(tenants);
        }).onItem().transformToUniAndConcatenate(tenant -> {
            long start = System.nanoTime();
            return refresh(tenant).eventually(() -> {
                long took = System.nanoTime() - start;
                nextRefresh.put(tenant, start + Math.max(config.refreshInterval().toNanos(), 5 * took));
            });
        }).collect().asList().map(list -> list.stream().mapToInt(Integer::intValue).sum());
    }

    /** Refreshes one tenant, unless another refresh of it is running. */
    public Uni<Integer> refresh(String tenant) {
        TenantSettings settings = config.settings(tenant);
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(tenant)).chain(locked -> {
            if (!locked.iterator().next().getBoolean(0)) {
                return Uni.createFrom().item(0);
            }
            return conn.preparedQuery(MARKS).execute(Tuple.of(tenant))
                    .chain(marks -> conn.preparedQuery(PROGRESS).execute(Tuple.of(tenant))
                            .chain(progress -> refresh(conn, tenant, settings, marks, progress)));
        }));
    }

    private Uni<Integer> refresh(SqlConnection conn, String tenant, TenantSettings settings, RowSet<Row> marks,
            RowSet<Row> progress) {
        Instant horizon = null;
        Instant baseDoneTo = null;
        if (progress.size() > 0) {
            Row p = progress.iterator().next();
            horizon = p.getOffsetDateTime("horizon").toInstant();
            baseDoneTo = p.getOffsetDateTime("base_done_to") == null ? null
                    : p.getOffsetDateTime("base_done_to").toInstant();
        }
        boolean ltv = false;
        Instant baseFrom = null;
        List<Long> ids = new ArrayList<>();
        for (Row m : marks) {
            ids.add(m.getLong("id"));
            Instant at = m.getOffsetDateTime("at").toInstant();
            switch (m.getString("kind")) {
                case "ltv" -> ltv = true;
                case "base" -> baseFrom = baseFrom == null || at.isBefore(baseFrom) ? at : baseFrom;
                default -> horizon = horizon == null || at.isAfter(horizon) ? at : horizon;
            }
        }
        if (ids.isEmpty() || horizon == null) {
            return Uni.createFrom().item(0);
        }
        if (baseDoneTo != null) {
            Instant fresh = baseDoneTo.plus(1, ChronoUnit.MICROS);
            baseFrom = baseFrom == null || fresh.isBefore(baseFrom) ? fresh : baseFrom;
        }
        Instant latest = horizon;
        Instant limit = Instant.now().plus(config.baseLookahead());
        Instant to = horizon.isAfter(limit) ? limit : horizon;
        Instant from = baseFrom;
        Uni<Void> work = Uni.createFrom().voidItem();
        if (ltv) {
            work = work.chain(() -> refreshLtv(conn, tenant, settings));
        }
        if (from != null && !from.isAfter(to)) {
            work = work.chain(() -> refreshBase(conn, tenant, settings, from, to));
        }
        Instant done = from != null || baseDoneTo != null ? to : null;
        return work
                .chain(() -> conn.preparedQuery(SAVE_PROGRESS).execute(Tuple.of(tenant,
                        latest.atOffset(ZoneOffset.UTC), done == null ? null : done.atOffset(ZoneOffset.UTC))))
                .chain(() -> conn.preparedQuery(DELETE_MARKS).execute(Tuple.of(ids.toArray(Long[]::new))))
                .replaceWith(ids.size());
    }

    /** Recomputes every customer's predicted LTV and writes the changes of new_customer_avg_ltv. */
    private Uni<Void> refreshLtv(SqlConnection conn, String tenant, TenantSettings settings) {
        return conn.preparedQuery(CUSTOMERS).execute(Tuple.of(tenant))
                .chain(customerRows -> conn.preparedQuery(COUNTED).execute(Tuple.of(tenant)).chain(countedRows -> {
                    List<LtvModel.Customer> customers = new ArrayList<>();
                    // the product and segment of each customer's win: its LTV counts in their scopes too
                    Map<String, String[]> scopes = new HashMap<>();
                    for (Row r : customerRows) {
                        customers.add(new LtvModel.Customer(r.getString("account_id"), r.getString("team_id"),
                                r.getOffsetDateTime("won_at").toInstant(), r.getBigDecimal("mrr"),
                                r.getOffsetDateTime("churned_at") == null ? null
                                        : r.getOffsetDateTime("churned_at").toInstant()));
                        scopes.put(r.getString("account_id"), new String[] {r.getString("product"),
                                r.getString("segment")});
                    }
                    Map<String, Row> counted = new HashMap<>();
                    countedRows.forEach(r -> counted.put(r.getString("account_id"), r));
                    LtvModel model = new LtvModel(customers, settings.zone());
                    Contributions delta = new Contributions(tenant, settings.zone());
                    List<Object[]> upserts = new ArrayList<>();
                    Set<String> keep = new HashSet<>();
                    for (LtvModel.Customer c : customers) {
                        BigDecimal value = model.ltv(c, settings.grossMargin());
                        Row old = counted.get(c.accountId());
                        if (value == null) {
                            continue;
                        }
                        keep.add(c.accountId());
                        String[] scope = scopes.get(c.accountId());
                        if (old != null && old.getString("team_id").equals(c.teamId())
                                && old.getOffsetDateTime("won_at").toInstant().equals(c.wonAt())
                                && old.getBigDecimal("ltv").compareTo(value) == 0
                                && Objects.equals(old.getString("product"), scope[0])
                                && Objects.equals(old.getString("segment"), scope[1])) {
                            continue;
                        }
                        if (old != null) {
                            retract(delta, old);
                        }
                        // in the scopes of the customer's win; the lifetime is the tenant's overall one
                        delta.add(c.teamId(), "new_customer_avg_ltv", c.wonAt(), value, BigDecimal.ONE,
                                Scopes.of(scope[0], scope[1]));
                        upserts.add(new Object[] {c.accountId(), c.teamId(), c.wonAt(), value, scope[0], scope[1]});
                    }
                    List<String> gone = new ArrayList<>();
                    counted.forEach((account, old) -> {
                        if (!keep.contains(account)) {
                            retract(delta, old);
                            gone.add(account);
                        }
                    });
                    Uni<Void> writes = cells.add(conn, delta.changes(), null);
                    if (!upserts.isEmpty()) {
                        List<Object> params = new ArrayList<>();
                        params.add(tenant);
                        params.addAll(Columns.of(upserts, 6, 2));
                        writes = writes.chain(() -> conn.preparedQuery(UPSERT_COUNTED).execute(Tuple.tuple(params))
                                .replaceWithVoid());
                    }
                    if (!gone.isEmpty()) {
                        writes = writes.chain(() -> conn.preparedQuery(DELETE_COUNTED)
                                .execute(Tuple.of(tenant, gone.toArray(String[]::new))).replaceWithVoid());
                    }
                    return writes;
                }));
    }

    private static void retract(Contributions delta, Row old) {
        delta.add(old.getString("team_id"), "new_customer_avg_ltv", old.getOffsetDateTime("won_at").toInstant(),
                old.getBigDecimal("ltv").negate(), BigDecimal.ONE.negate(),
                Scopes.of(old.getString("product"), old.getString("segment")));
    }

    /** Sets the customer base of every team in every period starting in [from, to]. */
    private Uni<Void> refreshBase(SqlConnection conn, String tenant, TenantSettings settings, Instant from,
            Instant to) {
        return conn.preparedQuery(SPANS).execute(Tuple.of(tenant)).chain(spanRows -> {
            List<CustomerBase.Member> spans = new ArrayList<>();
            for (Row r : spanRows) {
                spans.add(new CustomerBase.Member(new AccountFold.Span(r.getString("team_id"),
                        r.getOffsetDateTime("valid_from").toInstant(),
                        r.getOffsetDateTime("valid_to") == null ? null : r.getOffsetDateTime("valid_to").toInstant()),
                        Scopes.of(r.getString("product"), r.getString("segment"))));
            }
            CustomerBase base = new CustomerBase(spans, settings.zone());
            List<CustomerBase.Period> periods = base.periodsStartingIn(from, to);
            if (periods.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            // team, scope (empty overall), grain, period
            Map<String, Long> counts = new TreeMap<>();
            for (CustomerBase.Count c : base.counts(periods)) {
                counts.put(c.teamId() + '\u0000' + (c.scope() == null ? "" : c.scope()) + '\u0000'
                        + c.grain().wireName() + '\u0000' + c.period(), c.customers());
            }
            String[] grains = periods.stream().map(p -> p.grain().wireName()).toArray(String[]::new);
            String[] labels = periods.stream().map(CustomerBase.Period::label).toArray(String[]::new);
            return conn.preparedQuery(EXISTING_BASE).execute(Tuple.of(tenant, grains, labels)).chain(existing -> {
                for (Row r : existing) {
                    String scope = ScopedKpi.scope(r.getString(1));
                    counts.putIfAbsent(r.getString(0) + '\u0000' + (scope == null ? "" : scope) + '\u0000'
                            + r.getString(2) + '\u0000' + r.getString(3), 0L);
                }
                if (counts.isEmpty()) {
                    return Uni.createFrom().voidItem();
                }
                // rows in the key order of the batches (team, kpi, grain, period), so that neither waits in a cycle
                TreeMap<String, Object[]> rows = new TreeMap<>();
                counts.forEach((key, n) -> {
                    String[] k = key.split("\u0000", -1);
                    for (String kpi : Recompute.BASE_KPIS) {
                        String cell = ScopedKpi.cell(kpi, k[1].isEmpty() ? null : k[1]);
                        rows.put(k[0] + '\u0000' + cell + '\u0000' + k[2] + '\u0000' + k[3],
                                new Object[] {k[0], cell, k[2], k[3], n});
                    }
                });
                int n = rows.size();
                String[][] text = new String[4][n];
                Long[] dens = new Long[n];
                int i = 0;
                for (Object[] row : rows.values()) {
                    for (int c = 0; c < 4; c++) {
                        text[c][i] = (String) row[c];
                    }
                    dens[i++] = (Long) row[4];
                }
                return conn.preparedQuery(SET_BASE).execute(Tuple.tuple(List.of(tenant, text[0], text[1], text[2],
                        text[3], dens, CellStore.versionNow())))
                        .replaceWithVoid();
            });
        });
    }
}
