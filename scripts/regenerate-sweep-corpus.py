#!/usr/bin/env python3
"""Regenerates Tests/HelmEngineTests/Sweep/cases.jsonl with real Helm (../shared/oracle/helm-template).

The sweep applies every deterministic Helm, Sprig and text/template function, and every template
action, to every kind of value a chart's templates meet: maps and lists from values files, strings,
booleans, float64 (all YAML/JSON numbers), int64 (what `--set` gives), int (template literals and
len), nil, a missing key, []byte from .Files and the .Files map itself. Each case is one template
`[{{ EXPR }}]` rendered on its own in the sweep chart; the expected text is Helm's output, or its
error message.

A second corpus, semver.jsonl, runs Sprig's `semver` and `semverCompare` over version texts and
constraints with every operator, wildcard, range, separator and malformed shape Masterminds/semver
reads, since the engine matches its patterns without a regex library.

A third, regex.jsonl, runs regexFindAll and regexMatch (Go's regexp) over patterns of the syntax
PatternMatcher implements, to check that matcher against Go directly; regexfn.jsonl runs Sprig's
regexReplaceAll, regexReplaceAllLiteral, regexSplit and regexFind over the same patterns and texts.

    scripts/regenerate-sweep-corpus.py [sweep|semver|regex|regexfn]   # default all (needs the helm-template venv)
"""
import json, os, subprocess, sys, tempfile, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORACLE = os.environ.get("HELM_TEMPLATE", os.path.join(ROOT, "..", "shared", "oracle", "helm-template"))
VENV = os.environ.get("HELM_ORACLE_VENV", os.path.expanduser("~/.cache/osm-helm-oracle"))
SWEEP = os.path.join(ROOT, "Tests", "HelmEngineTests", "Sweep")
CHART = os.path.join(SWEEP, "chart")

# Value kinds: name → template expression.
KINDS = [
    ("map", ".Values.m"),
    ("emptymap", ".Values.em"),
    ("list", ".Values.l"),
    ("emptylist", ".Values.el"),
    ("strlist", ".Values.sl"),
    ("string", ".Values.s"),
    ("numstring", ".Values.ns"),
    ("emptystring", ".Values.es"),
    ("true", ".Values.t"),
    ("false", ".Values.f"),
    ("float", ".Values.fl"),
    ("intfloat", ".Values.fi"),
    ("bigfloat", ".Values.big"),
    ("negfloat", ".Values.neg"),
    ("int64", "(int64 .Values.fi)"),
    ("int", "(len .Values.sl)"),
    ("nil", "(index .Values.nils 0)"),
    ("missing", ".Values.missing"),
    ("bytes", "(.Files.GetBytes \"f.txt\")"),
    ("files", "(.Files.Glob \"*.txt\")"),
]

