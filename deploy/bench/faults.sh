#!/usr/bin/env bash
# The long fault run: the whole stack under load through kpi-ingest while the broker restarts, kpi-calculator is
# killed with SIGKILL three times, PostgreSQL restarts, knowledge-service and reporting-api restart; 10 % duplicate
# sends, late events, invalid batches. Afterwards every value reporting-api serves is compared with an oracle that
# shares no code with kpi-calculator, computed from exactly the events answered 202. Exit status 0 = no difference.
# Starts its own stack under target/faults. Usage: deploy/bench/faults.sh [events/s=2500] [seconds=600] [seed=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f reporting-api/target/quarkus-app/quarkus-run.jar ] && [ -f deploy/faults/target/northstar-faults.jar ] \
  || ./mvnw -q -B -DskipTests install
mkdir -p target/tmp
exec java -Xmx3g -Djava.io.tmpdir="$PWD/target/tmp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/faults/target/northstar-faults.jar:deploy/faults/target/lib/*" \
  dev.northstar.faults.FaultRun "${1:-2500}" "${2:-600}" "${3:-1}"
