#!/usr/bin/env bash
# Runs benchmark: seeds a tenant with 1,000,000 runs and ~5,000,000 step runs (bench/seed-runs.sql, next to 3 other
# tenants with 50,000 runs each), then prints the server time of the runs list with each filter, "Show more" and the
# run view of a 5-step and a 100-step run (browserless, as the app serves them), the same over REST, the list
# queries' plans (also as they were before the indexes of engine-runs-list-indexes), what those indexes cost per run,
# and the 100-step run view's render time in headless Chromium, with the machine it ran on. Not part of the test gate.
# The seeded database stays in target/runs-bench-db (about 4 GB at the full size).
#   bench/runs.sh                               # fresh seed (about 12 minutes on 2 cores), then the measurements
#   BENCH_REUSE=1 bench/runs.sh                 # measure again on the database seeded last time
#   BENCH_JAR=target/flowmeter-0.1.0-SNAPSHOT.jar bench/runs.sh   # also the render time on the production jar
#   BENCH_RUNS=20000 BENCH_OTHER_RUNS=2000 bench/runs.sh          # a small seed, e.g. while changing the benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
DB=target/runs-bench-db
if [ -z "${BENCH_REUSE:-}" ]; then
  rm -rf "$DB"
fi
mkdir -p target
./mvnw -B -q test -Dtest=RunsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dflowmeter.db.embedded.data-dir="$PWD/$DB" \
  -Dbench.runs="${BENCH_RUNS:-1000000}" -Dbench.other-tenants="${BENCH_OTHER_TENANTS:-3}" -Dbench.other-runs="${BENCH_OTHER_RUNS:-50000}" \
  -Dbench.rounds="${BENCH_ROUNDS:-60}" ${BENCH_ARGS:-} > target/runs-benchmark.log 2>&1 || {
  tail -50 target/runs-benchmark.log; exit 1; }

if [ -n "${BENCH_JAR:-}" ]; then
  # the production jar on the same data directory (its embedded PostgreSQL, the seed's master key)
  PORT=${BENCH_PORT:-18090}
  FLOWMETER_DATA_DIR="$PWD/$DB" FLOWMETER_PORT=$PORT FLOWMETER_JOBS_DASHBOARD_PORT=0 \
    FLOWMETER_MASTER_KEY_FILE="$PWD/target/test-home/.flowmeter/master.key" \
    java -jar "$BENCH_JAR" > target/runs-benchmark-jar.log 2>&1 &
  APP=$!
  trap 'kill "$APP" 2>/dev/null || true' EXIT
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null && break
    kill -0 "$APP" 2>/dev/null || { tail -50 target/runs-benchmark-jar.log; exit 1; }
    sleep 0.5
  done
  ./mvnw -B -q test -Dtest=RunViewRenderBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.base-url="http://127.0.0.1:$PORT" -Dbench.jar="$(basename "$BENCH_JAR")" \
    -Dbench.browser-rounds="${BENCH_BROWSER_ROUNDS:-20}" >> target/runs-benchmark.log 2>&1 || {
    tail -50 target/runs-benchmark.log; exit 1; }
  kill "$APP"; wait "$APP" 2>/dev/null || true
fi
cat target/runs-benchmark.txt