# Functions and actions: each shape places the value X once or more.
SHAPES = {
    # text/template builtins and actions
    "print": ["X"], "printf": ['printf "%v|%T" X X', 'printf "%s" X', 'printf "%d" X', 'printf "%q" X'],
    "println": ["println X"], "print-fn": ["print X X"],
    "len": ["len X"], "index": ["index X 0", 'index X "a"'], "slice": ["slice X 1", "slice X 0 1"],
    "not": ["not X"], "and": ["and X 1", "and 1 X"], "or": ["or X 0", "or 0 X"],
    "eq": ["eq X X", "eq X 3", 'eq X "Hello, World"', "eq X 3.0", "eq X true", "eq X nil"],
    "ne": ["ne X 3"], "lt": ["lt X 3", "lt X 3.5", 'lt X "m"'], "le": ["le X 3"], "gt": ["gt X 2"], "ge": ["ge X 3"],
    "html": ["html X"], "js": ["js X"], "urlquery": ["urlquery X"],
    "if": ["if X }}yes{{ else }}no{{ end"],
    "with": ["with X }}{{ . }}{{ else }}none{{ end"],
    "range": ["range X }}<{{ . }}>{{ else }}empty{{ end", "range $k, $v := X }}{{ $k }}={{ $v }};{{ end"],
    "field": ["X.a", "X.a.b"],
    "pipe": ["X | print"],
    # Helm
    "toYaml": ["toYaml X"], "mustToYaml": ["mustToYaml X"], "toYamlPretty": ["toYamlPretty X"],
    "toJson": ["toJson X"], "mustToJson": ["mustToJson X"], "toToml": ["toToml X"],
    "fromYaml": ["fromYaml X"], "fromYamlArray": ["fromYamlArray X"], "fromJson": ["fromJson X"],
    "fromJsonArray": ["fromJsonArray X"], "tpl": ["tpl X $"], "required": ['required "need it" X'],
    "include": ['include X $'],
    # Sprig: strings
    "toString": ["toString X"], "toStrings": ["toStrings X"], "upper": ["upper X"], "lower": ["lower X"],
    "title": ["title X"], "untitle": ["untitle X"], "trim": ["trim X"], "trimAll": ['trimAll "H" X'],
    "trimPrefix": ['trimPrefix "He" X'], "trimSuffix": ['trimSuffix "ld" X'], "nospace": ["nospace X"],
    "repeat": ["repeat 2 X"], "substr": ["substr 1 3 X"], "trunc": ["trunc 3 X", "trunc -3 X"],
    "abbrev": ["abbrev 5 X"], "abbrevboth": ["abbrevboth 1 6 X"], "initials": ["initials X"],
    "wrap": ["wrap 5 X"], "wrapWith": ['wrapWith 5 "|" X'], "contains": ['contains "l" X'],
    "hasPrefix": ['hasPrefix "H" X'], "hasSuffix": ['hasSuffix "d" X'], "quote": ["quote X"],
    "squote": ["squote X"], "cat": ["cat X X"], "indent": ["indent 2 X"], "nindent": ["nindent 2 X"],
    "replace": ['replace "l" "L" X'], "plural": ['plural "one" "many" X'], "snakecase": ["snakecase X"],
    "camelcase": ["camelcase X"], "kebabcase": ["kebabcase X"], "swapcase": ["swapcase X"],
    "split": ['split "," X'], "splitList": ['splitList "," X'], "splitn": ['splitn "," 2 X'],
    "join": ['join "," X'], "sortAlpha": ["sortAlpha X"], "b64enc": ["b64enc X"], "b64dec": ["b64dec X"],
    "b32enc": ["b32enc X"], "b32dec": ["b32dec X"], "sha1sum": ["sha1sum X"], "sha256sum": ["sha256sum X"],
    "adler32sum": ["adler32sum X"], "regexMatch": ['regexMatch "l+" X'], "regexFind": ['regexFind "l+" X'],
    "regexFindAll": ['regexFindAll "l" X -1'], "regexReplaceAll": ['regexReplaceAll "l" X "L"'],
    "regexReplaceAllLiteral": ['regexReplaceAllLiteral "l" X "$1"'], "regexSplit": ['regexSplit "," X -1'],
    "regexQuoteMeta": ["regexQuoteMeta X"], "shellQuote-like": ['printf "%s" (toString X | quote)'],
    # Sprig: conversions and numbers
    "atoi": ["atoi X"], "int": ["int X"], "int64": ["int64 X"], "float64": ["float64 X"],
    "toDecimal": ["toDecimal X"], "add": ["add X 1", "add 1 X"], "add1": ["add1 X"], "sub": ["sub X 1"],
    "mul": ["mul X 2"], "div": ["div X 2"], "mod": ["mod X 2"], "max": ["max X 2"], "min": ["min X 2"],
    "biggest": ["biggest X 1"], "addf": ["addf X 1"], "add1f": ["add1f X"], "subf": ["subf X 1"],
    "mulf": ["mulf X 2"], "divf": ["divf X 2"], "maxf": ["maxf X 2"], "minf": ["minf X 2"],
    "floor": ["floor X"], "ceil": ["ceil X"], "round": ["round X 1"], "until": ["until X"],
    "untilStep": ["untilStep 0 X 1"], "seq": ["seq X"],
    # Sprig: defaults, flow, types
    "default": ['default "d" X'], "empty": ["empty X"], "coalesce": ["coalesce X 5"], "all": ["all X 1"],
    "any": ["any X 0"], "ternary": ['ternary "a" "b" X'], "deepCopy": ["deepCopy X"],
    "mustDeepCopy": ["mustDeepCopy X"], "typeOf": ["typeOf X"], "kindOf": ["kindOf X"],
    "typeIs": ['typeIs "string" X'], "typeIsLike": ['typeIsLike "[]interface {}" X'], "kindIs": ['kindIs "map" X'],
    "deepEqual": ["deepEqual X X"], "toPrettyJson": ["toPrettyJson X"], "toRawJson": ["toRawJson X"],
    "fail": ["if false }}{{ fail X }}{{ end"],
    # Sprig: lists and dicts
    "list": ["list X X"], "tuple": ["tuple X"], "first": ["first X"], "last": ["last X"], "rest": ["rest X"],
    "initial": ["initial X"], "reverse": ["reverse X"], "uniq": ["uniq X"], "compact": ["compact X"],
    "without": ["without X 1"], "has": ["has 1 X", 'has "b" X'], "append": ["append X 9"],
    "prepend": ["prepend X 9"], "concat": ["concat X (list 9)"], "chunk": ["chunk 2 X"], "mustFirst": ["mustFirst X"],
    "keys": ["keys X"], "values": ["values X"], "pick": ['pick X "a"'], "omit": ['omit X "a"'],
    "hasKey": ['hasKey X "a"'], "get": ['get X "a"'], "set": ['set (deepCopy X) "z" 1'], "unset": ['unset (deepCopy X) "a"'],
    "dict": ['dict "k" X'], "pluck": ['pluck "a" X'], "dig": ['dig "a" "none" X'], "merge": ["merge (dict) X"],
    "mergeOverwrite": ["mergeOverwrite (dict) X"], "mustAppend": ["mustAppend X 1"], "mustUniq": ["mustUniq X"],
    # Sprig: paths, urls, semver, encoding
    "base": ["base X"], "dir": ["dir X"], "ext": ["ext X"], "clean": ["clean X"], "isAbs": ["isAbs X"],
    "urlParse": ["urlParse X"], "urlJoin": ["urlJoin X"], "semver": ["semver X"], "semverCompare": ['semverCompare ">1" X'],
    "sha512sum": ["sha512sum X"],
}


