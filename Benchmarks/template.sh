#!/usr/bin/env bash
# Renders Benchmarks/chart (a control-plane-sized chart: helpers, includes, toYaml/toJson, ranges,
# dicts) N times in one process with our engine and with `gotpl chart --repeat N`, checks that
# both outputs are identical, and prints the time ratio.
#   Benchmarks/template.sh [REPEAT]     (needs ../shared/oracle/gotpl/gotpl)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeat="${1:-200}"
oracle="${GOTPL:-$root/../shared/oracle/gotpl/gotpl}"
[ -x "$oracle" ] || { echo "gotpl oracle not built: run ../shared/oracle/gotpl/build" >&2; exit 1; }
chart="$root/Benchmarks/chart"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --product template-bench --package-path "$root" >/dev/null
bench="$(swift build -c release --show-bin-path --package-path "$root")/template-bench"
"$oracle" chart "$chart" --name bench --namespace bench-system > "$work/go.out"
"$bench" "$chart" 1 > "$work/swift.out"
if cmp -s "$work/go.out" "$work/swift.out"; then same="identical"; else same="DIFFERENT"; diff "$work/go.out" "$work/swift.out" | head -20; fi
best() {
  local t best=999999
  for _ in 1 2 3; do
    t=$( { /usr/bin/time -f %e "$@" > /dev/null; } 2>&1 | tail -1 )
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$best"
}
go_s=$(best "$oracle" chart "$chart" --name bench --namespace bench-system --repeat "$repeat")
swift_s=$(best "$bench" "$chart" "$repeat")
echo "chart: $(ls "$chart/templates" | wc -l) templates, $(wc -l < "$work/go.out") output lines, rendered $repeat times, best of 3"
echo "outputs: $same"
echo "go oracle: ${go_s}s   swift: ${swift_s}s"
python3 -c "print('ratio swift/go: %.2fx' % ($swift_s / $go_s if $go_s > 0 else float('nan')))"
