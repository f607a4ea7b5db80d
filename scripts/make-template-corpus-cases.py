#!/usr/bin/env python3
"""Writes the template corpus inputs (Tests/GoTemplateTests/Corpus/cases/).

Each case is NNN-name.tpl, rendered with values.yaml (or NNN-name.yaml when present).
Expected outputs come from the Go oracle: scripts/regenerate-template-corpus.sh.
"""
import os, shutil

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "Tests", "GoTemplateTests", "Corpus", "cases")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)

VALUES = """str: hello
empty: ""
num: 42
float: 3.14
big: 1000000
neg: -7
zero: 0
flag: true
unset: false
list: [a, b, c]
nums: [3, 1, 2]
mixed: [1, "two", 3.5, true, null]
emptyList: []
emptyMap: {}
dict: {b: 2, a: 1, c: {d: x}}
nested:
  inner: {leaf: value, nil: null}
  list: [{name: n1}, {name: n2}]
multiline: "line1\\nline2\\n"
spaces: "  padded  "
html: "<a href='x'>&</a>"
words: "the quick brown fox jumps over the lazy dog"
csv: "a,b,c"
url: "https://user:pass@example.com:8080/path/to?q=1&r=2#frag"
numstr: "123"
floatstr: "1.50"
hexstr: "0x1F"
b64: "aGVsbG8gd29ybGQ="
"""

cases = []
def c(name, tpl, values=None):
    cases.append((name, tpl, values))

