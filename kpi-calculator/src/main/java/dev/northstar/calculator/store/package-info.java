/**
 * The calculator's tables, one store each: {@code ProgressStore} (consumer_offset), {@code HistoryStore}
 * (account_history), {@code TeamEventStore} (team_event), {@code CellStore} (kpi_component and the outbox),
 * {@code CustomerStore} (customer, customer_span), {@code MarkStore} (refresh_mark). Statements only; what to write is
 * decided in {@code pipeline}.
 */
package dev.northstar.calculator.store;
