#!/usr/bin/env bash
# Startup benchmark of the embedded default: cold start (empty data directory: initdb, migrations, seed),
# warm restart, resident memory (RSS and PSS of the JVM and of PostgreSQL), clean shutdown, and recovery
# after kill -9. Prints the machine it ran on.
#
#   bench/startup.sh            # builds the production jar first if it is missing
#   JAR=path/to.jar bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18080}
JAR=${JAR:-target/flowmeter-0.1.0-SNAPSHOT.jar}
DATA=$(mktemp -d /tmp/flowmeter-bench-XXXXXX)
LOG="$DATA.log"
trap 'pkill -f "FLOWMETER_BENCH_MARK" 2>/dev/null || true' EXIT

if [ ! -f "$JAR" ] || ! unzip -l "$JAR" 2>/dev/null | grep -c 'META-INF/VAADIN/webapp/VAADIN/build/' > /dev/null; then
  echo "building the production jar (./mvnw -Pproduction -DskipTests package)..."
  ./mvnw -B -q -Pproduction -DskipTests package
fi

echo "== machine"
echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
echo "java: $(java -version 2>&1 | head -1)"
echo "kernel: $(uname -sr)"

now() { date +%s.%N; }
start_app() {
  FLOWMETER_DATA_DIR="$DATA" FLOWMETER_PORT=$PORT FLOWMETER_JOBS_DASHBOARD_PORT=0 \
    java -DFLOWMETER_BENCH_MARK=1 -jar "$JAR" >> "$LOG" 2>&1 &
  APP=$!
}
wait_ready() {
  local t0=$1
  for _ in $(seq 1 600); do
    if curl -sf "http://localhost:$PORT/actuator/health/readiness" > /dev/null; then
      echo "$(echo "$(now) - $t0" | bc)"
      return
    fi
    sleep 0.1
  done
  echo "not ready after 60 s; see $LOG" >&2
  exit 1
}
kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/$3" 2>/dev/null || echo 0; }
memory() {
  local postmaster jvm_rss jvm_pss pg_rss=0 pg_pss=0
  postmaster=$(head -1 "$DATA/postmaster.pid")
  jvm_rss=$(kb "$APP" VmRSS status)
  jvm_pss=$(kb "$APP" Pss smaps_rollup)
  for p in $postmaster $(pgrep -P "$postmaster"); do
    pg_rss=$((pg_rss + $(kb "$p" VmRSS status)))
    pg_pss=$((pg_pss + $(kb "$p" Pss smaps_rollup)))
  done
  echo "JVM RSS $((jvm_rss / 1024)) MiB (PSS $((jvm_pss / 1024)) MiB); PostgreSQL PSS $((pg_pss / 1024)) MiB (sum of RSS $((pg_rss / 1024)) MiB counts shared buffers per process); total PSS $(((jvm_pss + pg_pss) / 1024)) MiB"
}

echo "== cold start (empty data directory)"
t0=$(now); start_app; echo "ready in $(wait_ready "$t0") s"
curl -sf -o /dev/null "http://localhost:$PORT/login"; sleep 10
echo "memory after 10 s idle: $(memory)"
PGPORT=$(grep -oE 'Embedded PostgreSQL running on port [0-9]+' "$LOG" | tail -1 | grep -oE '[0-9]+$')
if command -v psql > /dev/null && [ -n "$PGPORT" ]; then
  xacts() { psql -h localhost -p "$PGPORT" -U postgres -Atc "select xact_commit + xact_rollback from pg_stat_database where datname = 'postgres'"; }
  a=$(xacts); sleep 60; b=$(xacts)
  echo "idle database load over 60 s: $(echo "scale=2; ($b - $a - 1) / 60" | bc) transactions/s (target ≤ 2)"
else
  echo "idle database load: skipped (needs psql: apt-get install postgresql-client)"
fi

echo "== clean shutdown"
t0=$(now); kill "$APP"; while kill -0 "$APP" 2>/dev/null; do sleep 0.05; done
echo "stopped in $(echo "$(now) - $t0" | bc) s; PostgreSQL left running: $( [ -f "$DATA/postmaster.pid" ] && echo yes || echo no)"

echo "== warm restart (existing data)"
t0=$(now); start_app; echo "ready in $(wait_ready "$t0") s"

echo "== kill -9, then start again"
kill -9 "$APP"; sleep 1
echo "orphaned PostgreSQL after kill -9: $( [ -f "$DATA/postmaster.pid" ] && kill -0 "$(head -1 "$DATA/postmaster.pid")" 2>/dev/null && echo yes || echo no)"
t0=$(now); start_app; echo "ready in $(wait_ready "$t0") s (orphan detected and stopped first)"
kill "$APP"; while kill -0 "$APP" 2>/dev/null; do sleep 0.05; done
rm -rf "$DATA" "$LOG"
