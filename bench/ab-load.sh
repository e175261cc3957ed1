#!/usr/bin/env bash
# A/B of two builds under the same saturating load, measured at the same moments (HttpAbBenchmark): both production
# jars run side by side, each with its own embedded PostgreSQL, and alternating windows of REST-started 3-step runs go
# to one and then the other. Prints runs/s and CPU per step (JVM, PostgreSQL) per window and their medians.
# bench/ab.sh compares one request at a time; this compares what concurrency costs too (locks, contention). ~5 min.
#   bench/ab-load.sh /tmp/before.jar /tmp/after.jar     # e.g. jars built at two commits (./mvnw -Pproduction package)
#   AB_ROUNDS=16 bench/ab-load.sh a.jar b.jar
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/ab-load.sh BEFORE.jar AFTER.jar" >&2; exit 2; }
a=$(realpath "$1"); b=$(realpath "$2")
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=HttpAbBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.jar-a="$a" -Dbench.jar-b="$b" \
  -Dbench.rounds="${AB_ROUNDS:-10}" > target/http-ab.log 2>&1 || { tail -50 target/http-ab.log; exit 1; }
cat target/http-ab.txt
