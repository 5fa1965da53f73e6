package dev.northstar.knowledge.repository;

import dev.northstar.knowledge.Insights;
import dev.northstar.knowledge.KnowledgeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Insights in PostgreSQL. */
@ApplicationScoped
public class InsightRepository {

    private static final String INSERT = """
            INSERT INTO insight (id, tenant, team_id, account_id, deal_id, text, tags, kpis, kpis_explicit, origin_type,
                                 event_source, event_id, occurred_at, search_text)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT DO NOTHING""";
    static final String COLUMNS = "id, tenant, team_id, account_id, deal_id, text, tags, kpis, origin_type, occurred_at, "
            + "version";
    private static final String RETAG = """
            UPDATE insight SET tags = $3, kpis = CASE WHEN kpis_explicit THEN kpis ELSE $4 END,
                               version = version + 1
            WHERE tenant = $1 AND id = $2 AND ($5::text[] IS NULL OR team_id = ANY($5::text[]))
            RETURNING """ + " " + COLUMNS;
    // the counts of the range, then its most frequent tags (ties by name); tags counts every tag of the range, so
    // that the caller learns how many were left out
    private static final String TRENDS = """
            WITH counts AS (
                SELECT tag, (date_trunc($2, occurred_at AT TIME ZONE $3))::date AS start, count(*) AS n
                FROM insight, unnest(tags) AS tag
                WHERE tenant = $1 AND ($4::text IS NULL OR team_id = $4) AND occurred_at >= $5 AND occurred_at < $6
                  AND ($8::text[] IS NULL OR team_id = ANY($8::text[]))
                GROUP BY tag, start),
            totals AS (SELECT tag, sum(n) AS total, count(*) OVER () AS tags FROM counts GROUP BY tag),
            top AS (SELECT tag, tags FROM totals ORDER BY total DESC, tag LIMIT $7)
            SELECT c.tag, c.start, c.n, top.tags FROM counts c JOIN top USING (tag) ORDER BY c.tag, c.start""";
    /** PostgreSQL's SQLSTATE for a statement cancelled by {@code statement_timeout} (query_canceled). */
    private static final String CANCELED = "57014";

    private final Pool pool;
    private final long budgetMillis;

    public InsightRepository(Pool pool, KnowledgeConfig config) {
        this.pool = pool;
        this.budgetMillis = Math.max(1, config.queryBudget().toMillis());
    }

    /** A stored insight. */
    public record Insight(UUID id, String tenant, String teamId, String accountId, String dealId, String text,
            List<String> tags, List<String> kpis, String origin, Instant occurredAt, long version) {
    }

    /**
     * What a search asks for; null fields do not filter. {@code before} is the cursor's position. {@code teams} are
     * the teams a limited token may see ({@code null}: every team of the tenant).
     */
    public record Search(String tenant, String pattern, String tag, String teamId, String accountId, Instant from,
            Instant to, Instant beforeTime, UUID beforeId, int limit, List<String> teams) {

        public Search {
            teams = teams == null ? null : List.copyOf(teams);
        }

        /** A search of every team of the tenant. */
        public Search(String tenant, String pattern, String tag, String teamId, String accountId, Instant from,
                Instant to, Instant beforeTime, UUID beforeId, int limit) {
            this(tenant, pattern, tag, teamId, accountId, from, to, beforeTime, beforeId, limit, null);
        }
    }

    /** A tag's count in the period starting on {@code start}. */
    public record TagCount(String tag, LocalDate start, long count) {
    }

    /** The counts of the most frequent tags of a range, and how many tags the range has in all. */
    public record Trends(List<TagCount> counts, long tags) {
    }

    /**
     * The database did not finish a search, list or trend within {@code northstar.knowledge.query-budget}: PostgreSQL
     * cancelled it, and the transaction was rolled back. The request asked for more work than one answer may cost.
     */
    public static final class OverBudget extends RuntimeException {
        OverBudget() {
            super("The query did not finish within its time budget", null, false, false);
        }
    }

    /** The id of an event's insight: derived from the event, so that it is the same on every instance. */
    public static UUID idOf(Insights.Draft d) {
        return d.eventId() == null ? UUID.randomUUID() : UUID.nameUUIDFromBytes((d.tenant() + "\u0000"
                + d.eventSource() + "\u0000" + d.eventId()).getBytes(StandardCharsets.UTF_8));
    }

    private static Tuple row(UUID id, Insights.Draft d) {
        return Tuple.tuple(Arrays.asList(id, d.tenant(), d.teamId(), d.accountId(), d.dealId(), d.text(),
                d.tags().toArray(String[]::new), d.kpis().toArray(String[]::new), d.kpisExplicit(), d.originType(),
                d.eventSource(), d.eventId(), d.occurredAt().atOffset(ZoneOffset.UTC), Insights.searchable(d.text())));
    }