# ---- language: text, trimming, comments
c("text-plain", "just text\n")
c("text-empty", "")
c("trim-left", "a   {{- \"b\" }}  c")
c("trim-right", "a  {{ \"b\" -}}   c")
c("trim-both", "a \n {{- \"b\" -}} \n c")
c("trim-newlines", "x\n\n{{- 1 -}}\n\ny")
c("trim-not-marker", "a {{-3}} b")
c("comment", "a{{/* hidden */}}b")
c("comment-trim", "a  {{- /* hidden */ -}}  b")
c("comment-multiline", "a{{/* line1\nline2 */}}b")
c("comment-unclosed", "a{{/* never")
c("comment-bad-end", "a{{/* x */ 1}}b")
c("action-unclosed", "a{{ .Values.str ")
c("action-unclosed-newline", "a{{ .Values.str \n b")
c("empty-action", "{{}}")
c("unexpected-rparen", "{{ ) }}")
c("bad-char", "{{ .Values.str # }}")
c("unicode-text", "héllo 日本 🚀 {{ .Values.str }}")
c("delims-in-string", "{{ \"{{ not an action }}\" }}")
# ---- literals
c("lit-int", "{{ 42 }} {{ -7 }} {{ +3 }}")
c("lit-float", "{{ 1.5 }} {{ 1e3 }} {{ 1E-3 }} {{ .5 }} {{ 1. }}")
c("lit-float-format", "{{ 1e6 }} {{ 123456789.0 }} {{ 0.0001 }} {{ 0.00001 }} {{ 1e21 }} {{ 100.0 }}")
c("lit-hex-oct-bin", "{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 0x_ff }}")
c("lit-char", "{{ 'a' }} {{ '\\n' }} {{ '\\x41' }} {{ '日' }}")
c("lit-string-escapes", "{{ \"a\\tb\\n\\\"q\\\"\\\\\" }}")
c("lit-raw-string", "{{ `raw \\n {{ x }}` }}")
c("lit-raw-multiline", "{{ `line1\nline2` }}|")
c("lit-bool-nil", "{{ true }} {{ false }}")
c("lit-nil-command", "{{ nil }}")
c("lit-bad-number", "{{ 1x }}")
c("lit-bad-number2", "{{ 0x }}")
c("lit-overflow", "{{ 99999999999999999999 }}")
c("lit-uint-overflow-int", "{{ 18446744073709551615 }}")
c("lit-unterminated-string", "{{ \"abc }}")
c("lit-unterminated-raw", "{{ `abc }}")
c("lit-unterminated-char", "{{ 'a }}")
c("lit-bad-escape", "{{ \"\\q\" }}")
c("lit-float-exp", "{{ 6.02e23 }} {{ 1.7976931348623157e308 }} {{ 5e-324 }}")
c("lit-neg-zero", "{{ -0.0 }} {{ -0 }}")
# ---- values access
c("field-simple", "{{ .Values.str }}")
c("field-nested", "{{ .Values.dict.c.d }}")
c("field-missing", "[{{ .Values.nope }}]")
c("field-missing-nested", "{{ .Values.nope.deeper }}")
c("field-nil-nested", "{{ .Values.nested.inner.nil.x }}")
c("field-on-string", "{{ .Values.str.x }}")
c("field-on-number", "{{ .Values.num.x }}")
c("field-on-list", "{{ .Values.list.x }}")
c("field-number-float", "{{ .Values.num }} {{ .Values.float }} {{ .Values.big }} {{ .Values.neg }}")
c("field-bool", "{{ .Values.flag }} {{ .Values.unset }}")
c("field-list", "{{ .Values.list }} {{ .Values.mixed }}")
c("field-map", "{{ .Values.dict }}")
c("field-empty-collections", "{{ .Values.emptyList }} {{ .Values.emptyMap }}")
c("field-nested-map", "{{ .Values.nested }}")
c("field-release", "{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Revision }} {{ .Release.IsInstall }}")
c("field-dot", "{{ .Values.dict.a }}-{{ with .Values.dict }}{{ .b }}{{ end }}")
c("field-args-error", "{{ .Values.str 1 }}")
c("field-chain-paren", "{{ (.Values.dict).c.d }}")
c("field-chain-func", "{{ (dict \"a\" (dict \"b\" 1)).a.b }}")
c("field-chain-nil", "{{ (nil).x }}")
c("field-after-literal", "{{ \"x\".y }}")
c("field-dollar", "{{ $.Values.str }} {{ with .Values.dict }}{{ $.Values.num }}{{ end }}")
c("field-missing-print", "{{ print .Values.nope }} {{ printf \"%v\" .Values.nope }}")
c("field-null-value", "{{ .Values.nested.inner.nil }}|{{ print .Values.nested.inner.nil }}")
# ---- variables
c("var-declare", "{{ $x := 5 }}{{ $x }}")
c("var-assign", "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}")
c("var-scope-if", "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}")
c("var-undefined", "{{ $y }}")
c("var-undefined-after-scope", "{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}")
c("var-field", "{{ $d := .Values.dict }}{{ $d.c.d }}")
c("var-invalid-field", "{{ $x := .Values.nope }}{{ $x.y }}")
c("var-pipeline", "{{ $x := .Values.str | upper }}{{ $x }}")
c("var-assign-undeclared", "{{ $z = 1 }}")
c("var-dollar-reassign", "{{ $ := 1 }}{{ $ }}")
c("var-range-keeps", "{{ $last := \"\" }}{{ range .Values.list }}{{ $last = . }}{{ end }}{{ $last }}")
c("var-in-define", "{{ define \"d\" }}{{ $x := 1 }}{{ $x }}{{ end }}{{ template \"d\" }}")
c("var-too-many", "{{ $a, $b := 1 }}")
c("var-space-not-decl", "{{ $x := 3 }}{{ $x | print }}")
# ---- if / else
c("if-true", "{{ if .Values.flag }}yes{{ end }}")
c("if-false", "{{ if .Values.unset }}yes{{ else }}no{{ end }}")
c("if-else-if", "{{ if eq .Values.num 1.0 }}one{{ else if eq .Values.num 42.0 }}answer{{ else }}other{{ end }}")
c("if-else-if-chain", "{{ if false }}a{{ else if false }}b{{ else if true }}c{{ else }}d{{ end }}")
c("if-truthiness", "{{ range $v := list 0 1 \"\" \"x\" nil true false (list) (list 1) (dict) (dict \"a\" 1) 0.0 }}{{ if $v }}T{{ else }}F{{ end }}{{ end }}")
c("if-missing", "{{ if .Values.nope }}y{{ else }}n{{ end }}")
c("if-no-end", "{{ if true }}x")
c("if-extra-end", "{{ end }}")
c("if-extra-else", "{{ else }}")
c("if-decl", "{{ if $x := .Values.str }}{{ $x }}{{ end }}")
c("if-missing-pipeline", "{{ if }}x{{ end }}")
c("if-else-twice", "{{ if true }}a{{ else }}b{{ else }}c{{ end }}")
c("if-zero-map", "{{ if .Values.emptyMap }}y{{ else }}n{{ end }}{{ if .Values.dict }}y{{ end }}")
# ---- with
c("with-value", "{{ with .Values.dict }}{{ .a }}{{ end }}")
c("with-else", "{{ with .Values.nope }}{{ . }}{{ else }}none{{ end }}")
c("with-empty-string", "{{ with .Values.empty }}x{{ else }}empty{{ end }}")
c("with-var", "{{ with $v := .Values.str }}{{ $v }}{{ . }}{{ end }}")
c("with-dot-restored", "{{ with .Values.dict }}{{ .a }}{{ end }}{{ .Values.str }}")
# ---- range
c("range-list", "{{ range .Values.list }}[{{ . }}]{{ end }}")
c("range-index", "{{ range $i, $v := .Values.list }}{{ $i }}:{{ $v }} {{ end }}")
c("range-map-sorted", "{{ range $k, $v := .Values.dict }}{{ $k }}={{ $v }};{{ end }}")
c("range-map-one-var", "{{ range $v := .Values.dict }}{{ $v }};{{ end }}")
c("range-else", "{{ range .Values.emptyList }}x{{ else }}empty{{ end }}")
c("range-missing", "{{ range .Values.nope }}x{{ else }}none{{ end }}")
c("range-nested", "{{ range .Values.nested.list }}{{ .name }},{{ end }}")
c("range-break", "{{ range .Values.nums }}{{ if eq . 1.0 }}{{ break }}{{ end }}{{ . }}{{ end }}")
c("range-continue", "{{ range .Values.nums }}{{ if eq . 1.0 }}{{ continue }}{{ end }}{{ . }}{{ end }}")
c("range-break-outside", "{{ break }}")
c("range-continue-outside", "{{ if true }}{{ continue }}{{ end }}")
c("range-string", "{{ range .Values.str }}x{{ end }}")
c("range-number", "{{ range .Values.num }}x{{ end }}")
c("range-dollar", "{{ range .Values.list }}{{ $.Values.str }}{{ end }}")
c("range-three-vars", "{{ range $a, $b, $c := .Values.list }}{{ end }}")
c("range-nil-elements", "{{ range .Values.mixed }}<{{ . }}>{{ end }}")
c("range-until", "{{ range until 3 }}{{ . }}{{ end }}")
c("range-dict-func", "{{ range $k, $v := dict \"z\" 1 \"a\" 2 \"m\" 3 }}{{ $k }}{{ $v }}{{ end }}")
c("range-var-scope", "{{ range $x := .Values.list }}{{ end }}{{ $x }}")
c("range-break-in-with", "{{ range .Values.list }}{{ with . }}{{ break }}{{ end }}x{{ end }}done")
c("range-splitlist", "{{ range splitList \",\" .Values.csv }}({{ . }}){{ end }}")
# ---- define / template / block
c("define-template", "{{ define \"x\" }}X{{ . }}{{ end }}{{ template \"x\" 1 }}{{ template \"x\" \"s\" }}")
c("define-no-data", "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" }}")
c("define-missing", "{{ template \"nope\" }}")
c("define-raw-name", "{{ define `x` }}raw{{ end }}{{ template `x` }}")
c("define-twice", "{{ define \"x\" }}1{{ end }}{{ define \"x\" }}2{{ end }}")
c("define-empty-redefine", "{{ define \"x\" }}1{{ end }}{{ define \"x\" }}{{ end }}{{ template \"x\" }}")
c("define-nested-call", "{{ define \"a\" }}A{{ template \"b\" . }}{{ end }}{{ define \"b\" }}B{{ . }}{{ end }}{{ template \"a\" 7 }}")
c("define-recursive", "{{ define \"r\" }}{{ if gt . 0 }}{{ . }}{{ template \"r\" (sub . 1) }}{{ end }}{{ end }}{{ template \"r\" 5 }}")
c("define-bad-name", "{{ define x }}{{ end }}")
c("define-unclosed", "{{ define \"x\" }}abc")
c("block", "{{ block \"b\" .Values.str }}[{{ . }}]{{ end }}")
c("block-overridden", "{{ define \"b\" }}override{{ end }}{{ block \"b\" . }}default{{ end }}")
c("template-pipeline", "{{ define \"x\" }}{{ . }}{{ end }}{{ template \"x\" .Values.list | len }}")
c("define-error-location", "{{ define \"x\" }}\n\n{{ .Values.nope.deep }}{{ end }}{{ template \"x\" . }}")
c("template-in-range", "{{ define \"i\" }}<{{ . }}>{{ end }}{{ range .Values.list }}{{ template \"i\" . }}{{ end }}")
# ---- pipelines and functions
c("pipe-simple", "{{ .Values.str | upper }}")
c("pipe-chain", "{{ .Values.str | upper | quote }}")
c("pipe-final-arg", "{{ \"a\" | printf \"%s-%s\" \"b\" }}")
c("pipe-paren", "{{ (print 1 2) }} {{ print (add 1 2) (upper \"x\") }}")
c("pipe-nonexec", "{{ .Values.str | 3 }}")
c("pipe-nonexec-string", "{{ 1 | \"x\" }}")
c("pipe-to-nonfunc", "{{ 1 | .Values.str }}")
c("pipe-args-to-literal", "{{ 3 4 }}")
c("func-undefined", "{{ nosuchfunc 1 }}")
c("func-wrong-args", "{{ upper \"a\" \"b\" }}")
c("func-too-few-args", "{{ replace \"a\" }}")
c("func-variadic-min", "{{ printf }}")
c("func-wrong-type-literal", "{{ upper 1 }}")
c("func-wrong-type-value", "{{ upper .Values.num }}")
c("func-wrong-type-int", "{{ repeat .Values.num \"x\" }}")
c("func-int-literal-ok", "{{ repeat 3 \"ab\" }}")
c("func-float-for-int", "{{ repeat 1.5 \"x\" }}")
c("func-nil-arg-string", "{{ upper nil }}")
c("func-missing-arg-string", "{{ upper .Values.nope }}")
c("func-missing-var-string", "{{ $x := .Values.nope }}{{ upper $x }}")
c("func-error-location", "line1\n  {{ fail \"boom\" }}")
c("paren-unclosed", "{{ (1 }}")
c("paren-extra", "{{ 1) }}")
c("dot-command", "{{ with 5 }}{{ . }}{{ end }}")
c("pipe-decl-multi", "{{ $x := 1 | add 2 }}{{ $x }}")
c("unexpected-in-operand", "{{ print 1 := 2 }}")
c("colon-error", "{{ $x : 1 }}")
c("assign-in-range", "{{ range $i := .Values.list }}{{ $i = 1 }}{{ end }}ok")
# ---- builtins
c("and-or", "{{ and 1 2 }} {{ and 0 2 }} {{ or 0 \"\" }} {{ or 0 3 }} {{ and }}")
c("and-shortcircuit", "{{ and false (fail \"no\") }} {{ or true (fail \"no\") }}")
c("and-pipe", "{{ 5 | and 1 }} {{ 0 | or 2 }}")
c("not", "{{ not true }} {{ not 0 }} {{ not \"x\" }} {{ not .Values.nope }}")
c("not-args", "{{ not 1 2 }}")
c("len", "{{ len .Values.list }} {{ len .Values.str }} {{ len .Values.dict }} {{ len \"日本\" }}")
c("len-number", "{{ len 3 }}")
c("len-nil", "{{ len .Values.nope }}")
c("len-invalid", "{{ $x := .Values.nope }}{{ len $x }}")
c("index-list", "{{ index .Values.list 1 }} {{ index .Values.nested.list 0 \"name\" }}")
c("index-map", "{{ index .Values.dict \"a\" }} [{{ index .Values.dict \"zz\" }}]")
c("index-out-of-range", "{{ index .Values.list 5 }}")
c("index-negative", "{{ index .Values.list -1 }}")
c("index-string", "{{ index \"abc\" 1 }}")
c("index-wrong-key", "{{ index .Values.dict 1 }}")
c("index-nil", "{{ index nil 1 }}")
c("index-of-number", "{{ index 5 1 }}")
c("index-float-index", "{{ index .Values.list 1.0 }}")
c("index-no-indexes", "{{ index .Values.list }}")
c("slice-builtin-string", "{{ slice \"abcdef\" 1 3 }} {{ slice \"abcdef\" 2 }}")
c("eq-basic", "{{ eq 1 1 }} {{ eq \"a\" \"b\" }} {{ eq .Values.num 42.0 }} {{ eq 1 2 3 1 }}")
c("eq-int-float", "{{ eq 1 1.0 }}")
c("eq-float-values", "{{ eq .Values.num 42 }}")
c("eq-string-int", "{{ eq \"1\" 1 }}")
c("eq-nil", "{{ eq .Values.nope nil }}")
c("eq-missing-vs-value", "{{ eq .Values.nope \"x\" }}")
c("eq-no-args", "{{ eq 1 }}")
c("eq-bools", "{{ eq true true }} {{ eq true false }}")
c("eq-lists", "{{ eq .Values.list .Values.list }}")
c("ne", "{{ ne 1 2 }} {{ ne \"a\" \"a\" }}")
c("lt-le-gt-ge", "{{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }} {{ lt \"a\" \"b\" }} {{ lt 1.5 2.5 }}")
c("lt-mixed", "{{ lt 1 2.5 }}")
c("lt-bool", "{{ lt true false }}")
c("lt-nil", "{{ lt .Values.nope 1 }}")
c("gt-values", "{{ gt .Values.num 10.0 }} {{ lt .Values.neg 0.0 }}")
c("print", "{{ print 1 2 \"a\" \"b\" 3 nil true }}")
c("print-mixed", "{{ print \"x\" 1 2 \"y\" }}|{{ print }}|{{ print nil nil }}")
c("println", "{{ println 1 \"a\" true }}|")
c("print-values", "{{ print .Values.list .Values.dict .Values.float .Values.big }}")
c("html", "{{ html \"<a href='x'>&\\\"</a>\" }} {{ html 1 2 }}")
c("js", "{{ js \"it's <b> & \\\"q\\\" = \\n\" }}")
c("urlquery", "{{ urlquery \"a b&c=d/é\" }}")
c("call-nil", "{{ call nil }}")
c("call-nonfunc", "{{ call 1 }}")
c("builtin-override-slice", "{{ slice .Values.list 1 }}")
# ---- printf
pf = [
    ("v", "%v|%v|%v|%v", "1 \"s\" 1.5 true"), ("d", "%d|%5d|%-5d|%05d|%+d", "42 42 42 42 42"),
    ("s", "%s|%10s|%-10s|%.2s", "\"abc\" \"abc\" \"abc\" \"abc\""), ("q", "%q|%q|%#q|%+q", "\"a\\\"b\" 65 \"raw\" \"é\""),
    ("x", "%x|%X|%#x|%x|%X", "255 255 255 \"hi\" \"hi\""), ("o-b", "%o|%b|%#o|%O", "8 5 8 8"),
    ("t", "%t|%t", "true false"), ("T", "%T|%T|%T|%T|%T|%T|%T", "1 1.5 \"s\" true nil .Values.list .Values.dict"),
    ("f", "%f|%.2f|%8.3f|%-8.1f|%08.2f|%+.1f", "3.14159 3.14159 3.14159 3.14159 -3.14159 2.0"),
    ("e", "%e|%.2e|%E", "123456.789 0.000123 1e21"), ("g", "%g|%.3g|%g|%G|%g", "123456.789 123456.789 1e-7 1e21 100000.0"),
    ("c-U", "%c|%U|%#U", "65 9731 9731"), ("percent", "100%%|%d%%", "5"),
    ("missing", "%d %d", "1"), ("extra", "%d", "1 2 \"x\""), ("bad-verb", "%d|%s|%t", "\"x\" 1 1"),
    ("nil", "%v|%s|%d", "nil nil nil"), ("width-star", "%*d|%-*d|%.*f", "5 1 5 1 2 3.14159"),
    ("float-int-verbs", "%d|%x", "1.5 1.5"), ("int-float-verbs", "%f|%e|%g", "3 3 3"),
    ("values", "%v|%v|%v", ".Values.float .Values.big .Values.mixed"), ("map", "%v|%d", ".Values.dict .Values.nums"),
    ("space-flag", "% d|% d|% x", "5 -5 \"ab\""), ("sharp-v", "%#v|%#v|%#v", "1 \"s\" .Values.list"),
    ("inf-nan", "%v|%f|%5.1f", "(float64 \"inf\") (float64 \"-inf\") (float64 \"nan\")"),
    ("no-verb", "abc%", ""), ("plus-v", "%+v", ".Values.dict"), ("unicode-width", "%5s|%-5s|", "\"日本\" \"é\""),
    ("zero-pad-neg", "%06d|%06.2f|%-06d|", "-42 -1.5 7"), ("precision-int", "%.3d|%8.3d", "7 7"),
    ("big-float", "%v|%.0f|%f", "1e20 2.5 1e20"), ("string-x-space", "%X|% X", "\"Go\" \"Go\""),
    ("bool-d", "%d|%v", "true false"), ("float32", "%v", "(float64 \"0.1\")"),
]
for name, fmt, args in pf:
    c("printf-" + name, "{{ printf \"" + fmt + "\" " + args + " }}")

