-- Support figures are never KPIs (V13): any that a reporting-api from before V13 stored in kpi_value while
-- kpi-calculator already published them (a rolling update) is removed, so that no feed serves it. Deploy
-- reporting-api before kpi-calculator; this cleans up when that order was not kept.
DELETE FROM kpi_value WHERE kpi = 'new_customer_mrr' OR kpi LIKE 'cohort\_revenue@%';
