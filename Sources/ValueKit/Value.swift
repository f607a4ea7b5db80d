/// A dynamically typed value, shaped like the `interface{}` trees Helm passes around.
///
/// Numbers keep the distinction Helm has: values files and `fromYaml` go through JSON and yield
/// `.float`, while `--set` integers are `.int` (Go's int64).
public enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case array([Value])
    case map(OrderedMap)

    /// The map payload, or nil for any other kind.
    public var mapValue: OrderedMap? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// The array payload, or nil for any other kind.
    public var arrayValue: [Value]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The string payload, or nil for any other kind.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// An integral number as `Int`, whether it is an int64 or (as after a trip through JSON) a whole
    /// float64; nil for anything else.
    public var integerValue: Int? {
        switch self {
        case .int(let i): return Int(exactly: i)
        case .float(let d): return d == d.rounded() ? Int(exactly: d) : nil
        default: return nil
        }
    }

    /// Looks up a key when this is a map; nil otherwise or when absent.
    public subscript(key: String) -> Value? {
        mapValue?[key]
    }

    /// The value with every `.int` turned into `.float`, as a trip through Go's encoding/json does.
    public var jsonNumbers: Value {
        switch self {
        case .int(let i): return .float(Double(i))
        case .array(let a): return .array(a.map(\.jsonNumbers))
        case .map(let m): return .map(m.mapValues(\.jsonNumbers))
        default: return self
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, Value)...) {
        var m = OrderedMap()
        for (k, v) in elements { m[k] = v }
        self = .map(m)
    }
}

extension Value {
    /// The word encoding/json uses for a value's JSON kind in type errors (`cannot unmarshal number into …`).
    public var jsonKind: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .float: return "number"
        case .string: return "string"
        case .array: return "array"
        case .map: return "object"
        }
    }
}
