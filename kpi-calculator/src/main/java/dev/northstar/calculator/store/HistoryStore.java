package dev.northstar.calculator.store;

import dev.northstar.calculator.kpi.Fact;
import dev.northstar.events.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code account_history}: every fact of every account, appended as one binary chunk per account and batch
 * ({@link FactChunk}), keyed by the account's reference (the MD5 of {@code tenant/accountId}); plus
 * {@code account_event}, where facts were kept before (V4) — read, never written.
 */
@ApplicationScoped
public class HistoryStore {

    private static final String LOAD_LEGACY = """
            SELECT e.tenant, e.account_id, e.event_key, e.type, e.at, e.team_id, e.ref, e.kind, e.flag, e.amount,
                   e.mrr, e.score
            FROM account_event e WHERE e.account_ref = ANY($1::uuid[])""";
    private static final String LOAD = """
            SELECT facts FROM account_history WHERE account_ref = ANY($1::uuid[])""";
    private static final String INSERT = """
            INSERT INTO account_history (account_ref, position, facts)
            SELECT * FROM unnest($1::uuid[], $2::int[], $3::bytea[])""";

    /** The facts of one account to append after its {@code position} facts already stored. */
    public record Append(String tenant, String accountId, int position, List<Fact> facts) {
    }

    /** The facts of the accounts ({@code tenant/accountId}), in storage order, by account. */
    public Uni<Map<String, List<Fact>>> load(SqlConnection conn, List<String> accounts) {
        UUID[] refs = accounts.stream().map(HistoryStore::ref).toArray(UUID[]::new);
        Map<String, List<Fact>> histories = new HashMap<>();
        return conn.preparedQuery(LOAD_LEGACY).execute(Tuple.of((Object) refs)).invoke(rows -> {
            for (Row row : rows) {
                Fact f = fact(row);
                histories.computeIfAbsent(f.tenant() + '/' + f.accountId(), k -> new ArrayList<>()).add(f);
            }
        }).chain(() -> conn.preparedQuery(LOAD).execute(Tuple.of((Object) refs))).map(rows -> {
            for (Row row : rows) {
                List<Fact> chunk = FactChunk.decode(row.getBuffer(0).getBytes());
                Fact first = chunk.get(0);
                histories.computeIfAbsent(first.tenant() + '/' + first.accountId(), k -> new ArrayList<>())
                        .addAll(chunk);
            }
            return histories;
        });
    }

    /** Appends each account's new facts as one chunk. */
    public Uni<Void> append(SqlConnection conn, List<Append> appends) {
        if (appends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] refs = new UUID[appends.size()];
        Integer[] positions = new Integer[appends.size()];
        Buffer[] chunks = new Buffer[appends.size()];
        for (int i = 0; i < appends.size(); i++) {
            Append a = appends.get(i);
            refs[i] = ref(a.tenant() + '/' + a.accountId());
            positions[i] = a.position();
            chunks[i] = Buffer.buffer(FactChunk.encode(a.facts()));
        }
        return conn.preparedQuery(INSERT).execute(Tuple.of(refs, positions, chunks)).replaceWithVoid();
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

    private static Fact fact(Row row) {
        return new Fact(row.getString("tenant"), row.getString("account_id"), row.getString("event_key"),
                EventType.fromWireName(row.getString("type")).orElseThrow(),
                row.getOffsetDateTime("at").toInstant(), row.getString("team_id"), row.getString("ref"),
                row.getString("kind"), row.getBoolean("flag"), row.getBigDecimal("amount"), row.getBigDecimal("mrr"),
                row.getInteger("score"));
    }
}
