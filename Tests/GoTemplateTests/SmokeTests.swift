import GoTemplate
import Testing
import ValueKit

struct SmokeTests {
    func render(_ text: String, _ values: Value = [:]) -> String {
        let set = TemplateSet(missingKey: .zero)
        do {
            try set.parse(name: "t", text: text)
            return try set.execute(name: "t", data: TemplateValue(["Values": values]))
        } catch {
            return "ERR: \(error)"
        }
    }

    @Test func basics() {
        #expect(render("a{{ .Values.x }}b", ["x": 1.5]) == "a1.5b")
        #expect(render("{{ if .Values.x }}yes{{ else }}no{{ end }}", ["x": false]) == "no")
        #expect(render("{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }};{{ end }}", ["l": ["a", "b"]]) == "0=a;1=b;")
        #expect(render("{{- /* c */ -}} x {{- 3 -}} y") == "x3y")
        #expect(render("{{ .Values.missing }}") == "<no value>")
        #expect(render("{{ .Values.a.b }}") == "ERR: template: t:1:10: executing \"t\" at <.Values.a.b>: nil pointer evaluating interface {}.b")
        #expect(render("{{ printf \"%05.2f|%-4s|%x|%q\" 3.14159 \"ab\" 255 \"hi\" }}") == "03.14|ab  |ff|\"hi\"")
        #expect(render("{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" 5 }}") == "[5]")
        #expect(render("{{ if eq 1 2 }}a{{ else if eq 2 2 }}b{{ end }}") == "b")
        #expect(render("{{ len .Values.l }} {{ index .Values.l 1 }}", ["l": ["a", "b"]]) == "2 b")
        #expect(render("{{ .Values.m }}", ["m": ["b": 2, "a": ["x", 1]]]) == "map[a:[x 1] b:2]")
        #expect(render("{{ 1e6 }} {{ 3.0 }} {{ 0x10 }} {{ 'a' }}") == "1e+06 3 16 97")
        #expect(render("{{ if }}") == "ERR: template: t:1: missing value for if")
        #expect(render("{{ foo }}") == "ERR: template: t:1: function \"foo\" not defined")
    }
}
