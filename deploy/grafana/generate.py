#!/usr/bin/env python3
"""Writes the Grafana dashboards (dashboards/*.json) from this one description: python3 deploy/grafana/generate.py"""
import json
import os

PROM = {"type": "prometheus", "uid": "northstar-prometheus"}
PG = {"type": "grafana-postgresql-datasource", "uid": "northstar-reporting-db"}


def panel(pid, title, targets, x, y, w=12, h=8, unit="short", kind="timeseries", ds=PROM, description=""):
    return {
        "id": pid, "type": kind, "title": title, "description": description, "datasource": ds,
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True}},
        "targets": targets,
    }


def prom(expr, legend, ref="A"):
    return {"refId": ref, "datasource": PROM, "expr": expr, "legendFormat": legend}


def sql(query, ref="A"):
    return {"refId": ref, "datasource": PG, "format": "time_series", "rawQuery": True, "editorMode": "code",
            "rawSql": query}


def dashboard(uid, title, description, panels, templating=None):
    return {
        "uid": uid, "title": title, "description": description, "tags": ["northstar"], "timezone": "browser",
        "schemaVersion": 39, "version": 1, "editable": True, "refresh": "10s" if uid.endswith("ops") else "5m",
        "time": {"from": "now-1h" if uid.endswith("ops") else "now-2y", "to": "now"},
        "templating": {"list": templating or []}, "annotations": {"list": []}, "links": [], "panels": panels,
    }


ops = [
    panel(1, "Events accepted per second by outcome", [
        prom('sum by (outcome) (rate(northstar_ingest_events_total[1m]))', "{{outcome}}")], 0, 0, unit="ops"),
    panel(2, "Refusals per second by reason", [
        prom('sum by (job, reason) (rate(northstar_refusals_total[1m]))', "{{job}} {{reason}}")], 12, 0, unit="ops"),
    panel(3, "Produce latency (202 waits for acks=all)", [
        prom('histogram_quantile(0.5, sum by (le) (rate(northstar_ingest_produce_latency_seconds_bucket[1m])))', "p50"),
        prom('histogram_quantile(0.99, sum by (le) (rate(northstar_ingest_produce_latency_seconds_bucket[1m])))', "p99",
             "B")], 0, 8, unit="s"),
    panel(4, "Consumer lag by group", [
        prom('sum by (group) (northstar_consumer_lag)', "{{group}}")], 12, 8,
        description="End offset minus committed offset, summed over partitions"),
    panel(5, "Consumer lag per partition", [
        prom('northstar_consumer_lag', "{{group}} {{topic}}-{{partition}}")], 0, 16),
    panel(6, "Events processed per second (kpi-calculator)", [
        prom('sum by (outcome) (rate(northstar_calculator_events_total[1m]))', "{{outcome}}")], 12, 16, unit="ops"),
    panel(7, "Freshness: accepted → published / → visible (p50, p99)", [
        prom('histogram_quantile(0.5, sum by (le, stage) (rate(northstar_freshness_seconds_bucket[5m])))',
             "p50 {{stage}}"),
        prom('histogram_quantile(0.99, sum by (le, stage) (rate(northstar_freshness_seconds_bucket[5m])))',
             "p99 {{stage}}", "B")], 0, 24, unit="s", description="SLO: p99 visible within 60 s"),
    panel(8, "Dead-letter writes per second", [
        prom('sum(rate(northstar_ingest_raw_total{outcome="dead_letter"}[5m]))', "to crm.events.dlq")], 12, 24,
        unit="ops"),
    panel(9, "Batch steps of kpi-calculator (mean seconds per batch)", [
        prom('sum by (step) (rate(northstar_calculator_batch_step_seconds_sum[1m])) / '
             'sum by (step) (rate(northstar_calculator_batch_step_seconds_count[1m]))', "{{step}}")], 0, 32, unit="s"),
    panel(10, "HTTP requests per second by status", [
        prom('sum by (job, status) (rate(http_server_requests_seconds_count[1m]))', "{{job}} {{status}}")], 12, 32,
        unit="reqps"),
    panel(11, "HTTP p99 latency by service", [
        prom('histogram_quantile(0.99, sum by (le, job) (rate(http_server_requests_seconds_bucket[1m])))',
             "{{job}}")], 0, 40, unit="s"),
    panel(12, "Ready (Kafka and PostgreSQL reachable)", [
        prom('northstar_ready', "{{job}}")], 12, 40, kind="stat"),
    panel(13, "Database connections in use", [
        prom('sum by (job) (sql_pool_queue_size)', "{{job}} waiting", "A"),
        prom('sum by (job) (sql_pool_active)', "{{job}} in use", "B")], 0, 48),
    panel(14, "JVM heap used", [
        prom('sum by (job) (jvm_memory_used_bytes{area="heap"})', "{{job}}")], 12, 48, unit="bytes"),
    panel(15, "GC pause time per second", [
        prom('sum by (job) (rate(jvm_gc_pause_seconds_sum[1m]))', "{{job}}")], 0, 56, unit="s"),
    panel(16, "Process CPU", [
        prom('process_cpu_usage', "{{job}}")], 12, 56, unit="percentunit"),
]

