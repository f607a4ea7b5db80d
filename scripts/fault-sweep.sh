#!/usr/bin/env bash
# The process-level fault sweep of issue 13: every osm command that talks to a cluster, as a real
# process, against no/malformed/missing kubeconfig, unknown context, refused port, wrong CA, bad and
# expired client certificates, 401, 403, a server that never answers, one that drops the connection
# mid-body, and Ctrl-C at a random moment. RUNS runs of each (default 50). Zero deaths by signal,
# zero hangs, one clear line per failure, or the script exits 1.
#   scripts/fault-sweep.sh [RUNS]        OSM_BIN=path to test another build (default: release build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-50}"
if [ -z "${OSM_BIN:-}" ]; then
  swift build -c release --product osm --package-path "$root" >/dev/null
  OSM_BIN="$(swift build -c release --show-bin-path --package-path "$root")/osm"
fi
envtest="$(mktemp -d /tmp/osm-sweep-envtest-XXXXXX)"
trap '"$root/../shared/envtest/stop" "$envtest" >/dev/null 2>&1; rm -rf "$envtest"' EXIT
"$root/../shared/envtest/start" "$envtest" >/dev/null
python3 "$root/scripts/fault_sweep.py" "$OSM_BIN" "$envtest" "$runs" --jobs "${JOBS:-6}"
