#!/usr/bin/env bash
# Outage benchmark: real app JVMs (JobRunr, PostgreSQL with fsync on) driven over HTTP on the same machine, killed
# or deprived of their database. Prints kill -9 of the app -> orphaned step running again, kill -9 of the embedded
# PostgreSQL -> next step running, and an external PostgreSQL's return after an outage -> first step running, with
# the machine it ran on. Not part of the test gate; about 5 minutes.
#   bench/outage.sh                              # defaults: 3 trials of each, a 20 s external outage
#   BENCH_TRIALS=5 BENCH_OUTAGE_SECONDS=30 bench/outage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=OutageBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.trials="${BENCH_TRIALS:-3}" -Dbench.outage-seconds="${BENCH_OUTAGE_SECONDS:-20}" > target/outage-benchmark.log 2>&1 || {
  tail -50 target/outage-benchmark.log; exit 1; }
cat target/outage-benchmark.txt
