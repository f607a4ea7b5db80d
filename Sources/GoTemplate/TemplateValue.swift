import ValueKit

/// A Go type, as far as templates can tell types apart: its printed name and its kind.
public struct GoType: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case bool, int, uint, float, complex, string, slice, map, interface, structure, pointer, function
    }
    public let name: String
    public let kind: Kind
    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
    public var description: String { name }

    public static let interface = GoType("interface {}", .interface)
    public static let bool = GoType("bool", .bool)
    public static let int = GoType("int", .int)
    public static let int64 = GoType("int64", .int)
    public static let int32 = GoType("int32", .int)
    public static let uint8 = GoType("uint8", .uint)
    public static let uint64 = GoType("uint64", .uint)
    public static let uint = GoType("uint", .uint)
    public static let float64 = GoType("float64", .float)
    public static let float32 = GoType("float32", .float)
    public static let complex128 = GoType("complex128", .complex)
    public static let string = GoType("string", .string)
    public static let interfaceSlice = GoType("[]interface {}", .slice)
    public static let stringSlice = GoType("[]string", .slice)
    public static let intSlice = GoType("[]int", .slice)
    public static let bytes = GoType("[]uint8", .slice)
    public static let stringInterfaceMap = GoType("map[string]interface {}", .map)
    public static let stringStringMap = GoType("map[string]string", .map)

    /// The slice type whose elements are of this type.
    public var sliceOf: GoType { GoType("[]" + name, .slice) }
}

/// A Go slice: shared by reference, like Go's backing arrays.
// @unchecked Sendable, sound: made and used within one render, on its thread.
public final class TemplateList: @unchecked Sendable {
    public var items: [TemplateValue]
    public let elementType: GoType
    /// The declared type's name, when it is a named slice type (Helm's VersionSet), and its methods.
    public let typeName: String?
    public let methods: (@Sendable (String) -> TemplateFunction?)?
    public init(_ items: [TemplateValue], elementType: GoType = .interface) {
        self.items = items
        self.elementType = elementType
        self.typeName = nil
        self.methods = nil
    }
    public init(
        _ items: [TemplateValue], elementType: GoType, named typeName: String,
        methods: @escaping @Sendable (String) -> TemplateFunction?
    ) {
        self.items = items
        self.elementType = elementType
        self.typeName = typeName
        self.methods = methods
    }
    public var goType: GoType { typeName.map { GoType($0, .slice) } ?? elementType.sliceOf }
}

/// A Go map with string keys, shared by reference (Sprig's `set` mutates in place).
///
/// A named map type with methods (Helm's `engine.files`) carries its type name and its methods; its
/// entries may be built only when a template first reads them as a map (range, len, index, printing).
// @unchecked Sendable, sound: made and used within one render, on its thread.
public final class TemplateMap: @unchecked Sendable {
    private var stored: [String: TemplateValue]?
    private var loader: (() -> [String: TemplateValue])?
    public let valueType: GoType
    /// The declared type's name, when it is a named map type.
    public let typeName: String?
    /// The named type's methods by name.
    public let methods: (@Sendable (String) -> TemplateFunction?)?

    public init(_ entries: [String: TemplateValue] = [:], valueType: GoType = .interface) {
        self.stored = entries
        self.loader = nil
        self.valueType = valueType
        self.typeName = nil
        self.methods = nil
    }

    /// How a named map type with methods bound to its own entries makes another of its type.
    private var remake: (@Sendable ([String: TemplateValue]) -> TemplateMap)?

    /// A named map type whose entries are built on first use. `remake`, when its methods read
    /// the map itself, builds a copy whose methods read the copy.
    public init(
        named typeName: String, valueType: GoType, methods: @escaping @Sendable (String) -> TemplateFunction?,
        remake: (@Sendable ([String: TemplateValue]) -> TemplateMap)? = nil,
        entries: @escaping () -> [String: TemplateValue]
    ) {
        self.stored = nil
        self.loader = entries
        self.valueType = valueType
        self.typeName = typeName
        self.methods = methods
        self.remake = remake
    }

    /// A map of the same type (name and methods included) holding other entries.
    public func sameType(holding entries: [String: TemplateValue]) -> TemplateMap {
        if let remake { return remake(entries) }
        guard let typeName, let methods else { return TemplateMap(entries, valueType: valueType) }
        return TemplateMap(named: typeName, valueType: valueType, methods: methods) { entries }
    }

    public var entries: [String: TemplateValue] {
        get {
            if let stored { return stored }
            let built = loader?() ?? [:]
            stored = built
            loader = nil
            return built
        }
        set { stored = newValue; loader = nil }
        _modify {
            if stored == nil {
                stored = loader?() ?? [:]
                loader = nil
            }
            yield &stored!
        }
    }

    public var goType: GoType { GoType(typeName ?? "map[string]" + valueType.name, .map) }
    public var sortedKeys: [String] { entries.keys.sorted(by: goStringLess) }
}

