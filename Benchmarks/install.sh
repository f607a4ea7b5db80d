#!/usr/bin/env bash
# `osm install` (the seed's values without Grafana) until every Deployment is available, against
# `kubectl apply --server-side` of the same rendered manifest plus `kubectl wait --for=condition=Available`,
# on a real kube-apiserver and controller manager (../shared/envtest) with the watch-driven kubelet
# stand-in, ROUNDS (6) rounds in one run, fresh names each round; then each round's mesh is removed:
# `osm uninstall mesh -f` against `kubectl delete -f` of the manifest plus `kubectl wait --for=delete`.
# Prints each round and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-static
root="$PWD"
link_flags=($("$root/scripts/release-link-flags" "$scratch"))
for product in osm kubelet-standin; do
  swift build -c release --static-swift-stdlib "${link_flags[@]}" --scratch-path "$scratch" --product "$product" >/dev/null
done
bin="$(swift build -c release --static-swift-stdlib "${link_flags[@]}" --scratch-path "$scratch" --show-bin-path)"
work="$(mktemp -d /tmp/osm-install-bench-XXXXXX)"
../shared/envtest/start "$work/envtest" >/dev/null
"$bin/kubelet-standin" "$work/envtest/kubeconfig" >/dev/null & kubelet=$!
trap 'kill $kubelet 2>/dev/null; ../shared/envtest/stop "$work/envtest" >/dev/null 2>&1; rm -rf "$work"' EXIT
export KUBECONFIG="$work/envtest/kubeconfig" OSM_NO_UPDATE_CHECK=1
sets=(--set osm.enablePermissiveTrafficPolicy=true --set osm.deployPrometheus=true --set osm.deployJaeger=true)
now() { date +%s.%N; }
: >"$work/times"
for round in $(seq "${ROUNDS:-6}"); do
  ours="ours-$round-$RANDOM"; theirs="kubectl-$round-$RANDOM"
  "$bin/osm" install --dry-run --enforce-single-mesh=false --mesh-name "$theirs" --osm-namespace "$theirs" "${sets[@]}" >"$work/manifest.yaml"
  t0=$(now)
  "$bin/osm" install --enforce-single-mesh=false --mesh-name "$ours" --osm-namespace "$ours" "${sets[@]}" >/dev/null
  t1=$(now)
  kubectl create namespace "$theirs" >/dev/null
  kubectl apply --server-side --field-manager=helm -f "$work/manifest.yaml" >/dev/null
  kubectl wait --for=condition=Available deployment --all -n "$theirs" --timeout=300s >/dev/null
  t2=$(now)
  u0=$(now)
  "$bin/osm" uninstall mesh -f --mesh-name "$ours" --osm-namespace "$ours" >/dev/null
  u1=$(now)
  kubectl delete -f "$work/manifest.yaml" --wait=false >/dev/null
  kubectl wait --for=delete -f "$work/manifest.yaml" --timeout=300s >/dev/null 2>&1 || true
  u2=$(now)
  echo "$t0 $t1 $t2 $u0 $u1 $u2" >>"$work/times"
  awk -v r="$round" '{ printf "round %s: install osm %.2f s, kubectl %.2f s; uninstall osm %.2f s, kubectl %.2f s\n", r, $2 - $1, $3 - $2, $5 - $4, $6 - $5 }' <<<"$t0 $t1 $t2 $u0 $u1 $u2"
done
python3 - "$work/times" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
ours = statistics.median(r[1] - r[0] for r in rows)
theirs = statistics.median(r[2] - r[1] for r in rows)
print(f"median: osm install {ours:.2f} s, kubectl apply --server-side + wait {theirs:.2f} s, ratio {ours / theirs:.2f}x")
ours = statistics.median(r[4] - r[3] for r in rows)
theirs = statistics.median(r[5] - r[4] for r in rows)
print(f"median: osm uninstall mesh {ours:.2f} s, kubectl delete -f + wait --for=delete {theirs:.2f} s, ratio {ours / theirs:.2f}x")
PY
