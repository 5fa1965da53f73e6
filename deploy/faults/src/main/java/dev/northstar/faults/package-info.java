/**
 * The fault run ({@link dev.northstar.faults.FaultRun}): the whole stack under load while its parts are killed and
 * restarted, then every value and insight compared with what the events answered 202 imply, computed by an oracle
 * ({@link dev.northstar.faults.KpiOracle}) that shares no code with kpi-calculator.
 */
package dev.northstar.faults;
