package dev.northstar.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.northstar.testing.NorthstarInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Grafana's KPI dashboards read reporting-api's database as a role that sees one tenant: a database migrated by a
 * non-superuser owner (as CloudNativePG's app user runs the migrations) holds rows of two tenants; the role
 * {@code deploy/grafana/reader.sql} makes for one of them sees only that tenant's rows in every table, a role it does not
 * map sees nothing, neither can write, and the owner — reporting-api itself — still sees every tenant. The dashboards'
 * SQL, rendered as Grafana renders {@code ${var:sqlstring}}, takes a value built to leave its string literal as one
 * literal.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class GrafanaReaderTest {

    private static final Path ROOT = Path.of("..");
    private static final Path READER_SQL = ROOT.resolve("deploy/grafana/reader.sql");
    private static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    /** What the dashboards read; reader.sql grants exactly these (and the reader's own mapping row). */
    private static final List<String> DASHBOARD_TABLES = List.of("kpi_value", "team", "insight");
    /** Every table of the read model with a tenant column (V1..V7). */
    private static final List<String> TENANT_TABLES = List.of("kpi_value", "team", "insight", "kpi_target",
            "self_assessment", "quarantined_record");
    private static final String PASSWORD = "test-only-password";
    private static final String A = "acme";
    private static final String B = "globex";

    private static Fixture fixture;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    /** A database of its own with its owner, a reader of tenant A, a role without a tenant and a probe of A. */
    private record Fixture(String serverUrl, String superUser, String superPassword, String database, String owner,
            String reader, String unmapped, String probe) {

        String url() {
            return serverUrl + database;
        }

        Connection as(String role) throws SQLException {
            return role.equals(superUser) ? DriverManager.getConnection(url(), superUser, superPassword)
                    : DriverManager.getConnection(url(), role, PASSWORD);
        }
    }

    @BeforeEach
    void database() throws Exception {
        if (fixture != null) {
            return;
        }
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String server = url.substring(0, url.lastIndexOf('/') + 1);
        Fixture f = new Fixture(server, user, password, "grafana_rls_" + run, "reporting_owner_" + run,
                "grafana_" + A + "_" + run, "grafana_nobody_" + run, "probe_" + A + "_" + run);
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement st = admin.createStatement()) {
            st.execute("CREATE ROLE " + f.owner() + " LOGIN PASSWORD '" + PASSWORD + "'");
            st.execute("CREATE DATABASE " + f.database() + " OWNER " + f.owner());
        }
        fixture = f;
        // the owner migrates, as reporting-api's own (non-superuser) user does in production
        Flyway.configure().dataSource(f.url(), f.owner(), PASSWORD).locations("classpath:db/migration").load()
                .migrate();
        try (Connection owner = f.as(f.owner()); Statement st = owner.createStatement()) {
            for (String tenant : List.of(A, B)) {
                String t = "'" + tenant + "'";
                st.execute("INSERT INTO kpi_value (tenant, team_id, kpi, grain, period, value, numerator, denominator,"
                        + " unit, version, updated_at) VALUES (" + t + ", 'team-1', 'nps', 'month', '2026-05', 40, 4, 10,"
                        + " 'score', 1, now()), (" + t + ", 'team-1', 'nps', 'month',"
                        + " to_char(now() AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM'), 50, 5, 10, 'score', 1, now())");
                st.execute("INSERT INTO team VALUES (" + t + ", 'team-1', 'Team one', 'partner', now())");
                st.execute("INSERT INTO insight (tenant, insight_id, team_id, text, tags, kpis, occurred_at, version)"
                        + " VALUES (" + t + ", 'i-1', 'team-1', 'lost on price', '{loss_reason}', '{win_rate}',"
                        + " '2026-05-10T00:00:00Z', 1)");
                st.execute("INSERT INTO kpi_target VALUES (" + t + ", 'team-1', 'nps', 'month', '2026-05', 45, now())");
                st.execute("INSERT INTO self_assessment (tenant, team_id, meeting_beyond_numbers, explains_vision,"
                        + " analyses_failures_together, proposes_improvements) VALUES (" + t
                        + ", 'team-1', true, true, false, false)");
                st.execute("INSERT INTO quarantined_record (consumer_group, topic, partition, record_offset, tenant,"
                        + " reason, quarantined_at) VALUES ('g', 'kpi.values', 0, " + (tenant.equals(A) ? 1 : 2) + ", "
                        + t + ", 'unreadable', now())");
            }
        }
        try (Connection admin = f.as(user); Statement st = admin.createStatement()) {
            readerScript(admin, f.reader(), A, PASSWORD);
            // the same grants as a reader, but no row in reader_tenant
            st.execute("CREATE ROLE " + f.unmapped() + " LOGIN PASSWORD '" + PASSWORD + "'");
            st.execute("GRANT SELECT ON kpi_value, team, insight, reader_tenant TO " + f.unmapped());
            // a reader of A granted every tenant table, as a careless later GRANT would (the policies look its tenant
            // up as the reader itself: without SELECT on reader_tenant every read fails)
            st.execute("CREATE ROLE " + f.probe() + " LOGIN PASSWORD '" + PASSWORD + "'");
            st.execute("GRANT SELECT ON reader_tenant, " + String.join(", ", TENANT_TABLES) + " TO " + f.probe());
            st.execute("INSERT INTO reader_tenant VALUES ('" + f.probe() + "', '" + A + "')");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        Fixture f = fixture;
        if (f == null) {
            return;
        }
        fixture = null;
        try (Connection admin = DriverManager.getConnection(f.serverUrl() + "postgres", f.superUser(),
                f.superPassword()); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + f.database() + " WITH (FORCE)");
            for (String role : List.of(f.reader(), f.unmapped(), f.probe(), f.owner())) {
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    /** Runs reader.sql as psql would with {@code -v role=… -v tenant=… -v password=…}. */
    private static void readerScript(Connection c, String role, String tenant, String password) throws Exception {
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readString(READER_SQL).split("\n")) {
            if (!line.startsWith("\\")) { // psql's own commands (\set, \o) are not SQL
                sql.append(line).append('\n');
            }
        }
        String script = sql.toString().replace(":'role'", literal(role)).replace(":'tenant'", literal(tenant))
                .replace(":'password'", literal(password));
        assertFalse(Pattern.compile(":'\\w+'").matcher(script).find(), "every psql variable of reader.sql is known");
        try (Statement st = c.createStatement()) {
            st.execute(script);
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static Set<String> tenants(Connection c, String table) throws SQLException {
        Set<String> out = new TreeSet<>();
        rows(c, "SELECT DISTINCT tenant FROM " + table).forEach(r -> out.add(r.get(0)));
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(rows(c, sql).get(0).get(0));
    }

    @Test
    void aTenantsReaderSeesOnlyItsTenantsRowsInEveryTableTheDashboardsRead() throws Exception {
        try (Connection reader = fixture.as(fixture.reader()); Connection owner = fixture.as(fixture.owner())) {
            for (String table : DASHBOARD_TABLES) {
                assertEquals(Set.of(A), tenants(reader, table), table);
                long own = count(owner, "SELECT count(*) FROM " + table + " WHERE tenant = '" + A + "'");
                assertTrue(own > 0, table + " has rows of " + A);
                assertEquals(own, count(reader, "SELECT count(*) FROM " + table), table + ": all of " + A + "'s rows");
                assertEquals(0, count(reader, "SELECT count(*) FROM " + table + " WHERE tenant = '" + B + "'"),
                        table + ": asking for " + B + " by name finds nothing");
            }
            assertEquals(List.of(List.of(fixture.reader(), A)), rows(reader, "SELECT * FROM reader_tenant"),
                    "a reader sees its own mapping only");
        }
    }

    @Test
    void aRoleWithoutATenantSeesNothing() throws Exception {
        try (Connection unmapped = fixture.as(fixture.unmapped())) {
            for (String table : DASHBOARD_TABLES) {
                assertEquals(0, count(unmapped, "SELECT count(*) FROM " + table), table);
            }
        }
    }

    @Test
    void theReaderCannotWriteNorReadWhatItWasNotGranted() throws Exception {
        long before;
        try (Connection owner = fixture.as(fixture.owner())) {
            before = count(owner, "SELECT count(*) FROM kpi_value");
        }
        try (Connection reader = fixture.as(fixture.reader())) {
            for (String write : List.of(
                    "INSERT INTO kpi_value (tenant, team_id, kpi, grain, period, unit, version, updated_at)"
                            + " VALUES ('" + A + "', 'x', 'nps', 'month', '2026-06', 'score', 1, now())",
                    "UPDATE kpi_value SET value = 0",
                    "DELETE FROM insight",
                    "UPDATE team SET name = 'x'",
                    "INSERT INTO reader_tenant VALUES ('someone', '" + B + "')",
                    "UPDATE reader_tenant SET tenant = '" + B + "'")) {
                SQLException e = assertThrows(SQLException.class, () -> {
                    try (Statement st = reader.createStatement()) {
                        st.execute(write);
                    }
                }, write);
                // 25006: read-only transaction (the role's default); 42501: no privilege
                assertTrue(Set.of("25006", "42501").contains(e.getSQLState()), write + ": " + e.getSQLState());
            }
            for (String table : List.of("kpi_target", "self_assessment", "quarantined_record")) {
                SQLException e = assertThrows(SQLException.class, () -> rows(reader, "SELECT * FROM " + table));
                assertEquals("42501", e.getSQLState(), table + " is not granted");
            }
        }
        try (Connection owner = fixture.as(fixture.owner())) {
            assertEquals(before, count(owner, "SELECT count(*) FROM kpi_value"));
            assertEquals(Set.of(A, B), tenants(owner, "team"));
            assertEquals(Set.of(A), tenants(owner, "reader_tenant"), "no reader was mapped to " + B);
        }
    }

    @Test
    void everyTableWithATenantHoldsAReaderToItsTenantEvenWhenGrantedLater() throws Exception {
        try (Connection owner = fixture.as(fixture.owner()); Connection probe = fixture.as(fixture.probe())) {
            List<List<String>> tables = rows(owner, "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
                    + " (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid AND p.polcmd IN ('r', '*'))"
                    + " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant'"
                    + " AND NOT a.attisdropped WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
                    + " ORDER BY 1");
            Set<String> names = new TreeSet<>();
            for (List<String> t : tables) {
                names.add(t.get(0));
                assertEquals("t", t.get(1), t.get(0) + ": row-level security enabled");
                assertEquals("f", t.get(2), t.get(0) + ": not forced (the owner, reporting-api, sees every tenant)");
                assertEquals("1", t.get(3), t.get(0) + ": a policy for reading");
            }
            assertTrue(names.containsAll(TENANT_TABLES), names::toString);
            for (String table : TENANT_TABLES) {
                assertEquals(Set.of(A), tenants(probe, table), table);
            }
        }
    }

    @Test
    void reportingApiItselfStillSeesEveryTenant() throws Exception {
        try (Connection owner = fixture.as(fixture.owner())) {
            for (String table : TENANT_TABLES) {
                assertEquals(Set.of(A, B), tenants(owner, table), table);
            }
        }
    }

    @Test
    void theReaderScriptRefusesRolesThatWouldSeeEveryTenantOrAnotherOne() throws Exception {
        try (Connection admin = fixture.as(fixture.superUser())) {
            SQLException owner = assertThrows(SQLException.class,
                    () -> readerScript(admin, fixture.owner(), A, ""));
            assertTrue(owner.getMessage().contains("rights of the tables' owner"), owner.getMessage());
            SQLException other = assertThrows(SQLException.class,
                    () -> readerScript(admin, fixture.reader(), B, ""));
            assertTrue(other.getMessage().contains("already reads tenant " + A), other.getMessage());
            readerScript(admin, fixture.reader(), A, PASSWORD); // again for the same tenant: nothing changes
        }
        try (Connection reader = fixture.as(fixture.reader())) {
            assertEquals(Set.of(A), tenants(reader, "kpi_value"));
        }
    }

    // --- the dashboards' SQL as Grafana sends it ---------------------------------------------------------------------

    private static final Pattern SQLSTRING = Pattern.compile("\\$\\{(\\w+):sqlstring}");
    private static final String TIME_FILTER = "$__timeFilter(";

    /**
     * A query as Grafana renders it for PostgreSQL: {@code ${v:sqlstring}} is the value with each {@code '} doubled,
     * in quotes; {@code $__timeFilter(e)} is {@code e BETWEEN 'from' AND 'to'}. Anything else starting with
     * {@code $} would reach the database as Grafana left it, so it fails the test.
     */
    static String render(String sql, Map<String, String> values) {
        Matcher m = SQLSTRING.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            assertTrue(value != null, "a value for " + m.group(0));
            m.appendReplacement(out, Matcher.quoteReplacement(literal(value)));
        }
        m.appendTail(out);
        String s = out.toString();
        for (int at = s.indexOf(TIME_FILTER); at >= 0; at = s.indexOf(TIME_FILTER)) {
            int depth = 1;
            int end = at + TIME_FILTER.length();
            for (; depth > 0; end++) {
                depth += s.charAt(end) == '(' ? 1 : s.charAt(end) == ')' ? -1 : 0;
            }
            String column = s.substring(at + TIME_FILTER.length(), end - 1);
            s = s.substring(0, at) + column + " BETWEEN '2000-01-01T00:00:00Z' AND '2100-01-01T00:00:00Z'"
                    + s.substring(end);
        }
        assertFalse(s.contains("$"), "every variable and macro rendered: " + s);
        return s;
    }

    /** Every SQL query of every dashboard: panel targets and query variables on the reporting database. */
    static List<String> dashboardQueries() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (var files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode board = json.readTree(file.toFile());
                for (JsonNode p : board.path("panels")) {
                    for (JsonNode t : p.path("targets")) {
                        if (t.has("rawSql")) {
                            out.add(t.get("rawSql").asText());
                        }
                    }
                }
                for (JsonNode v : board.at("/templating/list")) {
                    if ("query".equals(v.path("type").asText())
                            && v.at("/datasource/type").asText().contains("postgres")) {
                        out.add(v.path("query").asText());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void aVariableValueThatTriesToLeaveItsLiteralIsOneLiteral() throws Exception {
        List<String> queries = dashboardQueries();
        assertTrue(queries.size() >= 5, "the business dashboard's panels and variables: " + queries.size());
        Map<String, String> normal = Map.of("tenant", A, "kpi", "nps");
        List<String> hostile = List.of("x' OR '1'='1", "x\\' OR 1=1 --", A + "' OR tenant <> '", "'; DELETE FROM team; --");
        for (String role : List.of(fixture.owner(), fixture.reader())) {
            try (Connection c = fixture.as(role)) {
                for (String query : queries) {
                    assertFalse(rows(c, render(query, normal)).isEmpty(), role + " gets rows from: " + query);
                    for (String variable : List.of("tenant", "kpi")) {
                        if (!query.contains("${" + variable + ":")) {
                            continue;
                        }
                        Map<String, String> unknown = new HashMap<>(normal);
                        unknown.put(variable, "no-such-value");
                        List<List<String>> expected = rows(c, render(query, unknown));
                        for (String value : hostile) {
                            Map<String, String> values = new HashMap<>(normal);
                            values.put(variable, value);
                            assertEquals(expected, rows(c, render(query, values)),
                                    role + ": " + variable + " = " + value + " is a value like any other in " + query);
                        }
                    }
                }
            }
        }
        try (Connection owner = fixture.as(fixture.owner())) {
            assertEquals(Set.of(A, B), tenants(owner, "team"), "nothing was deleted");
        }
    }
}
