#!/usr/bin/env bash
# Longer fuzzing run of the template engine: FUZZ_ITERATIONS random templates (default 200000),
# seed from FUZZ_SEED (default: the clock). A crash or hang fails the run; the seed is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${FUZZ_SEED:-$(date +%s)}"
echo "fuzz seed: $seed"
FUZZ_ITERATIONS="${FUZZ_ITERATIONS:-200000}" FUZZ_SEED="$seed" swift test -c release --filter FuzzTests
