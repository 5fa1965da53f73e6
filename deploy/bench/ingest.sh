#!/usr/bin/env bash
# Batch ingest over HTTP against the raw Kafka producer rate on the same broker, in one run: the raw rate is
# measured just before and just after the ingest run (the machine's speed drifts), and the share is taken against
# the higher of the two. Needs the stack running (./northstar up --clean in another terminal).
# Usage: deploy/bench/ingest.sh [seconds] [threads]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
threads=${2:-4}
cp="deploy/stack/target/northstar-stack.jar:deploy/stack/target/lib/*"
# each run writes a few GB into the stack's Kafka and PostgreSQL (kept 7 days): refuse before the disk fills
free=$(df --output=avail -BG . | tail -1 | tr -dc 0-9)
if [ "${free:-0}" -lt 8 ]; then
  echo "only ${free} GB free here; restart the stack with ./northstar up --clean first" >&2
  exit 1
fi
token=$(./northstar token --tenant bench --roles ingest)
java -cp "$cp" org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --create --if-not-exists \
  --topic bench.raw --partitions 6 --replication-factor 1 >/dev/null 2>&1
raw() {
  java -cp "$cp" org.apache.kafka.tools.ProducerPerformance --topic bench.raw --num-records 1000000 \
    --record-size 500 --throughput -1 --producer-props bootstrap.servers=localhost:9092 acks=all linger.ms=5 \
    batch.size=262144 2>/dev/null | tail -1
}
echo "== raw Kafka before: ProducerPerformance, 500-byte records, acks=all, 6 partitions"
before=$(raw); echo "$before"
echo "== kpi-ingest: batches of 500 call.logged events (~500 bytes each), $threads clients, $seconds s"
ingest=$(java -cp "$cp" dev.northstar.stack.bench.IngestBenchmark http://localhost:8081 "$token" bench "$seconds" \
  "$threads" 500); echo "$ingest"
echo "== raw Kafka after"
after=$(raw); echo "$after"
rate() { sed -nE "s|.*$1.*|\1|p" | head -1; }
events=$(echo "$ingest" | rate ' = ([0-9]+) events/s')
r1=$(echo "$before" | rate ', ([0-9.]+) records/sec')
r2=$(echo "$after" | rate ', ([0-9.]+) records/sec')
awk -v e="$events" -v a="$r1" -v b="$r2" 'BEGIN { m = a > b ? a : b;
  printf "== share: %d events/s of %.0f records/s (the higher raw figure) = %.1f %%\n", e, m, 100 * e / m }'