    /** Stores the drafts; one from an event already stored is left alone. Returns how many were new. */
    public Uni<Integer> insert(List<Insights.Draft> drafts) {
        if (drafts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = new ArrayList<>(drafts.size());
        drafts.forEach(d -> rows.add(row(idOf(d), d)));
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).executeBatch(rows)
                .map(result -> {
                    int inserted = 0;
                    for (var r = result; r != null; r = r.next()) {
                        inserted += r.rowCount();
                    }
                    return inserted;
                }));
    }

    /** Stores one insight written through the API and returns it as stored. */
    public Uni<Insight> create(Insights.Draft draft) {
        UUID id = UUID.randomUUID();
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).execute(row(id, draft))
                .chain(() -> select(conn, draft.tenant(), id)))
                .map(Optional::orElseThrow);
    }

    /** One insight of the tenant. */
    public Uni<Optional<Insight>> find(String tenant, UUID id) {
        return pool.withConnection(conn -> select(conn, tenant, id));
    }

    private static Uni<Optional<Insight>> select(SqlConnection conn, String tenant, UUID id) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM insight WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, id)).map(InsightRepository::first);
    }

    /** Replaces the tags (and the KPI links derived from them, unless they were given explicitly). */
    public Uni<Optional<Insight>> retag(String tenant, UUID id, List<String> tags) {
        return retag(tenant, id, tags, null);
    }

    /**
     * Replaces the tags of an insight of one of {@code teams} ({@code null}: of any team of the tenant); empty when
     * there is no such insight, and then nothing changed.
     */
    public Uni<Optional<Insight>> retag(String tenant, UUID id, List<String> tags, List<String> teams) {
        return pool.preparedQuery(RETAG).execute(Tuple.tuple(Arrays.asList(tenant, id, tags.toArray(String[]::new),
                Insights.kpisOf(tags).toArray(String[]::new), teams == null ? null : teams.toArray(String[]::new))))
                .map(InsightRepository::first);
    }

    /** How many of the newest matching-by-filter rows a text search looks through before it asks the index. */
    static final int WINDOW = 4000;

    /**
     * One page of a search, newest first: up to {@code limit + 1} rows (the extra one says there is more).
     *
     * <p>A text search first looks through the newest {@link #WINDOW} insights that pass the other filters
     * (enough for a common term); when they hold less than a page, it asks the trigram index for every match
     * instead (a rare term), so that neither kind of term scans the whole table — except a rare term of one or two
     * characters, which has no trigram. So the whole search, either step, runs within the query budget, or fails
     * with {@link OverBudget}.
     */
    public Uni<List<Insight>> search(Search s) {
        List<Object> params = new ArrayList<>();
        String ordered = ordered(s, params);
        String rest = rest(s, params);
        params.add(s.limit() + 1);
        int limitParam = params.size();
        if (s.pattern() == null) {
            // newest first along the index, stopping at a page: a bitmap of every row with a common tag (the
            // planner's choice once a cursor narrows the time) would cost a hundred times more. A rare tag or
            // account walks the tenant's whole index, hence the budget here too.
            String newest = "SELECT " + COLUMNS + " FROM insight WHERE " + ordered + rest
                    + " ORDER BY occurred_at DESC, id DESC LIMIT $" + limitParam;
            return overBudget(pool.withTransaction(conn -> budget(conn, System.nanoTime(),
                    "SET LOCAL enable_bitmapscan = off").chain(() -> conn.preparedQuery(newest).execute(Tuple.tuple(params)))
                    .map(InsightRepository::all)));
        }
        params.add(s.pattern());
        int patternParam = params.size();
        // the window is cut by an index in list order (tenant, or tenant and team, with the time range and the
        // cursor), so it costs the same whatever the other filters keep of it
        String recent = "SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + ", search_text FROM insight WHERE "
                + ordered + " ORDER BY occurred_at DESC, id DESC LIMIT " + WINDOW + ") w WHERE search_text LIKE $"
                + patternParam + " ESCAPE '\\'" + rest + " ORDER BY occurred_at DESC, id DESC LIMIT $" + limitParam;
        String indexed = "SELECT " + COLUMNS + " FROM insight WHERE " + ordered + rest
                + " AND search_text LIKE $" + patternParam + " ESCAPE '\\' ORDER BY occurred_at DESC, id DESC LIMIT $"
                + limitParam;
        // both steps share one budget, counted from the start of the transaction (waiting for a connection is not
        // the search's cost): the index step gets what the window left of it
        return overBudget(pool.withTransaction(conn -> {
            long started = System.nanoTime();
            return budget(conn, started, null).chain(() -> conn.preparedQuery(recent).execute(Tuple.tuple(params)))
                    .chain(rows -> {
                        if (rows.size() > s.limit()) {
                            return Uni.createFrom().item(all(rows));
                        }
                        // a rare term: the GIN index over team, tags and trigrams finds its rows, then a sort; a term
                        // of one or two characters has no trigram, so the index cannot narrow it: every row is read
                        return budget(conn, started, "SET LOCAL enable_indexscan = off")
                                .chain(() -> conn.preparedQuery(indexed).execute(Tuple.tuple(params)))
                                .map(InsightRepository::all);
                    });
        }));
    }

    /**
     * Limits the rest of the transaction to what is left of the budget since {@code started} (PostgreSQL cancels a
     * statement that runs longer), with an optional further {@code SET LOCAL} in the same round trip.
     */
    private Uni<Void> budget(SqlConnection conn, long started, String also) {
        long left = budgetMillis - (System.nanoTime() - started) / 1_000_000L;
        if (left < 1) {
            return Uni.createFrom().failure(new OverBudget());
        }
        return conn.query("SET LOCAL statement_timeout = " + left + (also == null ? "" : "; " + also)).execute()
                .replaceWithVoid();
    }

    /** A statement that PostgreSQL cancelled for running over its budget is an {@link OverBudget}. */
    private static <T> Uni<T> overBudget(Uni<T> work) {
        return work.onFailure(e -> e instanceof PgException pg && CANCELED.equals(pg.getSqlState()))
                .transform(e -> new OverBudget());
    }

    /**
     * The filters an index serves in list order: tenant, team (or a limited token's teams: one is served as a team),
     * time range, the cursor's position.
     */
    private static String ordered(Search s, List<Object> params) {
        StringBuilder sql = new StringBuilder("tenant = $1");
        params.add(s.tenant());
        if (s.teamId() != null) {
            params.add(s.teamId());
            sql.append(" AND team_id = $").append(params.size());
        }
        if (s.teams() != null && s.teams().size() == 1) {
            params.add(s.teams().get(0));
            sql.append(" AND team_id = $").append(params.size());
        } else if (s.teams() != null) {
            params.add(s.teams().toArray(String[]::new));
            sql.append(" AND team_id = ANY($").append(params.size()).append("::text[])");
        }
        if (s.from() != null) {
            params.add(s.from().atOffset(ZoneOffset.UTC));
            sql.append(" AND occurred_at >= $").append(params.size());
        }
        if (s.to() != null) {
            params.add(s.to().atOffset(ZoneOffset.UTC));
            sql.append(" AND occurred_at < $").append(params.size());
        }
        if (s.beforeTime() != null) {
            params.add(s.beforeTime().atOffset(ZoneOffset.UTC));
            params.add(s.beforeId());
            sql.append(" AND (occurred_at, id) < ($").append(params.size() - 1).append(", $").append(params.size())
                    .append(")");
        }
        return sql.toString();
    }

    /** The other filters: account and tag. */
    private static String rest(Search s, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (s.accountId() != null) {
            params.add(s.accountId());
            sql.append(" AND account_id = $").append(params.size());
        }
        if (s.tag() != null) {
            params.add(new String[] {s.tag()});
            sql.append(" AND tags @> $").append(params.size()).append("::text[]");
        }
        return sql.toString();
    }

    /**
     * Counts per tag per period of a grain ({@code day}, {@code week}, ...) in the zone, over {@code [from, to)}, for
     * the {@code limit} most frequent tags of the range; within the time budget, or {@link OverBudget}.
     */
    public Uni<Trends> trends(String tenant, String teamId, String grain, ZoneId zone, Instant from, Instant to,
            int limit) {
        return trends(tenant, teamId, null, grain, zone, from, to, limit);
    }

    /** {@link #trends} of the insights of {@code teams} ({@code null}: of every team of the tenant). */
    public Uni<Trends> trends(String tenant, String teamId, List<String> teams, String grain, ZoneId zone,
            Instant from, Instant to, int limit) {
        Tuple params = Tuple.tuple(Arrays.asList(tenant, grain, zone.getId(), teamId, from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC), limit, teams == null ? null : teams.toArray(String[]::new)));
        return overBudget(pool.withTransaction(conn -> budget(conn, System.nanoTime(), null)
                .chain(() -> conn.preparedQuery(TRENDS).execute(params))
                .map(rows -> {
                    List<TagCount> out = new ArrayList<>();
                    long tags = 0;
                    for (Row r : rows) {
                        out.add(new TagCount(r.getString("tag"), r.getLocalDate("start"), r.getLong("n")));
                        tags = r.getLong("tags");
                    }
                    return new Trends(out, tags);
                })));
    }

    private static Optional<Insight> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
    }

    private static List<Insight> all(RowSet<Row> rows) {
        List<Insight> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(map(r)));
        return out;
    }

    static Insight map(Row r) {
        return new Insight(r.getUUID("id"), r.getString("tenant"), r.getString("team_id"), r.getString("account_id"),
                r.getString("deal_id"), r.getString("text"), List.of(r.getArrayOfStrings("tags")),
                List.of(r.getArrayOfStrings("kpis")), r.getString("origin_type"),
                r.getOffsetDateTime("occurred_at").toInstant(), r.getLong("version"));
    }
}
