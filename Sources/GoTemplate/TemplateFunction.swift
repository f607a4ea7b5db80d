/// How a function parameter receives template arguments, mirroring Go's argument conversion.
public enum ParamType: Sendable {
    /// `interface{}`: anything; literal numbers become int or float64 as written.
    case any
    /// A concrete Go type the argument must have (or be convertible from a literal of).
    case typed(GoType)
    /// `reflect.Value`, as Go's own builtins take: the value as is, but "no value" is an error.
    case reflectValue

    public static let string = ParamType.typed(.string)
    public static let int = ParamType.typed(.int)
    public static let int64 = ParamType.typed(.int64)
    public static let float64 = ParamType.typed(.float64)
    public static let bool = ParamType.typed(.bool)
    public static let interfaceList = ParamType.typed(.interfaceSlice)
    public static let stringList = ParamType.typed(.stringSlice)
    public static let dict = ParamType.typed(.stringInterfaceMap)

    var goTypeName: String {
        switch self {
        case .any: return "interface {}"
        case .typed(let t): return t.name
        case .reflectValue: return "reflect.Value"
        }
    }
}

/// A function callable from templates: its parameter list (with an optional variadic tail) and body.
/// A body that throws is a Go function returning an error: the call fails with `error calling NAME: …`.
public struct TemplateFunction: Sendable {
    public let parameters: [ParamType]
    public let variadic: ParamType?
    public let body: @Sendable ([TemplateValue]) throws -> TemplateValue

    public init(
        _ parameters: [ParamType], variadic: ParamType? = nil,
        _ body: @escaping @Sendable ([TemplateValue]) throws -> TemplateValue
    ) {
        self.parameters = parameters
        self.variadic = variadic
        self.body = body
    }
}

/// An error a template function reports; printed after `error calling NAME: `.
public struct FunctionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Functions that need the running engine (include, tpl, and/or with short-circuit) get this.
public protocol TemplateContext: AnyObject {
    /// Runs a named template of the current set with `data` and returns its output.
    func executeTemplate(named name: String, data: TemplateValue) throws -> String
    /// Parses `text` as a new template in a copy of the current set and runs it with `data`.
    func executeText(_ text: String, data: TemplateValue) throws -> String
}
