package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.repository.KpiValueRepository;
import dev.northstar.reporting.repository.KpiValueRepository.SeriesRow;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** KPI definitions and KPI value series for BI tools: JSON, or CSV for {@code Accept: text/csv}. */
@Path("/v1")
@RolesAllowed({"read", "admin"})
public class KpiValuesResource {

    /** The most rows one series request returns. */
    static final int MAX_ROWS = 50_000;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final KpiValueRepository repository;
    private final JsonWebToken jwt;

    public KpiValuesResource(KpiValueRepository repository, JsonWebToken jwt) {
        this.repository = repository;
        this.jwt = jwt;
    }

    /** A value as the API shows it. */
    public record Item(String teamId, String kpi, String grain, String period, BigDecimal value, BigDecimal numerator,
            BigDecimal denominator, String unit, String updatedAt) {
    }

    /** A page of the change feed: each change with its number, and the cursor to continue from. */
    public record Changes(List<ChangeItem> items, String next) {
    }

    /** One change: the value as it is now, and its change number. */
    public record ChangeItem(long seq, String teamId, String kpi, String grain, String period, BigDecimal value,
            BigDecimal numerator, BigDecimal denominator, String unit, String updatedAt) {
    }

    @GET
    @Path("/kpi-values/changes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every value changed after the cursor, in the order of the changes")
    public Uni<Changes> changes(@QueryParam("since") String since, @QueryParam("limit") String limit) {
        String tenant = Tenants.of(jwt);
        List<ValidationProblem> problems = new ArrayList<>();
        long from = 0;
        if (since != null && !since.isBlank()) {
            try {
                from = Long.parseLong(since);
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0) {
                problems.add(new ValidationProblem("/since", "must be a cursor from a previous page's next, or absent"));
            }
        }
        int size = 1000;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > 10_000) {
                problems.add(new ValidationProblem("/limit", "must be an integer from 1 to 10000"));
            }
        }
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.", problems));
        }
        long start = from;
        return repository.changes(tenant, from, size).map(rows -> {
            List<ChangeItem> items = new ArrayList<>(rows.size());
            long next = start;
            for (KpiValueRepository.Change c : rows) {
                SeriesRow v = c.value();
                items.add(new ChangeItem(c.seq(), v.teamId(), v.kpi(), v.grain(), v.period(), v.value(),
                        v.numerator(), v.denominator(), v.unit(), v.updatedAt().toString()));
                next = c.seq();
            }
            return new Changes(items, Long.toString(next));
        });
    }

    @GET
    @Path("/kpis")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every KPI's definition: id, axis, generation, unit, labels and formula")
    public Map<String, Object> kpis() {
        Tenants.of(jwt);
        List<Map<String, Object>> items = new ArrayList<>();
        for (KpiCatalog.Kpi k : KpiCatalog.all()) {
            items.add(Map.of("id", k.id(), "axis", k.axis().name().toLowerCase(Locale.ROOT),
                    "generation", k.generation().name().toLowerCase(Locale.ROOT),
                    "unit", k.unit().name().toLowerCase(Locale.ROOT), "labels", Map.of("ja", k.ja(), "en", k.en()),
                    "formula", k.formula(), "ratio", k.ratio()));
        }
        return Map.of("items", items);
    }

    @GET
    @Path("/kpi-values")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A series of KPI values", description = "from/to are period labels of the grain, inclusive.")
    public Uni<Map<String, List<Item>>> json(@QueryParam("teamId") String teamId, @QueryParam("kpi") String kpi,
            @QueryParam("grain") String grain, @QueryParam("from") String from, @QueryParam("to") String to) {
        return query(teamId, kpi, grain, from, to).map(rows -> Map.of("items", rows.stream().map(r -> new Item(
                r.teamId(), r.kpi(), r.grain(), r.period(), r.value(), r.numerator(), r.denominator(), r.unit(),
                r.updatedAt().toString())).toList()));
    }

    @GET
    @Path("/kpi-values")
    @Produces("text/csv;qs=0.5")
    @Operation(summary = "The same series as CSV (RFC 4180, UTF-8 with BOM, Japanese labels)")
    public Uni<byte[]> csv(@QueryParam("teamId") String teamId, @QueryParam("kpi") String kpi,
            @QueryParam("grain") String grain, @QueryParam("from") String from, @QueryParam("to") String to) {
        return query(teamId, kpi, grain, from, to).map(rows -> {
            StringBuilder csv = new StringBuilder(
                    "teamId,kpi,label_ja,label_en,grain,period,value,numerator,denominator,unit,updatedAt\r\n");
            for (SeriesRow r : rows) {
                KpiCatalog.Kpi k = KpiCatalog.byId(r.kpi()).orElse(null);
                csv.append(String.join(",", Csv.field(r.teamId()), Csv.field(r.kpi()),
                        Csv.field(k == null ? "" : k.ja()), Csv.field(k == null ? "" : k.en()), Csv.field(r.grain()),
                        Csv.field(r.period()), Csv.number(r.value()), Csv.number(r.numerator()),
                        Csv.number(r.denominator()), Csv.field(r.unit()), r.updatedAt().toString())).append("\r\n");
            }
            byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[BOM.length + body.length];
            System.arraycopy(BOM, 0, out, 0, BOM.length);
            System.arraycopy(body, 0, out, BOM.length, body.length);
            return out;
        });
    }

    private Uni<List<SeriesRow>> query(String teamId, String kpi, String grainName, String from, String to) {
        String tenant = Tenants.of(jwt);
        List<ValidationProblem> problems = new ArrayList<>();
        Grain grain = Grain.fromWireName(grainName == null ? "month" : grainName).orElse(null);
        if (grain == null) {
            problems.add(new ValidationProblem("/grain", "must be one of day, week, month, quarter, year"));
        } else {
            if (from != null && !grain.isLabel(from)) {
                problems.add(new ValidationProblem("/from", "must be a " + grain.wireName() + " label, e.g. "
                        + grain.label(java.time.LocalDate.of(2026, 10, 15))));
            }
            if (to != null && !grain.isLabel(to)) {
                problems.add(new ValidationProblem("/to", "must be a " + grain.wireName() + " label, e.g. "
                        + grain.label(java.time.LocalDate.of(2026, 10, 15))));
            }
        }
        if (kpi != null && KpiCatalog.byId(kpi).isEmpty()) {
            problems.add(new ValidationProblem("/kpi", "is not a KPI id; see /v1/kpis"));
        }
        if (teamId != null && !teamId.matches("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")) {
            problems.add(new ValidationProblem("/teamId", "is not a team id"));
        }
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.", problems));
        }
        return repository.series(tenant, grain.wireName(), kpi, teamId, from, to, MAX_ROWS);
    }

    /**
     * RFC 4180 fields. Every text cell goes through {@link #field}, numbers we write ourselves through
     * {@link #number}.
     */
    static final class Csv {

        /** What a spreadsheet takes as the start of a formula (OWASP, CSV injection): = + - @ TAB CR. */
        private static final String FORMULA_LEADS = "=+-@\t\r";

        private Csv() {
        }

        /**
         * A text cell. One that begins with a formula lead gets a single quote in front, inside a quoted field, so
         * that Excel, LibreOffice and Google Sheets show it as text instead of evaluating it ({@code =HYPERLINK(…)},
         * {@code @SUM(…)}, a DDE call): team ids, KPI ids, periods and units come from events.
         */
        static String field(String value) {
            if (value == null) {
                return "";
            }
            boolean formula = !value.isEmpty() && FORMULA_LEADS.indexOf(value.charAt(0)) >= 0;
            String safe = formula ? "'" + value : value;
            boolean quote = formula || safe.contains(",") || safe.contains("\"") || safe.contains("\r")
                    || safe.contains("\n");
            return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
        }

        /** A number as digits, unquoted and with its sign, so that a negative value (NPS -20) stays a number. */
        static String number(BigDecimal value) {
            return value == null ? "" : value.toPlainString();
        }
    }
}
