#!/usr/bin/env bash
# Renders charts/osm with real Helm (../shared/oracle/helm-template) for each case of
# Tests/HelmEngineTests/OSMChart/cases.txt (`name|args`) into expected/NAME.txt. The CLI always sets
# osm.meshName and osm.enforceSingleMesh; the cases do the same.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
oracle="${HELM_TEMPLATE:-$root/../shared/oracle/helm-template}"
dir="$root/Tests/HelmEngineTests/OSMChart"
rm -rf "$dir/expected"
mkdir -p "$dir/expected"
while IFS='|' read -r name args; do
  [ -n "$name" ] || continue
  # The release is named after the mesh, as osm install names it.
  release="$(grep -o 'osm.meshName=[^ ,]*' <<<"$args" | cut -d= -f2)"
  # shellcheck disable=SC2086
  if ! "$oracle" "$root/charts/osm" --name "${release:-osm}" --namespace osm-system --kube-version v1.26.0 $args > "$dir/expected/$name.txt" 2> "$dir/expected/$name.err"; then
    grep -Ev '^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8} ' "$dir/expected/$name.err" > "$dir/expected/$name.txt" || true
  fi
  rm -f "$dir/expected/$name.err"
done < "$dir/cases.txt"
echo "regenerated $(ls "$dir/expected" | wc -l) expected outputs"
