/**
 * Demo data: a realistic, seeded CRM event stream ({@link dev.northstar.stack.demo.CrmStream}) — teams, accounts,
 * calls, deals, renewals, NPS, late and duplicate events — and the loader that sends it through kpi-ingest.
 */
package dev.northstar.stack.demo;
