#!/usr/bin/env bash
# Interoperability check of osm's port-forward client against the Go libraries Kubernetes uses on the
# server side (gorilla/websocket, moby/spdystream), built here from Debian's packages (Go 1.19,
# golang-github-docker-spdystream-dev, golang-github-gorilla-websocket-dev; installed when missing).
# Runs `osm proxy get` through the Go server's tunnel and prints PASS/FAIL per check.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/moby/spdystream ] || [ ! -d /usr/share/gocode/src/github.com/gorilla/websocket ]; then
  apt-get update -qq && apt-get install -y -qq golang-go golang-github-docker-spdystream-dev golang-github-gorilla-websocket-dev >/dev/null
fi
work="$(mktemp -d)"
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/gopath/src"
cp -rs /usr/share/gocode/src/. "$work/gopath/src/"
mkdir -p "$work/gopath/src/spdyinterop" && cp scripts/spdy-interop/main.go "$work/gopath/src/spdyinterop/"
(cd "$work/gopath/src/spdyinterop" && GO111MODULE=off GOPATH="$work/gopath" GOCACHE="$work/cache" go build -o "$work/spdy-interop" .)
"$work/spdy-interop" Tests/Support/TLS/server.crt Tests/Support/TLS/server.key 127.0.0.1:0 >"$work/address" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/address" ] && break; sleep 0.1; done
cat >"$work/kubeconfig" <<YAML
apiVersion: v1
kind: Config
current-context: go
clusters:
- name: go
  cluster: {server: "https://$(cat "$work/address")", certificate-authority-data: $(base64 -w0 Tests/Support/TLS/ca.crt)}
contexts:
- name: go
  context: {cluster: go, user: u}
users:
- name: u
  user: {token: unused}
YAML
swift build --product osm >/dev/null
osm="$(swift build --show-bin-path)/osm"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
failed=0
check() { # name expected actual
  if [ "$2" = "$3" ]; then echo "PASS $1"; else echo "FAIL $1: expected [$2], got [$3]"; failed=1; fi
}
check "osm proxy get through spdystream" "answer from go spdystream to /ready?x=1" \
  "$("$osm" --kubeconfig "$work/kubeconfig" proxy get 'ready?x=1' web -n app -p "$(free_port)")"
check "1 MiB answer" "1048576" "$("$osm" --kubeconfig "$work/kubeconfig" proxy get big web -n app -p "$(free_port)" | wc -c | tr -d ' ')"
port=$(free_port)
check "the error stream's text reaches osm" "1" \
  "$("$osm" --kubeconfig "$work/kubeconfig" proxy get ready closed -n app -p "$port" 2>&1 | grep -c "an error occurred forwarding $port -> 15000: error forwarding port 15000 to pod closed: connection refused" || true)"
check "plain SPDY upgrade after a refused WebSocket" "answer from go spdystream to /ready" \
  "$("$osm" --kubeconfig "$work/kubeconfig" proxy get ready old -n app -p "$(free_port)")"
exit "$failed"
