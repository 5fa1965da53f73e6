package dev.northstar.calculator.store;

import dev.northstar.calculator.kpi.Fact;
import dev.northstar.events.NorthstarEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code team_event}: the identities of the events that count for a team alone (appointments set, feedback,
 * knowledge), so that a copy of one is recognised by the table's key and counted once.
 */
@ApplicationScoped
public class TeamEventStore {

    private static final String INSERT = """
            INSERT INTO team_event (tenant, event_key) SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT DO NOTHING RETURNING tenant, event_key""";

    /** Records the events; returns the {@code tenant/key} of those seen for the first time. */
    public Uni<Set<String>> claim(SqlConnection conn, List<NorthstarEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        String[] tenants = events.stream().map(NorthstarEvent::tenant).toArray(String[]::new);
        String[] keys = events.stream().map(Fact::keyOf).toArray(String[]::new);
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenants, keys)).map(rows -> {
            Set<String> out = new HashSet<>();
            for (Row row : rows) {
                out.add(row.getString(0) + '/' + row.getString(1));
            }
            return out;
        });
    }
}
