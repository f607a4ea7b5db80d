#!/usr/bin/env python3
"""Builds Tests/HelmEngineTests/Peers/*.jsonl from the test suites of the projects the engine imitates,
with expected outputs from real Helm 4 (../shared/oracle/helm-template's venv, helm-python-sdk).

Sources (read, never copied as code): Go 1.19's text/template tests (exec_test.go, multi_test.go,
parse/parse_test.go, parse/lex_test.go), Sprig 3.2.3's *_test.go (Debian's golang-github-masterminds-
sprig-dev), and Helm's pkg/engine and pkg/strvals tests from the bare mirror of helm/helm. The test
tables are read with a small Go-literal reader below; template texts and values they hold become
cases. Each case is one template, `templates/t.yaml` in the chart Peers/chart, with the case's
values as the chart's values.yaml and any extra files beside it; `expected` is Helm's rendering of
t.yaml or "Error: " + Helm's error. Every case is rendered twice and dropped when the two differ.

    scripts/make-peer-corpora.py [go-exec|go-parse|sprig|helm-engine|strvals]...   # default: all
"""
import json, os, re, shutil, subprocess, sys, tempfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORACLE = os.environ.get("HELM_TEMPLATE", os.path.join(ROOT, "..", "shared", "oracle", "helm-template"))
VENV = os.environ.get("HELM_ORACLE_VENV", os.path.expanduser("~/.cache/osm-helm-oracle"))
PEERS = os.path.join(ROOT, "Tests", "HelmEngineTests", "Peers")
GO_TT = os.environ.get("GO_TEXT_TEMPLATE", "/usr/lib/go-1.19/src/text/template")
SPRIG = os.environ.get("SPRIG_SRC", "/usr/share/gocode/src/github.com/Masterminds/sprig")
HELM_GIT = os.environ.get("HELM_GIT", "/work/.mirror/helm+helm/repo")
CHART_NAME = "peers"


# ----------------------------------------------------------------------------------------------
# A reader for the Go literals found in test tables.

class Unsupported(Exception):
    pass


def skip_string(src, i):
    """Index just past the Go string/rune/raw literal starting at src[i]."""
    q = src[i]
    if q == "`":
        return src.index("`", i + 1) + 1
    j = i + 1
    while src[j] != q:
        j += 2 if src[j] == "\\" else 1
    return j + 1


def skip_comment(src, i):
    if src.startswith("//", i):
        j = src.find("\n", i)
        return len(src) if j < 0 else j
    return src.index("*/", i + 2) + 2


def matching(src, i):
    """Index of the bracket closing the one at src[i]."""
    depth = 0
    j = i
    while j < len(src):
        c = src[j]
        if c in "\"'`":
            j = skip_string(src, j)
            continue
        if src.startswith("//", j) or src.startswith("/*", j):
            j = skip_comment(src, j)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ValueError("unbalanced")


def split_top(body):
    """Splits the inside of a composite literal or call at its top-level commas (comments dropped)."""
    parts, cur, depth, j = [], [], 0, 0
    while j < len(body):
        c = body[j]
        if c in "\"'`":
            k = skip_string(body, j)
            cur.append(body[j:k])
            j = k
            continue
        if body.startswith("//", j) or body.startswith("/*", j):
            j = skip_comment(body, j)
            cur.append(" ")
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        j += 1
    last = "".join(cur).strip()
    if last:
        parts.append(last)
    return parts


SIMPLE_ESC = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"'}


