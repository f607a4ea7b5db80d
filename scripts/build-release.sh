#!/usr/bin/env bash
# Release build of osm: the Swift runtime linked statically, the version, commit and UTC build date
# written into the binary (BuildInfo.swift holds them for the duration of the build, then gets its
# development values back). Prints the binary's path as its last line.
#   scripts/build-release.sh [VERSION]
# VERSION defaults to the vX.Y.Z tag on HEAD (git describe), else "dev-<commit>".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
version="${1:-}"
if [ -z "$version" ]; then
  version="$(git -C "$root" describe --tags --exact-match --match 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null || true)"
  [ -n "$version" ] || version="dev-${commit:0:12}"
fi
date="$(date -u +%Y-%m-%d-%H:%M)"
info="$root/Sources/OSMKit/BuildInfo.swift"
cp "$info" "$info.dev"
trap 'mv "$info.dev" "$info"' EXIT
sed -i -e "s|version = \"dev\"|version = \"$version\"|" -e "s|gitCommit = \"\"|gitCommit = \"$commit\"|" \
  -e "s|buildDate = \"\"|buildDate = \"$date\"|" "$info"
link_flags=($("$root/scripts/release-link-flags" "$root/.build"))
swift build -c release --static-swift-stdlib "${link_flags[@]}" --product osm --package-path "$root" >&2
bin="$(swift build -c release --static-swift-stdlib "${link_flags[@]}" --show-bin-path --package-path "$root")/osm"
echo "built $version ($commit, $date)" >&2
echo "$bin"
