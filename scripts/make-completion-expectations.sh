#!/usr/bin/env bash
# Records what real cobra (1.6.1, the version upstream osm v1.2.4 links) answers to the completion
# protocol on osm's own command tree, for CompletionProtocolTests:
#  1. writes the tree (`osm __docs --completion-tree`) to Tests/OSMCommandsTests/Completion/tree.json;
#  2. builds the oracle there (oracle/build: cobra from Debian's Go packages) when missing;
#  3. runs the oracle on the hand-written cases.txt, on cases made from every command of the tree
#     (each command with an empty word, '-', '--h', a prefix of its name, every flag's value) and on
#     400 random command lines (fixed seed), and writes expected.jsonl: args, exit status, stdout, stderr.
# Run it after changing commands, flags or help texts; the test says when tree.json is stale.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/Tests/OSMCommandsTests/Completion"
cd "$root"
swift build --product osm >/dev/null
env -u OSM_CONFIG HOME=/nonexistent "$(swift build --show-bin-path)/osm" __docs --completion-tree > "$dir/tree.json"
[ -x "$dir/oracle/cobra-complete" ] || "$dir/oracle/build" >&2
python3 - "$dir" <<'PY'
import json, random, subprocess, sys
d = sys.argv[1]
tree = json.load(open(d + "/tree.json"))
cases = []
for line in open(d + "/cases.txt"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    cases.append(["" if w == "''" else w for w in line.split(" ")])

def walk(node, path, inherited):
    yield node, path, inherited
    for child in node["commands"]:
        name = child["use"].split(" ")[0]
        for word in [name] + child.get("aliases", []):
            yield from walk(child, path + [word], inherited + node["persistentFlags"])

vocabulary = {"", "-", "--", "-h", "--help", "=", "x", "a,b", "0", "true", "bogus"}
for node, path, inherited in walk(tree, [], []):
    flags = node["flags"] + node["persistentFlags"] + inherited
    name = path[-1] if path else ""
    vocabulary.update(path)
    cases += [path + [""], path + ["-"], path + ["--h"], path + ["--"]]
    if name:
        cases.append(path[:-1] + [name[:1]])
    for f in flags:
        vocabulary.update(["--" + f["name"], "--" + f["name"] + "="])
        if f.get("shorthand"):
            vocabulary.add("-" + f["shorthand"])
        cases += [path + ["--" + f["name"], ""], path + ["--" + f["name"] + "="], path + ["--" + f["name"], "x", ""]]
        if f.get("shorthand"):
            cases += [path + ["-" + f["shorthand"], ""], path + ["-" + f["shorthand"] + "=x"]]
random.seed(2412)
words = sorted(vocabulary)
for _ in range(400):
    cases.append([random.choice(words) for _ in range(random.randint(1, 5))])
seen, out = set(), []
for i, words in enumerate(cases):
    # Hand-written cases name their request; the others ask with descriptions, every fifth without.
    if words[:1] not in (["__complete"], ["__completeNoDesc"]):
        words = (["__completeNoDesc"] if i % 5 == 0 else ["__complete"]) + words
    key = json.dumps(words)
    if key in seen:
        continue
    seen.add(key)
    p = subprocess.run([d + "/oracle/cobra-complete", d + "/tree.json"] + words, capture_output=True, text=True)
    out.append(json.dumps({"args": words, "status": p.returncode, "stdout": p.stdout, "stderr": p.stderr}))
with open(d + "/expected.jsonl", "w") as f:
    f.write("\n".join(out) + "\n")
print("recorded %d cases" % len(out))
PY
