#!/usr/bin/env bash
# Day-two commands at cluster scale on the real kube-apiserver (../shared/envtest), release build,
# each against its peer in the same run:
#   namespace add of ADD namespaces, metrics enable over METRICS namespaces, bug-report --all over
#   BR_NS namespaces x BR_PODS pods: against the same requests sent 16 at a time by
#   Benchmarks/floor.py (the API server's floor);
#   namespace list and mesh list over the METRICS namespaces: against kubectl reading the same list.
# Prints one line per command: osm's time, the peer's, and the ratio (median of ROUNDS where repeatable).
#   Benchmarks/scale.sh [ADD=300] [METRICS=1000] [BR_NS=100] [BR_PODS=20]
set -euo pipefail
cd "$(dirname "$0")/.."
add="${1:-300}" metrics="${2:-1000}" br_ns="${3:-100}" br_pods="${4:-20}"
rounds="${ROUNDS:-3}"
osm="$(scripts/build-release.sh | tail -1)"
envtest="${OSM_ENVTEST:-$(cd .. && pwd)/shared/envtest}"
work="$(mktemp -d)"
trap '"$envtest/stop" "$work" >/dev/null 2>&1 || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
"$envtest/start" "$work" >/dev/null
export KUBECONFIG="$work/kubeconfig" OSM_NO_UPDATE_CHECK=1
floor() { python3 Benchmarks/floor.py "$work" "$@"; }
now() { date +%s.%N; }
timed() { local t0; t0=$(now); "$@" >/dev/null 2>"$work/last.err" || { echo "failed: $*" >&2; tail -3 "$work/last.err" >&2; }; python3 -c "print(f'{$(now) - $t0:.3f}')"; }
ratio() { python3 -c "import statistics as s; a=s.median([$2]); b=s.median([$3]); print(f'$1: osm {a:.3f} s, $4 {b:.3f} s, ratio {a / b:.2f}x')"; }

# A mesh `osm`: its controller Deployment is what osm's checks look for (its pods stay Pending here).
kubectl create namespace osm-system >/dev/null
kubectl -n osm-system create deployment osm-controller --image=osm-controller:v1.2.4 >/dev/null
kubectl -n osm-system label deployment osm-controller app=osm-controller meshName=osm app.kubernetes.io/version=v1.2.4 --overwrite >/dev/null

# namespace add: fresh namespaces for each side and round.
ours="" theirs=""
for r in $(seq "$rounds"); do
  floor seed "osm$r" "$add" 0 >/dev/null
  floor seed "flr$r" "$add" 0 >/dev/null
  names=$(seq -f "osm$r-%g" 1 "$add" | tr '\n' ' ')
  # shellcheck disable=SC2086
  ours+="$(timed "$osm" namespace add $names --mesh-name osm),"
  theirs+="$(floor add-namespaces "flr$r" "$add" osm),"
done
ratio "namespace add ($add namespaces)" "${ours%,}" "${theirs%,}" "floor (16 in flight)"

# metrics enable over namespaces in the mesh (the same ones each round).
floor seed mon "$metrics" 0 '{"openservicemesh.io/monitored-by": "osm"}' >/dev/null
floor seed fmon "$metrics" 0 '{"openservicemesh.io/monitored-by": "osm"}' >/dev/null
names=$(seq -f "mon-%g" 1 "$metrics" | tr '\n' ' ')
ours="" theirs=""
for r in $(seq "$rounds"); do
  # shellcheck disable=SC2086
  ours+="$(timed "$osm" metrics enable --namespace "$(echo $names | tr ' ' ',')"),"
  theirs+="$(floor enable-metrics fmon "$metrics"),"
done
ratio "metrics enable ($metrics namespaces)" "${ours%,}" "${theirs%,}" "floor (16 in flight)"

# The lists: every namespace of the mesh ($((metrics * 2 + add * rounds)) of them).
members=$(kubectl get namespaces -l openservicemesh.io/monitored-by=osm -o name | wc -l)
for command in "namespace list" "mesh list"; do
  ours="" theirs=""
  for r in $(seq $((rounds * 2))); do
    # shellcheck disable=SC2086
    ours+="$(timed "$osm" $command),"
    theirs+="$(timed kubectl get namespaces -l openservicemesh.io/monitored-by=osm),"
  done
  ratio "$command ($members member namespaces)" "${ours%,}" "${theirs%,}" "kubectl get namespaces -l"
done

# bug-report --all over namespaces of pods (no kubelet: logs and port-forwards fail fast, as listed).
floor seed br "$br_ns" "$br_pods" '{"openservicemesh.io/monitored-by": "osm"}' >/dev/null
# Only the br-* namespaces are in the mesh for this step.
kubectl label namespaces -l 'openservicemesh.io/monitored-by=osm' openservicemesh.io/monitored-by- >/dev/null
kubectl label namespaces $(seq -f "br-%g" 1 "$br_ns" | tr '\n' ' ') openservicemesh.io/monitored-by=osm >/dev/null
t0=$(now)
"$osm" support bug-report --all -o "$work/report.tar.gz" >"$work/br.out" 2>"$work/br.err" || true
ours=$(python3 -c "print(f'{$(now) - $t0:.3f}')")
theirs=$(floor bug-report br "$br_ns" "$br_pods")
ratio "bug-report --all ($br_ns namespaces, $((br_ns * br_pods)) pods)" "$ours" "$theirs" "floor (16 in flight)"
echo "  bug-report: $(grep -c '^✓ Collected report for Pod' "$work/br.out") pods reported, $(grep -c '^x ' "$work/br.err" || true) items failed (no kubelet), archive $(stat -c %s "$work/report.tar.gz") bytes"
