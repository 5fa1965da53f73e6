package dev.northstar.reporting.repository;

import dev.northstar.events.InsightValue;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read model of insights: what explains a team's KPIs in a period. */
@ApplicationScoped
public class InsightReadRepository {

    private static final String UPSERT = """
            INSERT INTO insight AS i (tenant, insight_id, team_id, account_id, deal_id, text, tags, kpis, origin,
                                      occurred_at, version)
            SELECT t, id, tm, acc, deal, txt, string_to_array(tg, chr(31)), string_to_array(k, chr(31)), o, at, ver
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                        $9::text[], $10::timestamptz[], $11::bigint[]) AS x(t, id, tm, acc, deal, txt, tg, k, o, at, ver)
            ON CONFLICT (tenant, insight_id) DO UPDATE
            SET team_id = EXCLUDED.team_id, account_id = EXCLUDED.account_id, deal_id = EXCLUDED.deal_id,
                text = EXCLUDED.text, tags = EXCLUDED.tags, kpis = EXCLUDED.kpis, origin = EXCLUDED.origin,
                occurred_at = EXCLUDED.occurred_at, version = EXCLUDED.version
            WHERE i.version < EXCLUDED.version""";
    // the newest insights per KPI link (or per tag) of some teams in a period, with the count of all of them; the
    // keys asked for only, when the query names them ($6)
    private static final String NEWEST_BY = """
            SELECT key, total, insight_id, team_id, account_id, deal_id, text, tags, kpis, origin, occurred_at FROM (
                SELECT key, count(*) OVER w AS total, row_number() OVER (w ORDER BY occurred_at DESC, insight_id) AS rn,
                       insight_id, team_id, account_id, deal_id, text, tags, kpis, origin, occurred_at
                FROM insight, unnest(%s) AS key
                WHERE tenant = $1 AND team_id = ANY($2::text[]) AND occurred_at >= $3 AND occurred_at < $4%s
                WINDOW w AS (PARTITION BY key)) ranked
            WHERE rn <= $5
            ORDER BY key, rn""";
    private static final String DEALS_WITH_TAG = """
            SELECT count(DISTINCT deal_id) FROM insight
            WHERE tenant = $1 AND team_id = $2 AND occurred_at >= $3 AND occurred_at < $4 AND $5 = ANY(tags)
              AND deal_id IS NOT NULL""";
    private static final String TAG_COUNTS = """
            SELECT tag, count(*) FILTER (WHERE occurred_at >= $4) AS now, count(*) FILTER (WHERE occurred_at < $4) AS before
            FROM insight, unnest(tags) AS tag
            WHERE tenant = $1 AND team_id = $2 AND occurred_at >= $3 AND occurred_at < $5
            GROUP BY tag""";

    private final Pool pool;

    public InsightReadRepository(Pool pool) {
        this.pool = pool;
    }

    /** An insight as reports show it. */
    public record Insight(String id, String accountId, String dealId, String text, List<String> tags,
            List<String> kpis, String origin, Instant occurredAt) {
    }

    /** A tag's count in a period and in the one before. */
    public record TagCount(String tag, long count, long previous) {
    }

    /** The insights of one key (a KPI or a tag): how many there are, and the newest of them. */
    public record Group(long total, List<Insight> newest) {
    }

    /** What insights are grouped by. */
    public enum By { KPI, TAG }

