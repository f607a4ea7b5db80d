import GoTemplate
import HelmEngine
import Testing
import ValueKit

/// Language features newer than the Go 1.19 inside the gotpl oracle (`else with`, `range` over an
/// integer). Expected texts were produced by the helm-template oracle (Helm 4, current Go):
/// ../shared/oracle/helm-template on a chart with these lines and `str: hello` as values.
struct NewerGoFeaturesTests {
    func render(_ text: String) -> String {
        let set = TemplateSet(missingKey: .zero)
        HelmFunctions.install(into: set)
        do {
            try set.parse(name: "t", text: text)
            return try set.execute(name: "t", data: .map(TemplateMap(["Values": TemplateValue(["str": "hello"])])))
        } catch {
            return "error: \(error)"
        }
    }

    @Test(arguments: [
        ("{{ with .Values.nope }}a{{ else with .Values.str }}b{{ . }}{{ else }}c{{ end }}", "bhello"),
        ("{{ with .Values.nope }}a{{ else with .Values.nope2 }}b{{ else }}c{{ end }}", "c"),
        ("{{ range 3 }}{{ . }}{{ end }}", "012"),
        ("{{ range $i := 3 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}none{{ end }}", "012|none"),
    ])
    func matchesCurrentGo(template: String, expected: String) {
        #expect(render(template) == expected)
    }

    @Test func rangeOverIntegerWithTwoVariablesFails() {
        #expect(render("{{ range $i, $v := 2 }}{{ $i }}{{ end }}").hasSuffix("can't use 2 to iterate over more than one variable"))
    }
}
