package dev.northstar.calculator.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * {@code refresh_mark}: what a batch leaves for the tenant-wide refresh — a customer won or lost ({@code ltv}), a
 * change of the customer base from a time on ({@code base}), the latest event time seen ({@code horizon}).
 */
@ApplicationScoped
public class MarkStore {

    private static final String INSERT = """
            INSERT INTO refresh_mark (tenant, kind, at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])""";

    /** A mark: its tenant, kind and time. */
    public record Mark(String tenant, String kind, Instant at) {
    }

    public Uni<Void> insert(SqlConnection conn, List<Mark> marks) {
        if (marks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(INSERT).execute(Tuple.tuple(Columns.of(marks.stream()
                .map(m -> new Object[] {m.tenant(), m.kind(), m.at()}).toList(), 3, 2))).replaceWithVoid();
    }
}
