import Foundation
import Sprig
import ValueKit

/// JSON Schema validation of chart values (values.schema.json) with the keywords real charts use,
/// reporting violations in the words of gojsonschema, which Helm 3 uses: `field: description`.
struct SchemaValidator {
    let root: Value
    var errors: [(field: String, description: String)] = []

    /// Validates and returns the `- field: description` lines (empty when valid).
    static func validate(_ values: Value, schemaJSON: [UInt8]) throws(ChartError) -> [String] {
        let schema: Value
        do {
            schema = try GoJSONDecoder.decode(String(decoding: schemaJSON, as: UTF8.self))
        } catch {
            throw ChartError("unable to validate schema: \(error)")
        }
        var v = SchemaValidator(root: schema)
        v.check(values, schema, path: [])
        return v.errors.map { "- \($0.field): \($0.description)" }
    }

    static func field(_ path: [String]) -> String { path.isEmpty ? "(root)" : path.joined(separator: ".") }

    mutating func report(_ path: [String], _ description: String) { errors.append((Self.field(path), description)) }

    /// The JSON type name gojsonschema gives a value: whole numbers are "integer".
    static func typeName(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .float(let d): return d.rounded() == d && d.isFinite ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .map: return "object"
        }
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }

    static func format(_ d: Double) -> String { GoFloat.shortestG(d) }

    func resolve(_ ref: String) -> Value? {
        guard ref.hasPrefix("#") else { return nil }
        var node = root
        for raw in ref.dropFirst().split(separator: "/") {
            let part = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .map(let m): guard let next = m[part] else { return nil }; node = next
            case .array(let a): guard let i = Int(part), i < a.count else { return nil }; node = a[i]
            default: return nil
            }
        }
        return node
    }

    /// Whether a value passes a schema, without recording anything.
    func passes(_ value: Value, _ schema: Value, path: [String]) -> Bool {
        var probe = SchemaValidator(root: root)
        probe.check(value, schema, path: path)
        return probe.errors.isEmpty
    }

    mutating func check(_ value: Value, _ schemaValue: Value, path: [String]) {
        if case .bool(let allowed) = schemaValue {
            if !allowed { report(path, "False always fails validation") }
            return
        }
        guard let schema = schemaValue.mapValue else { return }
        if let ref = schema["$ref"]?.stringValue, let target = resolve(ref) {
            check(value, target, path: path)
            return
        }
        if let type = schema["type"] {
            let allowed: [String] = type.stringValue.map { [$0] } ?? (type.arrayValue ?? []).compactMap(\.stringValue)
            let actual = Self.typeName(value)
            let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !ok {
                report(path, "Invalid type. Expected: \(allowed.joined(separator: "/")), given: \(actual)")
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            let allowed = options.map { (try? GoJSONEncoder.encode($0)) ?? "" }.joined(separator: ", ")
            report(path, "\(path.last ?? "(root)") must be one of the following: \(allowed)")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            report(path, "\(path.last ?? "(root)") does not match: \((try? GoJSONEncoder.encode(constant)) ?? "")")
        }
        for (i, sub) in (schema["allOf"]?.arrayValue ?? []).enumerated() where !passes(value, sub, path: path) {
            _ = i
            report(path, "Must validate all the schemas (allOf)")
            check(value, sub, path: path)
            break
        }
        if let anyOf = schema["anyOf"]?.arrayValue, !anyOf.contains(where: { passes(value, $0, path: path) }) {
            report(path, "Must validate at least one schema (anyOf)")
        }
        if let oneOf = schema["oneOf"]?.arrayValue, oneOf.filter({ passes(value, $0, path: path) }).count != 1 {
            report(path, "Must validate one and only one schema (oneOf)")
        }
        if let not = schema["not"], passes(value, not, path: path) {
            report(path, "Must not validate the schema (not)")
        }
        if let condition = schema["if"] {
            if passes(value, condition, path: path) {
                if let then = schema["then"] { check(value, then, path: path) }
            } else if let elseSchema = schema["else"] {
                check(value, elseSchema, path: path)
            }
        }
        switch value {
        case .string(let s): checkString(s, schema, path: path)
        case .int, .float: checkNumber(Self.number(value) ?? 0, schema, path: path)
        case .array(let items): checkArray(items, schema, path: path)
        case .map(let m): checkObject(m, schema, path: path)
        default: break
        }
    }

    mutating func checkString(_ s: String, _ schema: OrderedMap, path: [String]) {
        let length = s.unicodeScalars.count
        if let min = schema["minLength"].flatMap(Self.number), Double(length) < min {
            report(path, "String length must be greater than or equal to \(Self.format(min))")
        }
        if let max = schema["maxLength"].flatMap(Self.number), Double(length) > max {
            report(path, "String length must be less than or equal to \(Self.format(max))")
        }
        if let pattern = schema["pattern"]?.stringValue, !Self.matches(pattern, s) {
            report(path, "Does not match pattern '\(pattern)'")
        }
    }

    /// Whether `pattern` matches somewhere in `s`, as Go's regexp (which Helm's validator uses)
    /// decides. A pattern Go or ICU cannot compile matches everything (the check is skipped).
    static func matches(_ pattern: String, _ s: String) -> Bool {
        GoRegex.matches(pattern, s) ?? true
    }

    mutating func checkNumber(_ d: Double, _ schema: OrderedMap, path: [String]) {
        if let m = schema["multipleOf"].flatMap(Self.number), m != 0, (d / m).rounded() != d / m {
            report(path, "Must be a multiple of \(Self.format(m))")
        }
        if let min = schema["minimum"].flatMap(Self.number), d < min {
            report(path, "Must be greater than or equal to \(Self.format(min))")
        }
        if let min = schema["exclusiveMinimum"].flatMap(Self.number), d <= min {
            report(path, "Must be greater than \(Self.format(min))")
        }
        if let max = schema["maximum"].flatMap(Self.number), d > max {
            report(path, "Must be less than or equal to \(Self.format(max))")
        }
        if let max = schema["exclusiveMaximum"].flatMap(Self.number), d >= max {
            report(path, "Must be less than \(Self.format(max))")
        }
    }

    mutating func checkArray(_ items: [Value], _ schema: OrderedMap, path: [String]) {
        if let min = schema["minItems"].flatMap(Self.number), Double(items.count) < min {
            report(path, "Array must have at least \(Self.format(min)) items")
        }
        if let max = schema["maxItems"].flatMap(Self.number), Double(items.count) > max {
            report(path, "Array must have at most \(Self.format(max)) items")
        }
        if schema["uniqueItems"] == .bool(true) {
            outer: for i in 0..<items.count {
                for j in (i + 1)..<max(items.count, i + 1) where Self.equal(items[i], items[j]) {
                    report(path, "array items[\(i),\(j)] must be unique")
                    break outer
                }
            }
        }
        if let itemSchema = schema["items"] {
            if let tuple = itemSchema.arrayValue {
                for (i, sub) in tuple.enumerated() where i < items.count {
                    check(items[i], sub, path: path + [String(i)])
                }
            } else {
                for (i, item) in items.enumerated() { check(item, itemSchema, path: path + [String(i)]) }
            }
        }
    }

    mutating func checkObject(_ object: OrderedMap, _ schema: OrderedMap, path: [String]) {
        if let min = schema["minProperties"].flatMap(Self.number), Double(object.count) < min {
            report(path, "Must have at least \(Self.format(min)) properties")
        }
        if let max = schema["maxProperties"].flatMap(Self.number), Double(object.count) > max {
            report(path, "Must have at most \(Self.format(max)) properties")
        }
        for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where object[name] == nil {
            report(path, "\(name) is required")
        }
        let properties = schema["properties"]?.mapValue ?? OrderedMap()
        for key in object.sortedKeys {
            if let sub = properties[key] { check(object[key]!, sub, path: path + [key]) }
        }
        if let additional = schema["additionalProperties"] {
            for key in object.sortedKeys where properties[key] == nil {
                if additional == .bool(false) {
                    report(path, "Additional property \(key) is not allowed")
                } else if case .map = additional {
                    check(object[key]!, additional, path: path + [key])
                }
            }
        }
    }

    static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int, .float), (.float, .int), (.int, .int), (.float, .float): return number(a) == number(b)
        default: return a == b
        }
    }
}
