#!/usr/bin/env python3
"""Writes the YAML corpus inputs (Tests/YAMLTests/Corpus/cases/*.yaml).

The expected outputs are not produced here: scripts/regenerate-yaml-corpus.sh asks the Go oracle.
Run this only to change the set of cases; it rewrites the case files from the lists below.
"""
import os, re, shutil

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "Tests", "YAMLTests", "Corpus", "cases")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
cases = []

def case(name, text):
    cases.append((name, text))

# Scalars as values, one file each, so a failure names the scalar.
scalars = [
    "y", "Y", "yes", "Yes", "YES", "yEs", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "tRUE",
    "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "nUll", "",
    "0", "-0", "+1", "007", "0777", "08", "09.5", "0o17", "0O17", "0x1F", "0X1f", "-0x1F", "+0x10", "0b101",
    "-0b101", "0x", "1_000", "1__0", "_1", "1_", "0x_1F", "9223372036854775807", "9223372036854775808",
    "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
    "1.5", ".5", "-.5", "+.5", "1.", "1e3", "1E3", "1e+3", "1e-3", "1.5e-7", "1e21", "1e20", "1e19",
    "123456789", "1234567", "100000", "1000000", "0.1", "0.000001", "0.0000001", "3.14159265358979323846",
    "1e400", "-1e400", "1e-400", ".inf", "-.inf", ".nan", ".Inf", "+.INF", "2.5e", "1.2.3", "1,000",
    "12:30", "1:20:30", "190:20:30.15", "-1:30", "12:60", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14T21:59:43Z", "2001-12-14 21:59:43.10", "2001-12-14 21:59:43.10 -5", "2001-02-30",
    "2002-1-1", "20011-12-14", "2001-12-14x", "<<", "=", "0.", "-", "+", ".", "..", "1e", "e3", "0e0",
    "-0.0", "1.0", "2.50", "6.02e23", "1_0.5", "0x1p3", "Infinity", "NaN", "nan", "inf",
]
for i, s in enumerate(scalars):
    slug = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_") or "empty"
    case(f"scalar-{i:03d}-{slug}", f"v: {s}\n")

# Quoted and styled strings.
strings = {
    "dq-yes": 'v: "yes"', "sq-y": "v: 'y'", "dq-012": 'v: "012"', "dq-hex": 'v: "0x1F"', "dq-1e3": 'v: "1e3"',
    "dq-null": 'v: "null"', "dq-tilde": 'v: "~"', "dq-empty": 'v: ""', "sq-space": "v: ' '",
    "html": 'v: "<a href=\\"x\\">&amp;</a>"', "unicode": "v: héllo wörld", "emoji": 'v: "🚀 launch"',
    "cjk": "v: 日本語のテキスト", "line-sep": 'v: "a\\u2028b\\u2029c"', "control": 'v: "a\\x01b\\x7fc"',
    "tab-inside": 'v: "a\\tb"', "backslash": 'v: "back\\\\slash"', "dq-quote": 'v: "say \\"hi\\""',
    "nul": 'v: "a\\0b"', "bell-esc": 'v: "\\a\\b\\f\\v\\e"', "dq-unicode-esc": 'v: "\\u00e9\\U0001F600"',
    "sq-escape": "v: 'it''s'", "leading-space": 'v: "  lead"', "trailing-space": 'v: "trail  "',
    "colon-space": 'v: "a: b"', "space-hash": 'v: "a #b"', "hash-start": 'v: "#a"', "hash-inside": "v: a#b",
    "dash-start": 'v: "- a"', "dash-word": "v: -a", "question": 'v: "?a"', "colon-start": 'v: ":a"',
    "bracket": 'v: "[a]"', "brace": 'v: "{a}"', "bang": 'v: "!a"', "amp": 'v: "&a"', "star": 'v: "*a"',
    "pipe": 'v: "|a"', "gt": 'v: ">a"', "sq-start": "v: \"'a\"", "dq-start": "v: '\"a'", "percent": 'v: "%a"',
    "at": 'v: "@a"', "backtick": 'v: "`a"', "comma": 'v: ",a"', "comma-inside": "v: a,b", "url": "v: http://example.com:8080/path?q=1#frag",
    "multi-line": 'v: "a\\nb"', "trailing-nl": 'v: "a\\n"', "two-trailing-nl": 'v: "a\\n\\n"', "leading-nl": 'v: "\\na"',
    "leading-space-ml": 'v: " a\\nb"', "space-before-nl": 'v: "a \\nb"', "indented-second": 'v: "a\\n b"',
    "tab-ml": 'v: "a\\n\\tb"', "crlf-inside": 'v: "a\\r\\nb"', "cr-only": 'v: "a\\rb"',
    "only-newline": 'v: "\\n"', "only-spaces": 'v: "   "', "nbsp": 'v: "a\\u00a0b"', "bom-inside": 'v: "\\ufeffa"', "bom-words": 'v: "\\ufeffa b\\té\\n\\"x\\U0001F600"',
    "long-words": "v: " + " ".join(["word%d" % i for i in range(40)]),
    "long-no-space": "v: " + "x" * 200,
    "long-quoted": 'v: "' + " ".join(["yes"] * 40) + '"',
    "long-ml": 'v: "' + ("line with several words in it " * 5 + "\\n") * 3 + '"',
    "long-leading-space": 'v: "  ' + "word " * 30 + '"',
    "long-unicode": "v: " + " ".join(["héllo"] * 30),
    "long-10000": "v: " + ("abcdefghij" * 1000),
    "long-10000-spaces": "v: " + ("abcd " * 2000).strip(),
    "folded-long": "v: >\n  " + " ".join(["fold%d" % i for i in range(40)]) + "\n",
    "ends-colon": "v: 'a:'", "key-colon-nospace": "v: a:b", "dq-y-key": '"y": 1', "dq-1-key": '"1": 1',
}
for name, text in strings.items():
    case("string-" + name, text + "\n")

