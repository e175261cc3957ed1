#!/usr/bin/env bash
# Cluster benchmark: a web node (with the embedded PostgreSQL) and worker JVMs on this machine run three-step workflows
# whose steps are HTTP calls answered after a delay. Prints steps/s with 1 and with 2 workers and, over several kills,
# a worker's kill -9 -> its first orphaned step running again on another worker, with the machine it ran on. Not part
# of the test gate; about 5 minutes.
#   bench/cluster.sh                                   # defaults: 100 runs per batch, 200 ms steps, 3 kills
#   BENCH_RUNS=200 BENCH_STEP_MS=500 BENCH_TRIALS=5 bench/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=ClusterBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.runs="${BENCH_RUNS:-100}" -Dbench.step-ms="${BENCH_STEP_MS:-200}" -Dbench.trials="${BENCH_TRIALS:-3}" \
  > target/cluster-benchmark.log 2>&1 || { tail -50 target/cluster-benchmark.log; exit 1; }
cat target/cluster-benchmark.txt
