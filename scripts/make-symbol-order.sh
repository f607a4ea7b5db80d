#!/usr/bin/env bash
# Regenerates scripts/release-symbol-order.txt: the functions a release osm runs in its common
# cluster-free paths (a dry-run install of the built-in chart and of Benchmarks/chart, help, version,
# completion), found by running them under valgrind's callgrind. scripts/release-link-flags hands
# the list to lld, which lays those functions out next to each other at the start of .text; the
# kernel then maps a few hundred kB of code around them instead of pages scattered over the 16 MB
# text (peak memory of a dry-run: 15.5 MB -> 11.5 MB). A stale list only costs memory, never
# correctness: names that no longer exist are skipped.
#   scripts/make-symbol-order.sh              (needs valgrind; takes a release build first)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v valgrind >/dev/null || { echo "make-symbol-order: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
scratch="$root/.build-order"
link_flags=($(OSM_SYMBOL_ORDER=none scripts/release-link-flags "$scratch"))
swift build -c release --static-swift-stdlib "${link_flags[@]}" --scratch-path "$scratch" --product osm >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read this toolchain's debug information: profile a copy without it.
objcopy --strip-debug "$scratch/release/osm" "$work/osm"
run() { valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$1" "$work/osm" "${@:2}" >/dev/null 2>&1 || true; }
run 1 install --dry-run
run 2 install --dry-run --osm-chart-path Benchmarks/chart --mesh-name bench --osm-namespace bench-system
run 3 version --client-only
run 4 install --help
run 5 completion bash
python3 - "$work" "$root/scripts/release-symbol-order.txt" <<'PY'
import glob, re, sys
work, out = sys.argv[1], sys.argv[2]
seen, order = set(), []
for path in sorted(glob.glob(work + "/cg.*")):
    objects, functions, current = {}, {}, None
    for line in open(path, errors="replace"):
        m = re.match(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not m:
            continue
        kind, key, name = m.groups()
        table = objects if kind.endswith("ob") else functions
        if name:
            table[key] = name
        if kind == "ob":
            current = objects[key]
        elif kind == "fn" and current and current.endswith("/osm"):
            symbol = re.sub(r"'\d+$", "", functions[key])
            if not symbol.startswith("0x") and symbol not in seen:
                seen.add(symbol)
                order.append(symbol)
with open(out, "w") as fh:
    fh.write("\n".join(order) + "\n")
print(f"{out}: {len(order)} functions", file=sys.stderr)
PY
