#!/usr/bin/env bash
# kpi-calculator from crm.events to committed state, beside ConsumerPerformance on the same records and broker.
# Starts its own Kafka and PostgreSQL under target/bench-calculator. Usage: deploy/bench/calculator.sh [tenants] [months] [scoped|unscoped]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f kpi-calculator/target/quarkus-app/quarkus-run.jar ] && [ -f deploy/bench/target/northstar-bench.jar ] \
  || ./mvnw -q -B -DskipTests install
java -Xmx3g ${BENCH_OPTS:-} -Djava.io.tmpdir="$PWD/target/tmp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/bench/target/northstar-bench.jar:deploy/bench/target/lib/*" \
  dev.northstar.bench.CalculatorBenchmark "${1:-24}" "${2:-12}" "${3:-scoped}"
