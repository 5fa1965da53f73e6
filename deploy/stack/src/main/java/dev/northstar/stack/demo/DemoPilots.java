package dev.northstar.stack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.util.List;

/**
 * The demo's pilot (issue 23): partner-beta tried on the payroll product line over the last three months and this
 * one, judged on six KPIs, recorded through reporting-api's admin API. Recording it again (a second load) finds the
 * one already there.
 */
public final class DemoPilots {

    /** The demo pilot's name. */
    public static final String NAME = "給与計算 パートナー・パイロット";
    static final List<String> KPIS = List.of("win_rate", "deals_won", "appointment_quality", "nps", "renewal_rate",
            "new_customer_avg_ltv");

    private final ReportingAdmin reporting;

    public DemoPilots(String reportingUrl, String adminToken) {
        this.reporting = new ReportingAdmin(reportingUrl, adminToken);
    }

    /** The pilot as a JSON body: from three months before {@code current} to {@code current}. */
    static String body(YearMonth current) {
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("name", NAME);
        body.putArray("teams").add("partner-beta");
        body.put("product", "payroll");
        body.put("start", current.minusMonths(3).toString());
        body.put("end", current.toString());
        KPIS.forEach(body.putArray("kpis")::add);
        return body.toString();
    }

    /**
     * Records the pilot (the teams must be known to reporting-api: record it after {@link DemoContracts#record}) and
     * returns its id; when the tenant has a pilot of this name already (409), that one's id.
     */
    public String record(YearMonth current) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", "/v1/pilots", body(current));
        if (r.statusCode() == 201) {
            return EventJson.MAPPER.readTree(r.body()).path("id").asText();
        }
        if (r.statusCode() == 409) {
            HttpResponse<String> list = send("GET", "/v1/pilots", null);
            if (list.statusCode() == 200) {
                for (JsonNode p : EventJson.MAPPER.readTree(list.body()).path("items")) {
                    if (NAME.equals(p.path("name").asText())) {
                        return p.path("id").asText();
                    }
                }
            }
        }
        throw new IOException("recording the demo pilot answered " + r.statusCode() + ": " + r.body());
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException,
            InterruptedException {
        return reporting.send(method, path, json);
    }
}
