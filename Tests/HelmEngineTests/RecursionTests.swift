import Foundation
import HelmEngine
import Testing
import ValueKit

/// No template, however it recurses or nests, may overflow a stack: each case ends in output or in
/// the error Go or Helm gives. Expected texts are what real Helm 4 printed for the same chart
/// (`../shared/oracle/helm-template`); where Helm itself dies (a `tpl` that calls itself overflows
/// Go's stack), osm must end with an error.
@Suite(.timeLimit(.minutes(5))) struct RecursionTests {
    /// Renders one template (and a values.yaml) as a chart named `rec`; the result or "Error: …".
    static func render(_ template: String, values: String = "") -> String {
        let files: [(String, [UInt8])] = [
            ("Chart.yaml", Array("apiVersion: v2\nname: rec\nversion: 0.1.0\n".utf8)),
            ("values.yaml", Array(values.utf8)),
            ("templates/a.yaml", Array(template.utf8)),
        ]
        do {
            let chart = try ChartLoader.loadFiles(files)
            let release = try HelmRenderer.render(chart: chart, userValues: OrderedMap(), options: RenderOptions())
            return release.files.first { $0.name == "rec/templates/a.yaml" }?.content ?? ""
        } catch {
            return "Error: \(error)"
        }
    }

    @Test(arguments: [
        // Go's maxExecDepth for nested {{template}} calls.
        (#"{{ define "x" }}{{ template "x" . }}{{ end }}{{ template "x" . }}"#,
         #"executing "x" at <{{template "x" .}}>: exceeded maximum template depth (100000)"#),
        // Helm's include limit (1000 nested calls of one name), directly, mutually, through tpl and through template.
        (#"{{ define "x" }}{{ include "x" . }}{{ end }}{{ include "x" . }}"#,
         #"executing "x" at <include "x" .>: error calling include: rendering template has a nested reference name: x: unable to execute template"#),
        (#"{{ define "x" }}{{ include "y" . }}{{ end }}{{ define "y" }}{{ include "x" . }}{{ end }}{{ include "x" . }}"#,
         #"executing "y" at <include "x" .>: error calling include: rendering template has a nested reference name: x: unable to execute template"#),
        (#"{{ define "x" }}{{ tpl "{{ include \"x\" . }}" . }}{{ end }}{{ include "x" . }}"#,
         #"template: gotpl:1:3: executing "gotpl" at <include "x" .>: error calling include: rendering template has a nested reference name: x: unable to execute template"#),
        (#"{{ define "x" }}{{ template "y" . }}{{ end }}{{ define "y" }}{{ include "x" . }}{{ end }}{{ include "x" . }}"#,
         #"executing "y" at <include "x" .>: error calling include: rendering template has a nested reference name: x: unable to execute template"#),
    ])
    func recursionEndsWithGoOrHelmError(template: String, ending: String) {
        let out = Self.render(template)
        #expect(out.hasPrefix("Error: "))
        #expect(out.hasSuffix(ending), "\(out.suffix(300))")
    }

    /// A tpl text that runs itself: Helm has no limit (Go dies of a stack overflow); osm stops.
    @Test func selfCallingTplEndsInAnError() {
        let out = Self.render("{{ tpl .Values.a . }}", values: "a: \"{{ tpl .Values.a . }}\"\n")
        #expect(out.hasSuffix("rendering template has a nested tpl call: gotpl: unable to execute template"), "\(out.suffix(300))")
    }

    /// An empty tpl text renders nothing: it must not re-run the template that called it (the
    /// promtail chart's `tpl .Values.config.snippets.extraServerConfigs .` with "" recursed forever).
    @Test func emptyTplTextRendersNothing() {
        #expect(Self.render("<{{ tpl .Values.e . }}>", values: "e: \"\"\n") == "<>")
        #expect(Self.render("<{{ tpl .Values.a . }}>", values: "a: \"[{{ tpl .Values.e . }}]\"\ne: \"\"\n") == "<[]>")
    }

    /// Deep nesting that Go handles (its stacks grow): 50,000 nested ifs render (Helm prints "x").
    @Test func deeplyNestedActionsRender() {
        let n = 50_000
        let text = String(repeating: "{{ if 1 }}", count: n) + "x" + String(repeating: "{{ end }}", count: n)
        #expect(Self.render(text) == "x")
    }

    /// Go's parser limit on parenthesized pipelines.
    @Test func deeplyNestedParenthesesHitGosLimit() {
        let n = 50_000
        let out = Self.render("{{ " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + " }}")
        #expect(out == "Error: parse error at (rec/templates/a.yaml:1): max expression depth exceeded")
    }

    /// go-yaml's nesting limit, in values and in what toYaml is asked to write (Helm's toYaml then
    /// prints nothing); toJson and printing have no limit.
    @Test func yamlNestingLimits() {
        let n = 100_000
        let deep = "a: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n"
        #expect(Self.render("x", values: deep).hasSuffix("yaml: exceeded max depth of 10000"))
        let out = Self.render(#"{{- $d := dict }}{{- range until 100000 }}{{- $d = dict "a" $d }}{{- end }}{{ toJson $d | len }} {{ toYaml $d | len }} {{ $d | toString | len }}"#)
        #expect(out == "600002 0 700005")
        let shallow = Self.render(#"{{- $d := dict }}{{- range until 9999 }}{{- $d = dict "a" $d }}{{- end }}{{ toYaml $d | len }}"#)
        #expect(shallow == "100000001")
    }

    /// Random mutually recursive templates (define, template, include, tpl, nested actions): every
    /// one ends in output or in an error; a signal would end the test process.
    @Test func randomRecursiveTemplatesEnd() {
        var rng = SplitMix(seed: 0x05ee_d5ee_d)
        let names = ["a", "b", "c"]
        for _ in 0..<80 {
            var defines = ""
            for name in names {
                var body = ""
                for _ in 0..<rng.next(3) + 1 {
                    let target = names[rng.next(names.count)]
                    let call: String
                    switch rng.next(5) {
                    case 0: call = "{{ template \"\(target)\" . }}"
                    case 1: call = "{{ include \"\(target)\" . }}"
                    case 2: call = "{{ tpl \"{{ include \\\"\(target)\\\" . }}\" . }}"
                    case 3: call = "{{ if . }}{{ include \"\(target)\" . }}{{ end }}"
                    default: call = "{{ with $ }}{{ range list 1 }}{{ include \"\(target)\" $ }}{{ end }}{{ end }}"
                    }
                    body += rng.next(4) == 0 ? "t" : call
                }
                defines += "{{ define \"\(name)\" }}\(body){{ end }}"
            }
            let out = Self.render(defines + "{{ include \"a\" . }}")
            let endings = [
                "unable to execute template", "exceeded maximum template depth (100000)",
                "the template recursed until its stack was nearly used up", "(the limit guards against runaway templates)",
            ]
            #expect(!out.hasPrefix("Error: ") || endings.contains { out.hasSuffix($0) }, "\(out.suffix(200))")
        }
    }
}

/// A small deterministic generator (SplitMix64) so the random cases repeat run to run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
