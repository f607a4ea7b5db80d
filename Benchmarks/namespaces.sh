#!/usr/bin/env bash
# `osm namespace add` of COUNT namespaces against `kubectl label` + `kubectl annotate` of the same
# change, on the loopback TLS fake API server (with an osm-controller Deployment for mesh `osm`),
# same run, fresh namespaces each round; prints the median times and the ratio (ours / kubectl).
# kubectl's time is dominated by its client-side rate limiter (5 requests/s after a burst of 10)
# for its GET+PATCH per namespace; osm has no client-side limiter.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-50}"
rounds="${ROUNDS:-5}"
. Benchmarks/fake-cluster.sh
start_fake_cluster osm
k() { kubectl --kubeconfig "$work/kubeconfig" "$@"; }
{
  printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: osm-system}\n---\n'
  printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: osm-controller, namespace: osm-system, labels: {app: osm-controller, meshName: osm}}\n'
  for r in $(seq "$rounds"); do
    for i in $(seq "$count"); do
      printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: osm-%s-%s}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: kc-%s-%s}\n' "$r" "$i" "$r" "$i"
    done
  done
} >"$work/setup.yaml"
k apply --server-side --validate=false -f "$work/setup.yaml" >/dev/null

now() { date +%s.%N; }
: >"$work/times"
for r in $(seq "$rounds"); do
  ours=$(for i in $(seq "$count"); do printf 'osm-%s-%s ' "$r" "$i"; done)
  theirs=$(for i in $(seq "$count"); do printf 'kc-%s-%s ' "$r" "$i"; done)
  t0=$(now)
  # shellcheck disable=SC2086
  "$bin/osm" --kubeconfig "$work/kubeconfig" namespace add $ours --mesh-name osm >/dev/null
  t1=$(now)
  # shellcheck disable=SC2086
  k label namespace $theirs openservicemesh.io/monitored-by=osm >/dev/null
  # shellcheck disable=SC2086
  k annotate namespace $theirs openservicemesh.io/sidecar-injection=enabled >/dev/null
  t2=$(now)
  echo "$t0 $t1 $t2" >>"$work/times"
done
labelled=$(k get namespaces -l openservicemesh.io/monitored-by=osm -o name | wc -l)
expected=$((2 * count * rounds))
[ "$labelled" -eq "$expected" ] || { echo "expected $expected labelled namespaces, found $labelled" >&2; exit 1; }
python3 - "$work/times" "$count" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
ours = statistics.median(r[1] - r[0] for r in rows)
kubectl = statistics.median(r[2] - r[1] for r in rows)
print(f"namespace add of {sys.argv[2]} namespaces over loopback TLS, median of {len(rows)} rounds")
print(f"osm: {ours:.3f} s   kubectl label + annotate: {kubectl:.3f} s   ratio: {ours / kubectl:.3f}x")
PY
