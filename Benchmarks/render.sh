#!/usr/bin/env bash
# osm install --dry-run against the Go oracle on Benchmarks/chart (no subcharts):
#  1. one process each: `osm install --dry-run --osm-chart-path C` vs `gotpl chart C` (start-up included);
#  2. in-process: REPEAT loads+renders through HelmRenderer vs `gotpl chart --repeat REPEAT`.
#   Benchmarks/render.sh [REPEAT]     (needs ../shared/oracle/gotpl/gotpl)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeat="${1:-200}"
oracle="${GOTPL:-$root/../shared/oracle/gotpl/gotpl}"
[ -x "$oracle" ] || { echo "gotpl oracle not built: run ../shared/oracle/gotpl/build" >&2; exit 1; }
chart="$root/Benchmarks/chart"
swift build -c release --product osm --package-path "$root" >/dev/null
swift build -c release --product render-bench --package-path "$root" >/dev/null
bin="$(swift build -c release --show-bin-path --package-path "$root")"
best() {
  local t best=999999
  for _ in 1 2 3 4 5; do
    t=$( { /usr/bin/time -f %e "$@" > /dev/null; } 2>&1 | tail -1 )
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$best"
}
ratio() { python3 -c "print('%.2fx' % ($1 / $2 if $2 > 0 else float('nan')))"; }
osm_s=$(best "$bin/osm" install --dry-run --osm-chart-path "$chart" --mesh-name bench --osm-namespace bench-system)
go1_s=$(best "$oracle" chart "$chart" --name bench --namespace bench-system)
echo "one process: osm install --dry-run ${osm_s}s   gotpl chart ${go1_s}s   ratio $(ratio "$osm_s" "$go1_s")"
swift_s=$(best "$bin/render-bench" "$chart" "$repeat")
gon_s=$(best "$oracle" chart "$chart" --name bench --namespace bench-system --repeat "$repeat")
echo "in process, $repeat renders: swift ${swift_s}s   gotpl ${gon_s}s   ratio $(ratio "$swift_s" "$gon_s")"
