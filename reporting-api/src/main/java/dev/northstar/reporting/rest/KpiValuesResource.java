package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.common.validation.PageSize;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.Scopes;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.repository.KpiValueRepository;
import dev.northstar.reporting.repository.KpiValueRepository.SeriesKey;
import dev.northstar.reporting.repository.KpiValueRepository.SeriesQuery;
import dev.northstar.reporting.repository.KpiValueRepository.SeriesRow;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * KPI definitions and KPI value series for BI tools: JSON a page at a time (keyset pages with an opaque cursor), or
 * the whole series as CSV for {@code Accept: text/csv}, streamed in chunks as PostgreSQL gives them.
 */
@Path("/v1")
@RolesAllowed({"read", "admin"})
public class KpiValuesResource {

    /** The most values a JSON page of a series holds. */
    static final int MAX_LIMIT = 10_000;
    /** The values of a JSON page when the request gives no limit. */
    static final int DEFAULT_LIMIT = 1_000;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String CSV_TYPE = "text/csv;charset=UTF-8";
    private static final String CSV_HEADER =
            "teamId,kpi,label_ja,label_en,grain,period,value,numerator,denominator,unit,updatedAt";

    private final KpiValueRepository repository;
    private final ReportingConfig config;
    private final JsonWebToken jwt;

    public KpiValuesResource(KpiValueRepository repository, ReportingConfig config, JsonWebToken jwt) {
        this.repository = repository;
        this.config = config;
        this.jwt = jwt;
    }

    /** A value as the API shows it; {@code scope} only on a scoped value. */
    public record Item(String teamId, String kpi, String grain, String period, BigDecimal value, BigDecimal numerator,
            BigDecimal denominator, String unit, String updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {
    }

    /** A page of a series: its values, and the cursor of the next page ({@code null} on the last page). */
    public record Series(List<Item> items, String next) {
    }

    /** A page of the change feed: each change with its number, and the cursor to continue from. */
    public record Changes(List<ChangeItem> items, String next) {
    }

    /** One change: the value as it is now, and its change number; {@code scope} only on a scoped value. */
    public record ChangeItem(long seq, String teamId, String kpi, String grain, String period, BigDecimal value,
            BigDecimal numerator, BigDecimal denominator, String unit, String updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {
    }

    @GET
    @Path("/kpi-values/changes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every value changed after the cursor, in the order of the changes")
    public Uni<Changes> changes(@QueryParam("since") @Pattern(regexp = "[0-9]{1,18}",
            message = "must be a cursor from a previous page's next, or absent") String since,
            @QueryParam("limit") @PageSize(max = MAX_LIMIT) String limit,
            @Parameter(description = "The changes of one product line (product:<p>) or market segment (segment:<s>),"
                    + " or of every scope (*), instead of the overall values' changes; each item names its scope")
            @QueryParam("scope") @Pattern(regexp = "\\*|" + SeriesParams.SCOPE, message = "must be"
                    + " product:<product line> or segment:<segment> (1 to 64 characters), *, or absent") String scope) {
        String tenant = Tenants.of(jwt);
        TeamScope teams = TeamScope.of(jwt);
        long from = since == null || since.isBlank() ? 0 : Long.parseLong(since);
        int size = PageSize.Of.size(limit, DEFAULT_LIMIT);
        long start = from;
        // a limited token's teams are a condition of the query: the feed skips every other team's changes
        return repository.changes(tenant, teams(teams), scope, from, size).map(rows -> {
            List<ChangeItem> items = new ArrayList<>(rows.size());
            long next = start;
            for (KpiValueRepository.Change c : rows) {
                SeriesRow v = c.value();
                items.add(new ChangeItem(c.seq(), v.teamId(), v.kpi(), v.grain(), v.period(), v.value(),
                        v.numerator(), v.denominator(), v.unit(), v.updatedAt().toString(), v.scope()));
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
                    "formula", k.formula(), "ratio", k.ratio(), "better", k.lowerIsBetter() ? "lower" : "higher"));
        }
        return Map.of("items", items);
    }

    @GET
    @Path("/kpi-values")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A series of KPI values: JSON a page at a time, or the whole series as CSV",
            description = "Ordered by team, KPI and period; from/to are period labels of the grain, inclusive. JSON:"
            + " a page holds up to limit values, and next is the cursor of the following page (null on the last"
            + " one); pass it back as cursor with the same filters, and each value comes exactly once, also while"
            + " values change or arrive between pages. CSV (Accept: text/csv; RFC 4180, UTF-8 with BOM, Japanese"
            + " labels): every value the filters match, however many, streamed as it is read; limit and cursor are"
            + " refused there.")
    @APIResponse(responseCode = "200", description = "A page (JSON) or the whole series (CSV)", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Series.class)),
        @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "A bad filter, limit or cursor; errors name each by JSON pointer",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Series> json(@Valid @BeanParam SeriesParams filters,
            @Parameter(description = "Values per JSON page: 1 to " + MAX_LIMIT + ", default " + DEFAULT_LIMIT
                    + " (refused with text/csv)")
            @QueryParam("limit") @PageSize(max = MAX_LIMIT) String limit,
            @Parameter(description = "The next of the previous JSON page, as it is; absent for the first page"
                    + " (refused with text/csv)")
            @QueryParam("cursor") @SeriesCursor.Readable String cursor) {
        String tenant = Tenants.of(jwt);
        SeriesQuery query = query(tenant, filters, TeamScope.of(jwt));
        int size = PageSize.Of.size(limit, DEFAULT_LIMIT);
        List<ValidationProblem> problems = new ArrayList<>();
        SeriesKey after = after(cursor, query, problems);
        refuseIf(problems);
        // one row more than the page says whether another page follows, without counting the rest
        return repository.series(query, after, size + 1).map(rows -> {
            boolean more = rows.size() > size;
            List<SeriesRow> page = more ? rows.subList(0, size) : rows;
            return new Series(page.stream().map(KpiValuesResource::item).toList(),
                    more ? SeriesCursor.encode(query, page.get(size - 1).key()) : null);
        });
    }