# ---- sprig strings
s = [
    ("hello", "{{ hello }}"), ("upper-lower", "{{ upper \"aBc\" }} {{ lower \"AbC\" }} {{ upper \"straße\" }}"),
    ("title", "{{ title \"hello wide world\" }} {{ title \"o'neil is-here x_y 3rd\" }}"),
    ("untitle", "{{ untitle \"Hello World\" }}"), ("trim", "[{{ trim \"  a b  \" }}] [{{ trim \"\\t\\nx\\n\" }}]"),
    ("trimAll", "{{ trimAll \"$\" \"$$5.00$\" }} {{ trimall \"ab\" \"abcba\" }}"),
    ("trimPrefix-Suffix", "{{ trimPrefix \"-\" \"--a-\" }} {{ trimSuffix \"-\" \"-a--\" }} {{ trimPrefix \"\" \"x\" }}"),
    ("trunc", "{{ trunc 5 \"hello world\" }}|{{ trunc -5 \"hello world\" }}|{{ trunc 50 \"hi\" }}|{{ trunc -50 \"hi\" }}|{{ trunc 0 \"x\" }}"),
    ("abbrev", "{{ abbrev 5 \"hello world\" }}|{{ abbrev 3 \"hello\" }}|{{ abbrev 20 \"short\" }}"),
    ("abbrevboth", "{{ abbrevboth 5 10 \"1234 5678 9123\" }}|{{ abbrevboth 0 6 \"abcdefghij\" }}|{{ abbrevboth 2 5 \"abcdefgh\" }}"),
    ("substr", "{{ substr 0 5 \"hello world\" }}|{{ substr 6 -1 \"hello world\" }}|{{ substr -1 3 \"hello\" }}|{{ substr 2 99 \"hello\" }}"),
    ("substr-panic", "{{ substr 4 2 \"hello\" }}"),
    ("repeat", "{{ repeat 3 \"ab\" }}|{{ repeat 0 \"x\" }}"), ("repeat-negative", "{{ repeat -1 \"x\" }}"),
    ("nospace", "{{ nospace \"a b\\tc\\nd\" }}"), ("initials", "{{ initials \"First Try  now\" }}"),
    ("swapcase", "{{ swapcase \"Hello World ABC def\" }}"), ("camelcase", "{{ camelcase \"http_server\" }} {{ camelcase \"_a__b c-d\" }} {{ camelcase \"x\" }}"),
    ("wrap", "{{ wrap 10 \"the quick brown fox jumps over\" }}"), ("wrap-long", "{{ wrap 5 \"abcdefghij klm\" }}"),
    ("wrapWith", "{{ wrapWith 5 \"\\t\" \"Hello World\" }}|{{ wrapWith 3 \"|\" \"abcdefgh\" }}"),
    ("contains", "{{ contains \"ell\" \"hello\" }} {{ contains \"x\" \"hello\" }} {{ contains \"\" \"a\" }}"),
    ("hasPrefix-Suffix", "{{ hasPrefix \"he\" \"hello\" }} {{ hasSuffix \"lo\" \"hello\" }} {{ hasPrefix \"x\" \"hello\" }}"),
    ("quote", "{{ quote \"a\" 1 nil \"b\\\"c\" }} {{ quote .Values.list }} {{ quote }}"),
    ("squote", "{{ squote \"a\" 1 nil }} {{ squote .Values.float }}"),
    ("cat", "{{ cat \"a\" 1 nil \"b\" .Values.list }}"), ("indent", "{{ indent 2 \"a\\nb\" }}|{{ indent 0 \"x\" }}"),
    ("nindent", "x:{{ nindent 4 \"a\\nb\" }}"), ("indent-toyaml", "spec:\n{{ toYaml .Values.dict | indent 2 }}"),
    ("replace", "{{ replace \" \" \"-\" \"a b c\" }} {{ replace \"\" \"|\" \"ab\" }}"),
    ("plural", "{{ plural \"one\" \"many\" 1 }} {{ plural \"one\" \"many\" 2 }} {{ plural \"one\" \"many\" 0 }}"),
    ("toString", "{{ toString 1 }} {{ toString 1.5 }} {{ toString .Values.big }} {{ toString true }} {{ toString nil }} {{ toString .Values.list }}"),
    ("split", "{{ split \",\" \"a,b,c\" }} {{ (split \",\" \"a,b\")._1 }}"), ("splitList", "{{ splitList \",\" \"a,,b\" }} {{ splitList \"\" \"abc\" }}"),
    ("splitn", "{{ splitn \",\" 2 \"a,b,c\" }}"), ("join", "{{ join \",\" .Values.list }} {{ join \"-\" .Values.mixed }} {{ join \",\" \"x\" }}"),
    ("toStrings", "{{ toStrings .Values.mixed }} {{ toStrings 1 }} {{ typeOf (toStrings .Values.list) }}"),
    ("sortAlpha", "{{ sortAlpha (list \"b\" \"a\" \"C\" 10 2) }} {{ sortAlpha \"x\" }}"),
    ("strings-pipe", "{{ .Values.words | title | replace \" \" \"_\" | lower }}"),
]
for name, tpl in s:
    c("sprig-str-" + name, tpl)

# ---- sprig conversion and math
m = [
    ("atoi", "{{ atoi \"42\" }} {{ atoi \"x\" }} {{ atoi \"-3\" }} {{ atoi \"1.5\" }} {{ typeOf (atoi \"1\") }}"),
    ("int", "{{ int \"42\" }} {{ int 3.9 }} {{ int -3.9 }} {{ int \"0x10\" }} {{ int \"08\" }} {{ int true }} {{ int nil }} {{ int \"12.00\" }} {{ typeOf (int 1) }}"),
    ("int64", "{{ int64 \"42\" }} {{ int64 .Values.float }} {{ typeOf (int64 1) }} {{ int64 \"1e3\" }}"),
    ("float64", "{{ float64 \"1.5\" }} {{ float64 3 }} {{ float64 \"x\" }} {{ float64 \"1e3\" }} {{ typeOf (float64 1) }}"),
    ("toDecimal", "{{ toDecimal \"0777\" }} {{ toDecimal 17 }} {{ toDecimal \"9\" }}"),
    ("add", "{{ add 1 2 3 }} {{ add }} {{ add \"4\" 1.9 }} {{ typeOf (add 1) }} {{ add .Values.num 1 }}"),
    ("add1-sub", "{{ add1 5 }} {{ sub 10 3 }} {{ sub 1.5 1 }}"), ("mul-div-mod", "{{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ div -7 2 }} {{ mod -7 3 }}"),
    ("div-zero", "{{ div 1 0 }}"), ("mod-zero", "{{ mod 1 0 }}"),
    ("max-min", "{{ max 1 5 3 }} {{ min 4 2 8 }} {{ biggest 1 9 }} {{ max 1.9 1.1 }} {{ typeOf (max 1) }}"),
    ("maxf-minf", "{{ maxf 1 5.5 3 }} {{ minf 4 2.5 8 }} {{ typeOf (maxf 1) }}"),
    ("floor-ceil", "{{ floor 1.7 }} {{ ceil 1.2 }} {{ floor -1.5 }} {{ ceil \"2.1\" }} {{ typeOf (floor 1) }}"),
    ("round", "{{ round 123.5555 3 }} {{ round 123.5 0 }} {{ round 2.5 0 }} {{ round 1.55 1 }} {{ round 123.4999 2 .4999 }}"),
    ("addf-subf", "{{ addf 1.1 2.2 }} {{ subf 5 1.1 1.1 }} {{ add1f 1.1 }} {{ addf 0.1 0.2 }}"),
    ("mulf-divf", "{{ mulf 1.1 3 }} {{ divf 1 3 }} {{ divf 10 4 }} {{ divf 2 3 }}"),
    ("until", "{{ until 5 }} {{ until -3 }} {{ until 0 }} {{ typeOf (until 1) }}"),
    ("untilStep", "{{ untilStep 0 10 3 }} {{ untilStep 10 0 -4 }} {{ untilStep 0 5 0 }}"),
    ("seq", "{{ seq 5 }}|{{ seq 2 5 }}|{{ seq 5 2 }}|{{ seq 0 2 10 }}|{{ seq 10 -3 1 }}|{{ seq }}|{{ seq -2 }}"),
    ("math-on-values", "{{ add .Values.big 1 }} {{ mul .Values.float 2 }} {{ div .Values.num 5 }}"),
    ("int-big-string", "{{ int64 \"9223372036854775807\" }} {{ int64 \"99999999999999999999\" }}"),
]
for name, tpl in m:
    c("sprig-num-" + name, tpl)

