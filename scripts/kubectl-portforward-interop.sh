#!/usr/bin/env bash
# Interoperability check of the port-forward protocol code (WebSocket + SPDY/3.1 + zlib header blocks)
# with the real Go implementation: `kubectl port-forward` (client-go's SPDY-over-WebSocket tunnel,
# kubectl >= 1.31) against the fake API server, whose kubelet side is built from the same
# WebSocketConnection/SPDYSession/SPDYFramer code osm's client uses. Then the same answers through
# `osm proxy get`. Prints PASS or FAIL per check; exits 1 on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export FAKE_ENVOY_ADMIN=1
. Benchmarks/fake-cluster.sh
start_fake_cluster osm
kubectl --kubeconfig "$work/kubeconfig" apply --server-side --validate=false -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: app}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, labels: {osm-proxy-uuid: 6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60}}
spec: {containers: [{name: app, image: app}]}
status: {phase: Running}
YAML
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
kubectl --kubeconfig "$work/kubeconfig" -v=6 port-forward pod/web -n app "$port:15000" >"$work/pf.out" 2>"$work/pf.err" &
pf=$!
for _ in $(seq 50); do grep -q "Forwarding from" "$work/pf.out" 2>/dev/null && break; sleep 0.1; done
failed=0
check() { # name expected actual
  if [ "$2" = "$3" ]; then echo "PASS $1"; else echo "FAIL $1: expected [$2], got [$3]"; failed=1; fi
}
check "kubectl port-forward: /ready" "ready: ok" "$(curl -s "http://127.0.0.1:$port/ready")"
check "kubectl port-forward: 64 KiB config_dump" "65536" "$(curl -s "http://127.0.0.1:$port/config_dump" | wc -c | tr -d ' ')"
check "kubectl port-forward: two connections at once" "stats: ok clusters: ok" \
  "$( (curl -s "http://127.0.0.1:$port/stats" & curl -s "http://127.0.0.1:$port/clusters"; wait) | sort -r | tr '\n' ' ' | sed 's/ $//')"
kill "$pf" 2>/dev/null || true
# kubectl's older protocol, SPDY/3.1 straight on the upgraded connection (what servers before 1.31 speak).
port2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
KUBECTL_PORT_FORWARD_WEBSOCKETS=false kubectl --kubeconfig "$work/kubeconfig" -v=6 port-forward pod/web -n app "$port2:15000" >"$work/pf2.out" 2>"$work/pf2.err" &
pf2=$!
for _ in $(seq 50); do grep -q "Forwarding from" "$work/pf2.out" 2>/dev/null && break; sleep 0.1; done
check "kubectl port-forward over plain SPDY: /ready" "ready: ok" "$(curl -s "http://127.0.0.1:$port2/ready")"
check "kubectl upgraded with POST (SPDY)" "1" "$(grep -c 'POST .*/pods/web/portforward 101' "$work/pf2.err")"
kill "$pf2" 2>/dev/null || true
check "osm proxy get" "ready: ok" "$("$bin/osm" --kubeconfig "$work/kubeconfig" proxy get ready web -n app -p "$port")"
# The fake refuses the older SPDY upgrade (POST), so these passing means the WebSocket tunnel was used.
check "kubectl upgraded with GET (WebSocket)" "1" "$(grep -c 'GET .*/pods/web/portforward 101' "$work/pf.err")"
exit "$failed"