    @GET
    @Path("/kpi-values")
    @Produces("text/csv;qs=0.5")
    // OpenAPI has one operation per path and method, where this method's annotations would override the JSON
    // method's: both are documented there
    @Operation(hidden = true)
    public RestMulti<byte[]> csv(@Valid @BeanParam SeriesParams filters, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        String tenant = Tenants.of(jwt);
        List<ValidationProblem> problems = new ArrayList<>();
        SeriesQuery query = query(tenant, filters, TeamScope.of(jwt));
        // an export is the whole series; a limit would cut it again, and a CSV has no next to continue with
        if (limit != null) {
            problems.add(new ValidationProblem("/limit", "pages JSON only: text/csv gives every value"));
        }
        if (cursor != null) {
            problems.add(new ValidationProblem("/cursor", "pages JSON only: text/csv gives every value"));
        }
        refuseIf(problems);
        int chunk = config.kpiValuesCsvChunk();
        // the first chunk is read before anything is written, so that a failure there is still answered with its
        // status and a problem document, not with a 200 cut short
        Multi<byte[]> body = repository.series(query, null, chunk).onItem().transformToMulti(first -> {
            boolean scoped = query.scope() != null;
            Multi<byte[]> head = Multi.createFrom().item(withBom(CSV_HEADER + (scoped ? ",scope" : "") + "\r\n"
                    + Csv.rows(first)));
            if (first.size() < chunk) {
                return head;
            }
            return Multi.createBy().concatenating().streams(head, repository
                    .seriesInChunks(query, first.get(first.size() - 1).key(), chunk)
                    .map(rows -> Csv.rows(rows).getBytes(StandardCharsets.UTF_8)));
        });
        // a stream would be sent with the @Produces type as it is, qs=0.5 (which only ranks it below JSON) included
        return RestMulti.fromMultiData(body).header(HttpHeaders.CONTENT_TYPE, CSV_TYPE).build();
    }

    private static Item item(SeriesRow r) {
        return new Item(r.teamId(), r.kpi(), r.grain(), r.period(), r.value(), r.numerator(), r.denominator(),
                r.unit(), r.updatedAt().toString(), r.scope());
    }

