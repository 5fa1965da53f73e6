#!/usr/bin/env bash
# End to end: the whole stack fed through kpi-ingest at a fixed rate with realistic streams (duplicates and late
# events included); prints rate, calculator lag and resident memory every 10 s, then 202 latency and freshness.
# Starts its own stack under target/bench-e2e. Usage: deploy/bench/e2e.sh [events/s] [seconds] [duplicates] [late] [instances of ingest and calculator]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f reporting-api/target/quarkus-app/quarkus-run.jar ] && [ -f deploy/bench/target/northstar-bench.jar ] \
  || ./mvnw -q -B -DskipTests install
mkdir -p target/tmp
java -Xmx3g -Djava.io.tmpdir="$PWD/target/tmp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/bench/target/northstar-bench.jar:deploy/bench/target/lib/*" \
  dev.northstar.bench.EndToEndBenchmark "${1:-5000}" "${2:-600}" "${3:-0.05}" "${4:-0.05}" "${5:-1}"
