#!/usr/bin/env bash
# Regenerates Tests/GoTemplateTests/Corpus/expected/ from the Go oracle (../shared/oracle/gotpl).
# Each case NNN-name.tpl is rendered with NNN-name.yaml when present, else values.yaml; the expected
# text is the oracle's output or its error line ("error: ...").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
oracle="${GOTPL:-$root/../shared/oracle/gotpl/gotpl}"
[ -x "$oracle" ] || { echo "gotpl oracle not built: run ../shared/oracle/gotpl/build" >&2; exit 1; }
corpus="$root/Tests/GoTemplateTests/Corpus"
rm -rf "$corpus/expected"
mkdir -p "$corpus/expected"
cd "$corpus/cases"
count=0
for tpl in *.tpl; do
  name="${tpl%.tpl}"
  values="values.yaml"
  [ -f "$name.yaml" ] && values="$name.yaml"
  timeout 20 "$oracle" template "$tpl" -f "$values" > "../expected/$name.txt" 2>&1 || true
  count=$((count + 1))
done
echo "regenerated $count expected outputs"