# Block scalars.
blocks = {
    "literal": "v: |\n  a\n  b\n", "literal-strip": "v: |-\n  a\n  b\n", "literal-keep": "v: |+\n  a\n  b\n\n\n",
    "folded": "v: >\n  a\n  b\n\n  c\n", "folded-strip": "v: >-\n  a\n  b\n", "folded-keep": "v: >+\n  a\n\n",
    "folded-more-indented": "v: >\n  a\n    b\n  c\n", "indent-indicator": "v: |2\n    a\n  b\n",
    "literal-empty": "v: |\nw: 1\n", "literal-trailing-blank": "v: |\n  a\n\n\nw: 1\n",
    "keep-last": "a: 1\nz: |+\n  x\n\n", "literal-tabs": "v: |\n  a\tb\n  \tc\n",
    "literal-leading-blank": "v: |\n\n  a\n", "literal-in-list": "- |\n  a\n  b\n",
    "literal-comment": "v: | # comment\n  a\n",
}
for name, text in blocks.items():
    case("block-" + name, text)

# Structures and key order.
structures = {
    "nested": "a:\n  b:\n    c: 1\n    d: [1, 2]\n  e: {f: g}\n",
    "list-of-maps": "items:\n- name: a\n  value: 1\n- name: b\n  value: 2\n",
    "list-of-lists": "v:\n- - 1\n  - 2\n- - 3\n- []\n",
    "empty-map": "v: {}\n", "empty-list": "v: []\n", "empty-nested": "v:\n  a: {}\n  b: []\n  c:\n",
    "null-in-list": "v: [1, null, ~, '']\n", "nulls-nested": "a:\n  b: null\n  c: ~\n",
    "flow-nested": "v: {a: [1, {b: c}], d: 'e'}\n", "flow-multiline": "v: [\n  1,\n  2,\n]\n",
    "key-order": "b: 1\na: 2\nB: 3\nA: 4\n_x: 5\n-x: 6\n10: 7\n9: 8\nz: 9\nZ: 10\n",
    # Digit runs compare by value. (Keys that mix a letter after a digit run, such as a1a with a10 and a2,
    # make go-yaml's comparison cyclic, and Go's own output order then changes from run to run.)
    "natural-order": "a10: 1\na2: 2\na1: 3\na01: 4\na001: 5\nb: 8\n",
    "order-digits-letters": "x1: 1\nxa: 2\nx-: 3\nx_: 4\nx: 5\nx0: 6\nx00: 7\nx10y: 8\nx9y: 9\nx09y: 10\n",
    "order-unicode": "é: 1\ne: 2\nz: 3\nÉ: 4\nä: 5\n1: 6\n",
    "order-numbers-strings": "'10': a\n'9': b\n'010': c\n'1.5': d\n'1.10': e\n",
    "deep": "".join("  " * i + "k%d:\n" % i for i in range(40)) + "  " * 40 + "leaf: 1\n",
    "wide": "".join("key%03d: %d\n" % (i, i) for i in range(300)),
    "list-1000": "v:\n" + "".join("- %d\n" % i for i in range(1000)),
    "mixed-list": "v: [1, 1.5, true, null, 'x', [2], {a: 1}]\n",
    "indentless-seq": "a:\n- 1\n- 2\nb:\n  - 3\n",
    "seq-in-seq-maps": "v:\n- a: 1\n  b:\n  - c: 2\n",
    "comments": "# top\na: 1 # trailing\n# between\nb: # on key\n  c: 2\n",
    "top-level-null": "a: null\nb: 1\nc: ~\n",
    "explicit-key": "? a\n: 1\n? b c\n: 2\n",
    "int-keys": "1: a\n2: b\n0x10: c\n010: d\n",
    "float-keys": "1.5: a\n1.0: b\n3.14159265358979: c\n1e10: d\n0.0001: e\n1e-5: f\n",
    "bool-keys": "yes: a\nno: b\non: c\ny: d\n",
    "timestamp-key": "2001-12-14: a\n",
    "duplicate-keys": "a: 1\nb: 2\na: 3\n",
    "duplicate-nested": "a:\n  x: 1\na:\n  y: 2\n",
    "trailing-spaces": "a: 1   \nb: two   \n",
    "crlf": "a: 1\r\nb:\r\n  c: two\r\n  d: |\r\n    x\r\n    y\r\n",
    "bom": "\ufeffa: 1\n",
    "no-final-newline": "a: 1\nb: 2",
    "tab-after-value": "a: 1\t\nb: x\t# c\n",
    "quoted-keys": "'a b': 1\n\"c:d\": 2\n'': 3\n' ': 4\n",
    "special-keys": "'y': 1\n'null': 2\n'1': 3\n'true': 4\n'-a': 5\n'a: b': 6\n",
    "set-like": "v:\n  ? a\n  ? b\n",
    "merge-empty-list": "v:\n  <<: []\n  a: 1\n",
}
for name, text in structures.items():
    case("struct-" + name, text)