def go_unquote(lit):
    if lit[0] == "`":
        return lit[1:-1].replace("\r", "")
    body, out, i = lit[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        e = body[i + 1]
        if e in SIMPLE_ESC:
            out += SIMPLE_ESC[e].encode()
            i += 2
        elif e == "x":
            out.append(int(body[i + 2:i + 4], 16))
            i += 4
        elif e in "01234567":
            out.append(int(body[i + 1:i + 4], 8))
            i += 4
        elif e == "u":
            out += chr(int(body[i + 2:i + 6], 16)).encode()
            i += 6
        elif e == "U":
            out += chr(int(body[i + 2:i + 10], 16)).encode()
            i += 10
        else:
            raise Unsupported("escape \\" + e)
    return out.decode("utf-8", errors="surrogateescape")


def split_plus(expr):
    parts, cur, j, depth = [], [], 0, 0
    while j < len(expr):
        c = expr[j]
        if c in "\"'`":
            k = skip_string(expr, j)
            cur.append(expr[j:k])
            j = k
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "+" and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        j += 1
    parts.append("".join(cur).strip())
    return parts


def eval_string(expr, env=None):
    """A string expression: literals and known string variables joined by +."""
    env = env or {}
    out = ""
    for p in split_plus(expr.strip()):
        if p and p[0] in "\"`":
            out += go_unquote(p)
        elif p in env and isinstance(env[p], str):
            out += env[p]
        else:
            raise Unsupported("string expression " + p[:40])
    return out


NUM = re.compile(r"^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0[xX][0-9a-fA-F_]+)$")


def eval_value(expr, env=None, elem_kind=None):
    """A Go value as JSON-like Python data, or Unsupported."""
    env = env or {}
    e = expr.strip()
    if not e:
        raise Unsupported("empty")
    if e[0] not in "\"`":
        e = e.replace("interface{}", "any")
    if e[0] in "\"`":
        return eval_string(e, env)
    if e in ("true", "false"):
        return e == "true"
    if e == "nil":
        return None
    if NUM.match(e):
        t = e.replace("_", "")
        if t.lower().startswith(("0x", "-0x", "+0x")):
            return int(t, 16)
        return float(t) if re.search(r"[.eE]", t) else int(t)
    if e in env:
        return env[e]
    m = re.match(r"^(map\[[^\]]+\][\w.\[\]{} ]*?|\[\][\w.\[\]{} ]*?|)\{", e)
    if m and e.endswith("}"):
        typ = m.group(1)
        brace = len(typ)
        if matching(e, brace) != len(e) - 1:
            raise Unsupported("composite " + e[:40])
        items = split_top(e[brace + 1:-1])
        if typ.startswith("map["):
            key_type = typ[4:typ.index("]")]
            if key_type not in ("string", "interface{}", "any"):
                raise Unsupported("map key type " + key_type)
            val_type = typ[typ.index("]") + 1:]
            return composite_map(items, env, val_type)
        if typ.startswith("[]"):
            val_type = typ[2:]
            if val_type in ("byte", "uint8", "rune"):
                raise Unsupported("byte slice")
            return [eval_value(x, env, val_type) for x in items]
        # An elided type inside a composite: its kind comes from the element type.
        if elem_kind and elem_kind.startswith("map["):
            return composite_map(items, env, elem_kind[elem_kind.index("]") + 1:])
        if elem_kind and elem_kind.startswith("[]"):
            return [eval_value(x, env, elem_kind[2:]) for x in items]
        raise Unsupported("untyped composite")
    raise Unsupported("expression " + e[:40])


def composite_map(items, env, val_type):
    out = {}
    for it in items:
        k, v = split_key(it)
        out[eval_string(k, env)] = eval_value(v, env, val_type)
    return out


def split_key(item):
    """'key: value' at top level."""
    j, depth = 0, 0
    while j < len(item):
        c = item[j]
        if c in "\"'`":
            j = skip_string(item, j)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == ":" and depth == 0:
            return item[:j].strip(), item[j + 1:].strip()
        j += 1
    raise Unsupported("no key in " + item[:40])


def table(src, header):
    """The elements of the composite literal that follows `header` (e.g. 'var execTests = []execTest{')."""
    i = src.index(header)
    brace = src.index("{", i + len(header) - 1)
    return split_top(src[brace + 1:matching(src, brace)])


def element_fields(el):
    """A struct literal's fields: positional list, or dict for keyed ones."""
    el = el.strip()
    assert el[0] == "{" and el[-1] == "}", el[:60]
    parts = split_top(el[1:-1])
    keyed = {}
    for p in parts:
        m = re.match(r"^([A-Za-z_]\w*)\s*:(?!=)", p)
        if not m:
            return parts, None
        keyed[m.group(1)] = p[m.end():].strip()
    return parts, keyed


def git_show(path):
    return subprocess.run(["git", "--git-dir=" + HELM_GIT, "show", "HEAD:" + path], check=True,
                          capture_output=True, text=True).stdout


def read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


# ----------------------------------------------------------------------------------------------
# Template texts: the identifiers and field names they use, and re-rooting data at .Values.

def action_spans(tpl):
    """(start, end) of each action's inside, between {{ and }}."""
    spans, i = [], 0
    while True:
        s = tpl.find("{{", i)
        if s < 0:
            return spans
        j = s + 2
        if tpl.startswith("/*", j) or tpl.startswith("- /*", j):
            e = tpl.find("*/", j)
            e = tpl.find("}}", e if e >= 0 else j)
            if e < 0:
                return spans
            i = e + 2
            continue
        while j < len(tpl) and not tpl.startswith("}}", j):
            if tpl[j] in "\"'`":
                try:
                    j = skip_string(tpl, j)
                except (ValueError, IndexError):
                    return spans + [(s + 2, len(tpl))]
                continue
            j += 1
        spans.append((s + 2, j))
        i = j + 2


def code_only(text):
    """An action's text with its literals blanked, so names are found only in code."""
    out, j = [], 0
    while j < len(text):
        if text[j] in "\"'`":
            try:
                k = skip_string(text, j)
            except (ValueError, IndexError):
                k = len(text)
            out.append(" " * (k - j))
            j = k
        else:
            out.append(text[j])
            j += 1
    return "".join(out)


def names_in(tpl):
    fields, idents = set(), set()
    for s, e in action_spans(tpl):
        code = code_only(tpl[s:e])
        fields |= set(re.findall(r"\.([A-Za-z_]\w*)", code))
        idents |= set(re.findall(r"(?<![\w.$])([A-Za-z_]\w*)", code))
    return fields, idents


DOT_CHANGERS = re.compile(r"\b(range|with|define|block)\b")


def reroot(tpl, root):
    """Rewrites references to the data (dot at the top level, and $) to `root` (".Values" or
    ".Values.D"); None when dot changes inside the template (range/with/define/block)."""
    for s, e in action_spans(tpl):
        if DOT_CHANGERS.search(code_only(tpl[s:e])):
            return None
    out, last = [], 0
    for s, e in action_spans(tpl):
        code = code_only(tpl[s:e])
        text = tpl[s:e]
        res, j = [], 0
        while j < len(text):
            c = code[j]
            prev = code[j - 1] if j > 0 else " "
            if c == "$" and not re.match(r"[\w]", code[j + 1:j + 2] or " "):
                res.append("$" + root)
                j += 1
                continue
            if c == "." and not re.match(r"[\w)\].$]", prev):
                nxt = code[j + 1:j + 2]
                if nxt.isdigit():
                    res.append(c)
                elif re.match(r"[A-Za-z_]", nxt or " "):
                    res.append(root + ".")
                else:
                    res.append(root)
                j += 1
                continue
            res.append(text[j])
            j += 1
        out.append(tpl[last:s] + "".join(res))
        last = e
    out.append(tpl[last:])
    return "".join(out)


def with_data(tpl, value, counter):
    """A case (template, values YAML) running `tpl` with `value` as its data."""
    if isinstance(value, dict):
        root, values = ".Values", value
    else:
        root, values = ".Values.D", {"D": value}
    t = reroot(tpl, root)
    if t is None:
        if re.search(r"\{\{-?\s*(define|block)\b", tpl):
            counter["needs data and defines templates"] += 1
            return None
        # Dot changes inside: run the text as a named template with the data as its dot (and $).
        t = '{{- define "T" -}}' + tpl + '{{- end -}}{{ template "T" ' + root + " }}"
    return t, to_yaml(values)


def to_yaml(v, indent=""):
    """Block YAML for JSON-like data (strings double-quoted, as JSON escapes them)."""
    if not isinstance(v, dict):
        raise ValueError("top level must be a map")
    if not v:
        return ""
    return emit(v, "")


def scalar(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)


def emit(v, ind):
    lines = []
    if isinstance(v, dict):
        for k, x in v.items():
            key = json.dumps(k, ensure_ascii=False)
            if isinstance(x, (dict, list)) and x:
                lines.append(f"{ind}{key}:\n" + emit(x, ind + "  "))
            else:
                lines.append(f"{ind}{key}: " + ("{}" if x == {} else "[]" if x == [] else scalar(x)) + "\n")
    else:
        for x in v:
            if isinstance(x, (dict, list)) and x:
                body = emit(x, ind + "  ")
                lines.append(f"{ind}- " + body[len(ind) + 2:])
            else:
                lines.append(f"{ind}- " + ("{}" if x == {} else "[]" if x == [] else scalar(x)) + "\n")
    return "".join(lines)


# ----------------------------------------------------------------------------------------------
# Go text/template: exec_test.go (execTests, cmpTests), multi_test.go, parse numbers.

# The fields of exec_test's tVal that YAML can hold, as Helm would read them from values.yaml.
TVAL = {
    "True": True, "I": 17, "U16": 16, "X": "x", "S": "xyz", "FloatZero": 0.0, "U": {"V": "v"},
    "SI": [3, 4, 5], "SIEmpty": [], "SB": [True, False], "AI": [3, 4, 5],
    "MSI": {"one": 1, "two": 2, "three": 3}, "MSIone": {"one": 1}, "MSIEmpty": {}, "MXI": {"one": 1},
    "SMSI": [{"one": 1, "two": 2}, {"eleven": 11, "twelve": 12}],
    "Empty0": None, "Empty1": 3, "Empty2": "empty2", "Empty3": [7, 8], "Empty4": {"V": "UinEmpty"},
}
TVAL_SKIP = {}
for n in ["ComplexZero"]:
    TVAL_SKIP[n] = "complex value"
for n in ["V0", "V1", "V2", "W0", "W1", "W2", "Str", "Err"]:
    TVAL_SKIP[n] = "String/Error method"
for n in ["SICap"]:
    TVAL_SKIP[n] = "slice capacity"
for n in ["MII", "MI32S", "MI64S", "MUI32S", "MUI64S", "MI8S", "MUI8S"]:
    TVAL_SKIP[n] = "non-string map keys"
for n in ["NonEmptyInterface", "NonEmptyInterfacePtS", "NonEmptyInterfaceNil", "NonEmptyInterfaceTypedNil"]:
    TVAL_SKIP[n] = "typed Go interface"
for n in ["PI", "PS", "PSI", "NIL"]:
    TVAL_SKIP[n] = "pointer"
for n in ["BinaryFunc", "VariadicFunc", "VariadicFuncInt", "NilOKFunc", "ErrFunc", "PanicFunc"]:
    TVAL_SKIP[n] = "func value"
for n in ["Tmpl"]:
    TVAL_SKIP[n] = "template value"
for n in ["unexported"]:
    TVAL_SKIP[n] = "unexported field"
for n in ["Method0", "Method1", "Method2", "Method3", "Copy", "MAdd", "MyError", "GetU", "TrueFalse"]:
    TVAL_SKIP[n] = "Go method"

# The comparison test's struct, likewise.
CMP = {"Uthree": 3, "Ufour": 4, "NegOne": -1, "Three": 3, "Map": None, "NonNilMap": {}}
CMP_SKIP = {"Ptr": "pointer", "NilPtr": "pointer", "V1": "String/Error method", "V2": "String/Error method",
            "Iface1": "typed Go interface", "NilIface": "typed Go interface"}

# Functions exec_test registers itself. Those Helm also has (Sprig's add, typeOf) stay; `die`
# (panics) becomes Helm's `fail`, makemap becomes dict; the rest cannot be expressed.
TEST_FUNCS = {"count", "dddArg", "echo", "mapOfThree", "oneArg", "returnInt", "stringer", "twoArgs",
              "valueString", "vfunc", "zeroArgs"}


def substitute_funcs(tpl):
    out, last = [], 0
    for s, e in action_spans(tpl):
        code, text = code_only(tpl[s:e]), tpl[s:e]
        res, j = [], 0
        for m in re.finditer(r"(?<![\w.$])(die|makemap)\b", code):
            res.append(text[j:m.start()])
            res.append('fail "die"' if m.group(1) == "die" else "dict")
            j = m.end()
        res.append(text[j:])
        out.append(tpl[last:s] + "".join(res))
        last = e
    out.append(tpl[last:])
    return "".join(out)


def go_exec_cases(skipped):
    src = read(os.path.join(GO_TT, "exec_test.go"))
    env = {"bigInt": "0x7fffffffffffffff", "bigUint": "0x8000000000000000"}
    out, seen = [], Counter()

    def add(cid, tpl, values="", files=None):
        seen[cid] += 1
        if seen[cid] > 1:
            cid = f"{cid}#{seen[cid]}"
        c = {"id": cid, "template": tpl, "values": values}
        if files:
            c["files"] = files
        out.append(c)

    def exec_table(prefix, header, files=None):
        for el in table(src if prefix == "exec" else read(os.path.join(GO_TT, "multi_test.go")), header):
            parts, _ = element_fields(el)
            name, tpl = eval_string(parts[0], env), eval_string(parts[1], env)
            data = parts[3].strip()
            fields, idents = names_in(tpl)
            used = idents & TEST_FUNCS
            if used:
                skipped["test-only function (" + ",".join(sorted(used)) + ")"] += 1
                continue
            tpl = substitute_funcs(tpl)
            if data in ("nil", "0", "T{}"):
                add(f"{prefix}.{name}", tpl, "", files)
                continue
            if data in ("tVal",):
                bad = sorted({TVAL_SKIP[f] for f in fields if f in TVAL_SKIP})
                if bad:
                    skipped["tVal " + bad[0]] += 1
                    continue
                value = TVAL
            else:
                try:
                    value = eval_value(data, env)
                except Unsupported:
                    skipped["typed Go data (" + re.sub(r"\s+", " ", re.sub(r"[({].*", "", data, flags=re.S))[:24].strip() + ")"] += 1
                    continue
            r = with_data(tpl, value, skipped)
            if r:
                add(f"{prefix}.{name}", r[0], r[1], files)

    exec_table("exec", "var execTests = []execTest{")
    multi = read(os.path.join(GO_TT, "multi_test.go"))
    defines = eval_string(re.search(r"const multiText1 = (`[^`]*`)", multi).group(1)) + \
        eval_string(re.search(r"const multiText2 = (`[^`]*`)", multi).group(1))
    exec_table("multi", "var multiExecTests = []execTest{", {"templates/_multi.tpl": defines})

    # Comparisons: TestComparison's {{if EXPR}}true{{else}}false{{end}} over cmpStruct.
    for el in table(src, "var cmpTests = []cmpTest{"):
        parts, _ = element_fields(el)
        expr = eval_string(parts[0])
        fields, _ = names_in("{{" + expr + "}}")
        bad = sorted({CMP_SKIP[f] for f in fields if f in CMP_SKIP})
        if bad:
            skipped["cmp " + bad[0]] += 1
            continue
        r = with_data("{{if " + expr + "}}true{{else}}false{{end}}", CMP, skipped)
        add("cmp." + expr, r[0], r[1])

    # Number literals of parse_test's numberTests, printed and typed.
    psrc = read(os.path.join(GO_TT, "parse", "parse_test.go"))
    for el in table(psrc, "var numberTests = []numberTest{"):
        parts, keyed = element_fields(el)
        text = eval_string(keyed["text"] if keyed else parts[0])
        add("number.print." + text, "{{print " + text + "}}")
        add("number.type." + text, '{{printf "%T" ' + text + "}}")

    # A few single-template checks from other exec_test.go tests.
    add("missingkey", "{{.x}} {{.y}}", to_yaml({"x": 99}))
    add("missingkey.values", "{{.Values.x}} {{.Values.y}}", to_yaml({"x": 99}))
    add("unterminated-string", "hello\n\n{{`unterminated\n\n\n\n}}\n some more\n\n")
    add("block", '{{define "inner"}}inner{{end}}a({{block "inner" .}}bar({{.}})baz{{end}})b')
    add("block.override", 'a({{block "inner" .}}bar({{.}})baz{{end}})b', "",
        {"templates/_inner.tpl": '{{define "inner"}}inner{{end}}'})
    add("js.escaping", '{{js "<html>\'\\"&=\\u2028"}}')
    add("final-printf", '{{"x" | printf}}')
    add("issue43065", "{{range .}}{{end}}")
    add("issue39807", '{{ $x := 0 }}{{ range $i := (list 1 2 3) }}{{ $x = $i }}{{ end }}{{ $x }}')
    add("execute-empty", "")
    add("break-outside-range", "{{break}}")
    add("continue-outside-range", "{{continue}}")
    add("range-int", "{{range 3}}x{{end}}")
    return out


def go_parse_cases(skipped):
    src = read(os.path.join(GO_TT, "parse", "parse_test.go"))
    out, seen = [], Counter()

    def add(cid, tpl):
        seen[cid] += 1
        if seen[cid] > 1:
            cid = f"{cid}#{seen[cid]}"
        out.append({"id": cid, "template": tpl, "values": ""})

    for header, prefix in [("var parseTests = []parseTest{", "parse"), ("var errorTests = []parseTest{", "error"),
                           ("var isEmptyTests = []isEmptyTest{", "isEmpty")]:
        for el in table(src, header):
            parts, _ = element_fields(el)
            add(f"{prefix}.{eval_string(parts[0])}", eval_string(parts[1]))
    lsrc = read(os.path.join(GO_TT, "parse", "lex_test.go"))
    env = {}
    for am in re.finditer(r"(?m)^\t(\w+)\s+=\s+(.+?)(?:\s*//.*)?$", lsrc):
        try:
            env[am.group(1)] = eval_string(am.group(2), env)
        except (Unsupported, ValueError, IndexError):
            pass
    for header, prefix in [("var lexTests = []lexTest{", "lex"), ("var lexPosTests = []lexTest{", "lexpos")]:
        for el in table(lsrc, header):
            parts, _ = element_fields(el)
            add(f"{prefix}.{eval_string(parts[0])}", eval_string(parts[1], env))
    skipped["lexDelimTests (custom delimiters; Helm has none)"] += len(table(lsrc, "var lexDelimTests = []lexTest{"))
    msrc = read(os.path.join(GO_TT, "multi_test.go"))
    for el in table(msrc, "var multiParseTests = []multiParseTest{"):
        parts, _ = element_fields(el)
        add(f"multi.{eval_string(parts[0])}", eval_string(parts[1]))
    return out


# ----------------------------------------------------------------------------------------------
# Sprig: every runt/runtv/runRaw call and every `tests := map[string]string{}` table they loop over.

NONDETERMINISTIC = {
    "randAlphaNum", "randAlpha", "randAscii", "randNumeric", "randBytes", "randInt", "uuidv4", "now", "ago",
    "date_in_zone", "dateInZone", "genCA", "genCAWithKey", "genPrivateKey", "genSelfSignedCert",
    "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "bcrypt", "htpasswd", "shuffle",
    "getHostByName", "encryptAES", "env", "expandenv", "unixEpoch", "duration", "dateModify", "htmlDate",
    "htmlDateInZone", "date", "mustDateModify", "toDate", "mustToDate",
}
# The functions above whose results can still be checked deterministically.
DETERMINISTIC_REDUCTIONS = [
    ("rand.len.randAlphaNum", "{{ len (randAlphaNum 10) }}"),
    ("rand.len.randAlpha", "{{ len (randAlpha 10) }}"),
    ("rand.len.randNumeric", "{{ len (randNumeric 10) }}"),
    ("rand.len.randAscii", "{{ len (randAscii 10) }}"),
    ("rand.len.randBytes", "{{ len (b64dec (randBytes 12)) }}"),
    ("rand.randInt.range", "{{ $n := randInt 5 6 }}{{ $n }}"),
    ("rand.shuffle.len", '{{ len (shuffle "abcdef") }}'),
    ("uuid.len", "{{ len uuidv4 }}"),
    ("uuid.match", '{{ regexMatch "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$" uuidv4 }}'),
    ("now.type", '{{ typeOf now }}'),
    ("now.year", '{{ gt (now | date "2006" | atoi) 2020 }}'),
    ("date.fixed", '{{ date "2006-01-02" (toDate "2006-01-02" "2019-06-13") }}'),
    ("date.unix", '{{ dateInZone "02 Jan 06 15:04 -0700" 1560458379 "UTC" }}'),
    ("date.modify", '{{ toDate "2006-01-02" "2019-06-13" | dateModify "24h" | date "2006-01-02" }}'),
    ("date.unixEpoch", '{{ toDate "2006-01-02" "2019-06-13" | unixEpoch }}'),
    ("date.htmlDateInZone", '{{ htmlDateInZone 1560458379 "UTC" }}'),
    ("date.durationRound", '{{ durationRound "2h5s" }}'),
    ("date.duration", '{{ duration "61" }}'),
    ("bcrypt.prefix", '{{ hasPrefix "$2a$" (bcrypt "abc") }}'),
    ("htpasswd.prefix", '{{ hasPrefix "myUser:$2a$" (htpasswd "myUser" "myPassword") }}'),
    ("genPrivateKey.rsa", '{{ hasPrefix "-----BEGIN RSA PRIVATE KEY-----" (genPrivateKey "rsa") }}'),
    ("genPrivateKey.ecdsa", '{{ hasPrefix "-----BEGIN EC PRIVATE KEY-----" (genPrivateKey "ecdsa") }}'),
    ("genPrivateKey.ed25519", '{{ hasPrefix "-----BEGIN PRIVATE KEY-----" (genPrivateKey "ed25519") }}'),
    ("genCA.fields", '{{ $ca := genCA "foo" 365 }}{{ hasPrefix "-----BEGIN CERTIFICATE-----" $ca.Cert }} {{ hasPrefix "-----BEGIN RSA PRIVATE KEY-----" $ca.Key }}'),
    ("encryptAES.roundtrip", '{{ encryptAES "secretkey" "plaintext" | decryptAES "secretkey" }}'),
]


def sprig_cases(skipped):
    out, seen = [], Counter()

    def add(cid, tpl, values=""):
        seen[cid] += 1
        if seen[cid] > 1:
            cid = f"{cid}#{seen[cid]}"
        out.append({"id": cid, "template": tpl, "values": values})

    for fname in sorted(os.listdir(SPRIG)):
        if not fname.endswith("_test.go") or fname in ("functions_windows_test.go", "example_test.go"):
            continue
        src = read(os.path.join(SPRIG, fname))
        base = fname[:-len("_test.go")]
        for fm in re.finditer(r"^func (Test\w*)\(t \*testing\.T\) \{", src, re.M):
            test = fm.group(1)
            body_start = fm.end() - 1
            body = src[body_start:matching(src, body_start) + 1]
            env, tables = {}, {}
            # Assignments in order, with the calls between them.
            events = []
            for am in re.finditer(r"(?m)^\s*(?:var\s+)?(\w+)\s*(?::=|=)\s*", body):
                events.append((am.start(), "assign", am))
            for cm in re.finditer(r"\b(runt|runtv|runRaw)\(", body):
                events.append((cm.start(), "call", cm))
            for _, kind, m in sorted(events, key=lambda x: x[0]):
                if kind == "assign":
                    name, rhs_start = m.group(1), m.end()
                    rhs = rhs_of(body, rhs_start)
                    if rhs.startswith("map[string]string{") and rhs.endswith("}"):
                        try:
                            tables[name] = [tuple(eval_string(x, env) for x in split_key(it))
                                            for it in split_top(rhs[len("map[string]string{"):-1])]
                            continue
                        except Unsupported:
                            pass
                    try:
                        env[name] = eval_value(rhs, env)
                    except (Unsupported, ValueError, IndexError):
                        env.pop(name, None)
                    continue
                fn = m.group(1)
                paren = m.end() - 1
                args = split_top(body[paren + 1:matching(body, paren)])
                tpl_arg = args[0]
                vars_arg = args[2] if fn == "runtv" else args[1] if fn == "runRaw" else None
                pairs = None
                loop = None
                for lm in re.finditer(r"for (\w+), (\w+) := range (\w+)", body[:m.start()]):
                    loop = lm
                if loop and tpl_arg == loop.group(1) and loop.group(3) in tables:
                    pairs = tables[loop.group(3)]
                else:
                    try:
                        pairs = [(eval_string(tpl_arg, env), None)]
                    except Unsupported:
                        skipped["template not a literal"] += 1
                        if os.environ.get("PEERS_DEBUG"):
                            print("not a literal:", fname, test, tpl_arg, file=sys.stderr)
                        continue
                vals = None
                if vars_arg not in (None, "nil", "map[string]string{}"):
                    try:
                        vals = eval_value(vars_arg, env)
                    except (Unsupported, ValueError, IndexError):
                        skipped["typed Go vars (" + vars_arg[:30] + ")"] += len(pairs)
                        continue
                    if not isinstance(vals, dict):
                        skipped["non-map vars"] += len(pairs)
                        continue
                for tpl, _ in pairs:
                    _, idents = names_in(tpl)
                    nd = sorted(idents & NONDETERMINISTIC)
                    if nd:
                        skipped["nondeterministic (" + nd[0] + ")"] += 1
                        continue
                    cid = f"{base}.{test}"
                    if vals is None:
                        add(cid, tpl)
                    else:
                        r = with_data(tpl, vals, skipped)
                        if r:
                            add(cid, r[0], r[1])
    for cid, tpl in DETERMINISTIC_REDUCTIONS:
        add("reduced." + cid, tpl)
    return out


def rhs_of(body, i):
    """The expression starting at body[i], up to the end of its statement."""
    j = i
    while j < len(body):
        c = body[j]
        if c in "\"'`":
            j = skip_string(body, j)
            continue
        if c in "([{":
            j = matching(body, j) + 1
            continue
        if c in "\n;" or body.startswith("//", j):
            break
        j += 1
    return body[i:j].strip()


# ----------------------------------------------------------------------------------------------
# Helm: pkg/engine tests.

def helm_engine_cases(skipped):
    out, seen = [], Counter()

    def add(cid, tpl, values="", files=None):
        seen[cid] += 1
        if seen[cid] > 1:
            cid = f"{cid}#{seen[cid]}"
        c = {"id": cid, "template": tpl, "values": values}
        if files:
            c["files"] = files
        out.append(c)

    # funcs_test.go: TestFuncs, the must* table and TestDurationHelpers; dot is the case's vars.
    src = git_show("pkg/engine/funcs_test.go")
    env = {}
    for header in ["tests := []struct {\n\t\ttpl, expect string\n\t\tvars        any\n\t}{",
                   "mustFuncsTests := []struct {", "tests := []struct {\n\t\tname   string", "mustErrTests := []struct {"]:
        if header not in src:
            skipped["funcs_test table not found"] += 1
            continue
        i = src.index(header)
        close_struct = matching(src, src.index("{", i))
        start = src.index("{", close_struct + 1)
        for el in split_top(src[start + 1:matching(src, start)]):
            _, keyed = element_fields(el)
            if not keyed or "tpl" not in keyed:
                continue
            tpl = eval_string(keyed["tpl"])
            cid = "funcs." + (eval_string(keyed["name"]) if "name" in keyed else tpl.strip("{} "))
            if "lookup" in tpl:
                skipped["lookup (needs a cluster)"] += 1
                continue
            vars_src = keyed.get("vars", "nil")
            if vars_src == "nil":
                fields, _ = names_in(tpl)
                uses_dot = any(re.search(r"(?<![\w)\]$])\.(?![\w])", code_only(tpl[s:e])) for s, e in action_spans(tpl))
                if uses_dot or fields:
                    r = with_data(tpl, None, skipped)
                    if r:
                        add(cid, r[0], r[1])
                else:
                    add(cid, tpl)
                continue
            try:
                v = eval_value(vars_src, env)
            except (Unsupported, ValueError, IndexError):
                skipped["typed Go vars (" + vars_src[:24] + ")"] += 1
                continue
            r = with_data(tpl, v, skipped)
            if r:
                add(cid, r[0], r[1])

    # engine_test.go: the single-template checks, chart names replaced by this corpus's chart.
    C = CHART_NAME
    add("render.title", "{{.Values.outer | title }} {{.Values.inner | title}}", to_yaml({"outer": "spouter", "inner": "inn"}))
    add("render.global", "{{.Values.global.callme | lower }}", to_yaml({"global": {"callme": "Ishmael"}}))
    add("render.noValue", "{{.noValue}}")
    add("render.toJson", "{{toJson .Values}}", to_yaml({"outer": "spouter", "inner": "inn", "global": {"callme": "Ishmael"}}))
    add("refs.tpl-include", '{{ tpl "{{ include \\"test\\" . }}" . }}', "",
        {"templates/_helpers.tpl": '{{- define "test" -}}parent value{{- end -}}'})
    add("internals.template-dict", '{{define "two"}}Goodbye {{upper .Value}}{{end}}{{template "two" dict "Value" "three"}}')
    add("internals.title", "Hello {{title .Values.Name}}", to_yaml({"Name": "one"}))
    add("parse.undefined-function", "{{foo}}")
    add("exec.required", '{{required "foo is required" .Values.foo}}')
    add("exec.required-colons", '{{required ":this: message: has many: colons:" .Values.foo}}')
    add("exec.issue6044", '{{ $someEmptyValue := "" }}\n{{ $myvar := "abc" }}\n{{- required (printf "%s: something is missing" $myvar) $someEmptyValue | repeat 0 }}')
    add("exec.issue9981-required", '{{required "foo is required\\nmore info after the break" .Values.foo}}')
    add("exec.issue9981-fail", '{{fail "something is wrong\\nlinebreak"}}')
    add("fail.base", 'All your base are belong to us{{ fail "This is an error" }}')
    add("chart.isroot", "{{.Chart.IsRoot}}")
    add("dependency.template", 'Hello {{template "myblock"}}', "", {"templates/inner": '{{define "myblock"}}World{{end}}'})
    add("nested.values", "And this same {{.Values.what}} that smiles {{.Values.global.when}}",
        to_yaml({"what": "flower", "global": {"when": "to-day"}}))
    add("nested.release", 'Tomorrow will be {{default "happy" .Release.Name }}')
    add("builtins.names", "{{.Template.Name}}{{.Chart.Name}}{{.Release.Name}}")
    add("builtins.files", '{{.Files.author | printf "%s"}} {{.Files.Get "book/title.txt"}}', "",
        {"author": "Virgil", "book/title.txt": "Aeneid"})
    add("include.partial", f'{{{{include "{C}/templates/_partial" . | indent 2}}}} dead.', "",
        {"templates/_partial": "{{.Release.Name}} - he"})
    add("include.self-reference", f'{{{{include "{C}/templates/t.yaml" . | indent 2}}}} dead.')
    add("required.who", 'All your base are belong to {{ required "A valid \'who\' is required" .Values.who }}', to_yaml({"who": "us"}))
    add("required.bases", 'All {{ required "A valid \'bases\' is required" .Values.bases }} of them!', to_yaml({"who": "us"}))
    add("required.bases-set", 'All {{ required "A valid \'bases\' is required" .Values.bases }} of them!', to_yaml({"bases": 2}))
    add("tpl.value", 'Evaluate tpl {{tpl "Value: {{ .Values.value}}" .}}', to_yaml({"value": "myvalue"}))
    add("tpl.quote", 'Evaluate tpl {{tpl "Value: {{ .Values.value | quote}}" .}}', to_yaml({"value": "myvalue"}))
    add("tpl.include", '{{ tpl "{{include `' + C + '/templates/_partial` .  | quote }}" .}}', "",
        {"templates/_partial": "{{.Template.Name}}"})
    add("recursion.include", '{{include "recursion" . }}', "",
        {"templates/recursion": '{{define "recursion"}}{{include "recursion" . }}{{end}}'})
    phrase = "All work and no play makes Jack a dull boy"
    add("recursion.repeated-include", '{{include "overlook" . }}' * 200, "",
        {"templates/_function": '{{define "overlook"}}{{printf "' + phrase + '\\n"}}{{end}}'})
    add("tpl.from-file", "{{ tpl (.Files.Get .Values.filename) . }}", to_yaml({"filename": "test", "filename2": "test2"}),
        {"templates/_function": '{{define "test-function"}}test-function{{end}}',
         "test": "{{ tpl (.Files.Get .Values.filename2) .}}",
         "test2": '{{include "test-function" .}}{{define "nested-define"}}nested-define-content{{end}} {{include "nested-define" .}}'})
    add("tpl.empty-string", '{{tpl "" .}}')
    add("tpl.empty-action", '{{tpl "{{ \\"\\"}}" .}}')
    add("tpl.only-defines", '{{tpl "{{define \\"not-invoked\\"}}not-rendered{{end}}" .}}')
    dot = {"dot": {"Template": {"BasePath": "path/to/template", "Name": "name-of-template"}}}
    add("tpl.default-basepath", '{{tpl "{{ .Template.BasePath }}" .}}')
    add("tpl.default-name", '{{tpl "{{ .Template.Name }}" .}}')
    add("tpl.modified-basepath", '{{tpl "{{ .Template.BasePath }}" .Values.dot}}', to_yaml(dot))
    add("tpl.modified-name", '{{tpl "{{ .Template.Name }}" .Values.dot}}', to_yaml(dot))
    add("tpl.modified-field", '{{tpl "{{ .Template.Field }}" .Values.dot}}', to_yaml(dot))
    redef = {
        "partialText": '{{define "partial"}}redefined-in-tpl{{end}}tpl: {{include "partial" .}}',
        "manifestText": '{{define "manifest"}}redefined-in-tpl{{end}}tpl: {{include "manifest" .}}',
        "manifestOnlyText": 'tpl: {{include "manifest-only" .}}',
        "nestedText": '{{define "nested"}}redefined-in-tpl{{end}}{{define "nested-outer"}}redefined-outer-in-tpl{{end}}'
                      'before-inner-tpl: {{include "nested" .}} {{include "nested-outer" . }}\n{{tpl .Values.innerText .}}\n'
                      'after-inner-tpl: {{include "nested" .}} {{include "nested-outer" . }}',
        "innerText": '{{define "nested"}}redefined-in-inner-tpl{{end}}inner-tpl: {{include "nested" .}} {{include "nested-outer" . }}',
    }
    add("tpl.redefine-partial", 'before: {{include "partial" .}}\n{{tpl .Values.partialText .}}\nafter: {{include "partial" .}}',
        to_yaml(redef), {"templates/_partials": '{{define "partial"}}original-in-partial{{end}}'})
    add("tpl.redefine-manifest", '{{define "manifest"}}original-in-manifest{{end}}before: {{include "manifest" .}}\n{{tpl .Values.manifestText .}}\nafter: {{include "manifest" .}}', to_yaml(redef))
    add("tpl.redefine-manifest-only", '{{define "manifest-only"}}only-in-manifest{{end}}before: {{include "manifest-only" .}}\n{{tpl .Values.manifestOnlyText .}}\nafter: {{include "manifest-only" .}}', to_yaml(redef))
    add("tpl.redefine-nested", '{{define "nested"}}original-in-manifest{{end}}{{define "nested-outer"}}original-outer-in-manifest{{end}}'
        'before: {{include "nested" .}} {{include "nested-outer" .}}\n{{tpl .Values.nestedText .}}\nafter: {{include "nested" .}} {{include "nested-outer" .}}', to_yaml(redef))
    add("tpl.missing-key", 'missingValue: {{tpl "{{.Values.noSuchKey}}" .}}')
    add("nested-helpers.stacktrace", 'name: {{ include "nested_helper.name" . }}', "",
        {"templates/_helpers_1.tpl": '{{- define "nested_helper.name" -}}{{- include "common.names.get_name" . -}}{{- end -}}',
         "templates/_helpers_2.tpl": '{{- define "common.names.get_name" -}}{{- .Values.nonexistant.key | trunc 63 | trimSuffix "-" -}}{{- end -}}'})
    add("include.no-template", 'name: {{ include "nested_helper.name" . }}')
    add("custom.upper", "{{ upper .Values.message }}", to_yaml({"message": "hello"}))
    # Also from the engine's behaviour that its tests rely on (recursion via tpl, toYaml family).
    # `tpl` calling itself has no depth limit in Helm: the Go runtime dies of a stack overflow
    # (fatal, not an error), so those recursion cases cannot be rendered and are left out.
    skipped["tpl self-recursion (crashes Helm: Go stack overflow)"] += 2
    add("toYaml.values", "{{ toYaml .Values }}", to_yaml({"b": [1, "two", {"c": True}], "a": None, "s": "multi\nline"}))
    add("fromYaml.roundtrip", "{{ .Values.y | fromYaml | toYaml }}", to_yaml({"y": "a: 1\nb: [x, y]\n"}))
    add("toToml.values", "{{ toToml .Values }}", to_yaml({"mast": {"sail": "white"}, "n": 1}))
    add("fromJson.bad", '{{ fromJson "{bad" }}')
    add("fromYamlArray.bad", '{{ fromYamlArray "a: b" }}')
    add("mustToJson.values", "{{ mustToJson .Values }}", to_yaml({"x": "<&>"}))
    add("lookup.offline", '{{ lookup "v1" "Namespace" "" "unlikelynamespace99999999" }}')
    return out


# ----------------------------------------------------------------------------------------------
# Helm: pkg/strvals tests, as --set / --set-string / --set-json / --set-literal strings.

def strvals_cases(skipped):
    src = git_show("pkg/strvals/parser_test.go")
    lit = git_show("pkg/strvals/literal_parser_test.go")
    out, seen_ids, seen = [], Counter(), set()

    def strings_of(text):
        found = []
        for fm in re.finditer(r"^func (Test\w*)\(t \*testing\.T\) \{", text, re.M):
            b0 = fm.end() - 1
            body = text[b0:matching(text, b0) + 1]
            for tm in re.finditer(r"(?:str|s):\s*(\"(?:[^\"\\\n]|\\.)*\"|`[^`]*`)", body):
                found.append((fm.group(1), eval_string(tm.group(1))))
            # Positional tables: {"a=b", map..., false}
            for tm in re.finditer(r"\{\s*\n?\s*(\"(?:[^\"\\\n]|\\.)*\"|`[^`]*`),\s*\n?\s*(?:map\[|nil|\[\])", body):
                found.append((fm.group(1), eval_string(tm.group(1))))
            for tm in re.finditer(r"\bParse\w*\((\"(?:[^\"\\\n]|\\.)*\"|`[^`]*`)", body):
                found.append((fm.group(1), eval_string(tm.group(1))))
        return found

    def add(test, s, kind):
        if (s, kind) in seen:
            return
        seen.add((s, kind))
        cid = f"{test}.{kind}"
        seen_ids[cid] += 1
        out.append({"id": f"{cid}.{seen_ids[cid]}", "template": "{{ toJson .Values }}", "values": "", "set": s, "kind": kind})

    for test, s in strings_of(src):
        if len(s) > 5000:
            skipped["strvals string too long"] += 1
            continue
        add(test, s, "set")
        add(test, s, "set-string")
        if "JSON" in test or "Json" in test:
            add(test, s, "set-json")
    for test, s in strings_of(lit):
        add(test, s, "set-literal")
    return out


# ----------------------------------------------------------------------------------------------
# Rendering with real Helm.

def main():
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        if not os.path.exists(py):
            subprocess.run([ORACLE, "--help"], check=True, stdout=subprocess.DEVNULL)
        os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])
    import helm_python as helm
    from helm_python import _native

    makers = [("go-exec", go_exec_cases), ("go-parse", go_parse_cases), ("sprig", sprig_cases),
              ("helm-engine", helm_engine_cases), ("strvals", strvals_cases)]
    which = sys.argv[1:] or [n for n, _ in makers]
    os.makedirs(PEERS, exist_ok=True)
    with open(os.path.join(PEERS, "chart", "Chart.yaml")) as fh:
        chart_yaml = fh.read()
    summary = {}
    for name, make in makers:
        if name not in which:
            continue
        skipped = Counter()
        cases = make(skipped)
        kept, unstable = render_all(helm, _native, chart_yaml, cases)
        if unstable:
            skipped["output differs between two renders"] += unstable
        if name == "helm-engine":
            # funcs_test.go at the mirror's HEAD tests functions newer than the oracle's Helm.
            newer = [c for c in kept if c["id"].startswith("funcs.") and re.search(r'function "\w+" not defined', c["expected"])]
            if newer:
                skipped["function newer than the oracle's Helm"] += len(newer)
                kept = [c for c in kept if c not in newer]
        with open(os.path.join(PEERS, name + ".jsonl"), "w") as fh:
            for c in kept:
                fh.write(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n")
        errors = sum(1 for c in kept if c["expected"].startswith("Error: "))
        summary[name] = {"cases": len(kept), "errors": errors, "skipped": dict(sorted(skipped.items()))}
        print(f"{name}.jsonl: {len(kept)} cases ({errors} expected errors); skipped {sum(skipped.values())}")
        for reason, n in sorted(skipped.items()):
            print(f"    {n:4d}  {reason}")
    with open(os.path.join(PEERS, "summary.json"), "w") as fh:
        json.dump({"helm": helm.helm_sdk_version(), **summary}, fh, indent=1, sort_keys=True)
        fh.write("\n")


SET_PREFIX = {"set": "--set", "set-string": "--set-string", "set-json": "--set-json", "set-literal": "--set-literal"}


def render_all(helm, _native, chart_yaml, cases):
    work = tempfile.mkdtemp()
    opts = json.dumps({"name": "release-name", "namespace": "default", "is_install": True, "kube_version": "v1.26.0"})
    parse = {"set": helm.parse_set_string, "set-string": helm.parse_set_string_values,
             "set-json": helm.parse_set_json, "set-literal": helm.parse_set_literal}
    kept, unstable = [], 0
    try:
        for n, c in enumerate(cases):
            results = []
            for attempt in range(2):
                chart_dir = os.path.join(work, f"c{n}_{attempt}", CHART_NAME)
                os.makedirs(os.path.join(chart_dir, "templates"))
                with open(os.path.join(chart_dir, "Chart.yaml"), "w") as fh:
                    fh.write(chart_yaml)
                with open(os.path.join(chart_dir, "values.yaml"), "w") as fh:
                    fh.write(c.get("values", ""))
                for path, text in (c.get("files") or {}).items():
                    os.makedirs(os.path.dirname(os.path.join(chart_dir, path)), exist_ok=True)
                    with open(os.path.join(chart_dir, path), "w") as fh:
                        fh.write(text)
                with open(os.path.join(chart_dir, "templates", "t.yaml"), "w") as fh:
                    fh.write(c["template"])
                user = {}
                if "set" in c:
                    try:
                        user = parse[c["kind"]](c["set"])
                    except helm.HelmError as err:
                        results.append(f"Error: failed parsing {SET_PREFIX[c['kind']]} data: {err}"
                                       if c["kind"] != "set-json" else f"Error: failed parsing --set-json data {c['set']}")
                        shutil.rmtree(os.path.dirname(chart_dir))
                        continue
                try:
                    chart = helm.Chart.load(chart_dir)
                    rendered = json.loads(_native.call_string("helm_render", chart._raw(), json.dumps(user), opts))
                    results.append(rendered.get(f"{CHART_NAME}/templates/t.yaml", ""))
                except helm.HelmError as err:
                    results.append("Error: " + str(err))
                shutil.rmtree(os.path.dirname(chart_dir))
            if results[0] != results[1]:
                unstable += 1
                continue
            c["expected"] = results[0]
            kept.append(c)
    finally:
        shutil.rmtree(work)
    return kept, unstable


if __name__ == "__main__":
    main()
