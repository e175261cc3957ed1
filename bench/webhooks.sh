#!/usr/bin/env bash
# Webhook ingestion benchmark: the real app (Spring context, JobRunr, embedded PostgreSQL with fsync on) in one
# JVM, driven over HTTP on the same machine. Prints received→first-step latency, an open-loop load's throughput
# and latency next to the disk's fdatasync stalls, and whether every accepted request has its run, with the machine it
# ran on. Not part of the test gate.
#   bench/webhooks.sh                        # defaults: 1000 requests/s for 60 s after a 10 s warm-up
#   BENCH_RATE=500 BENCH_SECONDS=30 BENCH_WARMUP=0 BENCH_PACE=50 bench/webhooks.sh
#   BENCH_ARGS="-Dflowmeter.db.embedded.settings[track_wal_io_timing]=on" bench/webhooks.sh   # extra -D options
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=WebhookBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.rate="${BENCH_RATE:-1000}" -Dbench.seconds="${BENCH_SECONDS:-60}" -Dbench.warmup-seconds="${BENCH_WARMUP:-10}" \
  ${BENCH_ARGS:-} -Dflowmeter.webhooks.tenant-rate-per-second=1000000 -Dflowmeter.webhooks.runs-per-second-while-ingesting=${BENCH_PACE:-100} > target/webhook-benchmark.log 2>&1 || {
  tail -50 target/webhook-benchmark.log; exit 1; }
cat target/webhook-benchmark.txt
