#!/usr/bin/env bash
# knowledge-service search latency over a million insights of mixed Japanese and English text.
# Starts its own Kafka and PostgreSQL under target/bench-search. Usage: deploy/bench/search.sh [insights] [seconds] [clients]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f knowledge-service/target/quarkus-app/quarkus-run.jar ] && [ -f deploy/bench/target/northstar-bench.jar ] \
  || ./mvnw -q -B -DskipTests install
mkdir -p target/tmp
java -Xmx1g -Djava.io.tmpdir="$PWD/target/tmp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/bench/target/northstar-bench.jar:deploy/bench/target/lib/*" \
  dev.northstar.bench.SearchBenchmark "${1:-1000000}" "${2:-30}" "${3:-4}"
