#!/usr/bin/env bash
# A/B of two builds' CPU per request, the JVM's and its PostgreSQL's. Both production jars run side by side, each with its own embedded PostgreSQL,
# and alternating batches of requests, one at a time, go to each: GET /actuator/health, GET /api/v1/tenant (API key) and
# POST of a 3-step no-op run. Sequential runs of bench/http.sh compare builds badly on a machine whose speed drifts by
# tens of percent from one run to the next; interleaved batches measured at the same moments do not. Needs python3.
#   bench/ab.sh /tmp/before.jar /tmp/after.jar          # e.g. jars built at two commits (./mvnw -Pproduction package)
#   AB_ROUNDS=20 bench/ab.sh a.jar b.jar
#   AB_KINDS=run bench/ab.sh a.jar b.jar                # only some of the requests: health, tenant, run
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/ab.sh BEFORE.jar AFTER.jar" >&2; exit 2; }
work=$(mktemp -d /tmp/flowmeter-ab.XXXXXX)
key=fmk_ab-benchmark-key-0123456789
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
specs=()
for i in 1 2; do
  jar=$(realpath "${!i}")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/$i"
  (cd "$work/$i" && FLOWMETER_DEMO_API_KEY=$key FLOWMETER_DATA_DIR="$work/$i/data" FLOWMETER_PORT=$port \
     FLOWMETER_JOBS_DASHBOARD_PORT=0 exec java -Duser.home="$work/$i" -jar "$jar" > "$work/$i/app.log" 2>&1) &
  pids+=($!)
  specs+=("$(basename "$jar" .jar):$port:$!")
done
for spec in "${specs[@]}"; do
  port=$(echo "$spec" | cut -d: -f2)
  for _ in $(seq 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health" && break
    sleep 1
  done
done
resolved=()
for i in 1 2; do  # each app's embedded PostgreSQL: its postmaster's pid, for the CPU of it and its children
  postmaster=$(head -1 "$(find "$work/$i" -name postmaster.pid | head -1)")
  resolved+=("${specs[$((i - 1))]}:$postmaster")
done
echo "== Flowmeter A/B of CPU per request (JVM and PostgreSQL): $1 vs $2"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), $(java -version 2>&1 | head -1)"
AB_KEY=$key python3 "$(dirname "$0")/ab.py" "${resolved[@]}"