    /** Stores the insights that are newer than what the read model has. */
    public Uni<Void> upsert(List<InsightValue> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, InsightValue> newest = new LinkedHashMap<>();
        batch.stream().sorted(Comparator.comparing(InsightValue::key))
                .forEach(v -> newest.merge(v.key(), v, (a, b) -> a.version() >= b.version() ? a : b));
        int n = newest.size();
        String[][] text = new String[9][n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Long[] versions = new Long[n];
        int i = 0;
        for (InsightValue v : newest.values()) {
            text[0][i] = v.tenant();
            text[1][i] = v.id();
            text[2][i] = v.teamId();
            text[3][i] = v.accountId();
            text[4][i] = v.dealId();
            text[5][i] = v.text() == null ? "" : v.text();
            text[6][i] = joined(v.tags());
            text[7][i] = joined(v.kpis());
            text[8][i] = v.origin();
            times[i] = v.occurredAt().atOffset(ZoneOffset.UTC);
            versions[i] = v.version();
            i++;
        }
        return pool.preparedQuery(UPSERT).execute(Tuple.tuple(List.of(text[0], text[1], text[2], text[3], text[4],
                text[5], text[6], text[7], text[8], times, versions))).replaceWithVoid();
    }

    // tags and KPI ids never contain the unit separator (tags are normalised printable text, KPI ids are catalogue ids)
    private static String joined(List<String> values) {
        return values == null || values.isEmpty() ? "" : String.join("\u001f", values);
    }

    /**
     * A team's insights in [from, to) grouped by their KPI links or by their tags: per key the count and the
     * {@code perKey} newest.
     */
    public Uni<Map<String, Group>> newestBy(By by, String tenant, String teamId, Instant from, Instant to,
            int perKey) {
        return newest(by, tenant, List.of(teamId), null, from, to, perKey).map(rows -> {
            Map<String, Group> out = new LinkedHashMap<>();
            for (Row r : rows) {
                out.computeIfAbsent(r.getString("key"), k -> new Group(r.getLong("total"), new ArrayList<>()))
                        .newest().add(insight(r));
            }
            return out;
        });
    }

    /** The rows of {@link #NEWEST_BY}: of {@code teams}, of the {@code keys} asked for ({@code null}: of every key). */
    private Uni<RowSet<Row>> newest(By by, String tenant, List<String> teams, List<String> keys, Instant from,
            Instant to, int perKey) {
        List<Object> args = new ArrayList<>(List.of(tenant, teams.toArray(String[]::new),
                from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), perKey));
        if (keys != null) {
            args.add(keys.toArray(String[]::new));
        }
        String sql = NEWEST_BY.formatted(by == By.KPI ? "kpis" : "tags",
                keys == null ? "" : " AND key = ANY($6::text[])");
        return pool.preparedQuery(sql).execute(Tuple.tuple(args));
    }

    /** An insight and the team it is of. */
    public record TeamInsight(String teamId, Insight insight) {
    }

    /** The insights of one KPI of some teams: how many there are, and the newest of them. */
    public record TeamGroup(long total, List<TeamInsight> newest) {
    }

    /**
     * The insights of {@code teams} in [from, to) linked to each of {@code kpis}: per KPI the count and the
     * {@code perKpi} newest; a KPI without any is absent.
     */
    public Uni<Map<String, TeamGroup>> newestOfTeams(String tenant, List<String> teams, List<String> kpis,
            Instant from, Instant to, int perKpi) {
        return newest(By.KPI, tenant, teams, kpis, from, to, perKpi).map(rows -> {
            Map<String, TeamGroup> out = new LinkedHashMap<>();
            for (Row r : rows) {
                out.computeIfAbsent(r.getString("key"), k -> new TeamGroup(r.getLong("total"), new ArrayList<>()))
                        .newest().add(new TeamInsight(r.getString("team_id"), insight(r)));
            }
            return out;
        });
    }

    /** How many distinct deals of a team have an insight with this tag in [from, to). */
    public Uni<Long> dealsWithTag(String tenant, String teamId, Instant from, Instant to, String tag) {
        return pool.preparedQuery(DEALS_WITH_TAG).execute(Tuple.of(tenant, teamId, from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC), tag)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Counts per tag of a team's insights in [start, end) and in [previousStart, start), most frequent first. */
    public Uni<List<TagCount>> tagCounts(String tenant, String teamId, Instant previousStart, Instant start,
            Instant end) {
        return pool.preparedQuery(TAG_COUNTS).execute(Tuple.of(tenant, teamId, previousStart.atOffset(ZoneOffset.UTC),
                start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC))).map(rows -> {
                    List<TagCount> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new TagCount(r.getString("tag"), r.getLong("now"), r.getLong("before")));
                    }
                    out.sort(Comparator.comparingLong(TagCount::count).reversed().thenComparing(TagCount::tag));
                    return out;
                });
    }

    private static Insight insight(Row r) {
        return new Insight(r.getString("insight_id"), r.getString("account_id"), r.getString("deal_id"),
                r.getString("text"), strings(r, "tags"), strings(r, "kpis"), r.getString("origin"),
                r.getOffsetDateTime("occurred_at").toInstant());
    }

    private static List<String> strings(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? List.of() : Arrays.asList(values);
    }
}
