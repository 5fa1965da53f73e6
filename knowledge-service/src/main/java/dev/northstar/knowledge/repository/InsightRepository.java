package dev.northstar.knowledge.repository;

import dev.northstar.knowledge.Insights;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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
            INSERT INTO insight (id, tenant, team_id, account_id, deal_id, text, tags, kpis, origin_type,
                                 event_source, event_id, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (tenant, event_source, event_id) DO NOTHING""";
    private static final String COLUMNS = "id, team_id, account_id, deal_id, text, tags, kpis, origin_type, occurred_at";

    private final Pool pool;

    public InsightRepository(Pool pool) {
        this.pool = pool;
    }

    /** A stored insight. */
    public record Insight(UUID id, String teamId, String accountId, String dealId, String text, List<String> tags,
            List<String> kpis, String origin, Instant occurredAt) {
    }

    /** Stores the drafts; one from an event already stored is left alone. Returns how many were new. */
    public Uni<Integer> insert(List<Insights.Draft> drafts) {
        if (drafts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = new ArrayList<>(drafts.size());
        for (Insights.Draft d : drafts) {
            // the id of an event's insight is derived from the event, so it is the same on every instance
            UUID id = d.eventId() == null ? UUID.randomUUID() : UUID.nameUUIDFromBytes((d.tenant() + "\u0000"
                    + d.eventSource() + "\u0000" + d.eventId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            rows.add(Tuple.tuple(Arrays.asList(id, d.tenant(), d.teamId(), d.accountId(), d.dealId(), d.text(),
                    d.tags().toArray(String[]::new), d.kpis().toArray(String[]::new), d.originType(), d.eventSource(),
                    d.eventId(), d.occurredAt().atOffset(ZoneOffset.UTC))));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).executeBatch(rows)
                .map(result -> {
                    int inserted = 0;
                    for (var r = result; r != null; r = r.next()) {
                        inserted += r.rowCount();
                    }
                    return inserted;
                }));
    }

    /** One insight of the tenant. */
    public Uni<Optional<Insight>> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM insight WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    /** The newest insights of the tenant, optionally of one team and one tag. */
    public Uni<List<Insight>> newest(String tenant, String teamId, String tag, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM insight WHERE tenant = $1"
                        + " AND ($2::text IS NULL OR team_id = $2) AND ($3::text IS NULL OR tags @> ARRAY[$3::text])"
                        + " ORDER BY occurred_at DESC, id DESC LIMIT $4")
                .execute(Tuple.tuple(Arrays.asList(tenant, teamId, tag, limit)))
                .map(rows -> {
                    List<Insight> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    private static Insight map(Row r) {
        return new Insight(r.getUUID("id"), r.getString("team_id"), r.getString("account_id"), r.getString("deal_id"),
                r.getString("text"), List.of(r.getArrayOfStrings("tags")), List.of(r.getArrayOfStrings("kpis")),
                r.getString("origin_type"), r.getOffsetDateTime("occurred_at").toInstant());
    }
}
