#!/usr/bin/env bash
# Builder benchmark: server time to open a 100-step workflow in the visual builder and per drag of a step on it
# (Spring context and embedded PostgreSQL as in the app, the view driven browserless). Prints percentiles and the
# machine it ran on. Not part of the test gate.
#   bench/builder.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=BuilderBenchmark -Dsurefire.failIfNoSpecifiedTests=false > target/builder-benchmark.log 2>&1 || {
  tail -50 target/builder-benchmark.log; exit 1; }
cat target/builder-benchmark.txt
