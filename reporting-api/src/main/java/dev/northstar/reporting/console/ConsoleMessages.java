package dev.northstar.reporting.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The console's texts: English here, Japanese in {@code messages/msg_ja.properties}; a template says {@code {msg:key}}
 * and renders in the language of its instance's locale.
 */
@MessageBundle(value = "msg", locale = "en")
public interface ConsoleMessages {

    @Message("All")
    String all();

    @Message("Answered {when}")
    String answered_at(String when);

    @Message("Attainment")
    String attainment();

    @Message("Back to the overview")
    String back_to_overview();

    @Message("Strategy meeting")
    String brief_title();

    @Message("Change")
    String change();

    @Message("Pooled rows divide the summed numerators by the summed denominators of every team of the kind (not an average of rates).")
    String comparison_note();

    @Message("Comparison")
    String comparison_title();

    @Message("Copy as Markdown")
    String copy_markdown();

    @Message("Due")
    String decision_due();

    @Message("Owner")
    String decision_owner();

    @Message("Status")
    String decision_status();

    @Message("Decision")
    String decision_what();

    @Message("Decisions of this meeting")
    String decisions_title();

    @Message("Download CSV")
    String download_csv();

    @Message("Earlier")
    String earlier();

    @Message("No KPI values in {period} yet: nothing was computed from the events of this period.")
    String empty_period(String period);

    @Message("No teams yet. Register teams with team.registered events, or send any event with a teamId.")
    String empty_teams();

    @Message("The request could not be processed.")
    String error_bad_request();

    @Message("You are not allowed to do this.")
    String error_forbidden();

    @Message("This page does not exist, or it is not yours to see.")
    String error_not_found();

    @Message("Too many requests for this company right now: try again in a few seconds.")
    String error_too_many();

    @Message("Evidence")
    String evidence();

    @Message("Largest falls")
    String falls();

    @Message("integrated KPIs for partner and in-house sales")
    String footer();

    @Message("For level")
    String for_level();

    @Message("Largest gains")
    String gains();

    @Message("Grain")
    String grain();

    @Message("Activity — integrated")
    String group_activity_integrated();

    @Message("Activity — traditional")
    String group_activity_traditional();

    @Message("Customer value")
    String group_customer_value();

    @Message("Cost and return")
    String group_investment();

    @Message("Organisational contribution")
    String group_organisational();

    @Message("Revenue — integrated")
    String group_revenue_integrated();

    @Message("Revenue — traditional")
    String group_revenue_traditional();

    @Message("{n} insights")
    String insights_count(long n);

    @Message("Insights")
    String insights_title();

    @Message("Kind")
    String kind();

    @Message("in-house")
    String kind_in_house();

    @Message("partner")
    String kind_partner();

    @Message("KPI")
    String kpi();

    @Message("KPIs")
    String kpi_set();

    @Message("Decisions of the last meeting ({period})")
    String last_meeting(String period);

    @Message("Later")
    String later();

    @Message("Level")
    String level();

    @Message("The data say level {level}.")
    String level_basis(int level);

    @Message("The team has not answered the self-assessment yet: the data level counts.")
    String level_not_answered();

    @Message("The self-assessment says level {level}; the lower of the two counts.")
    String level_self(Integer level);

    @Message("Integration level")
    String level_title();

    @Message("Months")
    String months();

    @Message("Strategy meeting")
    String nav_brief();

    @Message("Comparison")
    String nav_comparison();

    @Message("Insights")
    String nav_insights();

    @Message("Integration level")
    String nav_level();

    @Message("Overview")
    String nav_overview();

    @Message("Scorecard")
    String nav_scorecard();

    @Message("Targets")
    String nav_targets();

    @Message("Newest")
    String newest();

    @Message("To reach level {level} ({name})")
    String next_level(int level, String name);

    @Message("no")
    String no();

    @Message("No rule raised an action this period.")
    String no_actions();