/// Something with fields and methods, such as Helm's `.Capabilities` or a time value.
public protocol TemplateObject: AnyObject, Sendable {
    var goType: GoType { get }
    /// A field or argument-less method; nil when there is none of that name.
    func field(_ name: String) -> TemplateValue?
    /// A method taking arguments; nil when there is none of that name.
    func method(_ name: String) -> TemplateFunction?
    /// fmt's `%v`.
    var formatted: String { get }
}

extension TemplateObject {
    public func method(_ name: String) -> TemplateFunction? { nil }
}

/// A value while a template runs, typed as Go would type it.
// @unchecked Sendable, sound: made and used within one render, on its thread.
public enum TemplateValue: @unchecked Sendable {
    /// Go's zero reflect.Value: prints as `<no value>`.
    case invalid
    /// A nil of the given type: nil interface, nil map, nil slice or nil pointer.
    case null(GoType)
    case bool(Bool)
    case int(Int64, GoType)
    case uint(UInt64, GoType)
    case float(Double, GoType)
    case string(String)
    case list(TemplateList)
    case map(TemplateMap)
    case object(any TemplateObject)

    public static let nilInterface = TemplateValue.null(.interface)
    public static func int(_ v: Int) -> TemplateValue { .int(Int64(v), .int) }
    public static func int64(_ v: Int64) -> TemplateValue { .int(v, .int64) }
    public static func float64(_ v: Double) -> TemplateValue { .float(v, .float64) }
    public static func list(_ items: [TemplateValue], of type: GoType = .interface) -> TemplateValue {
        .list(TemplateList(items, elementType: type))
    }
    public static func stringList(_ items: [String]) -> TemplateValue {
        .list(TemplateList(items.map { .string($0) }, elementType: .string))
    }

    public var isValid: Bool {
        if case .invalid = self { return false }
        return true
    }

    /// The Go type, or nil for `.invalid`.
    public var goType: GoType? {
        switch self {
        case .invalid: return nil
        case .null(let t): return t
        case .bool: return .bool
        case .int(_, let t), .uint(_, let t), .float(_, let t): return t
        case .string: return .string
        case .list(let l): return l.goType
        case .map(let m): return m.goType
        case .object(let o): return o.goType
        }
    }

    /// `%T`: the type name, `<nil>` for a nil interface.
    public var typeName: String {
        switch self {
        case .invalid: return "<nil>"
        case .null(let t) where t.kind == .interface: return "<nil>"
        default: return goType?.name ?? "<nil>"
        }
    }

    /// Go's truthiness (text/template isTrue).
    public var isTrue: Bool {
        switch self {
        case .invalid, .null: return false
        case .bool(let b): return b
        case .int(let i, _): return i != 0
        case .uint(let u, _): return u != 0
        case .float(let f, _): return f != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .map(let m): return !m.entries.isEmpty
        case .object(let o): return (o as? GoComplex)?.isZero != true
        }
    }

    /// The value a pipeline ends with: a nil interface becomes "no value".
    var strippingInterface: TemplateValue {
        if case .null(let t) = self, t.kind == .interface { return .invalid }
        return self
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Converts a data value (values files, JSON) into template terms: maps become
    /// `map[string]interface {}`, lists `[]interface {}`, JSON numbers float64, `--set` integers int64.
    public init(_ value: Value) {
        switch value {
        case .null: self = .nilInterface
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i, .int64)
        case .float(let d): self = .float(d, .float64)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(TemplateList(a.map(TemplateValue.init)))
        case .map(let m):
            var entries: [String: TemplateValue] = [:]
            entries.reserveCapacity(m.count)
            for (k, v) in m.entries { entries[k] = TemplateValue(v) }
            self = .map(TemplateMap(entries))
        }
    }

    /// Back to a data value (for toYaml/toJson): objects and other Go-only types become their text,
    /// a `[]byte` becomes base64 text as encoding/json writes it.
    public var dataValue: Value { data(bytesAsBase64: true) }

    /// `bytesAsBase64: false` keeps a `[]byte` a list of numbers, as go-yaml writes one.
    public func data(bytesAsBase64: Bool) -> Value {
        switch self {
        case .invalid, .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i, _): return .int(i)
        case .uint(let u, _): return u <= UInt64(Int64.max) ? .int(Int64(u)) : .float(Double(u))
        case .float(let d, _): return .float(d)
        case .string(let s): return .string(s)
        case .list(let l):
            if bytesAsBase64 && l.elementType == .uint8 {
                return .string(
                    Base64.encode(
                        l.items.map { v in
                            if case .uint(let b, _) = v { return UInt8(truncatingIfNeeded: b) } else { return 0 }
                        }))
            }
            return .array(l.items.map { $0.data(bytesAsBase64: bytesAsBase64) })
        case .map(let m):
            // Order does not matter here: every consumer (JSON, YAML) sorts keys itself.
            var out = OrderedMap()
            for (k, v) in m.entries { out[k] = v.data(bytesAsBase64: bytesAsBase64) }
            return .map(out)
        case .object(let o):
            if let data = (o as? DataConvertible)?.dataValue { return data }
            return .string(o.formatted)
        }
    }
}

/// Objects that encoding/json would render as data (for toJson/toYaml).
public protocol DataConvertible {
    var dataValue: Value { get }
}
