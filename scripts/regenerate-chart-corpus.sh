#!/usr/bin/env bash
# Regenerates Tests/HelmEngineTests/Charts/expected/ with real Helm (../shared/oracle/helm-template).
# Each line of cases.txt is `case|chart|args`; VALUES/ in args means the Charts folder. Every case
# renders for Kubernetes v1.26.0 unless it names another --kube-version.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
oracle="${HELM_TEMPLATE:-$root/../shared/oracle/helm-template}"
charts="$root/Tests/HelmEngineTests/Charts"
rm -rf "$charts/expected"
mkdir -p "$charts/expected"
count=0
while IFS='|' read -r name chart args; do
  [ -n "$name" ] || continue
  args="${args//VALUES\//$charts/}"
  kube=(--kube-version v1.26.0)
  [[ "$args" == *--kube-version* ]] && kube=()
  # stdout on success; on failure the error line(s), without Helm's timestamped log lines
  # shellcheck disable=SC2086
  if ! "$oracle" "$charts/$chart" "${kube[@]}" $args > "$charts/expected/$name.txt" 2> "$charts/expected/$name.err"; then
    grep -Ev '^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8} ' "$charts/expected/$name.err" > "$charts/expected/$name.txt" || true
  fi
  rm -f "$charts/expected/$name.err"
  count=$((count + 1))
done < "$charts/cases.txt"
echo "regenerated $count expected outputs"
