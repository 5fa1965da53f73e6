#!/usr/bin/env bash
# The CRM connectors against CloudEvents batch ingest in one run on the running stack (./northstar up --clean in
# another terminal): CloudEvents batches of 100, signed HubSpot batches of 100 subscription events (one call each),
# and Salesforce change events read from crm.salesforce.cdc — each after the same warm-up (docs/benchmarks.md).
# Usage: deploy/bench/connectors.sh [seconds] [threads] [warm-up seconds] [cdc records]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
threads=${2:-4}
warmup=${3:-30}
records=${4:-300000}
cp="deploy/bench/target/northstar-bench.jar:deploy/bench/target/lib/*"
tenant="bench-connectors-$(date +%s)"
admin=$(./northstar token --tenant "$tenant" --roles admin)
ingest=$(./northstar token --tenant "$tenant" --roles ingest)
java -cp "$cp" dev.northstar.bench.ConnectorBenchmark http://localhost:8081 localhost:9092 "$admin" "$ingest" \
  "$tenant" "$seconds" "$threads" "$warmup" "$records"