# ---- sprig defaults, flow, reflection
d = [
    ("default", "{{ default \"d\" .Values.nope }} {{ default \"d\" .Values.str }} {{ default \"d\" \"\" }} {{ default 5 0 }} {{ default \"d\" .Values.emptyList }} {{ default \"d\" }}"),
    ("default-pipe", "{{ .Values.nope | default \"fallback\" }} {{ .Values.unset | default true }}"),
    ("empty", "{{ empty \"\" }} {{ empty 0 }} {{ empty .Values.emptyMap }} {{ empty .Values.dict }} {{ empty nil }} {{ empty false }} {{ empty 0.0 }}"),
    ("coalesce", "{{ coalesce .Values.nope \"\" 0 \"x\" }} [{{ coalesce nil \"\" }}]"),
    ("all-any", "{{ all 1 \"a\" true }} {{ all 1 \"\" }} {{ any 0 \"\" nil }} {{ any 0 1 }} {{ all }} {{ any }}"),
    ("ternary", "{{ ternary \"y\" \"n\" true }} {{ ternary \"y\" \"n\" false }} {{ true | ternary 1 2 }}"),
    ("ternary-wrong", "{{ ternary 1 2 \"x\" }}"),
    ("fail", "{{ fail \"stop here\" }}"),
    ("typeOf", "{{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf \"s\" }} {{ typeOf nil }} {{ typeOf .Values.list }} {{ typeOf .Values.dict }} {{ typeOf .Values.num }} {{ typeOf (list) }} {{ typeOf (dict) }} {{ typeOf (splitList \",\" \"a\") }} {{ typeOf true }}"),
    ("typeIs", "{{ typeIs \"int\" 1 }} {{ typeIs \"string\" 1 }} {{ typeIsLike \"int\" 1 }} {{ typeIsLike \"*int\" 1 }}"),
    ("kindOf", "{{ kindOf 1 }} {{ kindOf 1.5 }} {{ kindOf \"s\" }} {{ kindOf .Values.list }} {{ kindOf .Values.dict }} {{ kindOf true }} {{ kindOf nil }} {{ kindOf (int64 1) }}"),
    ("kindIs", "{{ kindIs \"map\" .Values.dict }} {{ kindIs \"slice\" .Values.list }} {{ kindIs \"int\" 1.0 }}"),
    ("deepEqual", "{{ deepEqual .Values.list (list \"a\" \"b\" \"c\") }} {{ deepEqual 1 1 }} {{ deepEqual 1 1.0 }} {{ deepEqual (dict \"a\" 1) (dict \"a\" 1) }}"),
    ("toJson-sprig-style", "{{ .Values.dict | toJson }} {{ toJson .Values.mixed }} {{ toJson \"<x>\" }} {{ toJson 1e6 }} {{ toJson .Values.big }}"),
    ("toPrettyJson", "{{ toPrettyJson .Values.dict }}\n{{ toPrettyJson .Values.emptyList }} {{ toPrettyJson 1 }}"),
    ("toRawJson", "{{ toRawJson (dict \"h\" \"<a>&\") }} {{ mustToRawJson .Values.list }}"),
    ("mustToJson", "{{ mustToJson .Values.nested }} {{ mustToPrettyJson (list 1 2) }}"),
]
for name, tpl in d:
    c("sprig-def-" + name, tpl)

# ---- sprig lists and dicts
l = [
    ("list", "{{ list 1 \"a\" nil 2.5 }} {{ list }} {{ tuple 1 2 }}"),
    ("first-last", "{{ first .Values.list }} {{ last .Values.list }} {{ first (list) }} [{{ last .Values.emptyList }}]"),
    ("first-error", "{{ first \"abc\" }}"), ("mustFirst-error", "{{ mustFirst 5 }}"),
    ("rest-initial", "{{ rest .Values.list }} {{ initial .Values.list }} {{ rest (list) }} {{ initial (list 1) }}"),
    ("reverse", "{{ reverse .Values.list }} {{ reverse (list) }}"), ("reverse-error", "{{ reverse 5 }}"),
    ("append-prepend", "{{ append .Values.list \"d\" }} {{ prepend .Values.list \"z\" }} {{ push (list) 1 }} {{ .Values.list }}"),
    ("append-error", "{{ append \"x\" 1 }}"),
    ("uniq", "{{ uniq (list 1 2 1 \"a\" \"a\" 2.0 2) }}"), ("compact", "{{ compact (list 1 0 \"\" nil \"a\" false (list)) }}"),
    ("without", "{{ without .Values.list \"b\" }} {{ without (list 1 2 3 2) 2 3 }}"),
    ("has", "{{ has \"b\" .Values.list }} {{ has 4 (list 1 2) }} {{ has 1 nil }} {{ .Values.list | has \"a\" }}"),
    ("has-error", "{{ has 1 \"abc\" }}"),
    ("slice-sprig", "{{ slice .Values.list 1 }} {{ slice .Values.list 0 2 }} {{ slice .Values.list }} {{ slice (list 1 2 3) 1 2 }}"),
    ("slice-error", "{{ slice .Values.list 2 1 }}"), ("slice-not-list", "{{ slice \"abc\" 1 }}"),
    ("concat", "{{ concat .Values.list (list 1 2) (list) }}"), ("concat-error", "{{ concat .Values.list 5 }}"),
    ("chunk", "{{ chunk 2 (list 1 2 3 4 5) }} {{ chunk 3 (list) }}"),
    ("mustCompact-mustUniq", "{{ mustCompact (list 0 1) }} {{ mustUniq (list 1 1) }} {{ mustRest (list 1 2) }} {{ mustInitial (list 1 2) }} {{ mustLast (list 1 2) }} {{ mustReverse (list 1 2) }} {{ mustPrepend (list 1) 0 }} {{ mustPush (list 1) 2 }} {{ mustWithout (list 1 2) 1 }} {{ mustHas 1 (list 1) }} {{ mustSlice (list 1 2) 1 }} {{ mustChunk 1 (list 1 2) }}"),
    ("dict", "{{ dict \"b\" 2 \"a\" 1 }} {{ dict }} {{ dict \"odd\" }} {{ dict 1 2 }}"),
    ("get-set-unset", "{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"b\" 2 }}{{ $d }} {{ get $d \"a\" }} [{{ get $d \"zz\" }}] {{ unset $d \"a\" }}"),
    ("set-values-mutates", "{{ $_ := set .Values.dict \"new\" \"v\" }}{{ .Values.dict.new }}"),
    ("hasKey", "{{ hasKey .Values.dict \"a\" }} {{ hasKey .Values.dict \"z\" }}"),
    ("hasKey-wrong-type", "{{ hasKey .Values.list \"a\" }}"),
    ("keys-values", "{{ keys .Values.dict | sortAlpha }} {{ keys (dict) }} {{ values (dict \"a\" 1) }}"),
    ("pluck", "{{ pluck \"name\" (index .Values.nested.list 0) (index .Values.nested.list 1) (dict) }}"),
    ("pick-omit", "{{ pick .Values.dict \"a\" \"zz\" }} {{ omit .Values.dict \"a\" \"c\" }}"),
    ("merge", "{{ $a := dict \"x\" 1 \"n\" (dict \"p\" 1) }}{{ $b := dict \"x\" 2 \"y\" 3 \"n\" (dict \"q\" 2) }}{{ merge $a $b }}"),
    ("mergeOverwrite", "{{ $a := dict \"x\" 1 \"z\" 9 }}{{ $b := dict \"x\" 2 \"y\" 3 \"z\" \"\" }}{{ mergeOverwrite $a $b }}"),
    ("merge-empty-dst", "{{ $a := dict \"x\" \"\" \"f\" false }}{{ merge $a (dict \"x\" \"set\" \"f\" true) }}"),
    ("deepCopy", "{{ $c := deepCopy .Values.dict }}{{ $_ := set $c \"a\" 99 }}{{ .Values.dict.a }} {{ $c.a }}"),
    ("dig", "{{ dig \"c\" \"d\" \"def\" .Values.dict }} {{ dig \"c\" \"zz\" \"def\" .Values.dict }} {{ dig \"a\" \"b\" \"def\" (dict \"a\" 1) }}"),
    ("dig-few-args", "{{ dig \"a\" (dict) }}"),
    ("list-of-dicts-toYaml", "{{ list (dict \"a\" 1) (dict \"b\" (list 1 2)) | toYaml }}"),
]
for name, tpl in l:
    c("sprig-col-" + name, tpl)

