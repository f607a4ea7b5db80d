import GoTemplate
import ValueKit
import YAML

/// Helm 4's `common.Values`: the type of the top-level data, `.Values` and `.Template`. A map of
/// string keys with the methods templates can call: AsMap, YAML, Table and PathValue.
enum CommonValues {
    static let typeName = "common.Values"

    // @unchecked Sendable, sound: used on the render thread only (a result is read after that thread is joined).
    private final class Receiver: @unchecked Sendable {
        weak var map: TemplateMap?
    }

    /// A common.Values holding `entries`.
    static func map(_ entries: [String: TemplateValue]) -> TemplateMap {
        let receiver = Receiver()
        let map = TemplateMap(
            named: typeName, valueType: .interface, methods: { name in method(name, receiver) },
            remake: { CommonValues.map($0) }
        ) { entries }
        receiver.map = map
        return map
    }

    private static func method(_ name: String, _ receiver: Receiver) -> TemplateFunction? {
        switch name {
        case "AsMap":
            return TemplateFunction([]) { _ in .map(TemplateMap(receiver.map?.entries ?? [:])) }
        case "YAML":
            return TemplateFunction([]) { _ in
                let data = TemplateValue.map(receiver.map ?? TemplateMap()).dataValue
                do { return .string(try YAML.encode(data)) } catch { throw FunctionError("\(error)") }
            }
        case "Table":
            return TemplateFunction([.string]) { a in .map(try table(receiver.map ?? TemplateMap(), a[0].stringValue!))
            }
        case "PathValue":
            return TemplateFunction([.string]) { a in try pathValue(receiver.map ?? TemplateMap(), a[0].stringValue!) }
        default:
            return nil
        }
    }

    /// Values.Table: the sub-table at a dotted path, or `"KEY" is not a table`.
    static func table(_ values: TemplateMap, _ path: String) throws -> TemplateMap {
        var current = values
        for part in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            guard case .map(let next)? = current.entries[part], isTable(next) else {
                throw FunctionError("\(GoSyntax.quote(part)) is not a table")
            }
            current = next
        }
        return map(current.entries)
    }

    /// Values.PathValue: a non-table value at a dotted path, or `"KEY" is not a value`.
    static func pathValue(_ values: TemplateMap, _ path: String) throws -> TemplateValue {
        if path.isEmpty { throw FunctionError("YAML path cannot be empty") }
        var parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let key = parts.removeLast()
        let holder: TemplateMap
        if parts.isEmpty {
            holder = values
        } else {
            guard let found = try? table(values, parts.joined(separator: ".")) else {
                throw FunctionError("\(GoSyntax.quote(key)) is not a value")
            }
            holder = found
        }
        guard let v = holder.entries[key], !isPlainTable(v) else {
            throw FunctionError("\(GoSyntax.quote(key)) is not a value")
        }
        return v
    }

    /// tableLookup's test: a map[string]interface{} or a Values.
    private static func isTable(_ m: TemplateMap) -> Bool {
        m.valueType.kind == .interface && (m.typeName == nil || m.typeName == typeName)
    }

    /// istable's test: a map[string]interface{} only.
    private static func isPlainTable(_ v: TemplateValue) -> Bool {
        if case .map(let m) = v { return m.typeName == nil && m.valueType.kind == .interface }
        return false
    }
}
