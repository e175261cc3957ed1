#!/usr/bin/env bash
# ROI benchmark: seeds a tenant with the value and cost facts of 1,000,000 runs over 90 days (about 5,000,000 step
# facts: HTTP calls, AI model calls, compute, approvals, value settings, triage; bench/seed-roi.sql), rolled up hourly
# but for the newest 2,000, next to 2 other tenants with 50,000 runs' facts each; then prints the server time of the
# ROI summary (30 and 90 days) as the service computes it, the same and the daily series over REST, a workflow's
# figures (summary, versions, series) and the dashboard /roi browserless, the reports' query plans, the data's size
# and the machine it ran on. Not part of the test gate. The seeded database stays in target/roi-bench-db (BENCH_DB
# names another directory, e.g. for a small seed next to the full one; about 3.4 GB at the full size).
#   bench/roi.sh                                # fresh seed, then the measurements
#   BENCH_REUSE=1 bench/roi.sh                  # measure again on the database seeded last time
#   BENCH_RUNS=20000 BENCH_OTHER_RUNS=2000 bench/roi.sh   # a small seed, e.g. while changing the benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-target/roi-bench-db}
if [ -z "${BENCH_REUSE:-}" ]; then
  rm -rf "$DB"
fi
mkdir -p target
./mvnw -B -q test -Dtest=RoiBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dflowmeter.db.embedded.data-dir="$(realpath -m "$DB")" \
  -Dbench.runs="${BENCH_RUNS:-1000000}" -Dbench.other-tenants="${BENCH_OTHER_TENANTS:-2}" -Dbench.other-runs="${BENCH_OTHER_RUNS:-50000}" \
  -Dbench.unrolled="${BENCH_UNROLLED:-2000}" -Dbench.rounds="${BENCH_ROUNDS:-60}" -Dbench.warmup="${BENCH_WARMUP:-30}" \
  ${BENCH_ARGS:-} > target/roi-benchmark.log 2>&1 || {
  tail -50 target/roi-benchmark.log; exit 1; }
cat target/roi-benchmark.txt