def cases():
    out = []
    for fn, shapes in SHAPES.items():
        for si, shape in enumerate(shapes):
            for kind, expr in KINDS:
                text = "[{{ " + shape.replace("X", expr) + " }}]"
                out.append({"id": f"{fn}.{si}.{kind}", "template": text})
    return out


VERSIONS = [
    "1.2.3", "v1.2.3", "1.2", "1", "v1", "0.0.0", "1.2.3-alpha", "1.2.3-alpha.1", "1.2.3-0", "1.2.3-01",
    "1.2.3-alpha.01", "1.2.3+build.5", "1.2.3-beta+exp.sha.5114f85", "1.2.3-", "1.2.3+", "1.2.3.4",
    "01.2.3", "1.02.3", "v1.2.3-rc.1+meta", "1.2.3-a-b", "1.2.3-a..b", "1.2.3-α", " 1.2.3",
    "1.2.3 ", "", "x", "1.x", "18446744073709551616", "99999999999999999999.0.0", "1.2.3-x.7.z.92",
    "1.0.0-rc.1", "v1.26.0", "v1.26.0-gke.100", "v1.26.0+k3s1", "1.2.3+001", "1.2-beta", "1-beta",
    "v", "vv1", "V1.2.3", "1.2.3-ALPHA", "1.2.3-alpha_1", "1.2.3+meta_1", "1.2.3+meta..x",
    "1.2.3----RC-SNAPSHOT.12.9.1--.12+788", "0.0.0-0", "1.2.3-alpha.beta.1.2", "1.2.3-1.alpha",
    # length limits of current Masterminds/semver
    "1.2.3-" + "a" * 249, "1.2.3-" + "a" * 250, "1.2.3-" + "a" * 251,
]
CONSTRAINTS = [
    "1.2.3", "=1.2.3", "!=1.2.3", ">1.2.3", "<1.2.3", ">=1.2.3", "<=1.2.3", "=>1.2.3", "=<1.2.3",
    "~1.2.3", "~>1.2", "^1.2.3", "^0.2.3", "^0.0.3", "^0", "^0.0", "1.x", "1.2.x", "*", "x", "1.*",
    ">= 1.2, < 2.0", ">=1.2 <2.0", ">=1.2,<2.0", "1.2 - 1.4", "1.2.3 - 2.3.4", ">=1.22.0-0",
    ">= 1.19.0-0", "<1.20.0-0", "^1.2.3-beta.2", "~1.2.3-beta.2", ">1.x", "<=1.x", "!=1.x",
    "!=1.2.x", ">1.2.x", "<=1.2.x", "||", "1.2 || >=2.0", ">=1.0.0 || <0.5", "", " ", "foo",
    ">=foo", ">= 1.2.3 , < 2", "  >=1.2.3  ", "=1.2.3 =1.2.4", ">=1 <=2 !=1.5", "~0", "~0.0", "~1",
    "^2", "=", ">", "1.2.3-", ">=1.2.3-alpha", "1|2", "1x", "v1.2", "v1.2 - v1.5", ">=1.2.3\t<2",
    "1.2.3 -1.3", ">01.2", "~1.2.3-0", ">=18446744073709551616", ">= 1.2 - 1.4", "1.2 - 1.4 || 3",
    "1.0 - 2.0 - 3.0", ">1.2.3+meta", "!=1.2.3-beta.2", "~x", "^x", ">*", "<1.x", "<1.2.x",
    ">=1.2.x", "=1.x", "~>1.x", "1.2.3,", ",1.2.3", ">=1.2.3,,<2",
    ">= 1.2.3-0 <2", ">=1.2.3-beta.2, <1.3", "!=1.2.3-beta.2 >=1", ">=1.0.0 <2.0.0-0", "1.2.3\n",
    # length and group limits of current Masterminds/semver
    ">=1.0.0" + " " * 505, ">=1.0.0" + " " * 506, "||".join(["1"] * 32), "||".join(["1"] * 33),
]
COMPARED = [
    "1.2.3", "1.2.4", "1.3.0", "2.0.0", "0.2.3", "0.2.4", "0.0.3", "0.0.4", "1.2.3-beta.2",
    "1.2.3-beta.3", "1.2.4-beta", "1.0.0", "1.5.0", "0.5.0", "v1.26.0", "1.22.0-0", "1.26.0-gke.100",
    "1.19.5+k3s1", "3.0.0", "1.1.0", "0.0.0", "1.2.2", "1.4.0", "1.4.1",
]


