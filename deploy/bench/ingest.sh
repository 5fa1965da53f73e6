#!/usr/bin/env bash
# Batch ingest over HTTP against the raw Kafka producer rate on the same broker, in one run, both at their steady
# state: the raw rate is measured just before and just after the ingest run (the machine's speed drifts), and the
# share is taken against the higher of the two. Needs the stack running (./northstar up --clean in another terminal).
# Usage: deploy/bench/ingest.sh [seconds] [threads] [warm-up seconds]
#
# Both sides are measured once their JVMs have compiled their hot paths (docs/benchmarks.md, session 9): kpi-ingest
# after a warm-up of the same load that is not counted (60 s by default; after 10 s it still spends ~25–30 % more CPU
# per event than after a minute), ProducerPerformance over 5,000,000 records of which the first 5 s window is left
# out (in that window it sends at about half its later rate, and a run of 1,000,000 records is mostly that window).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
threads=${2:-4}
warmup=${3:-60}
cp="deploy/bench/target/northstar-bench.jar:deploy/bench/target/lib/*"
# each run writes ~6 GB into the stack's Kafka and PostgreSQL (crm.events and the register keep 7 days): refuse
# before the disk fills
free=$(df --output=avail -BG . | tail -1 | tr -dc 0-9)
if [ "${free:-0}" -lt 12 ]; then
  echo "only ${free} GB free here; restart the stack with ./northstar up --clean first" >&2
  exit 1
fi
token=$(./northstar token --tenant bench --roles ingest)
java -cp "$cp" org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --create --if-not-exists \
  --topic bench.raw --partitions 6 --replication-factor 1 --config retention.ms=300000 \
  --config segment.bytes=104857600 >/dev/null 2>&1
raw() {
  java -cp "$cp" org.apache.kafka.tools.ProducerPerformance --topic bench.raw --num-records 5000000 \
    --record-size 500 --throughput -1 --producer-props bootstrap.servers=localhost:9092 acks=all linger.ms=5 \
    batch.size=262144 2>/dev/null
}
# the raw producer writes its records uncompressed (2.5 GB a run) and runs at about half its rate once the page cache
# has filled the memory (the kernel reclaiming pages for every write; docs/benchmarks.md, session 10): say which it met
memory() { awk '/^MemFree:/ { f = $2 } /^Cached:/ { c = $2 }
  END { printf "page cache %.1f GB, free %.1f GB", c / 1048576, f / 1048576 }' /proc/meminfo; }
# records/s after ProducerPerformance's first 5 s window: the run's records and time (from its summary line, the one
# with percentiles) less those of the first window
steady() { awk -F'[ ,]+' 'NR == 1 { n1 = $1; t1 = $1 / $4 } /50th/ { n = $1; t = $1 / $4 }
  END { printf "%.0f", (t > t1 ? (n - n1) / (t - t1) : 0) }'; }
echo "== raw Kafka before: ProducerPerformance, 500-byte records, acks=all, 6 partitions (5 s windows, then the run;" \
  "$(memory))"
before=$(raw); echo "$before"
echo "== kpi-ingest: batches of 500 call.logged events (~500 bytes each), $threads clients, $seconds s after a" \
  "$warmup s warm-up"
ingest=$(java -cp "$cp" dev.northstar.bench.IngestBenchmark http://localhost:8081 "$token" bench "$seconds" \
  "$threads" 500 "$warmup"); echo "$ingest"
echo "== raw Kafka after ($(memory))"
after=$(raw); echo "$after"
events=$(echo "$ingest" | sed -nE 's|.* = ([0-9]+) events/s.*|\1|p' | head -1)
r1=$(echo "$before" | steady)
r2=$(echo "$after" | steady)
awk -v e="$events" -v a="$r1" -v b="$r2" 'BEGIN { m = a > b ? a : b; l = a > b ? b : a;
  printf "== raw at steady state (after its first 5 s): %.0f before, %.0f after\n", a, b;
  if (m == 0) { print "== share: the raw rate was not measured"; exit 1 }
  printf "== share: %d events/s of %.0f records/s (the higher steady raw figure) = %.1f %%\n", e, m, 100 * e / m
  # the raw rate can move by half between two runs minutes apart (docs/benchmarks.md, session 10): say how far
  if (l > 0) printf "   (against the lower, %.0f records/s: %.1f %%)\n", l, 100 * e / l }'