    private static byte[] withBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, out, 0, BOM.length);
        System.arraycopy(body, 0, out, BOM.length, body.length);
        return out;
    }

    private static void refuseIf(List<ValidationProblem> problems) {
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.", problems));
        }
    }

    /**
     * The query valid filters describe, within the teams the token may see: a {@code teamId} outside them is a 404
     * (as a team that does not exist), and a limited token's teams are a condition of every page's query.
     */
    private static SeriesQuery query(String tenant, SeriesParams f, TeamScope scope) {
        if (f.teamId != null && !f.teamId.isBlank()) {
            Params.visible(scope, f.teamId);
        }
        if (f.scope != null && !Scopes.hasGrain(f.grain())) {
            refuseIf(List.of(new ValidationProblem("/grain", "scoped values exist per month, quarter and year")));
        }
        return new SeriesQuery(tenant, f.grain().wireName(), f.kpi, f.teamId, f.from, f.to, teams(scope), f.scope);
    }

    /** The teams a query is limited to: a limited token's, {@code null} for every team of the tenant. */
    private static List<String> teams(TeamScope scope) {
        return scope.limited() ? List.copyOf(scope.teams()) : null;
    }

    /** The key to continue after; {@code null} for the first page (and when the cursor is refused). */
    private static SeriesKey after(String cursor, SeriesQuery query, List<ValidationProblem> problems) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        Optional<SeriesCursor.Decoded> decoded = SeriesCursor.decode(cursor);
        if (decoded.isEmpty()) {
            problems.add(new ValidationProblem("/cursor", "is not a cursor: pass a previous page's next as it is"));
            return null;
        }
        if (!decoded.get().belongsTo(query)) {
            problems.add(new ValidationProblem("/cursor", "was given by a page of another query: continue with the"
                    + " teamId, kpi, grain, from and to of the page that gave it"));
        }
        return decoded.get().after();
    }

    /**
     * RFC 4180 fields. Every text cell goes through {@link #field}, numbers we write ourselves through
     * {@link #number}.
     */
    public static final class Csv {

        /** What a spreadsheet takes as the start of a formula (OWASP, CSV injection): = + - @ TAB CR. */
        private static final String FORMULA_LEADS = "=+-@\t\r";

        private Csv() {
        }

        /**
         * A text cell. One that begins with a formula lead gets a single quote in front, inside a quoted field, so
         * that Excel, LibreOffice and Google Sheets show it as text instead of evaluating it ({@code =HYPERLINK(…)},
         * {@code @SUM(…)}, a DDE call): team ids, KPI ids, periods and units come from events.
         */
        public static String field(String value) {
            if (value == null) {
                return "";
            }
            boolean formula = !value.isEmpty() && FORMULA_LEADS.indexOf(value.charAt(0)) >= 0;
            String safe = formula ? "'" + value : value;
            boolean quote = formula || safe.contains(",") || safe.contains("\"") || safe.contains("\r")
                    || safe.contains("\n");
            return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
        }

        /** The CSV lines of {@code rows}, each ending in CRLF. */
        static String rows(List<SeriesRow> rows) {
            StringBuilder csv = new StringBuilder(rows.size() * 128);
            for (SeriesRow r : rows) {
                KpiCatalog.Kpi k = KpiCatalog.byId(r.kpi()).orElse(null);
                csv.append(String.join(",", field(r.teamId()), field(r.kpi()), field(k == null ? "" : k.ja()),
                        field(k == null ? "" : k.en()), field(r.grain()), field(r.period()), number(r.value()),
                        number(r.numerator()), number(r.denominator()), field(r.unit()), r.updatedAt().toString()));
                if (r.scope() != null) {
                    csv.append(',').append(field(r.scope()));
                }
                csv.append("\r\n");
            }
            return csv.toString();
        }

        /** A number as digits, unquoted and with its sign, so that a negative value (NPS -20) stays a number. */
        public static String number(BigDecimal value) {
            return value == null ? "" : value.toPlainString();
        }
    }
}