    @Message("No decision recorded for this meeting yet.")
    String no_decisions();

    @Message("No insights recorded.")
    String no_insights();

    @Message("No insights match. Insights come from insight.captured events and from deal.lost reasons.")
    String no_insights_found();

    @Message("no value yet — send {events}")
    String no_value_hint(String events);

    @Message("None.")
    String none();

    @Message("Not answered yet.")
    String not_answered();

    @Message("Note")
    String note();

    @Message("Now")
    String now();

    @Message("Observed")
    String observed();

    @Message("Older")
    String older();

    @Message("overdue")
    String overdue();

    @Message("Change against {previous}; sparklines show the last 12 periods.")
    String overview_note(String previous);

    @Message("Teams side by side")
    String overview_title();

    @Message("a person, e.g. 田中 (Alpha)")
    String owner_placeholder();

    @Message("Side")
    String owner_side();

    @Message("Decisions and proposed actions")
    String part_actions();

    @Message("Customer insight")
    String part_customers();

    @Message("Market and competitor moves")
    String part_market();

    @Message("Review of tactics")
    String part_tactics();

    @Message("Period")
    String period();

    @Message("In-house pooled")
    String pool_in_house();

    @Message("Partners pooled")
    String pool_partner();

    @Message("A pooled figure is hidden where fewer than two other teams contribute to it.")
    String pools_hidden();

    @Message("Previous")
    String previous();

    @Message("Print (A4)")
    String print();

    @Message("We analyse failures together with the partner")
    String q_failures();

    @Message("The partner proposes improvements")
    String q_improvements();

    @Message("Our meetings go beyond the numbers")
    String q_meeting();

    @Message("We explain our vision and strategy to the partner")
    String q_vision();

    @Message("The search was cut to 100 characters.")
    String query_too_long();

    @Message("Periods shown")
    String range();

    @Message("Record the decision")
    String record_decision();

    @Message("Save")
    String save();

    @Message("Not saved — see the cells marked in red.")
    String save_failed();

    @Message("Saved.")
    String saved();

    @Message("Against {previous}. Hover a value for its numerator and denominator.")
    String scorecard_note(String previous);

    @Message("Search")
    String search();

    @Message("text in Japanese or English")
    String search_placeholder();

    @Message("Self-assessment")
    String self_assessment();

    @Message("Integrated KPIs")
    String set_integrated();

    @Message("Traditional KPIs")
    String set_traditional();

    @Message("Show")
    String show();

    @Message("head office")
    String side_head_office();

    @Message("joint")
    String side_joint();

    @Message("team")
    String side_team();

    @Message("Sign in")
    String sign_in();

    @Message("Signing in did not work: the account needs a tenant and a read or admin role, and the link may have expired.")
    String sign_in_failed();

    @Message("On the local stack, open the sign-in link that this command prints:")
    String sign_in_local();

    @Message("Sign-in is not configured: set northstar.console.oidc.* (see the README).")
    String sign_in_none();

    @Message("Sign in with your company account")
    String sign_in_oidc();

    @Message("Sign out")
    String sign_out();

    @Message("Signal")
    String signal();

    @Message("met")
    String signal_met();

    @Message("no data")
    String signal_no_data();

    @Message("not met")
    String signal_not_met();

    @Message("Evidence per signal")
    String signals();

    @Message("Status")
    String status();

    @Message("done")
    String status_done();

    @Message("dropped")
    String status_dropped();

    @Message("open")
    String status_open();

    @Message("Tag")
    String tag();

    @Message("Tags per month")
    String tags_per_month();

    @Message("Target")
    String target();

    @Message("Targets met")
    String targets_met();

    @Message("Targets missed")
    String targets_missed();

    @Message("Edit a cell and save: an emptied cell removes its target. Below each cell, the value so far.")
    String targets_note();

    @Message("Targets")
    String targets_title();

    @Message("Team")
    String team();

