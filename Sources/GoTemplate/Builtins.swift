import FoundationEssentials
import ValueKit

/// Go's predefined template functions.
enum Builtins {
    typealias Special =
        @Sendable (Executor, TemplateValue, [Node], TemplateValue?, IdentifierNode) throws -> TemplateValue

    /// and/or evaluate lazily, so they see argument nodes rather than values.
    static let special: [String: Special] = [
        "and": { e, dot, args, final, node in try andOr(e, dot, args, final, node, isOr: false) },
        "or": { e, dot, args, final, node in try andOr(e, dot, args, final, node, isOr: true) },
    ]

    private static func andOr(
        _ e: Executor, _ dot: TemplateValue, _ args: [Node], _ final: TemplateValue?, _ node: IdentifierNode, isOr: Bool
    ) throws -> TemplateValue {
        let name = isOr ? "or" : "and"
        if args.count + (final == nil ? 0 : 1) < 1 {
            throw e.fail("wrong number of args for \(name): want at least 1 got \(args.count)")
        }
        var v = TemplateValue.invalid
        for arg in args {
            v = try e.evalArg(dot, .reflectValue, arg)
            if v.isTrue == isOr { return v }
        }
        if let final { v = try e.validate(final, .reflectValue) }
        return v
    }

    static let functions: [String: TemplateFunction] = [
        "not": TemplateFunction([.reflectValue]) { .bool(!$0[0].isTrue) },
        "len": TemplateFunction([.reflectValue]) { args in
            switch args[0] {
            case .string(let s): return .int(s.utf8.count)
            case .list(let l): return .int(l.items.count)
            case .map(let m): return .int(m.entries.count)
            case .null(let t) where t.kind == .map || t.kind == .slice: return .int(0)
            case .null: throw FunctionError("len of nil pointer")
            case .invalid: throw FunctionError("reflect: call of reflect.Value.Type on zero Value")
            default: throw FunctionError("len of type \(args[0].goType?.name ?? "<nil>")")
            }
        },
        "index": TemplateFunction([.reflectValue], variadic: .reflectValue) { args in
            try index(args[0], Array(args.dropFirst()))
        },
        "slice": TemplateFunction([.reflectValue], variadic: .reflectValue) { args in
            try slice(args[0], Array(args.dropFirst()))
        },
        "print": TemplateFunction([], variadic: .any) { .string(GoFormat.sprint($0)) },
        "println": TemplateFunction([], variadic: .any) { .string(GoFormat.sprintln($0)) },
        "printf": TemplateFunction([.string], variadic: .any) { args in
            .string(GoFormat.sprintf(args[0].stringValue ?? "", Array(args.dropFirst())))
        },
        "html": TemplateFunction([], variadic: .any) { .string(htmlEscape(evalArgs($0))) },
        "js": TemplateFunction([], variadic: .any) { .string(jsEscape(evalArgs($0))) },
        "urlquery": TemplateFunction([], variadic: .any) { .string(GoSyntax.queryEscape(evalArgs($0))) },
        "eq": TemplateFunction([.reflectValue], variadic: .reflectValue) { args in
            try .bool(eq(args[0], Array(args.dropFirst())))
        },
        "ne": TemplateFunction([.reflectValue, .reflectValue]) { args in try .bool(!eq(args[0], [args[1]])) },
        "lt": TemplateFunction([.reflectValue, .reflectValue]) { args in try .bool(lt(args[0], args[1])) },
        "le": TemplateFunction([.reflectValue, .reflectValue]) { args in
            try .bool(lt(args[0], args[1]) || eq(args[0], [args[1]]))
        },
        "gt": TemplateFunction([.reflectValue, .reflectValue]) { args in
            try .bool(!(lt(args[0], args[1]) || eq(args[0], [args[1]])))
        },
        "ge": TemplateFunction([.reflectValue, .reflectValue]) { args in try .bool(!lt(args[0], args[1])) },
        "call": TemplateFunction([.reflectValue], variadic: .reflectValue) { args in
            switch args[0] {
            case .null, .invalid: throw FunctionError("call of nil")
            default: throw FunctionError("non-function of type \(args[0].typeName)")
            }
        },
    ]