# Anchors, aliases, merge keys.
anchors = {
    "alias-scalar": "a: &x 1\nb: *x\n", "alias-map": "a: &m {x: 1}\nb: *m\n", "alias-in-list": "a: &s hi\nl: [*s, *s]\n",
    "merge-one": "base: &b {x: 1, y: 2}\nv:\n  <<: *b\n  y: 3\n",
    "merge-list": "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nv:\n  <<: [*a, *b]\n",
    "merge-before-explicit": "b: &b {x: 1}\nv:\n  x: 0\n  <<: *b\n",
    "merge-inline": "v:\n  <<: {x: 1}\n  y: 2\n",
    "merge-nested-alias": "a: &a {x: 1}\nb: &b\n  <<: *a\n  y: 2\nv:\n  <<: *b\n  z: 3\n",
    "deep-chain": "".join("a%d: &a%d\n  v%d: %d\n%s" % (i, i, i, i, ("  <<: *a%d\n" % (i - 1)) if i else "") for i in range(12)),
    "anchor-redefined": "a: &x 1\nb: *x\nc: &x 2\nd: *x\n",
    "alias-list": "a: &l [1, 2]\nb: *l\n",
    "quoted-merge-key": "v:\n  '<<': 1\n",
    "tagged-merge": "b: &b {x: 1}\nv:\n  !!merge <<: *b\n",
    "merge-scalar-error": "a: 1\n<<: 5\n",
    "merge-alias-scalar-error": "s: &s 1\nv:\n  <<: *s\n",
    "merge-list-scalar-error": "v:\n  <<: [1]\n",
    "unknown-anchor": "a: *nope\n",
    "self-reference": "a: &x [1, *x]\n",
    "anchor-on-key": "&k a: 1\nb: *k\n",
    "alias-as-key": "a: &k key\n*k : 2\n",
    "merge-into-list-item": "d: &d {a: 1}\nl:\n- <<: *d\n  b: 2\n",
}
for name, text in anchors.items():
    case("anchor-" + name, text)