# Patterns in PatternMatcher's subset of Go's regexp, each run over every text with regexFindAll
# (all leftmost-first matches) and regexMatch.
PATTERNS = [
    "a", "abc", "a|b", "ab|a", "a|ab", "(a|ab)(c|bcd)", "a*", "a+", "a?", "a*?", "a+?", "a??", "ba*",
    "[abc]", "[^abc]", "[a-z]+", "[^a-z]+", "[A-Za-z0-9_-]+", "[.]", "\\.", "\\d+", "\\D+", "\\w+",
    "\\W+", "\\s+", "\\S+", "\\bfoo\\b", "\\Bo", "^a", "a$", "^$", "^", "$", "\\Aab", "ab\\z",
    ".", ".+", ".*", "a.c", "x{2}", "x{2,}", "x{1,3}", "x{0,2}?", "(ab){2}", "(a|b){2,3}", "(?:ab)+",
    "(?P<word>[a-z]+)", "(?<n>\\d)", "\u00e9+", "[^x]", "\\.?\\b", "((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)\\.?\\b){4}",
    "^(Always|Never|IfNotPresent)?$", "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "\\t|\\n", "[\\s,]+", "a{0}",
    "(a*)*", "(a|)+b", "\\/", "[\\d\\w]", "[a\\-z]", "[]a]", "[^]a]",
    # flags
    "(?i)abc", "(?i)k", "(?i)s+", "(?i)[a-z]+", "(?i)[^a-j]+", "(?i:ab)c", "a(?i)b|c", "(x(?i)b)B", "(?i)^always$",
    "(?s).+", "(?s)a.b", "(?m)^a$", "(?m)^\\w+$", "(?U)a+", "(?U)a+?", "(?is)a.B", "(?i-s)A.", "(?i)\\w+",
]
TEXTS = [
    "", "a", "abc", "aaa", "abcbcd", "xxxx", "foo food foo.bar", "1.2.3.4/32", "10.0.0.256",
    "Always", "never", "caf\u00e9 \u00e9\u00e9", "tab\there\nnew", "a-b_c d,e", "my-app-1", "]a]", "ab/cd",
    "ABC abc AbC", "K k \u212a", "s S \u017f ss", "a\nb\na", "Always", "xbB XBB", "a\nB",
]


