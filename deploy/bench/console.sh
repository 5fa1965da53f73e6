#!/usr/bin/env bash
# The web console against a running local stack (./northstar up --demo in another terminal): each page's server time
# (p50/p99 of 200 sequential requests with a session cookie) and the time headless Chromium takes from navigation
# start to a fully drawn page (loaded, every .chart has its data-points), as Markdown tables; at the demo's scale
# and at 20 teams × 5 years (tenant bench-large, ~1.4 M events loaded into the running stack once, then the consumers'
# lag waited to 0). Needs Debian's chromium and chromium-driver.
# Usage: deploy/bench/console.sh [demo|large|both] [requests per page] [browser loads per page]
#   BENCH_OPTS="-Dbench.console.url=http://localhost:8084 -Dbench.console.ingest=http://localhost:8081" for other ports
set -euo pipefail
cd "$(dirname "$0")/../.."
for f in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$f" ] || { echo "$f missing: apt-get install -y chromium chromium-driver" >&2; exit 1; }
done
if ! { [ -f deploy/bench/target/northstar-bench.jar ] \
    && jar tf deploy/bench/target/northstar-bench.jar | grep -q ConsoleBenchmark \
    && ls deploy/bench/target/lib/selenium-chrome-driver-*.jar > /dev/null 2>&1; }; then
  ./mvnw -q -B -DskipTests package -pl deploy/bench -am
fi
mkdir -p target/tmp
java -Xmx2g ${BENCH_OPTS:-} -Dnorthstar.root="$PWD" -Djava.io.tmpdir="$PWD/target/tmp" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/bench/target/northstar-bench.jar:deploy/bench/target/lib/*" \
  dev.northstar.bench.ConsoleBenchmark "${1:-both}" "${2:-200}" "${3:-20}"
