#!/usr/bin/env bash
# Real Helm and osm on one real cluster (issue 12): starts ../shared/envtest and the kubelet stand-in,
# then runs scripts/helm_interop.py in the helm-python-sdk virtualenv of ../shared/oracle
# (~/.cache/osm-helm-oracle, or $HELM_ORACLE_VENV; made by the first run of helm-template).
# Run by hand; prints one line per check.   scripts/helm-interop.sh   (OSM_BIN=... to test another build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${HELM_ORACLE_VENV:-$HOME/.cache/osm-helm-oracle}"
[ -x "$venv/bin/python" ] || "$root/../shared/oracle/helm-template" --help >/dev/null
for product in osm kubelet-standin; do swift build --product "$product" --package-path "$root" >/dev/null; done
bin="$(swift build --show-bin-path --package-path "$root")"
OSM_BIN="${OSM_BIN:-$bin/osm}"
dir="$(mktemp -d /tmp/osm-interop-XXXXXX)"
"$root/../shared/envtest/start" "$dir" >/dev/null
# The integration tests' watch-driven kubelet stand-in, as a process.
"$bin/kubelet-standin" "$dir/kubeconfig" >/dev/null & kubelet=$!
trap 'kill $kubelet 2>/dev/null; "$root/../shared/envtest/stop" "$dir" >/dev/null 2>&1; rm -rf "$dir"' EXIT
# Helm names its field manager after the program (os.Args[0]): run the SDK's Python under the name
# "helm", so that it manages fields as the helm binary does (otherwise it is "python").
ln -sf python "$venv/bin/helm"
"$venv/bin/helm" "$root/scripts/helm_interop.py" "$OSM_BIN" "$dir/kubeconfig"