# ---- sprig encoding, hashes, paths, regex
e = [
    ("b64", "{{ b64enc \"hello world\" }} {{ b64dec .Values.b64 }} {{ b64enc \"\" }} {{ b64enc \"é\" }}"),
    ("b64dec-bad", "{{ b64dec \"not base64!\" }}|{{ b64dec \"abc\" }}"),
    ("b32", "{{ b32enc \"hello\" }} {{ b32dec \"NBSWY3DP\" }} {{ b32enc \"a\" }}"),
    ("b32dec-bad", "{{ b32dec \"1!\" }}"),
    ("sha1sum", "{{ sha1sum \"hello\" }} {{ sha1sum \"\" }}"),
    ("sha256sum", "{{ sha256sum \"hello\" }} {{ sha256sum \"\" }} {{ sha256sum .Values.words }}"),
    ("adler32sum", "{{ adler32sum \"hello\" }} {{ adler32sum \"\" }}"),
    ("paths", "{{ base \"/a/b/c.txt\" }} {{ dir \"/a/b/c.txt\" }} {{ ext \"/a/b/c.tar.gz\" }} {{ clean \"/a/../b/./c//\" }} {{ isAbs \"/x\" }} {{ isAbs \"x\" }}"),
    ("paths-edge", "{{ base \"\" }} {{ base \"/\" }} {{ dir \"x\" }} {{ dir \"\" }} {{ clean \"\" }} {{ clean \"../../a\" }} {{ ext \"noext\" }} {{ base \"a/b/\" }}"),
    ("os-paths", "{{ osBase \"/a/b\" }} {{ osDir \"/a/b\" }} {{ osClean \"a//b\" }} {{ osExt \"f.go\" }} {{ osIsAbs \"/a\" }}"),
    ("regexMatch", "{{ regexMatch \"^[a-z]+$\" \"hello\" }} {{ regexMatch \"^[a-z]+$\" \"Hello\" }} {{ regexMatch \"a.c\" \"xabcx\" }}"),
    ("regexFind", "{{ regexFind \"[0-9]+\" \"abc123def456\" }} [{{ regexFind \"x\" \"abc\" }}]"),
    ("regexFindAll", "{{ regexFindAll \"[0-9]+\" \"a1b22c333\" -1 }} {{ regexFindAll \"[0-9]+\" \"a1b22c333\" 2 }} {{ regexFindAll \"x\" \"abc\" -1 }}"),
    ("regexReplaceAll", "{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }} {{ regexReplaceAll \"[0-9]\" \"a1b2\" \"#\" }} {{ regexReplaceAll \"(a)(b)\" \"ab\" \"$2$1$$\" }}"),
    ("regexReplaceAllLiteral", "{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\" }}"),
    ("regexSplit", "{{ regexSplit \"z+\" \"pizza\" -1 }} {{ regexSplit \"a\" \"banana\" 2 }} {{ regexSplit \",\" \"\" -1 }}"),
    ("regexQuoteMeta", "{{ regexQuoteMeta \"1.5+[x]\" }}"),
    ("mustRegex", "{{ mustRegexMatch \"b\" \"abc\" }} {{ mustRegexFind \"b+\" \"abbc\" }} {{ mustRegexFindAll \"b\" \"abb\" -1 }} {{ mustRegexReplaceAll \"b\" \"abc\" \"x\" }} {{ mustRegexReplaceAllLiteral \"b\" \"abc\" \"$1\" }} {{ mustRegexSplit \"b\" \"abc\" -1 }}"),
    ("regex-named-group", "{{ regexReplaceAll \"(?P<first>\\\\w+) (?P<last>\\\\w+)\" \"John Smith\" \"${last}, ${first}\" }}"),
]
for name, tpl in e:
    c("sprig-enc-" + name, tpl)

# ---- Helm functions
h = [
    ("include", "{{ define \"x\" }}[{{ .a }}]{{ end }}{{ include \"x\" (dict \"a\" 1) }} {{ include \"x\" (dict \"a\" 2) | upper }}"),
    ("include-indent", "{{ define \"labels\" }}app: x\nver: 1{{ end }}metadata:\n  labels:\n{{ include \"labels\" . | indent 4 }}"),
    ("include-missing", "{{ include \"nope\" . }}"),
    ("include-error-inside", "{{ define \"x\" }}{{ .Values.a.b }}{{ end }}{{ include \"x\" . }}"),
    ("include-nested", "{{ define \"a\" }}A{{ include \"b\" . }}{{ end }}{{ define \"b\" }}B{{ end }}{{ include \"a\" . }}"),
    ("tpl", "{{ tpl \"{{ .Values.str }}-{{ 1 }}\" . }} {{ tpl \"plain\" . }}"),
    ("tpl-values", "{{ $t := \"{{ .a | upper }}\" }}{{ tpl $t (dict \"a\" \"x\") }}"),
    ("tpl-define-visible", "{{ define \"x\" }}X{{ end }}{{ tpl \"{{ include \\\"x\\\" . }}\" . }}"),
    ("tpl-missing-key", "[{{ tpl \"{{ .Values.nope }}\" . }}]"),
    ("required-ok", "{{ required \"need it\" .Values.str }} {{ required \"need\" 0 }}"),
    ("required-missing", "{{ required \"str is required\" .Values.nope }}"),
    ("required-empty", "{{ required \"empty not allowed\" .Values.empty }}"),
    ("toYaml", "{{ toYaml .Values.dict }}\n---\n{{ toYaml .Values.mixed }}\n---\n{{ toYaml .Values.str }}|{{ toYaml nil }}|{{ toYaml .Values.emptyMap }}"),
    ("toYaml-numbers", "{{ toYaml (dict \"i\" 1 \"f\" 1.5 \"big\" .Values.big \"s\" \"1\") }}"),
    ("toYaml-strings", "{{ toYaml (list \"yes\" \"012\" \"a: b\" \"\" \" x\" \"multi\\nline\" \"#c\" \"@a\" \"x #y\") }}"),
    ("fromYaml", "{{ $m := fromYaml \"a: 1\\nb: [x, y]\" }}{{ $m.a }} {{ $m.b }} {{ typeOf $m.a }}"),
    ("fromYaml-error", "{{ fromYaml \"a: [\" }} {{ (fromYaml \"- 1\").Error }}"),
    ("fromYamlArray", "{{ fromYamlArray \"- 1\\n- two\" }} {{ fromYamlArray \"a: 1\" }}"),
    ("toJson-helm", "{{ toJson .Values.dict }} {{ toJson .Values.list }} {{ toJson \"a<b\" }} {{ toJson nil }}"),
    ("fromJson-valid", "{{ $m := fromJson \"{\\\"a\\\": [1, 2], \\\"b\\\": {\\\"c\\\": true}}\" }}{{ $m.a }} {{ $m.b.c }}"),
    ("lookup", "{{ lookup \"v1\" \"Namespace\" \"\" \"default\" }} {{ len (lookup \"v1\" \"Pod\" \"ns\" \"p\") }}"),
    ("roundtrip", "{{ .Values.nested | toYaml | fromYaml | toJson }}"),
    ("helm-label-helper", "{{ define \"chart.labels\" }}app.kubernetes.io/name: {{ .Values.str }}\napp.kubernetes.io/instance: {{ .Release.Name }}{{ end }}labels:\n  {{- include \"chart.labels\" . | nindent 2 }}"),
    ("helm-resources", "resources:\n{{- with .Values.dict }}\n{{ toYaml . | indent 2 }}\n{{- end }}"),
    ("helm-image", "image: \"{{ .Values.str }}:{{ .Values.num | toString }}\"\nreplicas: {{ .Values.num | int }}"),
    ("helm-quote-values", "{{ range $k, $v := .Values.dict }}{{ $k }}: {{ $v | quote }}\n{{ end }}"),
]
for name, tpl in h:
    c("helm-" + name, tpl)

# ---- values-specific cases
c("values-norway", "{{ .Values.a }} {{ .Values.b }} {{ typeOf .Values.b }}", "a: no\nb: 'no'\n")
c("values-numbers", "{{ .Values.i }} {{ .Values.f }} {{ .Values.e }} {{ .Values.o }} {{ .Values.h }} {{ typeOf .Values.i }}", "i: 7\nf: 0.5\ne: 1e3\no: 0777\nh: 0xff\n")
c("values-int-keys", "{{ index .Values \"1\" }} {{ .Values.true }}", "1: one\nyes: t\n")
c("values-empty-file", "[{{ .Values }}]", "")
c("values-nested-null", "{{ .Values.a }} {{ .Values.a.b }} [{{ .Values.a.b }}]", "a:\n  b: null\n  c: 1\n")
c("values-unicode", "{{ .Values.greeting }} {{ len .Values.greeting }}", "greeting: héllo\n")
c("values-long-string-toYaml", "{{ toYaml .Values }}", "text: " + " ".join(["word"] * 40) + "\n")
c("values-anchors", "{{ .Values.b.x }} {{ .Values.c }}", "a: &a {x: 1}\nb: *a\nc: *a\n")

# ---- more language edge cases
c("nested-range-vars", "{{ range $i, $a := .Values.list }}{{ range $j, $b := $.Values.nums }}{{ $i }}{{ $j }} {{ end }}{{ end }}")
c("deep-nesting", "{{ if true }}{{ if true }}{{ if true }}{{ with 1 }}{{ range list 1 }}deep{{ end }}{{ end }}{{ end }}{{ end }}{{ end }}")
c("whitespace-between-actions", "{{ 1 }} {{ 2 }}\n{{ 3 }}\t{{ 4 }}")
c("keyword-as-field", "{{ .Values.if }} {{ .Values.range }}", "if: a\nrange: b\n")
c("long-text", "x" * 3000 + "{{ 1 }}")
c("many-actions", "".join("{{ %d }}," % i for i in range(200)))
c("error-line-count", "a\nb\nc\n{{ .Values.x.y }}")
c("error-col", "abc {{ .Values.x.y }}")
c("error-in-arg-node", "{{ print (index .Values.list 9) }}")
c("parse-error-line", "line1\nline2\n{{ if }}")
c("parse-error-multiline-action", "{{ print\n 1\n )}}")
c("unexpected-eof-in-range", "{{ range .Values.list }}")
c("end-with-args", "{{ if true }}x{{ end 1 }}")
c("else-with-args", "{{ if true }}x{{ else 1 }}y{{ end }}")
c("template-bad-args", "{{ template }}")
c("undefined-var-in-define", "{{ $x := 1 }}{{ define \"d\" }}{{ $x }}{{ end }}")
c("number-then-field", "{{ 1.x }}")
c("dot-number", "{{ .5 }} {{ .Values.num }}")
c("dollar-field-chain", "{{ $.Values.dict.c.d }}")
c("pipe-into-with", "{{ with .Values.str | upper }}{{ . }}{{ end }}")
c("print-in-pipe-final", "{{ .Values.num | print \"n=\" }}")
c("chain-on-variable-map", "{{ $m := dict \"a\" (dict \"b\" \"c\") }}{{ $m.a.b }}")
c("chain-missing-on-dict", "{{ $m := dict }}[{{ $m.nope }}]")
c("method-args-on-map", "{{ .Values.dict.a 1 }}")
c("index-nested-missing", "[{{ index .Values.dict \"zz\" \"y\" }}]")
c("len-of-dict-func", "{{ len (dict \"a\" 1 \"b\" 2) }}")
c("eq-dict-values", "{{ eq (index .Values.dict \"a\") 1.0 }}")
c("string-concat-print", "{{ print \"a\" \"b\" }}{{ printf \"%s%s\" \"c\" \"d\" }}")
c("nil-to-print", "{{ print nil }} {{ println nil }}")
c("crlf-template", "a\r\n{{ 1 }}\r\n")
c("tab-trim", "a\t{{- 1 -}}\tb")