def quote(s):
    return json.dumps(s)


def semver_cases():
    out = []
    for i, v in enumerate(VERSIONS):
        out.append({"id": f"semver.{i}", "template":
                    "[{{ with semver " + quote(v) + " }}{{ .Major }}|{{ .Minor }}|{{ .Patch }}|{{ .Prerelease }}|"
                    "{{ .Metadata }}|{{ .Original }}|{{ . }}{{ end }}]"})
    for i, c in enumerate(CONSTRAINTS):
        for j, v in enumerate(COMPARED):
            out.append({"id": f"semverCompare.{i}.{j}", "template": "[{{ semverCompare " + quote(c) + " " + quote(v) + " }}]"})
    return out


def regex_cases():
    out = []
    for i, p in enumerate(PATTERNS):
        for j, t in enumerate(TEXTS):
            out.append({"id": f"regex.{i}.{j}", "pattern": p, "text": t,
                        "template": "[{{ regexFindAll " + quote(p) + " " + quote(t) + " -1 | toJson }}|{{ regexMatch " + quote(p) + " " + quote(t) + " }}]"})
    return out


def regex_function_cases():
    out = []
    for i, p in enumerate(PATTERNS):
        for j, t in enumerate(TEXTS):
            q, x = quote(p), quote(t)
            out.append({"id": f"regexfn.{i}.{j}", "template":
                        "[{{ regexReplaceAll " + q + " " + x + " \"<$1|${0}|$$>\" }}|{{ regexReplaceAllLiteral " + q + " " + x + " \"$1\" }}|"
                        "{{ regexSplit " + q + " " + x + " -1 | toJson }}|{{ regexSplit " + q + " " + x + " 2 | toJson }}|{{ regexFind " + q + " " + x + " }}]"})
    return out


def main():
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        if not os.path.exists(py):
            # The oracle builds its venv on first use.
            subprocess.run([ORACLE, "--help"], check=True, stdout=subprocess.DEVNULL)
        os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])
    import helm_python as helm
    from helm_python import _native

    which = sys.argv[1:] or ["sweep", "semver", "regex", "regexfn"]
    for name, make in [("sweep", cases), ("semver", semver_cases), ("regex", regex_cases), ("regexfn", regex_function_cases)]:
        if name in which:
            render(helm, _native, make(), "cases.jsonl" if name == "sweep" else name + ".jsonl")


def render(helm, _native, all_cases, file_name):
    work = tempfile.mkdtemp()
    try:
        chart_dir = os.path.join(work, "sweep")
        shutil.copytree(CHART, chart_dir)
        os.makedirs(os.path.join(chart_dir, "templates"), exist_ok=True)
        opts = json.dumps({"name": "release-name", "namespace": "default", "is_install": True, "kube_version": "v1.26.0"})
        template = os.path.join(chart_dir, "templates", "t.yaml")
        for c in all_cases:
            with open(template, "w") as fh:
                fh.write(c["template"])
            try:
                chart = helm.Chart.load(chart_dir)
                rendered = json.loads(_native.call_string("helm_render", chart._raw(), "{}", opts))
                c["expected"] = rendered["sweep/templates/t.yaml"]
            except helm.HelmError as err:
                c["expected"] = "Error: " + str(err)
    finally:
        shutil.rmtree(work)
    with open(os.path.join(SWEEP, file_name), "w") as fh:
        for c in all_cases:
            fh.write(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n")
    errors = sum(1 for c in all_cases if c["expected"].startswith("Error: "))
    print(f"{file_name}: wrote {len(all_cases)} cases ({errors} expected errors)")


main()
