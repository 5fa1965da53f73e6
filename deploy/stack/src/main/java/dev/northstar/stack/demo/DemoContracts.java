package dev.northstar.stack.demo;

import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * The demo's business case (issue 23): contract terms for its three teams through reporting-api's admin API — a
 * volume-paid partner, a partner paid on renewals and, from the fourth month, on what its customers pay, and the
 * in-house team's loaded cost — and the first two months of the first partner settled.
 */
public final class DemoContracts {

    private final ReportingAdmin reporting;

    public DemoContracts(String reportingUrl, String adminToken) {
        this.reporting = new ReportingAdmin(reportingUrl, adminToken);
    }

    /** The terms as JSON bodies, for the months from {@code start}. */
    static List<String[]> terms(YearMonth start) {
        return List.of(
                new String[] {"partner-alpha", """
                        {"validFrom":"%s","monthlyFee":600000,"revenueShare":{"onRevenueWon":0.05},
                         "incentives":[{"kpi":"appointments","grain":"month","atLeast":40,"amount":100000}],
                         "note":"paid for volume: a fee, 5 %% of revenue won, a bonus for 40 appointments a month"}"""
                        .formatted(start)},
                new String[] {"partner-beta", """
                        {"validFrom":"%s","monthlyFee":400000,"revenueShare":{"onRevenueWon":0.1},
                         "incentives":[{"kpi":"renewal_rate","grain":"quarter","atLeast":0.85,"amount":300000}],
                         "note":"a second sales department: paid on renewals"}""".formatted(start)},
                new String[] {"partner-beta", """
                        {"validFrom":"%s","monthlyFee":350000,
                         "revenueShare":{"onRevenueWon":0.1,"onRecognizedRevenue":0.05,"months":12},
                         "incentives":[{"kpi":"renewal_rate","grain":"quarter","atLeast":0.85,"amount":300000}],
                         "note":"from the fourth month: a share of what its customers pay in their first year"}"""
                        .formatted(start.plusMonths(3))},
                new String[] {"inhouse", """
                        {"validFrom":"%s","inHouse":{"headcount":4,"monthlyCostPerHead":750000,
                         "hiringCostPerHead":1200000,"trainingCostPerHead":400000,"rampUpMonths":6},
                         "note":"four people, loaded cost; hiring and training spread over six months"}"""
                        .formatted(start)});
    }

    /**
     * Waits until reporting-api knows the three teams (their registrations travel through Kafka), records the terms
     * and settles partner-alpha's first two months. Returns how many versions were recorded.
     */
    public int record(YearMonth start) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            HttpResponse<String> teams = send("GET", "/v1/teams", null);
            if (teams.statusCode() == 200) {
                var ids = EventJson.MAPPER.readTree(teams.body()).path("items").findValuesAsText("teamId");
                if (ids.containsAll(List.of("partner-alpha", "partner-beta", "inhouse"))) {
                    break;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("reporting-api did not list the demo's teams within 120 s: " + teams.body());
            }
            Thread.sleep(500);
        }
        int recorded = 0;
        for (String[] t : terms(start)) {
            HttpResponse<String> r = send("POST", "/v1/teams/" + t[0] + "/contracts", t[1]);
            if (r.statusCode() != 201) {
                throw new IOException("recording " + t[0] + "'s terms answered " + r.statusCode() + ": " + r.body());
            }
            recorded++;
        }
        for (YearMonth m : List.of(start, start.plusMonths(1))) {
            HttpResponse<String> r = send("POST", "/v1/teams/partner-alpha/settlements", "{\"month\":\"" + m + "\"}");
            if (r.statusCode() != 201 && !(r.statusCode() == 409 && settled("partner-alpha", m))) {
                // a 409 for a month the automatic close (settle-after-days) settled first is what was wanted
                throw new IOException("settling partner-alpha's " + m + " answered " + r.statusCode() + ": " + r.body());
            }
        }
        return recorded;
    }

    private boolean settled(String team, YearMonth month) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", "/v1/teams/" + team + "/settlements", null);
        return r.statusCode() == 200 && EventJson.MAPPER.readTree(r.body()).path("items").findValuesAsText("month")
                .contains(month.toString());
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException,
            InterruptedException {
        return reporting.send(method, path, json);
    }
}
