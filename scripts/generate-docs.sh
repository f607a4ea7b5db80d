#!/usr/bin/env bash
# Regenerates completions/ and man/ from the command tree of the osm binary.
# A test (GeneratedDocsTests) fails when the committed files differ from what this writes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
swift build --product osm >/dev/null
rm -rf completions man
env -u OSM_CONFIG HOME=/nonexistent "$(swift build --show-bin-path)/osm" __docs "$root"
echo "wrote $(ls completions | wc -l) completion scripts and $(ls man | wc -l) man pages"