# Variables reach the SQL only as ${name:sqlstring}: each ' doubled and the value wrapped in quotes, so that whatever a
# URL or the variable's options carry is one string literal (sqlstring, not singlequote, whose \' PostgreSQL reads as a
# backslash and the end of the literal). DeployFilesTest checks every reference; reporting-api's GrafanaReaderTest runs
# the queries with a value that tries to leave the literal. The tenant is the reader role's own (reader_tenant shows a
# reader only its row; row-level security holds it to that tenant's rows whatever the variable says).
tenant = {"name": "tenant", "type": "query", "label": "Tenant", "datasource": PG,
          "query": "SELECT tenant FROM reader_tenant ORDER BY 1",
          "definition": "SELECT tenant FROM reader_tenant ORDER BY 1", "refresh": 1}
kpi = {"name": "kpi", "type": "query", "label": "KPI", "datasource": PG,
       "query": "SELECT DISTINCT kpi FROM kpi_value WHERE tenant = ${tenant:sqlstring} ORDER BY 1",
       "definition": "SELECT DISTINCT kpi FROM kpi_value WHERE tenant = ${tenant:sqlstring} ORDER BY 1",
       "current": {"text": "win_rate", "value": "win_rate"}, "refresh": 1}
MONTH = "to_timestamp(v.period || '-01', 'YYYY-MM-DD')"
business = [
    panel(1, "$kpi per team, monthly", [sql(
        f"SELECT {MONTH} AS time, v.team_id AS metric, v.value FROM kpi_value v "
        "WHERE v.tenant = ${tenant:sqlstring} AND v.kpi = ${kpi:sqlstring} AND v.grain = 'month' AND $__timeFilter(" + MONTH + ") "
        "ORDER BY 1")], 0, 0, w=24, h=10, ds=PG),
    panel(2, "$kpi: partners vs in-house (pooled numerators over denominators)", [sql(
        f"SELECT {MONTH} AS time, coalesce(t.kind, 'unregistered') AS metric, "
        "CASE WHEN bool_or(v.denominator IS NOT NULL) THEN sum(v.numerator) / nullif(sum(v.denominator), 0) "
        "ELSE sum(v.numerator) END AS value "
        "FROM kpi_value v LEFT JOIN team t ON t.tenant = v.tenant AND t.team_id = v.team_id "
        "WHERE v.tenant = ${tenant:sqlstring} AND v.kpi = ${kpi:sqlstring} AND v.grain = 'month' AND $__timeFilter(" + MONTH + ") "
        "GROUP BY 1, 2 ORDER BY 1")], 0, 10, w=24, h=10, ds=PG),
    panel(3, "Integrated KPIs this month by team", [{
        "refId": "A", "datasource": PG, "format": "table", "rawQuery": True, "editorMode": "code",
        "rawSql": "SELECT v.team_id, t.kind, v.kpi, v.value FROM kpi_value v LEFT JOIN team t ON t.tenant = v.tenant "
                  "AND t.team_id = v.team_id WHERE v.tenant = ${tenant:sqlstring} AND v.grain = 'month' "
                  "AND v.period = to_char(now() AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') "
                  "AND v.kpi IN ('key_person_connect_rate', 'appointment_quality', 'new_customer_avg_ltv', "
                  "'expansion_rate', 'renewal_rate', 'nps', 'onboarding_completion_rate', 'product_feedback', "
                  "'knowledge_shared') ORDER BY 1, 3"}], 0, 20, w=24, h=10, kind="table", ds=PG),
    panel(4, "Insights per tag, monthly", [sql(
        "SELECT date_trunc('month', occurred_at AT TIME ZONE 'Asia/Tokyo') AS time, tag AS metric, count(*) AS value "
        "FROM insight, unnest(tags) AS tag WHERE tenant = ${tenant:sqlstring} AND $__timeFilter(occurred_at) "
        "GROUP BY 1, 2 ORDER BY 1")], 0, 30, w=24, h=10, ds=PG),
]

here = os.path.dirname(os.path.abspath(__file__))
for name, board in {
    "northstar-operations.json": dashboard("northstar-ops", "Northstar — operations",
                                           "Pipeline health: ingest, refusals, lag, freshness, DLQ, HTTP, JVM", ops),
    "northstar-business.json": dashboard("northstar-business", "Northstar — KPIs by team",
                                         "KPIs per team over time, partners vs in-house, from reporting-api's "
                                         "read model", business, [tenant, kpi]),
}.items():
    with open(os.path.join(here, "dashboards", name), "w", encoding="utf-8") as f:
        json.dump(board, f, ensure_ascii=False, indent=2)
        f.write("\n")
