import GoTemplate
import ValueKit

/// Sprig's list and dict functions.
enum CollectionFunctions {
    static func items(_ v: TemplateValue, _ what: String) throws -> [TemplateValue] {
        switch v {
        case .list(let l): return l.items
        case .null(let t) where t.kind == .slice: return []
        default: throw FunctionError("Cannot \(what) on type \(v.typeName)")
        }
    }

    static func listOrNil(
        _ v: TemplateValue, _ message: String, _ body: ([TemplateValue]) -> TemplateValue
    ) throws -> TemplateValue {
        switch v {
        case .list(let l): return body(l.items)
        case .null(let t) where t.kind == .slice: return body([])
        default: throw FunctionError("\(message) \(v.typeName)")
        }
    }

    static func list(_ items: [TemplateValue]) -> TemplateValue { .list(TemplateList(items)) }

    /// Go's == on interface values, as Sprig's inList/uniq use it (reflect.DeepEqual).
    static func deepEqual(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.invalid, .invalid): return true
        case (.null(let x), .null(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x, let t), .int(let y, let u)): return x == y && t == u
        case (.uint(let x, let t), .uint(let y, let u)): return x == y && t == u
        case (.float(let x, let t), .float(let y, let u)): return x == y && t == u
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)):
            return x.elementType == y.elementType && x.items.count == y.items.count
                && zip(x.items, y.items).allSatisfy(deepEqual)
        case (.map(let x), .map(let y)):
            return x.valueType == y.valueType && x.entries.count == y.entries.count
                && x.entries.allSatisfy { k, v in y.entries[k].map { deepEqual(v, $0) } ?? false }
        case (.object(let x), .object(let y)): return x === y
        default: return false
        }
    }

    static func copy(_ v: TemplateValue) -> TemplateValue {
        switch v {
        case .list(let l): return .list(TemplateList(l.items.map(copy), elementType: l.elementType))
        case .map(let m): return .map(m.sameType(holding: m.entries.mapValues(copy)))
        default: return v
        }
    }

    /// mergo.Merge for maps: fills keys missing (or empty) in dst; nested maps merge recursively.
    static func merge(_ dst: TemplateMap, _ src: TemplateMap, overwrite: Bool) {
        for (k, sv) in src.entries {
            if let dv = dst.entries[k] {
                if case .map(let dm) = dv, case .map(let sm) = sv {
                    merge(dm, sm, overwrite: overwrite)
                    continue
                }
                if overwrite || Cast.isEmpty(dv) { dst.entries[k] = sv }
            } else {
                dst.entries[k] = sv
            }
        }
    }

    static var functions: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [
            "list": TemplateFunction([], variadic: .any) { list($0) },
            "tuple": TemplateFunction([], variadic: .any) { list($0) },
            "dict": TemplateFunction([], variadic: .any) { args in
                var m: [String: TemplateValue] = [:]
                var i = 0
                while i < args.count {
                    let key = Cast.string(args[i])
                    m[key] = i + 1 < args.count ? args[i + 1] : .string("")
                    i += 2
                }
                return .map(TemplateMap(m))
            },
            "get": TemplateFunction([.dict, .string]) { a in
                guard case .map(let m) = a[0] else { return .string("") }
                return m.entries[a[1].stringValue!] ?? .string("")
            },
            "set": TemplateFunction([.dict, .string, .any]) { a in
                guard case .map(let m) = a[0] else { throw FunctionError("assignment to entry in nil map") }
                m.entries[a[1].stringValue!] = a[2]
                return a[0]
            },
            "unset": TemplateFunction([.dict, .string]) { a in
                if case .map(let m) = a[0] { m.entries[a[1].stringValue!] = nil }
                return a[0]
            },
            "hasKey": TemplateFunction([.dict, .string]) { a in
                guard case .map(let m) = a[0] else { return .bool(false) }
                return .bool(m.entries[a[1].stringValue!] != nil)
            },
            "pluck": TemplateFunction([.string], variadic: .dict) { a in
                let key = a[0].stringValue!
                return list(
                    a.dropFirst().compactMap { d in
                        if case .map(let m) = d { return m.entries[key] }; return nil
                    })
            },
            "keys": TemplateFunction([], variadic: .dict) { a in
                // Sprig returns Go map order; ours is sorted (one of Go's possible orders).
                .stringList(
                    a.flatMap { d -> [String] in
                        if case .map(let m) = d { return m.sortedKeys }; return []
                    })
            },
            "pick": TemplateFunction([.dict], variadic: .string) { a in
                let out = TemplateMap()
                if case .map(let m) = a[0] {
                    for k in a.dropFirst() {
                        if let key = k.stringValue, let v = m.entries[key] { out.entries[key] = v }
                    }
                }
                return .map(out)
            },
            "omit": TemplateFunction([.dict], variadic: .string) { a in
                let out = TemplateMap()
                let drop = Set(a.dropFirst().compactMap(\.stringValue))
                if case .map(let m) = a[0] { for (k, v) in m.entries where !drop.contains(k) { out.entries[k] = v } }
                return .map(out)
            },
            "values": TemplateFunction([.dict]) { a in
                guard case .map(let m) = a[0] else { return list([]) }
                return list(m.sortedKeys.map { m.entries[$0]! })
            },
            // copystructure asks a nil interface for its type: reflect refuses.
            "deepCopy": TemplateFunction([.any]) { a in
                if case .null(let t) = a[0], t.kind == .interface { throw FunctionError(zeroValueType) }
                return copy(a[0])
            },
            "mustDeepCopy": TemplateFunction([.any]) { a in
                if case .null(let t) = a[0], t.kind == .interface { throw FunctionError(zeroValueType) }
                return copy(a[0])
            },
            "dig": TemplateFunction([], variadic: .any) { a in
                guard a.count >= 3 else { throw FunctionError("dig needs at least three arguments") }
                guard case .map(var m) = a[a.count - 1], m.goType == .stringInterfaceMap else {
                    throw FunctionError(
                        "interface conversion: interface {} is \(goConversionName(a[a.count - 1])), not map[string]interface {}"
                    )
                }
                let keys = a[0..<(a.count - 2)].map(Cast.string)
                let fallback = a[a.count - 2]
                for (i, k) in keys.enumerated() {
                    guard let v = m.entries[k] else { return fallback }
                    if i == keys.count - 1 { return v }
                    guard case .map(let next) = v, next.goType == .stringInterfaceMap else {
                        throw FunctionError(
                            "interface conversion: interface {} is \(goConversionName(v)), not map[string]interface {}")
                    }
                    m = next
                }
                return fallback
            },
            "concat": TemplateFunction([], variadic: .any) { a in
                var out: [TemplateValue] = []
                for l in a {
                    switch l {
                    case .list(let x): out += x.items
                    case .null(let t) where t.kind == .slice: break
                    default: throw FunctionError("Cannot concat type \(try listKind(l)) as list")
                    }
                }
                return list(out)
            },
            "until": TemplateFunction([.int]) { a in
                let n = F.intValue(a[0])
                return .list(TemplateList(untilStep(0, n, n < 0 ? -1 : 1).map { .int($0) }, elementType: .int))
            },
            "untilStep": TemplateFunction([.int, .int, .int]) { a in
                .list(
                    TemplateList(
                        untilStep(F.intValue(a[0]), F.intValue(a[1]), F.intValue(a[2])).map { .int($0) },
                        elementType: .int))
            },
            "seq": TemplateFunction([], variadic: .int) { a in .string(seq(a.map(F.intValue))) },
        ]
        // The list family: plain names panic (an error in templates), must* names return the error.
        let listFunctions: [(String, String, @Sendable ([TemplateValue], TemplateValue?) throws -> TemplateValue)] = [
            ("first", "find first", { l, _ in l.first ?? .nilInterface }),
            ("last", "find last", { l, _ in l.last ?? .nilInterface }),
            ("rest", "find rest", { l, _ in l.isEmpty ? list([]) : list(Array(l.dropFirst())) }),
            ("initial", "find initial", { l, _ in l.isEmpty ? list([]) : list(Array(l.dropLast())) }),
            ("reverse", "find reverse", { l, _ in list(l.reversed()) }),
            ("compact", "compact", { l, _ in list(l.filter { !Cast.isEmpty($0) }) }),
            (
                "uniq", "find uniq",
                { l, _ in
                    var out: [TemplateValue] = []
                    for v in l where !out.contains(where: { deepEqual($0, v) }) { out.append(v) }
                    return list(out)
                }
            ),
        ]
        for (name, verb, body) in listFunctions {
            let capitalized = "must" + name.prefix(1).uppercased() + name.dropFirst()
            let make: @Sendable (TemplateValue) throws -> TemplateValue = { v in
                switch v {
                case .list(let l): return try body(l.items, nil)
                case .null(let t) where t.kind == .slice:
                    return name == "first" || name == "last" ? .nilInterface : try body([], nil)
                default: throw FunctionError("Cannot \(verb) on type \(try listKind(v))")
                }
            }
            f[name] = TemplateFunction([.any]) { try make($0[0]) }
            f[capitalized] = TemplateFunction([.any]) { try make($0[0]) }
        }
        let push: TemplateFunction = TemplateFunction([.any, .any]) { a in
            switch a[0] {
            case .list(let l): return list(l.items + [a[1]])
            case .null(let t) where t.kind == .slice: return list([a[1]])
            default: throw FunctionError("Cannot push on type \(try listKind(a[0]))")
            }
        }
        f["append"] = push; f["push"] = push; f["mustAppend"] = push; f["mustPush"] = push
        let prepend = TemplateFunction([.any, .any]) { a in
            switch a[0] {
            case .list(let l): return list([a[1]] + l.items)
            case .null(let t) where t.kind == .slice: return list([a[1]])
            default: throw FunctionError("Cannot prepend on type \(try listKind(a[0]))")
            }
        }
        f["prepend"] = prepend; f["mustPrepend"] = prepend
        let without = TemplateFunction([.any], variadic: .any) { a in
            switch a[0] {
            case .list(let l): return list(l.items.filter { v in !a.dropFirst().contains { deepEqual($0, v) } })
            default: throw FunctionError("Cannot find without on type \(try listKind(a[0]))")
            }
        }
        f["without"] = without; f["mustWithout"] = without
        let has = TemplateFunction([.any, .any]) { a in
            switch a[1] {
            case .list(let l): return .bool(l.items.contains { deepEqual($0, a[0]) })
            case .null, .invalid: return .bool(false)
            default: throw FunctionError("Cannot find has on type \(Cast.kindName(a[1]))")
            }
        }
        f["has"] = has; f["mustHas"] = has
        let chunk = TemplateFunction([.int, .any]) { a in
            let size = F.intValue(a[0])
            switch a[1] {
            case .list(let l):
                var out: [TemplateValue] = []
                var i = 0
                while i < l.items.count {
                    out.append(list(Array(l.items[i..<min(i + size, l.items.count)])))
                    i += max(size, 1)
                }
                return .list(TemplateList(out, elementType: .interfaceSlice))
            default: throw FunctionError("Cannot chunk type \(try listKind(a[1]))")
            }
        }
        f["chunk"] = chunk; f["mustChunk"] = chunk
        let slice = TemplateFunction([.any], variadic: .any) { a in
            guard case .list(let l) = a[0] else {
                if case .null(let t) = a[0], t.kind == .slice { return .nilInterface }
                throw FunctionError("list should be type of slice or array but \(try listKind(a[0]))")
            }
            let n = l.items.count
            if n == 0 { return .nilInterface }
            var start = 0, end = n
            if a.count > 1 { start = Int(Cast.int64(a[1])) }
            if a.count > 2 { end = Int(Cast.int64(a[2])) }
            guard start >= 0, end <= n, start <= end else {
                throw FunctionError("reflect.Value.Slice: slice index out of bounds")
            }
            return .list(TemplateList(Array(l.items[start..<end]), elementType: l.elementType))
        }
        f["slice"] = slice; f["mustSlice"] = slice
        let merge = TemplateFunction([.dict], variadic: .dict) { a in
            guard case .map(let dst) = a[0] else { return a[0] }
            for s in a.dropFirst() {
                if case .map(let src) = s { CollectionFunctions.merge(dst, src, overwrite: false) }
            }
            return a[0]
        }
        f["merge"] = merge; f["mustMerge"] = merge
        let mergeOverwrite = TemplateFunction([.dict], variadic: .dict) { a in
            guard case .map(let dst) = a[0] else { return a[0] }
            for s in a.dropFirst() {
                if case .map(let src) = s { CollectionFunctions.merge(dst, src, overwrite: true) }
            }
            return a[0]
        }
        f["mergeOverwrite"] = mergeOverwrite; f["mustMergeOverwrite"] = mergeOverwrite
        return f
    }

    static func untilStep(_ start: Int, _ stop: Int, _ step: Int) -> [Int] {
        var v: [Int] = []
        // Guard against hostile sizes (Go would try and run out of memory).
        let span = stop.subtractingReportingOverflow(start)
        if step != 0, !span.overflow, abs(span.partialValue) / Swift.max(abs(step), 1) > SprigLimits.maxElements {
            return v
        }
        if stop < start {
            if step >= 0 { return v }
            var i = start
            while i > stop { v.append(i); i += step }
            return v
        }
        if step <= 0 { return v }
        var i = start
        while i < stop { v.append(i); i += step }
        return v
    }

    static func seq(_ p: [Int]) -> String {
        let values: [Int]
        switch p.count {
        case 1:
            let end = p[0]
            let inc = end < 1 ? -1 : 1
            values = untilStep(1, end + inc, inc)
        case 2:
            let step = p[1] < p[0] ? -1 : 1
            values = untilStep(p[0], p[1] + step, step)
        case 3:
            var inc = 1
            if p[2] < p[0] {
                inc = -1
                if p[1] > 0 { return "" }
            }
            values = untilStep(p[0], p[2] + inc, p[1])
        default:
            return ""
        }
        return values.map(String.init).joined(separator: " ")
    }
}

/// What Go's reflect says when asked the type of a nil interface.
let zeroValueType = "reflect: call of reflect.Value.Type on zero Value"

/// The kind Sprig's list functions name in their errors (reflect.TypeOf(v).Kind()); a nil interface
/// has no type, and Sprig's call on it fails as Go's nil dereference does.
func listKind(_ v: TemplateValue) throws -> String {
    switch v {
    case .invalid: throw FunctionError("runtime error: invalid memory address or nil pointer dereference")
    case .null(let t) where t.kind == .interface:
        throw FunctionError("runtime error: invalid memory address or nil pointer dereference")
    default: return Cast.kindName(v)
    }
}

/// How a failed interface conversion names the value's type: `nil` for a nil interface.
func goConversionName(_ v: TemplateValue) -> String {
    switch v {
    case .invalid: return "nil"
    case .null(let t) where t.kind == .interface: return "nil"
    default: return v.typeName
    }
}
