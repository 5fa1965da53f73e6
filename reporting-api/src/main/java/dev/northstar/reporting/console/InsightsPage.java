package dev.northstar.reporting.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.repository.TeamRepository;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Insights: searched by substring (Japanese or English, as typed), filtered by tag and team, newest first in pages,
 * with a chart of the tag counts per month. Only the session's tenant and, when limited, its teams.
 */
@Path("/console/insights")
@PermitAll
public class InsightsPage {

    static final int PAGE = 25;
    static final int MAX_QUERY = 100;
    private static final int TOP_TAGS = 8;
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,17})~(" + dev.northstar.common.validation.Identifier.REGEX
            .replace("^", "").replace("$", "") + ")");
    private static final ObjectMapper JSON = new ObjectMapper();

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance insights(Chrome chrome, Views.InsightsView view);
    }

    private final ConsoleAccess access;
    private final ConsolePages pages;
    private final ConsoleRepository console;
    private final ReportingConfig config;

    public InsightsPage(ConsoleAccess access, ConsolePages pages, ConsoleRepository console, ReportingConfig config) {
        this.access = access;
        this.pages = pages;
        this.console = console;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> page(@Context HttpServerRequest request, @QueryParam("q") String q,
            @QueryParam("tag") String tag, @QueryParam("team") String team, @QueryParam("months") String monthsParam,
            @QueryParam("before") String before) {
        Session s = access.reader(request);
        String lang = ConsoleAccess.lang(request);
        Format f = pages.format(lang, s.tenant());
        String text = q == null || q.isBlank() ? null : q.strip();
        String error = null;
        if (text != null && text.length() > MAX_QUERY) {
            text = text.substring(0, MAX_QUERY);
            error = "long";
        }
        String tagFilter = tag == null || tag.isBlank() ? null : tag.strip();
        String teamFilter = team == null || team.isBlank() ? null : ConsolePages.visible(s, team.strip());
        int months = "3".equals(monthsParam) ? 3 : "24".equals(monthsParam) ? 24 : 12;
        ZoneId zone = config.zone(s.tenant());
        YearMonth now = YearMonth.now(zone);
        Instant from = now.minusMonths(months - 1).atDay(1).atStartOfDay(zone).toInstant();
        Instant to = now.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant beforeTime = to;
        String beforeId = "";
        if (before != null) {
            var m = CURSOR.matcher(before);
            if (m.matches()) {
                beforeTime = Instant.EPOCH.plus(Long.parseLong(m.group(1)), java.time.temporal.ChronoUnit.MICROS);
                beforeId = m.group(2);
            }
        }
        String searched = text;
        String problem = error;
        Instant bt = beforeTime;
        String bi = beforeId;
        return pages.visibleTeams(s).chain(visible -> {
            Map<String, TeamRepository.Team> byId = new LinkedHashMap<>();
            visible.forEach(t -> byId.put(t.teamId(), t));
            List<String> teamIds = teamFilter != null ? List.of(teamFilter) : List.copyOf(byId.keySet());
            var search = new ConsoleRepository.Search(s.tenant(), teamIds, from, to, searched, tagFilter);
            return Uni.combine().all().unis(console.search(search, bt, bi, PAGE + 1),
                    console.tagMonths(search, zone.getId())).asTuple().map(t -> {
                        List<ConsoleRepository.Found> found = t.getItem1();
                        boolean more = found.size() > PAGE;
                        List<Views.InsightView> items = found.stream().limit(PAGE).map(i -> {
                            TeamRepository.Team team0 = byId.get(i.teamId());
                            return new Views.InsightView(i.id(), i.teamId(), team0 == null ? i.teamId()
                                    : ConsolePages.ref(team0).display(), i.text(), i.tags(), f.dateTime(i.occurredAt()));
                        }).toList();
                        String base = "/console/insights?" + param("q", searched) + param("tag", tagFilter)
                                + param("team", teamFilter) + "months=" + months;
                        String older = null;
                        if (more) {
                            ConsoleRepository.Found last = found.get(PAGE - 1);
                            older = base + "&before=" + micros(last.occurredAt()) + "~"
                                    + ConsolePages.encode(last.id());
                        }
                        List<Views.Option> teamOptions = new ArrayList<>();
                        ConsolePages.sortTeams(visible).forEach(x -> teamOptions.add(new Views.Option(x.teamId(),
                                ConsolePages.ref(x).display(), x.teamId().equals(teamFilter))));
                        Map<String, Map<String, Long>> perMonth = t.getItem2();
                        Map<String, Long> totals = new HashMap<>();
                        perMonth.values().forEach(m -> m.forEach((k, v) -> totals.merge(k, v, Long::sum)));
                        TreeSet<String> allTags = new TreeSet<>(totals.keySet());
                        if (tagFilter != null) {
                            allTags.add(tagFilter);
                        }
                        List<Views.Option> tagOptions = allTags.stream().map(x -> new Views.Option(x, x,
                                x.equals(tagFilter))).toList();
                        var view = new Views.InsightsView(searched == null ? "" : searched, tagFilter == null ? ""
                                : tagFilter, teamFilter == null ? "" : teamFilter, teamOptions, tagOptions, items, older,
                                before == null ? null : base, chart(perMonth, totals, now, months, f), months, problem);
                        return Templates.insights(Chrome.of(lang, s, request.uri(), "insights", "insights"), view)
                                .setLocale(lang);
                    });
        });
    }

    private static String chart(Map<String, Map<String, Long>> perMonth, Map<String, Long> totals, YearMonth now,
            int months, Format f) {
        List<String> top = totals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(TOP_TAGS).map(Map.Entry::getKey).toList();
        ObjectNode chart = JSON.createObjectNode();
        chart.put("type", "stacked");
        chart.put("unit", "count");
        ArrayNode labels = chart.putArray("labels");
        List<String> keys = new ArrayList<>();
        for (int i = months - 1; i >= 0; i--) {
            YearMonth m = now.minusMonths(i);
            keys.add(m.toString());
            labels.add(f.shortPeriod(dev.northstar.events.Grain.MONTH, m.toString()));
        }
        ArrayNode series = chart.putArray("series");
        for (String tag : top) {
            ArrayNode data = series.addObject().put("name", tag).putArray("data");
            for (String k : keys) {
                data.add(perMonth.getOrDefault(k, Map.of()).getOrDefault(tag, 0L));
            }
        }
        return chart.toString();
    }

    private static String param(String name, String value) {
        return value == null ? "" : name + "=" + ConsolePages.encode(value) + "&";
    }

    /** A time as the cursor carries it: microseconds since the epoch, PostgreSQL's precision, so no row is skipped. */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
