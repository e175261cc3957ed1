#!/usr/bin/env bash
# Engine benchmark: runs the real app (Spring context, JobRunr, embedded PostgreSQL with fsync on) in one JVM
# and prints linear-run latency, API→first-step latency, sustained throughput, fan-out/join latency, timer
# accuracy and the raw PostgreSQL insert ceiling, with the machine it ran on. Not part of the test gate.
#   bench/engine.sh                     # defaults: 160 runs/s offered for 60 s in the sustained phase
#   BENCH_RATE=200 BENCH_SECONDS=30 bench/engine.sh
#   BENCH_ARGS="-Dflowmeter.db.embedded.settings[track_wal_io_timing]=on" bench/engine.sh   # extra -D options
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=EngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  ${BENCH_ARGS:-} -Dbench.rate="${BENCH_RATE:-160}" -Dbench.seconds="${BENCH_SECONDS:-60}" > target/engine-benchmark.log 2>&1 || {
  tail -50 target/engine-benchmark.log; exit 1; }
cat target/engine-benchmark.txt