    /// Go's evalArgs for html/js/urlquery: a single string stays as is, otherwise fmt.Sprint.
    private static func evalArgs(_ args: [TemplateValue]) -> String {
        if args.count == 1, case .string(let s) = args[0] { return s }
        // printableValue: a missing value or nil interface prints as "<no value>".
        return GoFormat.sprint(
            args.map { arg in
                switch arg {
                case .invalid: return .string("<no value>")
                case .null(let t) where t.kind == .interface: return .string("<no value>")
                default: return arg
                }
            })
    }

    // MARK: comparison

    private enum BasicKind { case bool, int, uint, float, complex, string, invalid }

    private static func basicKind(_ v: TemplateValue) -> BasicKind {
        switch v {
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .float: return .float
        case .string: return .string
        case .object(let o) where o is GoComplex: return .complex
        default: return .invalid
        }
    }

    /// Dereferences a nil interface to "no value", as Go's indirectInterface does.
    private static func indirect(_ v: TemplateValue) -> TemplateValue {
        if case .null(let t) = v, t.kind == .interface { return .invalid }
        return v
    }

    static func eq(_ a: TemplateValue, _ others: [TemplateValue]) throws -> Bool {
        let arg1 = indirect(a)
        guard !others.isEmpty else { throw FunctionError("missing argument for comparison") }
        let k1 = basicKind(arg1)
        for other in others {
            let arg = indirect(other)
            let k2 = basicKind(arg)
            var truth = false
            if k1 != k2 {
                switch (arg1, arg) {
                case (.int(let i, _), .uint(let u, _)): truth = i >= 0 && UInt64(i) == u
                case (.uint(let u, _), .int(let i, _)): truth = i >= 0 && u == UInt64(i)
                default:
                    if arg1.isValid && arg.isValid { throw incompatible(arg1, arg) }
                }
            } else {
                switch (arg1, arg) {
                case (.bool(let x), .bool(let y)): truth = x == y
                case (.int(let x, _), .int(let y, _)): truth = x == y
                case (.uint(let x, _), .uint(let y, _)): truth = x == y
                case (.float(let x, _), .float(let y, _)): truth = x == y
                case (.string(let x), .string(let y)): truth = x == y
                case (.object(let x as GoComplex), .object(let y as GoComplex)):
                    truth = x.real == y.real && x.imaginary == y.imaginary
                case (.invalid, .invalid), (.null, .null), (.invalid, .null), (.null, .invalid): truth = true
                case (.null, _), (_, .null): truth = false
                // Go's canCompare lets anything meet a missing value (a nil literal): they differ.
                case (.invalid, _), (_, .invalid): truth = false
                default:
                    if arg1.typeName != arg.typeName {
                        throw FunctionError(
                            "non-comparable types \(GoFormat.sprintf("%s", [arg1])): \(arg1.typeName), \(arg.typeName): \(GoFormat.value(arg))"
                        )
                    }
                    throw FunctionError("non-comparable type \(GoFormat.sprintf("%s", [arg])): \(arg.typeName)")
                }
            }
            if truth { return true }
        }
        return false
    }

    /// Go 1.21 and later name both types (current Helm is built with such a Go).
    private static func incompatible(_ a: TemplateValue, _ b: TemplateValue) -> FunctionError {
        FunctionError("incompatible types for comparison: \(a.typeName) and \(b.typeName)")
    }

