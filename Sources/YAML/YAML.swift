import ValueKit

/// YAML as Helm reads and writes it.
public enum YAML {
    /// Helm's values files and `fromYaml`: sigs.k8s.io/yaml into `map[string]interface{}` (numbers float64,
    /// only the first document read). An empty or null document is an empty map.
    public static func decodeMap(_ text: String) throws(YAMLError) -> OrderedMap {
        switch try decodeJSONCompatible(text) {
        case .null: return OrderedMap()
        case .map(let m): return m
        case let other:
            throw YAMLError(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(other.jsonKind) into Go value of type map[string]interface {}"
            )
        }
    }

    /// sigs.k8s.io/yaml into `[]interface{}`, as `fromYamlArray` reads. A null document is an empty list.
    public static func decodeArray(_ text: String) throws(YAMLError) -> [Value] {
        switch try decodeJSONCompatible(text) {
        case .null: return []
        case .array(let a): return a
        case let other:
            throw YAMLError(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(other.jsonKind) into Go value of type []interface {}"
            )
        }
    }

    /// sigs.k8s.io/yaml into `interface{}`: the first document, converted through JSON.
    public static func decodeJSONCompatible(_ text: String) throws(YAMLError) -> Value {
        let tree: NodeTree
        do {
            tree = try NodeTree(text, allDocuments: false)
        } catch {
            throw error.converting()
        }
        return try firstDocumentAsJSON(tree)
    }

    /// The first document of a parsed tree as sigs.k8s.io/yaml converts it (JSON numbers, string keys).
    private static func firstDocumentAsJSON(_ tree: NodeTree) throws(YAMLError) -> Value {
        guard let root = tree.documents.first, root >= 0 else { return .null }
        var decoder = ValueDecoder(tree: tree, jsonNumbers: true)
        let value: Value
        do {
            value = try decoder.decode(root)
        } catch {
            throw error.converting()
        }
        if let failure = decoder.conversionError { throw failure.converting() }
        return value
    }

    /// The top-level keys `keys` of a document read as decodeJSONCompatible reads it, without building
    /// the other values (they are still scanned, so a syntax error anywhere is still an error).
    /// Manifest sorting needs only kind and metadata of documents that can be large.
    public static func decodeHead(_ text: String, keys: Set<String>) throws(YAMLError) -> Value {
        let tree: NodeTree
        do {
            tree = try NodeTree(text, allDocuments: false, onlyKeys: keys)
        } catch let error where error.line == -1 {
            return try decodeJSONCompatible(text)
        } catch {
            throw error.converting()
        }
        return try firstDocumentAsJSON(tree)
    }

    /// Every document of a stream, as go-yaml v2 decodes them (integers stay integers); empty
    /// documents are `.null`. For manifests and other multi-document files.
    public static func decodeDocuments(_ text: String) throws(YAMLError) -> [Value] {
        let tree = try NodeTree(text, allDocuments: true)
        var decoder = ValueDecoder(tree: tree, jsonNumbers: false)
        var out: [Value] = []
        for root in tree.documents {
            out.append(root >= 0 ? try decoder.decode(root) : .null)
        }
        if let failure = decoder.conversionError { throw failure }
        return out
    }

    /// sigs.k8s.io/yaml's Marshal, ending in a newline (Helm's `toYaml` trims that last newline).
    public static func encode(_ value: Value) throws(YAMLError) -> String {
        let encoder = try ValueEncoder()
        defer { encoder.close() }
        return try encoder.encode(value)
    }

    /// go-yaml v3's Encoder with an indent of 2 (Helm's `toYamlPretty`): the value is written as it
    /// is, not through JSON (floats in Go's shortest form), lines are never folded, and a sequence
    /// under a mapping key is indented.
    public static func encodePretty(_ value: Value) throws(YAMLError) -> String {
        let encoder = try ValueEncoder(pretty: true)
        defer { encoder.close() }
        return PrettyIndent.apply(try encoder.encode(value))
    }
}
