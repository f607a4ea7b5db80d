#!/usr/bin/env bash
# Writes .build-order/symbol-order.txt: the functions a release osm runs in its common
# cluster-free paths (a dry-run install of the built-in chart and of Benchmarks/chart, help, version,
# completion), found by running them under valgrind's callgrind, then the data they read (constants,
# type metadata, tables), found by tracing a dry-run's memory accesses with valgrind's lackey.
# scripts/release-link-flags hands the list to lld, which lays those functions out next to each
# other at the start of .text, and that data at the start of its sections; the kernel then maps a
# few hundred kB of code and data around them instead of pages scattered over the 16 MB text and
# 36 MB of read-only data (peak memory of a dry-run: 15.5 MB -> 11.5 MB for the functions, another
# 0.4 MB for the data). A stale list only costs memory, never correctness: names that no longer
# exist are skipped.
# scripts/release-link-flags runs it whenever the list is missing or older than a source file, so
# every release build (scripts/build-release.sh, the benchmarks, packaging) is laid out from a list
# made from the very code it links; nothing is kept in the repository.
#   scripts/make-symbol-order.sh              (needs valgrind; takes a release build of its own first)
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
run 6 install --dry-run --osm-chart-path Tests/OSMCommandsTests/Upstream/osm-v1.2.4
run 3 version --client-only
run 4 install --help
run 5 completion bash
# Data: every named object a dry-run reads or writes, in the order it is first touched. valgrind
# loads a position-independent executable at 0x108000; the trace is checked against that.
nm -S --defined-only "$work/osm" > "$work/symbols"
entry="$(readelf -h "$work/osm" | awk '/Entry point/ {print $4}')"
cat > "$work/trace.py" <<'PY'
import bisect, sys
base = 0x108000
entry = int(sys.argv[2], 16) + base
objects = []
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 4 and p[2] in "rRdDbBvV":
        objects.append((int(p[0], 16), int(p[1], 16), p[3]))
objects.sort()
starts = [o[0] for o in objects]
seen, order, entered = set(), [], False
for line in sys.stdin:
    kind = line[:2]
    if kind == "I ":
        if not entered and int(line.split()[1].split(",")[0], 16) == entry:
            entered = True
        continue
    if kind not in (" L", " S", " M"):
        continue
    address = int(line.split()[1].split(",")[0], 16) - base
    i = bisect.bisect_right(starts, address) - 1
    if i >= 0 and objects[i][0] <= address < objects[i][0] + max(objects[i][1], 1) and objects[i][2] not in seen:
        seen.add(objects[i][2])
        order.append(objects[i][2])
if not entered:
    sys.exit("make-symbol-order: the memory trace does not start at the executable's entry (valgrind loaded it elsewhere); data order left out")
print("\n".join(order))
PY
valgrind --tool=lackey --trace-mem=yes --log-fd=3 "$work/osm" install --dry-run \
  --osm-chart-path Benchmarks/chart 3>&1 >/dev/null 2>/dev/null | python3 "$work/trace.py" "$work/symbols" "$entry" > "$work/data"
python3 - "$work" "$scratch/symbol-order.txt.new" <<'PY'
import glob, os, re, sys
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
functions = len(order)
data = [line.strip() for line in open(os.path.join(work, "data")) if line.strip() and line.strip() not in seen]
with open(out, "w") as fh:
    fh.write("\n".join(order + data) + "\n")
print(f"{out}: {functions} functions, {len(data)} data objects", file=sys.stderr)
PY
mv "$scratch/symbol-order.txt.new" "$scratch/symbol-order.txt"
