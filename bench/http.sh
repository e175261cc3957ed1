#!/usr/bin/env bash
# Engine benchmark on the path users take: the production jar (embedded PostgreSQL with fsync on) in a process of its
# own, driven over HTTP by a separate load-generator process (the surefire JVM). Prints CPU per step for the JVM and for
# PostgreSQL (from /proc), commits and statements per step (pg_stat_database, pg_stat_statements), an open-loop load's
# throughput and latencies counted from due times, the raw PostgreSQL insert ceiling in the same run, single-run latency
# and the CPU of one authenticated request, with the machine it ran on. Not part of the test gate.
#   bench/http.sh                                 # builds the production jar if missing; 150 runs/s for 30 s
#   BENCH_RATE=200 BENCH_SECONDS=60 bench/http.sh
#   BENCH_JFR=1 bench/http.sh                     # also a JFR profile of the load: target/http-benchmark-profile.txt
#   BENCH_JAR=/tmp/other.jar bench/http.sh        # another build, e.g. an older commit's, for a before/after
#   BENCH_SQL_FILE=/tmp/try.sql bench/http.sh     # SQL run as the superuser before the load (e.g. an index dropped, to try)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${BENCH_JAR:-target/flowmeter-0.1.0-SNAPSHOT.jar}
if [ ! -f "$JAR" ] || ! unzip -l "$JAR" 2>/dev/null | grep -c 'META-INF/VAADIN/webapp/VAADIN/build/' > /dev/null; then
  echo "building the production jar (./mvnw -Pproduction -DskipTests package)..."
  ./mvnw -B -q -Pproduction -DskipTests package
fi
./mvnw -B -q test -Dtest=HttpEngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.jar="$(realpath "$JAR")" \
  -Dbench.rate="${BENCH_RATE:-150}" -Dbench.seconds="${BENCH_SECONDS:-30}" -Dbench.warmup-seconds="${BENCH_WARMUP:-60}" -Dbench.warmup-rate="${BENCH_WARMUP_RATE:-300}" \
  -Dbench.jfr="${BENCH_JFR:+true}" -Dbench.jvm-args="${BENCH_JVM_ARGS:-}" -Dbench.sql-file="${BENCH_SQL_FILE:+$(realpath "${BENCH_SQL_FILE:-.}")}" ${BENCH_ARGS:-} > target/http-benchmark.log 2>&1 || {
  tail -50 target/http-benchmark.log; tail -30 target/http-bench/app.log 2>/dev/null; exit 1; }
cat target/http-benchmark.txt
