#!/usr/bin/env bash
# Checks the Prometheus configuration and alert rules with promtool, and runs the rules' unit tests.
# Installs Debian's prometheus package (which has promtool) when promtool is missing and we are root.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v promtool >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "promtool missing: installing Debian's prometheus package"
    (apt-get update -q || true) >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null
    # the package may start a server; CI needs only the tool
    pkill -x prometheus 2>/dev/null || true
  else
    echo "promtool not found; install Prometheus (Debian: apt-get install prometheus)" >&2
    exit 1
  fi
fi
promtool check config prometheus.yml
promtool check rules northstar-rules.yml
promtool test rules northstar-rules.test.yml
