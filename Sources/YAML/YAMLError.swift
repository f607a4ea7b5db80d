/// A YAML failure, worded as Helm reports it (go-yaml v2 through sigs.k8s.io/yaml), with the position
/// libyaml gave when there is one.
public struct YAMLError: Error, Equatable, CustomStringConvertible {
    /// The full message, e.g. `error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context`.
    public let description: String
    /// 1-based line and column of the problem, when known.
    public let line: Int?
    public let column: Int?

    public init(_ description: String, line: Int? = nil, column: Int? = nil) {
        self.description = description
        self.line = line
        self.column = column
    }

    /// The same error with sigs.k8s.io/yaml's prefix for a failed YAML→JSON conversion.
    func converting() -> YAMLError {
        YAMLError("error converting YAML to JSON: " + description, line: line, column: column)
    }
}
