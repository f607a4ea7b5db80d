import Testing
import ValueKit
import YAML

/// The entry points beyond the values-file path; expected texts come from the Go oracle's
/// `fromYaml`/`fromYamlArray` and from go-yaml's documented stream behaviour.
struct YAMLAPITests {
    @Test func fromYamlArrayPath() throws {
        #expect(try YAML.decodeArray("- 1\n- x") == [1.0, "x"])
        #expect(throws: YAMLError("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}")) {
            try YAML.decodeArray("a: 1")
        }
    }

    @Test func fromYamlErrorsAsTheOracleReportsThem() {
        #expect(throws: YAMLError("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}")) {
            try YAML.decodeMap("- 1")
        }
        #expect(throws: (any Error).self) { try YAML.decodeMap("a: [") }
        do {
            _ = try YAML.decodeMap("a: [")
        } catch {
            #expect(error.description == "error converting YAML to JSON: yaml: line 1: did not find expected node content")
        }
    }

    @Test func errorsCarryLineAndColumn() {
        do {
            _ = try YAML.decodeMap("a: 1\nb:\n\tc: 2\n")
            Issue.record("expected a scanner error")
        } catch {
            #expect(error.description == "error converting YAML to JSON: yaml: line 3: found character that cannot start any token")
            #expect(error.line == 3)
            #expect(error.column == 1)
        }
    }

    @Test func documentStreamKeepsIntegersAndEmptyDocuments() throws {
        let docs = try YAML.decodeDocuments("a: 1\n---\nb: [2, 2.5, x]\n---\n# only a comment\n---\nc: 0x10\n")
        #expect(docs == [["a": 1], ["b": [2, 2.5, "x"]], nil, ["c": 16]])
    }

    @Test func valuesPathMakesNumbersFloat() throws {
        let values = try YAML.decodeMap("big: 1000000\nsmall: 3\n")
        #expect(values["big"] == .float(1_000_000))
        #expect(GoFloat.shortestG(1_000_000) == "1e+06")
    }

    @Test func setStyleIntegersStayIntegersInToYaml() throws {
        let value: Value = ["replicas": .int(3), "ratio": .float(0.5), "port": .int(9091)]
        #expect(try YAML.encode(value) == "port: 9091\nratio: 0.5\nreplicas: 3\n")
    }
}
