#!/usr/bin/env bash
# Batch ingest over HTTP against the raw Kafka producer rate on the same broker, in one run.
# Needs the stack running (./northstar up --clean in another terminal). Usage: deploy/bench/ingest.sh [seconds] [threads]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
threads=${2:-4}
cp="deploy/stack/target/northstar-stack.jar:deploy/stack/target/lib/*"
token=$(./northstar token --tenant bench --roles ingest)
echo "== kpi-ingest: batches of 500 call.logged events (~500 bytes each), $threads clients, $seconds s"
java -cp "$cp" dev.northstar.stack.bench.IngestBenchmark http://localhost:8081 "$token" bench "$seconds" "$threads" 500
echo "== raw Kafka: ProducerPerformance, 500-byte records, acks=all, 6 partitions"
java -cp "$cp" org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --create --if-not-exists \
  --topic bench.raw --partitions 6 --replication-factor 1 >/dev/null
java -cp "$cp" org.apache.kafka.tools.ProducerPerformance --topic bench.raw --num-records 1000000 \
  --record-size 500 --throughput -1 --producer-props bootstrap.servers=localhost:9092 acks=all linger.ms=5 \
  batch.size=262144 2>/dev/null | tail -1