    @Message("Then")
    String then();

    @Message("This period")
    String this_period();

    @Message("Threshold")
    String threshold();

    @Message("The team is at the top level.")
    String top_level();

    @Message("Trends")
    String trends();

    @Message("Value")
    String value();

    @Message("Why (insights)")
    String why();

    @Message("yes")
    String yes();

    @Message("Business case")
    String nav_business_case();

    @Message("Cost and value")
    String bc_cost_and_value();

    @Message("This team")
    String bc_this_team();

    @Message("In-house teams (pooled)")
    String bc_in_house();

    @Message("Build it in-house instead?")
    String bc_build();

    @Message("People needed")
    String bc_people();

    @Message("Their running cost")
    String bc_running();

    @Message("Hiring and training them")
    String bc_one_off();

    @Message("In-house total")
    String bc_in_house_total();

    @Message("This team's cost")
    String bc_team_cost();

    @Message("In-house minus this team")
    String bc_difference();

    @Message("The cost, month by month")
    String bc_lines();

    @Message("Line")
    String bc_line();

    @Message("Amount")
    String bc_amount();

    @Message("Computed from")
    String bc_basis();

    @Message("Total")
    String bc_total();

    @Message("open: follows the KPIs live")
    String bc_open();

    @Message("settled {at}")
    String bc_settled(String at);

    @Message("(now {amount}: the difference is carried into the first open month)")
    String bc_live(String amount);

    @Message("Not computed yet: {what}. The totals are lower bounds.")
    String bc_missing(String what);

    @Message("Month to settle")
    String bc_settle_month();

    @Message("Settle")
    String bc_settle();

    @Message("Its cost is then fixed; what moves later is carried into the next open month.")
    String bc_settle_hint();

    @Message("No contract terms yet: record them with POST /v1/teams/{team}/contracts (see docs/business-case.md).")
    String bc_no_terms(String team);

    @Message("Pilots")
    String nav_pilots();

    @Message("Pilots")
    String pilot_list();

    @Message("No pilots yet. An admin records one below or with POST /v1/pilots (see docs/business-case.md).")
    String pilot_none();

    @Message("Name")
    String pilot_name();

    @Message("Teams")
    String pilot_teams();

    @Message("Scope")
    String pilot_scope();

    @Message("Months")
    String pilot_months();

    @Message("Report")
    String pilot_report();

    @Message("Inside (the pilot's scope)")
    String pilot_inside();

    @Message("Outside (the rest)")
    String pilot_outside();

    @Message("Before (scope, months before)")
    String pilot_before();

    @Message("Inside − outside")
    String pilot_vs_outside();

    @Message("Inside − before")
    String pilot_vs_before();

    @Message("(lower is better)")
    String pilot_lower_is_better();

    @Message("{elapsed} of {total} months so far ({withData} with data).")
    String pilot_elapsed(int elapsed, int total, int withData);

    @Message("Before: {months}.")
    String pilot_before_months(String months);

    @Message("segment {segment} recorded, not combined with the product")
    String pilot_segment_not_combined(String segment);

    @Message("The pilot's teams pooled: numerators and denominators summed over the teams and months, month cells; outside is the overall value minus inside, part by part.")
    String pilot_note();

    @Message("Insights linked to these KPIs")
    String pilot_insights();

    @Message("Record a pilot")
    String pilot_create();

    @Message("Product line")
    String pilot_product();

    @Message("Market segment")
    String pilot_segment();

    @Message("First month")
    String pilot_start();

    @Message("Last month")
    String pilot_end();

    @Message("Judged on")
    String pilot_kpis();

    @Message("Record")
    String pilot_save();

    @Message("A product line and/or a segment; at most 36 months; KPIs without the cost KPIs.")
    String pilot_hint();

    @Message("No values of {scope} in these months yet: inside and before stay empty until kpi-calculator publishes values of the scope.")
    String pilot_no_scoped_values(String scope);
}
