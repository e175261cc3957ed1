#!/usr/bin/env bash
# Push-lag benchmark: from a step settling in the engine to the open run view in headless Chromium showing it
# (commit, run event, the view's refresh, Vaadin push, render). Prints percentiles and the machine it ran on.
# Needs Debian's chromium (as the E2E tests). Not part of the test gate.
#   bench/push.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=PushLagBenchmark -Dsurefire.failIfNoSpecifiedTests=false > target/push-benchmark.log 2>&1 || {
  tail -50 target/push-benchmark.log; exit 1; }
cat target/push-benchmark.txt
