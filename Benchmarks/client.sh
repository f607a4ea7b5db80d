#!/usr/bin/env bash
# Server-side apply of COUNT ConfigMaps against the loopback TLS fake API server: our client
# (client-bench) and `kubectl apply --server-side` pointed at the same server in the same run.
# Each round uses fresh namespaces; prints the median times and the ratio (ours / kubectl).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100}"
. Benchmarks/fake-cluster.sh
start_fake_cluster client-bench

manifest() { # namespace
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$1"
  for i in $(seq "$count"); do
    printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%s\n  namespace: %s\n  labels: {app: bench}\ndata:\n  index: "%s"\n  payload: "%s"\n' \
      "$i" "$1" "$i" "$(printf 'x%.0s' $(seq 64))"
  done
}
rounds="${ROUNDS:-5}"
[ -n "${KEEP:-}" ] && echo "work folder: $work"
now() { date +%s.%N; }
: >"$work/times"
for round in $(seq "$rounds"); do
  manifest "ours-$round" >"$work/ours.yaml"
  manifest "kubectl-$round" >"$work/kubectl.yaml"
  t0=$(now)
  "$bin/client-bench" "$work/kubeconfig" "$work/ours.yaml" >/dev/null
  t1=$(now)
  kubectl --kubeconfig "$work/kubeconfig" apply --server-side --validate=false --field-manager=osm -f "$work/kubectl.yaml" >/dev/null
  t2=$(now)
  echo "$t0 $t1 $t2" >>"$work/times"
done
python3 - "$work/times" "$count" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
ours = statistics.median(r[1] - r[0] for r in rows)
kubectl = statistics.median(r[2] - r[1] for r in rows)
print(f"server-side apply of {sys.argv[2]} ConfigMaps + 1 Namespace over loopback TLS, median of {len(rows)} rounds")
print(f"osm client: {ours:.3f} s   kubectl: {kubectl:.3f} s   ratio: {ours / kubectl:.2f}x")
PY
