/**
 * The calculator's units of work: {@code BatchApplier} turns one batch of crm.events records into one transaction
 * (progress, duplicates, the fold, cells, customers, marks); {@code TenantRefresher} recomputes a tenant's tenant-wide
 * KPIs from the marks batches leave. They use the domain ({@code kpi}) and the tables ({@code store}).
 */
package dev.northstar.calculator.pipeline;