# Tags.
tags = {
    "str-int": "v: !!str 1", "int-quoted": 'v: !!int "3"', "int-bad": 'v: !!int "x"', "float-int": "v: !!float 3",
    "bool-yes": "v: !!bool yes", "bool-bad": 'v: !!bool "x"', "null-empty": "v: !!null ''", "custom": "v: !custom x",
    "binary": "v: !!binary aGVsbG8=", "map": "v: !!map {a: 1}", "seq": "v: !!seq [1]", "timestamp": "v: !!timestamp 2001-01-01",
    "str-bool": "v: !!str true", "float-str": "v: !!float '1.5'", "int-float": "v: !!int 1.5",
    "local-tag-map": "v: !thing {a: 1}", "verbatim": "v: !<tag:yaml.org,2002:str> 5",
}
for name, text in tags.items():
    case("tag-" + name, text + "\n")

# Documents and whole-file shapes.
documents = {
    "empty-file": "", "only-comment": "# nothing here\n", "only-start": "---\n", "start-end": "---\n...\n",
    "explicit-start": "---\na: 1\n", "two-docs": "a: 1\n---\nb: 2\n", "second-doc-broken": "a: 1\n---\nb: [\n",
    "end-then-garbage": "a: 1\n...\n- x\n", "yaml-directive": "%YAML 1.1\n---\na: 1\n",
    "tag-directive": "%TAG !e! tag:example.com,2000:\n---\na: !e!foo 1\n", "null-doc": "~\n", "null-word-doc": "null\n",
    "root-string": "hello\n", "root-number": "42\n", "root-list": "- a\n- b\n", "root-bool": "true\n",
    "root-flow-list": "[1, 2]\n", "blank-lines": "\n\n\na: 1\n\n\n", "doc-end-only": "...\n",
}
for name, text in documents.items():
    case("doc-" + name, text)

# Invalid input: the error text must match go-yaml's.
errors = {
    "tab-indent": "a:\n\tb: 1\n", "unclosed-flow-seq": "a: [1, 2\n", "unclosed-flow-map": "a: {b: 1\n",
    "mapping-in-value": "a: b: c\n", "bad-indent": "a:\n  b: 1\n c: 2\n", "unclosed-dq": 'a: "abc\n',
    "unclosed-sq": "a: 'abc\n", "list-then-map": "- a\nb: c\n", "bad-escape": 'a: "\\q"\n',
    "at-start": "a: @foo\n", "backtick-start": "a: `foo\n", "block-bad-indent": "a: |\n  x\n b\n",
    "dup-anchor-ok": "a: &x 1\nb: &x 2\nc: *x\n", "null-key": "~: 1\n", "list-key": "[a]: 1\n", "map-key": "{a: 1}: 2\n",
    "colon-in-flow": "a: {b:c}\n", "directive-after": "a: 1\n%YAML 1.1\n", "bad-directive": "%FOO bar\n---\na: 1\n",
    "tab-in-flow-ok": "a: [1,\t2]\n", "alias-with-props": "a: &x 1\nb: !!str *x\n", "flow-end-garbage": "a: [1] x\n",
    "mismatched-bracket": "a: [1}\n", "key-without-value-in-list": "- a: 1\n  b\n", "deep-error-line": "a: 1\nb: 2\nc: 3\nd: [\ne: 4\n",
    "question-mark-flow": "a: [?x]\n", "document-marker-in-scalar": "a: |\n  x\n---\n", "invalid-utf8-escape": 'a: "\\uD800"\n',
    "long-anchor-name": "a: &" + "n" * 200 + " 1\nb: *" + "n" * 200 + "\n",
}
for name, text in errors.items():
    case("error-" + name, text)

for i, (name, text) in enumerate(cases):
    with open(os.path.join(out, f"{i:03d}-{name}.yaml"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
print(len(cases), "cases")
