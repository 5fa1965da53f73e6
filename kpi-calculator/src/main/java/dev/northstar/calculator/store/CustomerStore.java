package dev.northstar.calculator.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * {@code customer} (each account that is a customer: the team that won it, when, its MRR, when it churned) and
 * {@code customer_span} (which team owned it over which span), what the tenant-wide KPIs (LTV, the customer base)
 * are computed from.
 */
@ApplicationScoped
public class CustomerStore {

    private static final String UPSERT = """
            INSERT INTO customer (tenant, account_id, team_id, won_at, mrr, churned_at, product, segment)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]::numeric[],
                                 $6::timestamptz[], $7::text[], $8::text[])
            ON CONFLICT (tenant, account_id) DO UPDATE
            SET team_id = EXCLUDED.team_id, won_at = EXCLUDED.won_at, mrr = EXCLUDED.mrr,
                churned_at = EXCLUDED.churned_at, product = EXCLUDED.product, segment = EXCLUDED.segment""";
    private static final String DELETE = """
            DELETE FROM customer c USING unnest($1::text[], $2::text[]) AS u(t, a)
            WHERE c.tenant = u.t AND c.account_id = u.a""";
    private static final String DELETE_SPANS = """
            DELETE FROM customer_span s USING unnest($1::text[], $2::text[]) AS u(t, a)
            WHERE s.tenant = u.t AND s.account_id = u.a""";
    private static final String INSERT_SPANS = """
            INSERT INTO customer_span (tenant, account_id, team_id, valid_from, valid_to, product, segment)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[],
                                 $7::text[])""";

    /** A customer as stored: tenant, account, team, won at, MRR, churned at, the win's product and segment. */
    public record Customer(String tenant, String accountId, String teamId, Instant wonAt, java.math.BigDecimal mrr,
            Instant churnedAt, String product, String segment) {
        Object[] row() {
            return new Object[] {tenant, accountId, teamId, wonAt, mrr, churnedAt, product, segment};
        }
    }

    /** A span of ownership as stored, with the product and segment of the customer's win. */
    public record Span(String tenant, String accountId, String teamId, Instant from, Instant to, String product,
            String segment) {
        Object[] row() {
            return new Object[] {tenant, accountId, teamId, from, to, product, segment};
        }
    }

    /** An account ({@code [tenant, accountId]}). */
    public record Account(String tenant, String accountId) {
        Object[] row() {
            return new Object[] {tenant, accountId};
        }
    }

    /**
     * Writes what a batch changed: customers won or changed, customers no longer, and the whole span list of each
     * account whose spans changed.
     */
    public Uni<Void> write(SqlConnection conn, List<Customer> customers, List<Account> lost,
            List<Account> spanAccounts, List<Span> spans) {
        return (customers.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(UPSERT).execute(Tuple.tuple(Columns.of(customers.stream().map(Customer::row)
                        .toList(), 8, 3, 5))).replaceWithVoid())
                .chain(() -> lost.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(DELETE).execute(Tuple.tuple(Columns.of(lost.stream().map(Account::row)
                                .toList(), 2))).replaceWithVoid())
                .chain(() -> spanAccounts.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(DELETE_SPANS).execute(Tuple.tuple(Columns.of(spanAccounts.stream()
                                .map(Account::row).toList(), 2))).replaceWithVoid())
                .chain(() -> spans.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(INSERT_SPANS).execute(Tuple.tuple(Columns.of(spans.stream()
                                .map(Span::row).toList(), 7, 3, 4))).replaceWithVoid());
    }
}
