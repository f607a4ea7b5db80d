#!/usr/bin/env bash
# Parse + toYaml of a ~1 MB values document: our YAML layer against the Go oracle (gotpl,
# `{{ toYaml .Values }}`), same file, same number of repetitions, in one run. Prints the ratio.
#   Benchmarks/yaml.sh [REPEAT]      (needs ../shared/oracle/gotpl/gotpl; build it with its build script)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeat="${1:-5}"
oracle="${GOTPL:-$root/../shared/oracle/gotpl/gotpl}"
[ -x "$oracle" ] || { echo "gotpl oracle not built: run ../shared/oracle/gotpl/build" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/Benchmarks/make-values.py" "$work/values.yaml" 1000000
printf '{{ toYaml .Values }}' > "$work/toyaml.tpl"
swift build -c release --product yaml-bench --package-path "$root" >/dev/null
bench="$(swift build -c release --show-bin-path --package-path "$root")/yaml-bench"

"$oracle" template "$work/toyaml.tpl" -f "$work/values.yaml" > "$work/go.out"
"$bench" "$work/values.yaml" > "$work/swift.out"
if cmp -s "$work/go.out" "$work/swift.out"; then same="identical"; else same="DIFFERENT"; fi

best() { # best wall time in seconds of 5 runs of the command
  local t best=999999
  for _ in 1 2 3 4 5; do
    t=$( { /usr/bin/time -f %e "$@" > /dev/null; } 2>&1 | tail -1 )
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$best"
}
go_s=$(best "$oracle" template "$work/toyaml.tpl" -f "$work/values.yaml" --repeat "$repeat")
swift_s=$(best "$bench" "$work/values.yaml" "$repeat")
echo "input: $(wc -c < "$work/values.yaml") bytes, 1 parse + $repeat toYaml per run, best of 5"
echo "outputs: $same"
echo "go oracle: ${go_s}s   swift: ${swift_s}s"
python3 -c "print('ratio swift/go: %.2fx' % ($swift_s / $go_s if $go_s > 0 else float('nan')))"
