#!/usr/bin/env bash
# Installs osm for users: the release binary, its man pages and its shell completions, each where its
# tools look under PREFIX (default /usr/local). Running it again replaces the files; --uninstall
# removes exactly the files and folders the install put there (listed in PREFIX/share/osm/).
#   scripts/install.sh [--prefix DIR] [--uninstall]
# OSM_BIN=path installs that binary instead of building one (scripts/build-release.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix=/usr/local
uninstall=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
manifest="$prefix/share/osm/installed-files"

if [ -n "$uninstall" ]; then
  [ -f "$manifest" ] || { echo "install.sh: nothing to uninstall under $prefix (no $manifest)" >&2; exit 1; }
  # Files first, then the folders the install made, deepest first (only if they are empty).
  while IFS=' ' read -r kind path; do [ "$kind" = f ] && rm -f "$prefix/$path"; done < "$manifest"
  made="$(grep '^d ' "$manifest.dirs" 2>/dev/null | cut -c3- | sort -r || true)"
  rm -f "$manifest" "$manifest.dirs"
  while IFS= read -r dir; do [ -n "$dir" ] && { rmdir "$prefix/$dir" 2>/dev/null || true; }; done <<<"$made"
  echo "removed osm from $prefix"
  exit 0
fi

bin="${OSM_BIN:-}"
[ -n "$bin" ] || bin="$("$root/scripts/build-release.sh" | tail -1)"
[ -x "$bin" ] || { echo "install.sh: no osm binary at $bin" >&2; exit 1; }

files=()
# Folders this install creates (kept from an earlier install, so that a re-run still knows them).
dirs=()
[ -f "$manifest.dirs" ] && mapfile -t dirs < <(cut -c3- "$manifest.dirs")
note_dirs() { # DEST: record each missing parent folder before it is made
  local dir; dir="$(dirname "$1")"
  while [ "$dir" != "." ] && [ ! -d "$prefix/$dir" ]; do dirs+=("$dir"); dir="$(dirname "$dir")"; done
}
put() { # MODE SOURCE DEST (relative to the prefix)
  note_dirs "$3"
  install -D -m "$1" "$2" "$prefix/$3"
  files+=("$3")
}
put 0755 "$bin" bin/osm
for page in "$root"/man/*.1; do put 0644 "$page" "share/man/man1/$(basename "$page")"; done
put 0644 "$root/completions/osm.bash" share/bash-completion/completions/osm
put 0644 "$root/completions/osm.zsh" share/zsh/site-functions/_osm
put 0644 "$root/completions/osm.fish" share/fish/vendor_completions.d/osm.fish
note_dirs "share/osm/installed-files"
mkdir -p "$(dirname "$manifest")"
printf 'f %s\n' "${files[@]}" > "$manifest"
printf 'd %s\n' "${dirs[@]}" | sort -u > "$manifest.dirs"
echo "installed osm $("$prefix/bin/osm" version --client-only 2>/dev/null | sed -n 's/.*Version:"\([^"]*\)".*/\1/p') into $prefix (${#files[@]} files)"
