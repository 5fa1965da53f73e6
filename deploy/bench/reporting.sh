#!/usr/bin/env bash
# reporting-api scorecard and series latency at a fixed rate over 5 years × 20 teams of KPI values, beside the same
# scorecard computed by SQL from raw events. Starts its own Kafka and PostgreSQL under target/bench-reporting.
# Usage: [BENCH_OPTS=-Dbench.reporting.jvm=...] deploy/bench/reporting.sh [seconds] [requests/s] [raw events]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f reporting-api/target/quarkus-app/quarkus-run.jar ] && [ -f deploy/bench/target/northstar-bench.jar ] \
  || ./mvnw -q -B -DskipTests install
mkdir -p target/tmp
rm -rf target/bench-reporting
java -Xmx1g ${BENCH_OPTS:-} -Djava.io.tmpdir="$PWD/target/tmp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/bench/target/northstar-bench.jar:deploy/bench/target/lib/*" \
  dev.northstar.bench.ReportingBenchmark "${1:-60}" "${2:-200}" "${3:-10000000}"