# ---- more Sprig: case conversion, semver, urls
more = [
    ("snakecase", "{{ snakecase \"HelloWorld\" }} {{ snakecase \"HTTPServer\" }} {{ snakecase \"already_snake\" }} {{ snakecase \"Some Words Here\" }} {{ snakecase \"version2Update\" }} {{ snakecase \"ABC\" }}"),
    ("kebabcase", "{{ kebabcase \"HelloWorld\" }} {{ kebabcase \"myHTTPServer\" }} {{ kebabcase \"foo_bar-baz\" }} {{ kebabcase \"v1Beta2\" }} {{ kebabcase \"x\" }}"),
    ("case-mixed", "{{ snakecase \"getHTTPResponse2XX\" }} {{ kebabcase \"JSONData\" }} {{ camelcase \"some-kebab_snake words\" }} {{ snakecase \"a.b.c\" }}"),
    ("semverCompare", "{{ semverCompare \">=1.2.3\" \"1.2.4\" }} {{ semverCompare \"<1.0\" \"1.0.0\" }} {{ semverCompare \"~1.2\" \"1.2.9\" }} {{ semverCompare \"^1.2\" \"2.0.0\" }} {{ semverCompare \"1.x\" \"1.9.9\" }}"),
    ("semverCompare-prerelease", "{{ semverCompare \">=1.22.0-0\" \"v1.26.0\" }} {{ semverCompare \">=1.22.0\" \"1.23.0-rc.1\" }} {{ semverCompare \">=1.22.0-0\" \"1.23.0-rc.1\" }} {{ semverCompare \">= 1.19-0\" \"v1.26.3-gke.100\" }}"),
    ("semverCompare-ranges", "{{ semverCompare \"1.2 - 1.4\" \"1.3.5\" }} {{ semverCompare \">1, <2 || >=3\" \"3.1.0\" }} {{ semverCompare \">1 <2\" \"2.5.0\" }} {{ semverCompare \"!=1.2.3\" \"1.2.3\" }} {{ semverCompare \"=1.2.3\" \"1.2.3\" }}"),
    ("semverCompare-caret-tilde", "{{ semverCompare \"^0.2.3\" \"0.2.9\" }} {{ semverCompare \"^0.2.3\" \"0.3.0\" }} {{ semverCompare \"^0.0.3\" \"0.0.4\" }} {{ semverCompare \"~>2.1\" \"2.1.7\" }} {{ semverCompare \"~1\" \"1.9.0\" }} {{ semverCompare \"*\" \"5.0.0\" }}"),
    ("semverCompare-bad-constraint", "{{ semverCompare \"nope\" \"1.0.0\" }}"),
    ("semverCompare-bad-version", "{{ semverCompare \">1\" \"one\" }}"),
    ("semver", "{{ $v := semver \"v1.2.3-beta.1+build.5\" }}{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v.Original }} {{ $v }}"),
    ("semver-short", "{{ semver \"2\" }} {{ semver \"1.5\" }} {{ (semver \"3.0.0\").Major }}"),
    ("semver-bad", "{{ semver \"1.2.3.4\" }}"),
    ("semver-leading-zero-pre", "{{ semver \"1.0.0-01\" }}"),
    ("semver-compare-method", "{{ (semver \"1.2.3\").Compare (semver \"1.3.0\") }} {{ (semver \"2.0.0\").GreaterThan (semver \"1.0.0\") }} {{ (semver \"1.0.0\").LessThan (semver \"1.0.0-rc\") }}"),
    ("urlParse", "{{ $u := urlParse .Values.url }}{{ $u.scheme }}|{{ $u.host }}|{{ $u.hostname }}|{{ $u.path }}|{{ $u.query }}|{{ $u.fragment }}|{{ $u.userinfo }}|{{ $u.opaque }}"),
    ("urlParse-simple", "{{ urlParse \"http://example.com/a%20b\" }} {{ (urlParse \"mailto:me@example.com\").opaque }} {{ (urlParse \"/just/path?x=1\").path }}"),
    ("urlJoin", "{{ urlJoin (dict \"scheme\" \"https\" \"host\" \"example.com:8443\" \"path\" \"/api/v1\" \"query\" \"a=b\" \"fragment\" \"top\") }} {{ urlJoin (dict \"host\" \"h\" \"path\" \"p q\") }} {{ urlJoin (dict \"scheme\" \"mailto\" \"opaque\" \"x@y\") }}"),
    ("urlJoin-userinfo", "{{ urlJoin (dict \"scheme\" \"http\" \"userinfo\" \"bob:pw\" \"host\" \"h\") }}"),
    ("urlJoin-wrong-type", "{{ urlJoin (dict \"scheme\" 1) }}"),
    ("url-roundtrip", "{{ .Values.url | urlParse | urlJoin }}"),
]
for name, tpl in more:
    c("sprig-more-" + name, tpl)

# ---- more printf and printing
for i, (fmt, args) in enumerate([
    ("%3c|%-3c|", "'x' 'y'"), ("%08.3f", "-3.14159"), ("%+05d", "42"), ("%x", "-255"), ("%X", "3735928559"),
    ("%o", "-8"), ("%b", "-5"), ("%10.4s|", "\"abcdefgh\""), ("%-10q|", "\"q\""), ("%5t|%-6t|", "true false"),
    ("%v %v", ".Values.nums .Values.emptyList"), ("%s", ".Values.list"), ("%d", ".Values.list"), ("%q", ".Values.list"),
    ("%v", "(list 1 (list 2 (dict \"a\" 3)))"), ("%s", "(dict \"k\" \"v\")"), ("%x", "(list 10 255)"), ("%.1f", "(list 1.25 2.35)"),
    ("%e", "0.0"), ("%g", "0.000012345"), ("%g", "1e100"), ("%.0e", "15.0"), ("%G", "1e-10"), ("%.3g", "1234.5678"),
    ("%6.2f%%", "99.555"), ("%v|%v", "-0.0 0.0"), ("%d", "9223372036854775807"), ("%v", "1e-320"),
    ("%[1]d %[1]d", "5"), ("%!", "1"), ("%z", "1"), ("%", "1"), ("%d %", "1"), ("% 5d|%+ d", "3 3"),
]):
    c("printf-extra-%02d" % i, "{{ printf \"" + fmt + "\" " + args + " }}")

# ---- more language cases
lang = [
    ("if-and-or-combo", "{{ if and .Values.flag (or .Values.unset .Values.str) }}yes{{ end }}"),
    ("if-not-empty", "{{ if not (empty .Values.list) }}has items{{ end }}"),
    ("with-nested", "{{ with .Values.nested }}{{ with .inner }}{{ .leaf }}{{ end }}{{ end }}"),
    ("with-else-if", "{{ with .Values.nope }}a{{ else }}{{ if true }}b{{ end }}{{ end }}"),
    ("range-map-of-lists", "{{ range $k, $v := dict \"a\" (list 1 2) \"b\" (list 3) }}{{ $k }}={{ join \"+\" $v }};{{ end }}"),
    ("range-index-only-print", "{{ range $i, $_ := .Values.list }}{{ $i }}{{ end }}"),
    ("range-nested-break", "{{ range .Values.list }}{{ range $.Values.nums }}{{ if eq . 1.0 }}{{ break }}{{ end }}{{ . }}{{ end }}|{{ end }}"),
    ("range-empty-string-else", "{{ range .Values.empty }}x{{ else }}empty{{ end }}"),
    ("range-with-decl-else", "{{ range $v := .Values.emptyList }}{{ $v }}{{ else }}none{{ end }}"),
    ("define-with-trim", "{{- define \"t\" -}}\n  trimmed\n{{- end -}}\n[{{ template \"t\" }}]"),
    ("template-dot-dollar", "{{ define \"d\" }}{{ $.x }}{{ end }}{{ template \"d\" (dict \"x\" 7) }}"),
    ("include-with-list", "{{ define \"l\" }}{{ range . }}{{ . }},{{ end }}{{ end }}{{ include \"l\" .Values.list }}"),
    ("include-toYaml-nindent", "{{ define \"cfg\" }}{{ toYaml .Values.dict }}{{ end }}data:{{ include \"cfg\" . | nindent 2 }}"),
    ("tpl-with-range", "{{ tpl \"{{ range .list }}{{ . }}{{ end }}\" .Values }}"),
    ("tpl-parse-error", "{{ tpl \"{{ if }}\" . }}"),
    ("tpl-exec-error", "{{ tpl \"{{ .a.b.c }}\" (dict) }}"),
    ("pipeline-chain-long", "{{ .Values.words | upper | replace \" \" \"-\" | trunc 20 | trimSuffix \"-\" | lower | quote }}"),
    ("var-shadow-in-range", "{{ $x := \"outer\" }}{{ range .Values.list }}{{ $x := . }}{{ $x }}{{ end }}{{ $x }}"),
    ("var-assign-in-with", "{{ $x := 1 }}{{ with .Values.str }}{{ $x = . }}{{ end }}{{ $x }}"),
    ("printf-in-pipeline", "{{ printf \"%s-%d\" .Values.str 3 | upper }}"),
    ("nil-in-list-print", "{{ list nil 1 }} {{ print (list nil) }}"),
    ("map-with-nil-print", "{{ dict \"a\" nil }}"),
    ("index-map-missing-typed", "{{ $m := split \",\" \"a,b\" }}[{{ index $m \"_5\" }}]{{ typeOf (index $m \"_5\") }}"),
    ("field-on-typed-map", "{{ $m := split \",\" \"a,b\" }}{{ $m._0 }}[{{ $m._9 }}]"),
    ("len-typed", "{{ len (split \",\" \"a,b,c\") }} {{ len (until 4) }} {{ len (splitList \",\" \"a\") }}"),
    ("eq-typed-ints", "{{ eq (len .Values.list) 3 }} {{ eq (add 1 1) 2 }}"),
    ("lt-int64-int", "{{ lt (add 1 1) 3 }}"),
    ("eq-uint-int", "{{ eq (semver \"1.0.0\").Major 1 }}"),
    ("comment-only", "{{/* nothing */}}"),
    ("comment-between-trims", "a\n{{- /* x */ -}}\nb"),
    ("text-with-braces", "{ } {{ \"}}\" }} {"),
    ("action-spanning-lines", "{{ print\n  \"a\"\n  \"b\" }}"),
    ("raw-string-braces", "{{ `{{ .Values.str }}` }}"),
    ("double-dollar", "{{ $ }}"),
    ("range-values-root", "{{ range $k, $_ := .Values }}{{ $k }} {{ end }}"),
    ("toYaml-values-root", "{{ toYaml .Values }}"),
    ("toJson-values-root", "{{ toJson .Values }}"),
    ("print-release", "{{ .Release }}"),
    ("number-formats-in-values", "{{ .Values.big }} {{ toString .Values.big }} {{ int .Values.big }} {{ .Values.big | toJson }}"),
    ("float-arith-results", "{{ divf .Values.num 8 }} {{ mulf .Values.float 2 }} {{ addf .Values.float .Values.num }}"),
    ("default-chain", "{{ .Values.nope | default .Values.empty | default \"final\" }}"),
    ("ternary-in-pipeline", "{{ .Values.flag | ternary \"on\" \"off\" }}"),
    ("quote-pipeline-number", "{{ .Values.num | quote }} {{ .Values.float | squote }}"),
    ("join-dict-error", "{{ join \",\" .Values.dict }}"),
    ("sortAlpha-mixed", "{{ sortAlpha .Values.mixed }}"),
    ("uniq-strings", "{{ uniq (splitList \",\" \"a,b,a,c,b\") }}"),
    ("has-typed-list", "{{ has \"b\" (splitList \",\" \"a,b\") }}"),
    ("append-typed-list", "{{ append (splitList \",\" \"a,b\") \"c\" }} {{ typeOf (append (splitList \",\" \"a\") \"c\") }}"),
    ("first-typed-list", "{{ first (until 3) }} {{ last (splitList \",\" \"x,y\") }}"),
    ("concat-typed", "{{ concat (until 2) (splitList \",\" \"a\") }}"),
    ("keys-multiple", "{{ keys (dict \"b\" 1) (dict \"a\" 2) | sortAlpha }}"),
    ("merge-nested-deep", "{{ $a := dict \"x\" (dict \"y\" (dict \"z\" 1)) }}{{ $b := dict \"x\" (dict \"y\" (dict \"w\" 2)) }}{{ toJson (merge $a $b) }}"),
    ("set-returns-dict", "{{ (set (dict) \"k\" \"v\").k }}"),
    ("dict-overwrite-key", "{{ dict \"a\" 1 \"a\" 2 }}"),
    ("pick-values", "{{ pick .Values \"str\" \"num\" | toJson }}"),
    ("omit-values", "{{ omit .Values.dict \"c\" | toJson }}"),
]
for name, tpl in lang:
    c("lang2-" + name, tpl)