    static func lt(_ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
        let arg1 = indirect(a), arg2 = indirect(b)
        let k1 = basicKind(arg1), k2 = basicKind(arg2)
        if k1 == .invalid || k2 == .invalid { throw FunctionError("invalid type for comparison") }
        if k1 != k2 {
            switch (arg1, arg2) {
            case (.int(let i, _), .uint(let u, _)): return i < 0 || UInt64(i) < u
            case (.uint(let u, _), .int(let i, _)): return i >= 0 && u < UInt64(i)
            default: throw incompatible(arg1, arg2)
            }
        }
        switch (arg1, arg2) {
        case (.int(let x, _), .int(let y, _)): return x < y
        case (.uint(let x, _), .uint(let y, _)): return x < y
        case (.float(let x, _), .float(let y, _)): return x < y
        case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        default: throw FunctionError("invalid type for comparison")
        }
    }

    // MARK: index and slice

    private static func indexArg(_ index: TemplateValue, _ cap: Int) throws -> Int {
        let x: Int64
        switch indirect(index) {
        case .int(let i, _): x = i
        case .uint(let u, _): x = Int64(truncatingIfNeeded: u)
        case .invalid: throw FunctionError("cannot index slice/array with nil")
        default: throw FunctionError("cannot index slice/array with type \(index.typeName)")
        }
        if x < 0 || x > Int64(cap) { throw FunctionError("index out of range: \(x)") }
        return Int(x)
    }

    static func index(_ item: TemplateValue, _ indexes: [TemplateValue]) throws -> TemplateValue {
        var item = indirect(item)
        guard item.isValid else { throw FunctionError("index of untyped nil") }
        for index in indexes {
            switch item {
            case .list(let l):
                let x = try indexArg(index, l.items.count)
                // Go checks against the length only loosely and then reflect refuses the index.
                if x == l.items.count { throw FunctionError("reflect: slice index out of range") }
                item = l.items[x]
            case .string(let s):
                let bytes = Array(s.utf8)
                let x = try indexArg(index, bytes.count)
                if x == bytes.count { throw FunctionError("reflect: string index out of range") }
                item = .uint(UInt64(bytes[x]), .uint8)
            case .map(let m):
                guard case .string(let key) = indirect(index) else {
                    if !indirect(index).isValid { throw FunctionError("value is nil; should be of type string") }
                    throw FunctionError("value has type \(index.typeName); should be string")
                }
                item = m.entries[key] ?? TemplateSet.zeroValue(of: m.valueType)
            case .null(let t) where t.kind == .map:
                item = .nilInterface
            case .null(let t) where t.kind == .slice:
                throw FunctionError("index out of range: \(try indexArg(index, 0))")
            case .null:
                throw FunctionError("index of nil pointer")
            default:
                throw FunctionError("can't index item of type \(item.typeName)")
            }
        }
        return item
    }

    static func slice(_ item: TemplateValue, _ indexes: [TemplateValue]) throws -> TemplateValue {
        let item = indirect(item)
        guard item.isValid else { throw FunctionError("slice of untyped nil") }
        if indexes.count > 3 { throw FunctionError("too many slice indexes: \(indexes.count)") }
        let length: Int
        switch item {
        case .string(let s):
            if indexes.count == 3 { throw FunctionError("cannot 3-index slice a string") }
            length = s.utf8.count
        case .list(let l): length = l.items.count
        default: throw FunctionError("can't slice item of type \(item.typeName)")
        }
        var idx = [0, length]
        for (i, index) in indexes.enumerated() {
            let x = try indexArg(index, length)
            if i < 2 { idx[i] = x } else { idx.append(x) }
        }
        if idx[0] > idx[1] { throw FunctionError("invalid slice index: \(idx[0]) > \(idx[1])") }
        switch item {
        case .string(let s):
            return .string(String(decoding: Array(s.utf8)[idx[0]..<idx[1]], as: UTF8.self))
        case .list(let l):
            return .list(TemplateList(Array(l.items[idx[0]..<idx[1]]), elementType: l.elementType))
        default:
            return item
        }
    }

    // MARK: escaping

    static func htmlEscape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\0": out += "\u{FFFD}"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func jsEscape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if c.value < 0x20 {
                    let h = String(c.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else if c.value >= 0x80 && !GoSyntax.isPrint(c) {
                    let h = String(c.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - h.count)) + h
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

}
