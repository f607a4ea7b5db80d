#!/usr/bin/env bash
# `osm support bug-report --all` over NAMESPACES mesh namespaces × PODS pods on the loopback TLS fake
# API server (seeded with kubectl; every pod's Envoy admin port answers through port-forwarding).
# Prints the wall time, the number of API requests made (port-forward upgrades included) and what failed.
set -euo pipefail
cd "$(dirname "$0")/.."
namespaces="${1:-5}"
pods="${2:-20}"
. Benchmarks/fake-cluster.sh
export FAKE_ENVOY_ADMIN=1
start_fake_cluster osm
{
  for n in $(seq "$namespaces"); do
    printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: app-%s, labels: {openservicemesh.io/monitored-by: osm}}\n' "$n"
    for p in $(seq "$pods"); do
      printf -- '---\napiVersion: v1\nkind: Pod\nmetadata: {name: pod-%s, namespace: app-%s, labels: {osm-proxy-uuid: 6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60}}\nspec: {containers: [{name: app, image: app}, {name: envoy, image: envoy}]}\nstatus: {phase: Running}\n' "$p" "$n"
    done
  done
} >"$work/seed.yaml"
kubectl --kubeconfig "$work/kubeconfig" apply --server-side --validate=false -f "$work/seed.yaml" >/dev/null
start=$(date +%s.%N)
"$bin/osm" --kubeconfig "$work/kubeconfig" --verbose support bug-report --all -o "$work/report.tar.gz" >"$work/out" 2>"$work/err" || true
end=$(date +%s.%N)
requests=$(grep -c '^\[debug\] ' "$work/out" || true)
echo "items that failed: $(grep -c '^x ' "$work/err" || true)"
python3 -c "print(f'bug report over $namespaces namespaces x $pods pods: {$end - $start:.3f} s wall, $requests API requests, archive {__import__(\"os\").path.getsize(\"$work/report.tar.gz\")} bytes')"