# ---- dates (fixed instants, UTC, so the expected text does not depend on the machine's zone)
dates = [
    ("dateInZone", "{{ dateInZone \"2006-01-02 15:04:05\" 1700000000 \"UTC\" }}"),
    ("dateInZone-layouts", "{{ dateInZone \"Mon Jan _2 3:4:5 PM MST 2006\" 1700000000 \"UTC\" }}|{{ dateInZone \"Monday, 02-January-06 15h04 Z07:00 -0700\" 86399 \"UTC\" }}"),
    ("dateInZone-fraction", "{{ dateInZone \"15:04:05.000 .999 ,00\" 1700000000 \"UTC\" }}"),
    ("dateInZone-int64", "{{ dateInZone \"2006-01-02\" (int64 1234567890) \"UTC\" }} {{ dateInZone \"2006\" 0 \"UTC\" }} {{ dateInZone \"2006-01-02\" -86400 \"UTC\" }}"),
    ("dateInZone-yearday", "{{ dateInZone \"002 __2 Jan 2\" 1709251200 \"UTC\" }}"),
    ("dateInZone-pm", "{{ dateInZone \"3:04pm 03 PM\" 1700049600 \"UTC\" }}"),
    ("dateInZone-bad-zone", "{{ dateInZone \"2006-01-02 MST\" 0 \"Not/AZone\" }}"),
    ("htmlDateInZone", "{{ htmlDateInZone 1700000000 \"UTC\" }}"),
    ("toDate", "{{ toDate \"2006-01-02T15:04:05Z07:00\" \"2024-02-29T12:30:45+02:00\" }}"),
    ("toDate-unix", "{{ (toDate \"2006-01-02\" \"2017-12-31\").Unix }} {{ toDate \"2006-01-02T15:04:05Z\" \"2001-02-03T04:05:06Z\" | unixEpoch }}"),
    ("toDate-format", "{{ (toDate \"2006-01-02 15:04\" \"1999-12-31 23:59\").Format \"Jan 2, 2006 at 3:04pm (MST)\" }}"),
    ("toDate-bad", "{{ toDate \"2006-01-02\" \"not a date\" }}"),
    ("mustToDate-bad", "{{ mustToDate \"2006-01-02\" \"2020-13-01\" }}"),
    ("dateModify", "{{ $t := toDate \"2006-01-02T15:04:05Z\" \"2020-01-01T00:00:00Z\" }}{{ dateModify \"1.5h\" $t }} {{ dateModify \"-30m\" $t }} {{ dateModify \"bogus\" $t }}"),
    ("mustDateModify-bad", "{{ mustDateModify \"bogus\" (toDate \"2006\" \"2020\") }}"),
    ("dateModify-wrong-type", "{{ dateModify \"1h\" \"2020-01-01\" }}"),
    ("duration", "{{ duration 90 }} {{ duration \"3661\" }} {{ duration (int64 86400) }} {{ duration \"x\" }} {{ duration 0 }}"),
    ("durationRound", "{{ durationRound \"2h10m\" }} {{ durationRound \"-3h\" }} {{ durationRound (int64 3600000000000) }} {{ durationRound \"400d\" }} {{ durationRound \"800h\" }} {{ durationRound \"9000h\" }} {{ durationRound \"59s\" }} {{ durationRound \"1s\" }} {{ durationRound 5 }} {{ durationRound \"61m\" }}"),
    ("unixEpoch", "{{ unixEpoch (toDate \"2006-01-02\" \"2000-01-01\") }}"),
    ("date-of-toDate", "{{ dateInZone \"2006-01-02 15:04\" (toDate \"2006-01-02 15:04 -0700\" \"2010-06-15 08:30 +0530\") \"UTC\" }}"),
    ("time-fields", "{{ $t := toDate \"2006-01-02T15:04:05Z\" \"2021-07-04T09:08:07Z\" }}{{ $t.Year }} {{ $t.YearDay }} {{ $t.Hour }} {{ $t.Minute }} {{ $t.Second }}"),
    ("typeOf-time", "{{ typeOf (toDate \"2006\" \"2020\") }} {{ kindOf (toDate \"2006\" \"2020\") }}"),
]
for name, tpl in dates:
    c("sprig-date-" + name, tpl)

