#!/usr/bin/env bash
# The long fault run: the whole stack under load through kpi-ingest while the broker (a process of its own) is killed
# with SIGKILL during requests, kpi-ingest is killed mid-stream, PostgreSQL is killed (postmaster and backends) and
# kept down for 60 s, kpi-calculator is killed three times, knowledge-service and reporting-api restart, and poison
# records are written straight into crm.events; 10 % duplicate sends, late events, invalid batches. Afterwards every
# value reporting-api serves is compared with an oracle that shares no code with kpi-calculator, every insight
# knowledge-service holds with those the events carry, both from exactly the events answered 202, and every poison
# record must be in the quarantine. Exit status 0 = no difference.
# Starts its own stack under target/faults. Usage: deploy/bench/faults.sh [events/s=2500] [seconds=600] [seed=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f reporting-api/target/quarkus-app/quarkus-run.jar ] && [ -f deploy/faults/target/northstar-faults.jar ] \
  || ./mvnw -q -B -DskipTests install
mkdir -p target/tmp
exec java -Xmx3g -Djava.io.tmpdir="$PWD/target/tmp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/faults/target/northstar-faults.jar:deploy/faults/target/lib/*" \
  dev.northstar.faults.FaultRun "${1:-2500}" "${2:-600}" "${3:-1}"
