#!/usr/bin/env bash
# osm install --dry-run against the Go oracle on Benchmarks/chart (no subcharts):
#  1. one process each: `osm install --dry-run --osm-chart-path C` vs `gotpl chart C` (start-up included);
#  2. in-process: REPEAT loads+renders through HelmRenderer vs `gotpl chart --repeat REPEAT`.
#   Benchmarks/render.sh [REPEAT]     (needs ../shared/oracle/gotpl/gotpl)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeat="${1:-200}"
oracle="${GOTPL:-$root/../shared/oracle/gotpl/gotpl}"
[ -x "$oracle" ] || { echo "gotpl oracle not built: run ../shared/oracle/gotpl/build" >&2; exit 1; }
chart="$root/Benchmarks/chart"
# Release builds link the Swift runtime statically (as scripts/build-release.sh does): start-up is
# then about half as long as with shared libraries.
scratch="$root/.build-static"
link_flags=($("$root/scripts/release-link-flags" "$scratch"))
swift build -c release --static-swift-stdlib "${link_flags[@]}" --scratch-path "$scratch" --product osm --package-path "$root" >/dev/null
swift build -c release --static-swift-stdlib "${link_flags[@]}" --scratch-path "$scratch" --product render-bench --package-path "$root" >/dev/null
bin="$(swift build -c release --static-swift-stdlib "${link_flags[@]}" --scratch-path "$scratch" --show-bin-path --package-path "$root")"
best() {
  local t best=999999
  for _ in 1 2 3 4 5; do
    t=$( { /usr/bin/time -f %e "$@" > /dev/null; } 2>&1 | tail -1 )
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$best"
}
ratio() { python3 -c "print('%.2fx' % ($1 / $2 if $2 > 0 else float('nan')))"; }
# Process start-up is a few milliseconds, below /usr/bin/time's resolution, and this machine's
# scheduling noise is of the same size: the three commands run in turns, ROUNDS (60) rounds, and
# each one's median counts.
# Peak resident memory (kB) of one run, the lowest of five.
peak_kb() {
  local m best=999999999
  for _ in 1 2 3 4 5; do
    m=$( { /usr/bin/time -f %M "$@" > /dev/null; } 2>&1 | tail -1 )
    [ "$m" -lt "$best" ] && best=$m
  done
  echo "$best"
}
# The same chart with a packaged subchart its condition disables (gotpl does not read subcharts).
addon="$(mktemp -d /tmp/osm-render-addon-XXXXXX)"
trap 'rm -rf "$addon"' EXIT
python3 "$root/Benchmarks/make-addon-chart.py" "$addon/chart" >/dev/null
read -r osm_s go1_s addon_s < <(python3 - "${ROUNDS:-60}" "$bin/osm" "$oracle" "$chart" "$addon/chart" <<'PY'
import statistics, subprocess, sys, time
rounds, osm, oracle, chart, addon = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
commands = [
    [osm, "install", "--dry-run", "--osm-chart-path", chart, "--mesh-name", "bench", "--osm-namespace", "bench-system"],
    [oracle, "chart", chart, "--name", "bench", "--namespace", "bench-system"],
    [osm, "install", "--dry-run", "--osm-chart-path", addon, "--mesh-name", "bench", "--osm-namespace", "bench-system"],
]
times = [[] for _ in commands]
for _ in range(rounds):
    for i, command in enumerate(commands):
        t = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        times[i].append(time.perf_counter() - t)
print(" ".join("%.4f" % statistics.median(t) for t in times))
PY
)
echo "one process (median of ${ROUNDS:-60} interleaved runs): osm install --dry-run ${osm_s}s   gotpl chart ${go1_s}s   ratio $(ratio "$osm_s" "$go1_s")"
osm_kb=$(peak_kb "$bin/osm" install --dry-run --osm-chart-path "$chart" --mesh-name bench --osm-namespace bench-system)
go_kb=$(peak_kb "$oracle" chart "$chart" --name bench --namespace bench-system)
echo "peak memory: osm ${osm_kb} kB   gotpl ${go_kb} kB   ratio $(ratio "$osm_kb" "$go_kb")"
echo "with a disabled packaged subchart: osm ${addon_s}s (+$(python3 -c "print('%.1f' % (($addon_s - $osm_s) * 1000))") ms)   ratio to gotpl on the chart $(ratio "$addon_s" "$go1_s")"
swift_s=$(best "$bin/render-bench" "$chart" "$repeat")
gon_s=$(best "$oracle" chart "$chart" --name bench --namespace bench-system --repeat "$repeat")
echo "in process, $repeat renders: swift ${swift_s}s   gotpl ${gon_s}s   ratio $(ratio "$swift_s" "$gon_s")"
# The two charts issue 25 names, each as a whole process against gotpl on the same chart and values,
# interleaved: the built-in chart (osm renders its embedded copy; gotpl reads charts/osm) and
# upstream's v1.2.4 chart directory with its packaged Contour subchart (gotpl skips subcharts; osm
# loads it and leaves it out by its condition). Median time and median peak memory of ROUNDS runs.
upstream="$root/Tests/OSMCommandsTests/Upstream/osm-v1.2.4"
python3 - "${ROUNDS:-60}" "$bin/osm" "$oracle" "$root/charts/osm" "$upstream" <<'PY'
import statistics, subprocess, sys, time
rounds, osm, oracle, builtin, upstream = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
values = ["--set", "osm.meshName=osm", "--set", "osm.enforceSingleMesh=true"]
pairs = {
    "built-in chart": ([osm, "install", "--dry-run"], [oracle, "chart", builtin, "--name", "osm", "--namespace", "osm-system"] + values),
    "upstream v1.2.4 dir + packaged subchart": ([osm, "install", "--dry-run", "--osm-chart-path", upstream],
                                                [oracle, "chart", upstream, "--name", "osm", "--namespace", "osm-system"] + values),
}
def run(command):
    t = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, text=True)
    return time.perf_counter() - t, int(done.stderr.strip().splitlines()[-1])
for name, (ours, theirs) in pairs.items():
    a, b = [], []
    for _ in range(rounds):
        a.append(run(ours)); b.append(run(theirs))
    ta, tb = statistics.median(x[0] for x in a), statistics.median(x[0] for x in b)
    ma, mb = statistics.median(x[1] for x in a), statistics.median(x[1] for x in b)
    print(f"{name}: time osm {ta * 1000:.1f} ms, gotpl {tb * 1000:.1f} ms, ratio {ta / tb:.2f}x; "
          f"peak memory osm {ma:.0f} kB, gotpl {mb:.0f} kB, ratio {ma / mb:.2f}x")
PY