# ---- more conversions and collections
more2 = [
    ("int-of-floats", "{{ int 2.999 }} {{ int -0.5 }} {{ int64 1e18 }} {{ int \"  3\" }} {{ int \"1_000\" }} {{ int \"0b101\" }}"),
    ("float64-strings", "{{ float64 \"1_000.5\" }} {{ float64 \"0x10\" }} {{ float64 \".5\" }} {{ float64 \"1e-3\" }} {{ float64 \"Inf\" }} {{ float64 true }}"),
    ("toString-types", "{{ toString (list 1 \"a\") }} {{ toString (dict \"k\" 1) }} {{ toString -0.0 }} {{ toString 1e21 }} {{ toString 100000000.0 }}"),
    ("atoi-edge", "{{ atoi \"+5\" }} {{ atoi \"007\" }} {{ atoi \" 1\" }} {{ atoi \"9223372036854775808\" }}"),
    ("add-mixed", "{{ add 1 \"2\" 3.7 true nil }} {{ sub \"10\" \"x\" }} {{ mul 2 2.9 }}"),
    ("round-negative", "{{ round -1.5 0 }} {{ round -1.4 0 }} {{ round 1.005 2 }} {{ round 1234.5678 -2 }}"),
    ("floor-ceil-strings", "{{ floor \"3.7\" }} {{ ceil \"-3.2\" }} {{ floor \"x\" }}"),
    ("max-strings", "{{ max \"10\" \"9\" }} {{ min \"-1\" 0 }} {{ maxf \"2.5\" 1 }} {{ minf \"x\" 3 }}"),
    ("seq-single", "{{ seq 1 }}|{{ seq 0 }}|{{ seq 3 3 }}|{{ seq 1 3 10 }}"),
    ("until-big-step", "{{ untilStep 1 20 7 }} {{ untilStep 5 -5 -3 }}"),
    ("list-nested-print", "{{ list (list 1 2) (dict \"a\" (list \"x\")) }}"),
    # values/keys return Go map order, which is random; sorting makes them comparable
    ("dict-values-sorted", "{{ values (dict \"b\" \"2\" \"a\" \"1\" \"c\" \"3\") | sortAlpha }}"),
    ("pluck-missing", "{{ pluck \"zz\" .Values.dict }}"),
    ("has-nil", "{{ has nil .Values.mixed }} {{ has 1.0 .Values.mixed }}"),
    ("without-none", "{{ without .Values.list }}"),
    ("uniq-mixed-types", "{{ uniq (list 1 1.0 \"1\" 1) }}"),
    ("compact-values", "{{ compact .Values.mixed }}"),
    ("reverse-typed", "{{ reverse (splitList \",\" \"a,b,c\") }} {{ typeOf (reverse (until 2)) }}"),
    ("rest-of-one", "{{ rest (list 1) }} {{ initial (list) }}"),
    ("chunk-exact", "{{ chunk 2 (list 1 2 3 4) }} {{ chunk 5 (list 1 2) }}"),
    ("dig-nested-list", "{{ dig \"nested\" \"list\" \"none\" .Values }}"),
    ("get-nested", "{{ get (get .Values \"dict\") \"c\" }}"),
    ("deepEqual-nested", "{{ deepEqual .Values.dict (deepCopy .Values.dict) }} {{ deepEqual .Values.list .Values.nums }}"),
    ("empty-zero-values", "{{ empty (int64 0) }} {{ empty (float64 0) }} {{ empty (list nil) }} {{ empty (dict \"\" nil) }}"),
    ("coalesce-numbers", "{{ coalesce 0 0.0 \"\" (list) 7 }}"),
    ("ternary-nested", "{{ ternary (ternary \"a\" \"b\" false) \"c\" true }}"),
    ("quote-special", "{{ quote \"tab\\there\" \"new\\nline\" \"uni é\" \"\\u0001\" }}"),
    ("squote-list", "{{ squote (list 1 \"a\") }}"),
    ("cat-numbers", "{{ cat 1 2.5 true (list 3) }}"),
    ("indent-empty-lines", "{{ indent 2 \"a\\n\\nb\\n\" }}|"),
    ("nindent-zero", "{{ nindent 0 \"x\" }}|"),
    ("replace-overlap", "{{ replace \"aa\" \"b\" \"aaaaa\" }} {{ replace \"\" \"-\" \"\" }}"),
    ("trimAll-unicode", "{{ trimAll \"é\" \"ééxéé\" }} {{ trim \"\\u00a0x\\u00a0\" }}"),
    ("wrap-exact", "{{ wrap 3 \"abc def\" }}|{{ wrap 0 \"a b\" }}"),
    ("title-unicode", "{{ title \"élan vital\" }} {{ title \"hello_world-foo.bar\" }}"),
    ("initials-unicode", "{{ initials \"Élan Vital\" }}"),
    ("substr-full", "{{ substr 0 0 \"abc\" }}|{{ substr -5 -5 \"abc\" }}|"),
    ("abbrev-exact", "{{ abbrev 4 \"abcd\" }} {{ abbrev 4 \"abcde\" }}"),
    ("b64enc-values", "{{ .Values | toJson | b64enc | b64dec | fromJson | toJson }}"),
    ("sha256-of-toYaml", "{{ toYaml .Values.dict | sha256sum }}"),
    ("regexFind-anchor", "{{ regexFind \"^h\" \"hello\" }} {{ regexMatch \"(?i)HELLO\" \"hello\" }} {{ regexReplaceAll \"\\\\s+\" \"a  b\\t c\" \" \" }}"),
    ("regexSplit-limits", "{{ regexSplit \"-\" \"a-b-c-d\" 0 }} {{ regexSplit \"-\" \"a-b-c-d\" 3 }} {{ regexSplit \"x*\" \"abc\" -1 }}"),
    ("paths-more", "{{ base \"a/b.c/d\" }} {{ ext \"a/b.c/d\" }} {{ dir \"/\" }} {{ clean \"a/b/../../..\" }} {{ clean \"//a//b\" }}"),
]
for name, tpl in more2:
    c("sprig-more2-" + name, tpl)


# ---- AES: the ciphertext below was produced by Go's encryptAES (random IV), so decrypting it checks
# our AES against Go's; the round trip checks encryption against our decryption.
c("sprig-aes-decrypt-go", "{{ decryptAES \"my secret key\" \"t3vVay3L6g3ivX9WxsyLVpj9RpTwPVzoY3NVZimm9Y2U/dDY1r5QmoBHFyHaTiVFf1w2A7LaUpq95LhhdZEOQg==\" }}")
c("sprig-aes-roundtrip", "{{ encryptAES \"k\" \"some text\" | decryptAES \"k\" }}|{{ encryptAES \"k\" \"\" }}|{{ decryptAES \"k\" \"\" }}|{{ encryptAES \"a-very-long-password-longer-than-thirty-two-bytes\" \"x\" | decryptAES \"a-very-long-password-longer-than-thirty-two-bytes\" }}")
c("sprig-aes-bad-base64", "{{ decryptAES \"k\" \"***\" }}")

# Certificates and passwords: derivePassword is deterministic; for random keys and certificates
# the cases check shapes that do not change from run to run, and the error paths.
c("sprig-derive-password", "{{ derivePassword 1 \"long\" \"password\" \"user\" \"example.com\" }}|{{ derivePassword 3 \"medium\" \"p\" \"u\" \"s\" }}|{{ derivePassword 9 \"short\" \"p\" \"u\" \"s\" }}|{{ derivePassword 1 \"nope\" \"p\" \"u\" \"s\" }}")
c("sprig-genprivatekey-shapes", "{{ genPrivateKey \"ecdsa\" | hasPrefix \"-----BEGIN EC PRIVATE KEY-----\" }} {{ genPrivateKey \"ed25519\" | hasPrefix \"-----BEGIN PRIVATE KEY-----\" }} {{ genPrivateKey \"nope\" }}")
c("sprig-bcrypt-shape", "{{ bcrypt \"x\" | hasPrefix \"$2a$10$\" }} {{ len (bcrypt \"x\") }} {{ htpasswd \"a:b\" \"x\" }} {{ htpasswd \"admin\" \"x\" | hasPrefix \"admin:$2a$10$\" }}")
c("sprig-certificates-shapes", "{{ $ca := genCA \"ca\" 1 }}{{ hasPrefix \"-----BEGIN CERTIFICATE-----\" $ca.Cert }} {{ hasPrefix \"-----BEGIN RSA PRIVATE KEY-----\" $ca.Key }} {{ $c := genSignedCert \"leaf\" (list \"10.0.0.1\") (list \"a.b\") 1 $ca }}{{ contains \"END CERTIFICATE\" $c.Cert }} {{ $s := genSelfSignedCert \"self\" nil nil 1 }}{{ hasSuffix \"-----END CERTIFICATE-----\\n\" $s.Cert }} {{ eq (buildCustomCert (b64enc $ca.Cert) (b64enc $ca.Key)).Cert $ca.Cert }}")
c("sprig-certificates-with-key", "{{ $k := genPrivateKey \"ecdsa\" }}{{ $ca := genCAWithKey \"ca\" 1 $k }}{{ eq $ca.Key $k }} {{ $s := genSelfSignedCertWithKey \"s\" nil nil 1 $k }}{{ eq $s.Key $k }} {{ $l := genSignedCertWithKey \"l\" nil nil 1 $ca $k }}{{ eq $l.Key $k }}")
c("sprig-cert-bad-ip", "{{ genSelfSignedCert \"x\" (list \"not-an-ip\") nil 30 }}")
c("sprig-cert-ip-not-string", "{{ genSignedCert \"x\" (list 1) nil 30 (genCA \"ca\" 1) }}")
c("sprig-cert-bad-key", "{{ genCAWithKey \"x\" 3 \"garbage\" }}")
c("sprig-custom-cert-bad-base64", "{{ buildCustomCert \"!!\" \"x\" }}")

# RE2 syntax errors with Go's messages, and valid RE2 patterns that must not be refused.
for n, pattern in enumerate(["(", "[a", "a**", "*a", "a{2,1}", "(?P<n", "a)", "[z-a]", "x{1001}", "(?i", "a++", "a\\q", "(?=x)", "a{2}{3}"]):
    c(f"sprig-regex-error-{n}", "{{ mustRegexMatch `" + pattern + "` \"x\" }}")
c("sprig-regex-valid-syntax", "{{ regexMatch `a*?b+?c{2,3}?` \"abcc\" }} {{ regexMatch `(?i)ABC` \"abc\" }} {{ regexMatch `(?s:a.b)` \"a\\nb\" }} {{ regexFind `(?P<word>\\w+)@\\d` \"ab@1\" }} {{ regexMatch `[]a]` \"]\" }} {{ regexMatch `[^]a]` \"b\" }} {{ regexMatch `\\pL+` \"abc\" }} {{ regexMatch `[[:alpha:]]+` \"abc\" }} {{ regexMatch `a{2}` \"aa\" }} {{ regexMatch `^$` \"\" }} {{ regexMatch `(a|b)*` \"ab\" }}")
# Found by the regex fuzz test: what RE2 reads as literals or as errors where ICU differs.
for n, pattern in enumerate(["a*??", "\\pa", "\\p", "[\\P*]", "\\p{Foo}", "}*??z"]):
    c(f"sprig-regex-re2-error-{n}", "{{ mustRegexMatch `" + pattern + "` \"x\" }}")
c("sprig-regex-re2-literals", "{{ regexMatch \"\" \"x\" }} {{ regexMatch \"{\" \"{\" }} {{ regexMatch \"a{,2}\" \"a{,2}\" }} {{ regexMatch \"x}\" \"x}\" }} {{ regexFind \"a\\\\0b\" \"a\\x00b\" | len }} {{ regexMatch \"[[]\" \"[\" }} {{ regexMatch \"[a&&b]\" \"&\" }} {{ regexMatch \"\\\\A*x\" \"x\" }} {{ regexMatch \"^*x\" \"x\" }} {{ regexMatch \"[{}$^]+\" \"{}$^\" }} {{ regexReplaceAll \"a{\" \"a{a{\" \"X\" }} {{ regexMatch \"[\\\\pL]\" \"a\" }} {{ regexMatch \"\\\\p{Greek}\" \"α\" }} {{ regexMatch \"\\\\012\" \"\\n\" }}")

for i, (name, tpl, values) in enumerate(cases):
    base = f"{i:03d}-{name}"
    with open(os.path.join(out, base + ".tpl"), "w", encoding="utf-8", newline="") as f:
        f.write(tpl)
    if values is not None:
        with open(os.path.join(out, base + ".yaml"), "w", encoding="utf-8", newline="") as f:
            f.write(values)
with open(os.path.join(out, "values.yaml"), "w") as f:
    f.write(VALUES)
print(len(cases), "cases")
