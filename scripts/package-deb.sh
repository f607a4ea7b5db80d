#!/usr/bin/env bash
# Builds the Debian package osm_<version>_<arch>.deb with dpkg-deb: the release binary (Swift
# runtime linked in, symbols stripped), man pages, shell completions, copyright and changelog.
#   scripts/package-deb.sh [OUTPUT_DIR]       (default: the current directory)
# OSM_BIN=path packages that binary; OSM_VERSION=vX.Y.Z names the version (else the binary's own);
# DEB_COMPRESSION=gzip trades size for speed (default xz).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(cd "${1:-.}" && pwd)"
bin="${OSM_BIN:-}"
[ -n "$bin" ] || bin="$("$root/scripts/build-release.sh" ${OSM_VERSION:-} | tail -1)"
version="${OSM_VERSION:-$("$bin" version --client-only | sed -n 's/.*Version:"\([^"]*\)".*/\1/p')}"
# Debian versions start with a digit: v1.2.4 → 1.2.4; a development build dev-<commit> → 0~dev+<commit>.
case "$version" in
  v[0-9]*) debversion="${version#v}" ;;
  dev-*) debversion="0~dev+${version#dev-}" ;;
  *) debversion="0~${version}" ;;
esac
arch="$(dpkg --print-architecture)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/osm"
umask 022

install -D -m 0755 "$bin" "$pkg/usr/bin/osm"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/bin/osm"
for page in "$root"/man/*.1; do
  install -D -m 0644 "$page" "$pkg/usr/share/man/man1/$(basename "$page")"
  gzip -9n "$pkg/usr/share/man/man1/$(basename "$page")"
done
install -D -m 0644 "$root/completions/osm.bash" "$pkg/usr/share/bash-completion/completions/osm"
install -D -m 0644 "$root/completions/osm.zsh" "$pkg/usr/share/zsh/vendor-completions/_osm"
install -D -m 0644 "$root/completions/osm.fish" "$pkg/usr/share/fish/vendor_completions.d/osm.fish"

doc="$pkg/usr/share/doc/osm"
install -d -m 0755 "$doc"
cat > "$doc/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: osm
Comment: A Swift re-implementation of the command-line tool of Open Service Mesh.

Files: *
Copyright: 2026 The osm Swift contributors
License: Apache-2.0
 On Debian systems, the full text of the Apache License 2.0 can be found in
 /usr/share/common-licenses/Apache-2.0.
EOF
chmod 0644 "$doc/copyright"
printf 'osm (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- osm maintainers <osm@example.org>  %s\n' \
  "$debversion" "$version" "$(date -uR)" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# libcurl and OpenSSL's libcrypto are opened at run time (dlopen), so they are named here by hand;
# the rest follows from the libraries the binary links (a release build has libstdc++ and libgcc
# linked in) and the newest glibc symbol version it needs (packed relocations need 2.36).
needs="$(objdump -p "$bin")"
glibc="$(grep -o 'GLIBC_2\.[0-9]*' <<<"$needs" | sort -t. -k2,2n | tail -1 | cut -d_ -f2)"
if grep -q GLIBC_ABI_DT_RELR <<<"$needs" && [ "${glibc#2.}" -lt 36 ]; then glibc=2.36; fi
depends="libc6 (>= $glibc)"
for pair in libgcc_s.so.1:libgcc-s1 libstdc++.so.6:libstdc++6 libyaml-0.so.2:libyaml-0-2 libz.so.1:zlib1g; do
  if grep -q "NEEDED *${pair%%:*}\$" <<<"$needs"; then depends="$depends, ${pair#*:}"; fi
done
depends="$depends, libcurl4 (>= 7.68), libssl3"
installed="$(du -sk --apparent-size "$pkg/usr" | cut -f1)"
install -d -m 0755 "$pkg/DEBIAN"
cat > "$pkg/DEBIAN/control" <<EOF
Package: osm
Version: $debversion
Architecture: $arch
Maintainer: osm maintainers <osm@example.org>
Installed-Size: $installed
Depends: $depends
Section: admin
Priority: optional
Homepage: https://openservicemesh.io
Description: command-line tool for Open Service Mesh
 Installs, upgrades and removes the Open Service Mesh control plane on a
 Kubernetes cluster, adds namespaces to the mesh, collects bug reports and
 inspects sidecars. A Swift re-implementation of upstream osm v1.2.4: it talks
 to the Kubernetes API itself and renders its built-in Helm chart itself.
EOF
file="$out/osm_${debversion}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$pkg" "$file" >/dev/null
echo "$file"
