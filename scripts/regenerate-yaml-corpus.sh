#!/usr/bin/env bash
# Regenerates Tests/YAMLTests/Corpus/expected/ from the Go oracle (../shared/oracle/gotpl).
# Each case is read as a Helm values file; the expected text is what the oracle prints for
# `{{ toJson .Values }}` and `{{ toYaml .Values }}`, or its error line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
oracle="${GOTPL:-$root/../shared/oracle/gotpl/gotpl}"
[ -x "$oracle" ] || { echo "gotpl oracle not built: run ../shared/oracle/gotpl/build" >&2; exit 1; }
corpus="$root/Tests/YAMLTests/Corpus"
template="$corpus/template.tpl"
rm -rf "$corpus/expected"
mkdir -p "$corpus/expected"
count=0
for input in "$corpus"/cases/*.yaml; do
  name="$(basename "$input" .yaml)"
  # stdout on success, the error line on failure; exact bytes, trailing newlines included
  "$oracle" template "$template" -f "$input" > "$corpus/expected/$name.txt" 2>&1 || true
  count=$((count + 1))
done
echo "regenerated $count expected outputs"
