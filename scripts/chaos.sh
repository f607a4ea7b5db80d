#!/usr/bin/env bash
# Restarts the real API server (../shared/envtest/restart-apiserver) at a random moment of osm
# commands and counts the runs that survive: install, mesh upgrade, uninstall mesh, namespace add
# and support bug-report, RUNS (default 3) times each, with the release build and the watch-driven
# kubelet stand-in. A run survives when the command exits 0 and the cluster ends in the state it
# asked for. Prints one line per run and `N/N survived`; exit status 0 only when all did.
#     scripts/chaos.sh [RUNS]        (OSM_BIN=/path/to/osm skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
if [ -z "${OSM_BIN:-}" ]; then
  swift build -c release --product osm >/dev/null
  swift build -c release --product kubelet-standin >/dev/null
  bin="$(swift build -c release --show-bin-path)"
else
  bin="$(dirname "$OSM_BIN")"
fi
osm="${OSM_BIN:-$bin/osm}"
work="$(mktemp -d /tmp/osm-chaos-XXXXXX)"
../shared/envtest/start "$work/envtest" >/dev/null
"$bin/kubelet-standin" "$work/envtest/kubeconfig" >/dev/null 2>&1 & kubelet=$!
trap 'kill $kubelet 2>/dev/null; ../shared/envtest/stop "$work/envtest" >/dev/null 2>&1; rm -rf "$work"' EXIT
export KUBECONFIG="$work/envtest/kubeconfig" OSM_NO_UPDATE_CHECK=1
kubectl_get() { "$osm" mesh list 2>/dev/null; }

survived=0 total=0
# restart_during COMMAND...: runs osm COMMAND in the background, restarts the API server 0-2 s into
# it (down 3-8 s), and returns osm's exit status.
restart_during() {
  "$osm" "$@" >"$work/out" 2>"$work/err" </dev/null & local pid=$!
  sleep "0.$((RANDOM % 10))$((RANDOM % 10))"; sleep "$((RANDOM % 2))"
  local down=$((3 + RANDOM % 6))
  ../shared/envtest/restart-apiserver "$work/envtest" "$down" >"$work/restart" 2>&1 || true
  local status=0
  wait "$pid" || status=$?
  return "$status"
}
report() {
  local name="$1" ok="$2"
  total=$((total + 1))
  if [ "$ok" = yes ]; then
    survived=$((survived + 1))
    echo "$name: survived ($(tail -1 "$work/restart"))"
  else
    echo "$name: FAILED ($(tail -1 "$work/restart")): $(head -c 300 "$work/err")"
  fi
}
install_args() { echo install --enforce-single-mesh=false --mesh-name "$1" --osm-namespace "$1" --timeout 3m; }

for i in $(seq "$runs"); do
  m="chaos-i$i-$RANDOM"
  if restart_during $(install_args "$m") && grep -q "^$m " <(kubectl_get) ; then report "install $i" yes; else report "install $i" no; fi

  m="chaos-u$i-$RANDOM"
  "$osm" $(install_args "$m") >/dev/null
  if restart_during mesh upgrade --mesh-name "$m" --osm-namespace "$m" --set osm.controllerLogLevel=debug \
      && "$osm" mesh list 2>/dev/null | grep -q "^$m "; then report "mesh upgrade $i" yes; else report "mesh upgrade $i" no; fi

  if restart_during uninstall mesh -f --mesh-name "$m" --osm-namespace "$m" --timeout 3m \
      && ! grep -q "^$m " <(kubectl_get); then report "uninstall mesh $i" yes; else report "uninstall mesh $i" no; fi

  m="chaos-n$i-$RANDOM"
  "$osm" $(install_args "$m") >/dev/null
  apps=()
  for j in $(seq 20); do apps+=("chaos-app$i-$j-$RANDOM"); done
  for a in "${apps[@]}"; do
    printf '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}' "$a" >"$work/ns.json"
    curl -s --cacert "$work/envtest/pki/ca.crt" --cert "$work/envtest/pki/admin.crt" --key "$work/envtest/pki/admin.key" \
      -H 'Content-Type: application/json' -d @"$work/ns.json" "https://127.0.0.1:$(grep ^API_PORT "$work/envtest/env" | cut -d= -f2)/api/v1/namespaces" >/dev/null
  done
  if restart_during namespace add "${apps[@]}" --mesh-name "$m" --request-timeout 60s \
      && [ "$("$osm" namespace list --mesh-name "$m" 2>/dev/null | grep -c chaos-app)" = 20 ]; then report "namespace add $i" yes; else report "namespace add $i" no; fi

  if restart_during support bug-report --app-namespaces "${apps[0]}" -o "$work/report-$i.tar.gz" --request-timeout 60s \
      && [ -s "$work/report-$i.tar.gz" ]; then report "support bug-report $i" yes; else report "support bug-report $i" no; fi
  "$osm" uninstall mesh -f --mesh-name "$m" --osm-namespace "$m" >/dev/null 2>&1 || true
done
echo "$survived/$total survived"
[ "$survived" = "$total" ]
