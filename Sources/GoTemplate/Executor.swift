/// Control flow for {{break}} and {{continue}}.
private enum LoopSignal: Error { case breakLoop, continueLoop }

/// Walks a parsed tree the way Go's exec.go does: variables, pipelines, field chains, calls,
/// and errors worded `template: NAME:LINE:COL: executing "NAME" at <NODE>: …`.
final class Executor {
    let set: TemplateSet
    private var tree: ParsedTree
    private var variables: [(name: String, value: TemplateValue, boxed: Bool)]
    private var node: Node?
    /// Whether dot is held in an interface{} (a range element of []interface{} or map[string]interface{}),
    /// which is the type Go names when a field cannot be evaluated on it.
    private var dotBoxed = false
    private let depth: Int
    private let output: OutputBuffer

    final class OutputBuffer {
        var text = ""
        let limit: Int
        /// Nodes walked so far in this render (shared with nested executions); bounded so no
        /// template runs forever.
        let counter: TemplateSet.StepCounter
        let stepLimit: Int
        init(limit: Int, stepLimit: Int, counter: TemplateSet.StepCounter) {
            self.limit = limit
            self.stepLimit = stepLimit
            self.counter = counter
        }
    }

    init(set: TemplateSet, tree: ParsedTree, dot: TemplateValue, depth: Int, output: OutputBuffer) {
        self.set = set
        self.tree = tree
        self.variables = [("$", dot, false)]
        self.depth = depth
        self.output = output
    }

    // MARK: errors

    func fail(_ message: String) -> TemplateError {
        if let node {
            let context = node.description
            return TemplateError(
                "template: \(tree.location(of: node)): executing \(GoQuote.quote(tree.name)) at <\(context)>: \(message)"
            )
        }
        return TemplateError("template: \(tree.name): \(message)")
    }

    private func at(_ n: Node) { node = n }

    /// The error for recursion that would overflow the stack before Go's or Helm's own limits stop it.
    func tooDeep() -> TemplateError {
        TemplateError(
            fail("exceeded maximum nesting depth: the template recursed until its stack was nearly used up")
                .description, isTerminal: true)
    }

    private func write(_ s: String) throws {
        output.text += s
        if output.text.utf8.count > output.limit {
            throw fail("output exceeds the limit of \(output.limit) bytes")
        }
    }

    // MARK: walking

    func run(_ dot: TemplateValue) throws {
        try walk(dot, tree.root)
    }

    private func walk(_ dot: TemplateValue, _ n: Node) throws {
        at(n)
        output.counter.steps += 1
        if StackGuard.isNearlyExhausted() { throw tooDeep() }
        if output.counter.steps > output.stepLimit {
            throw fail("execution stopped after \(output.stepLimit) steps (the limit guards against runaway templates)")
        }
        switch n {
        case let action as ActionNode:
            let value = try evalPipeline(dot, action.pipe)
            if action.pipe.decls.isEmpty { try printValue(action, value) }
        case let list as ListNode:
            for child in list.nodes { try walk(dot, child) }
        case let text as TextNode:
            try write(text.text)
        case let branch as BranchNode:
            if branch.kind == .range { try walkRange(dot, branch) } else { try walkIfOrWith(dot, branch) }
        case let call as TemplateCallNode:
            try walkTemplate(dot, call)
        case is BreakNode:
            throw LoopSignal.breakLoop
        case is ContinueNode:
            throw LoopSignal.continueLoop
        case is CommentNode:
            break
        default:
            throw fail("unknown node: \(n)")
        }
    }

    private func walkIfOrWith(_ dot: TemplateValue, _ b: BranchNode) throws {
        let mark = variables.count
        defer { variables.removeLast(variables.count - mark) }
        let value = try evalPipeline(dot, b.pipe)
        if value.isTrue {
            if b.kind == .with {
                let saved = dotBoxed
                dotBoxed = false
                defer { dotBoxed = saved }
                try walk(value, b.list)
                return
            }
            try walk(dot, b.list)
        } else if let elseList = b.elseList {
            try walk(dot, elseList)
        }
    }

    private func walkRange(_ dot: TemplateValue, _ r: BranchNode) throws {
        at(r)
        let outerMark = variables.count
        defer { variables.removeLast(variables.count - outerMark) }
        let value = try evalPipeline(dot, r.pipe)
        let mark = variables.count
        let savedBoxed = dotBoxed
        defer { dotBoxed = savedBoxed }
        var elementsBoxed = false
        switch value {
        case .list(let l): elementsBoxed = l.elementType.kind == .interface
        case .map(let m): elementsBoxed = m.valueType.kind == .interface
        default: break
        }
        func iteration(_ index: TemplateValue, _ element: TemplateValue) throws -> Bool {
            if !r.pipe.decls.isEmpty { variables[mark - 1] = (variables[mark - 1].name, element, elementsBoxed) }
            if r.pipe.decls.count > 1 { variables[mark - 2] = (variables[mark - 2].name, index, false) }
            dotBoxed = elementsBoxed
            defer { variables.removeLast(variables.count - mark) }
            do {
                try walk(element, r.list)
            } catch LoopSignal.continueLoop {
            } catch LoopSignal.breakLoop {
                return false
            }
            return true
        }
        switch value {
        case .list(let l) where !l.items.isEmpty:
            for (i, item) in l.items.enumerated() {
                if try !iteration(.int(i), item) { break }
            }
            return
        case .map(let m) where !m.entries.isEmpty:
            for key in m.sortedKeys {
                if try !iteration(.string(key), m.entries[key]!) { break }
            }
            return
        case .uint(let u, _):
            if r.pipe.decls.count > 1 {
                throw fail("can't use \(GoFormat.value(value)) to iterate over more than one variable")
            }
            if u > 0 {
                for i in 0..<u {
                    let v = TemplateValue.uint(i, value.goType ?? .uint)
                    if try !iteration(v, v) { break }
                }
                return
            }
        case .int(let n, _):
            // Current Go ranges over an integer: 0 ..< n.
            if r.pipe.decls.count > 1 {
                throw fail("can't use \(GoFormat.value(value)) to iterate over more than one variable")
            }
            if n > 0 {
                for i in 0..<n {
                    let v = TemplateValue.int(i, value.goType ?? .int)
                    if try !iteration(v, v) { break }
                }
                return
            }
        case .list, .map, .invalid, .null:
            break
        case .string, .bool, .float, .object:
            throw fail("range can't iterate over \(GoFormat.value(value))")
        }
        if let elseList = r.elseList { try walk(dot, elseList) }
    }

    private func walkTemplate(_ dot: TemplateValue, _ t: TemplateCallNode) throws {
        at(t)
        guard let target = set.tree(named: t.name) else { throw fail("template \(GoQuote.quote(t.name)) not defined") }
        if depth >= TemplateSet.maxDepth { throw fail("exceeded maximum template depth (\(TemplateSet.maxDepth))") }
        let newDot = try t.pipe.map { try evalPipeline(dot, $0) } ?? .invalid
        let child = Executor(set: set, tree: target, dot: newDot, depth: depth + 1, output: output)
        try child.walk(newDot, target.root)
    }

    // MARK: pipelines

    func evalPipeline(_ dot: TemplateValue, _ pipe: PipeNode) throws -> TemplateValue {
        at(pipe)
        var value: TemplateValue? = nil
        for cmd in pipe.commands {
            value = try evalCommand(dot, cmd, final: value).strippingInterface
        }
        let result = value ?? .invalid
        for v in pipe.decls {
            if pipe.isAssign {
                guard let i = variables.lastIndex(where: { $0.name == v.ident[0] }) else {
                    throw fail("undefined variable: \(v.ident[0])")
                }
                variables[i] = (variables[i].name, result, false)
            } else {
                variables.append((v.ident[0], result, false))
            }
        }
        return result
    }

    private func notAFunction(_ args: [Node], _ final: TemplateValue?) throws {
        if args.count > 1 || final != nil { throw fail("can't give argument to non-function \(args[0])") }
    }

    private func evalCommand(_ dot: TemplateValue, _ cmd: CommandNode, final: TemplateValue?) throws -> TemplateValue {
        let first = cmd.args[0]
        switch first {
        case let f as FieldNode:
            at(f)
            return try evalFieldChain(
                dot, receiver: dot, boxed: dotBoxed, node: f, ident: f.ident, args: cmd.args, final: final)
        case let c as ChainNode:
            return try evalChain(dot, c, args: cmd.args, final: final)
        case let id as IdentifierNode:
            return try evalFunction(dot, id, command: cmd, args: cmd.args, final: final)
        case let p as PipeNode:
            try notAFunction(cmd.args, final)
            return try evalPipeline(dot, p)
        case let v as VariableNode:
            return try evalVariable(dot, v, args: cmd.args, final: final)
        default: break
        }
        at(first)
        try notAFunction(cmd.args, final)
        switch first {
        case let b as BoolNode: return .bool(b.value)
        case is DotNode: return dot
        case is NilNode: throw fail("nil is not a command")
        case let n as NumberNode: return try idealConstant(n)
        case let s as StringNode: return .string(s.text)
        default: throw fail("can't evaluate command \(GoQuote.quote(first.description))")
        }
    }

    private func idealConstant(_ n: NumberNode) throws -> TemplateValue {
        at(n)
        if let c = n.complexValue { return .object(GoComplex(real: c.real, imaginary: c.imaginary)) }
        // Go's isHexInt: a hexadecimal literal without a binary exponent, unsigned as written.
        let isHexInt =
            (n.text.hasPrefix("0x") || n.text.hasPrefix("0X")) && !n.text.contains(where: { $0 == "p" || $0 == "P" })
        if n.isFloat && !isHexInt && !n.isChar && n.text.contains(where: { ".eEpP".contains($0) }) {
            return .float(n.floatValue, .float64)
        }
        if n.isInt { return .int(n.intValue, .int) }
        if n.isUint { throw fail("\(n.text) overflows int") }
        return .invalid
    }

    private func evalChain(
        _ dot: TemplateValue, _ chain: ChainNode, args: [Node], final: TemplateValue?
    ) throws -> TemplateValue {
        at(chain)
        if chain.node is NilNode { throw fail("indirection through explicit nil in \(chain)") }
        let receiver = try evalArg(dot, .any, chain.node, keepInvalid: true)
        return try evalFieldChain(
            dot, receiver: receiver, boxed: false, node: chain, ident: chain.fields, args: args, final: final)
    }

    private func evalVariable(
        _ dot: TemplateValue, _ v: VariableNode, args: [Node], final: TemplateValue?
    ) throws -> TemplateValue {
        at(v)
        guard let entry = variables.last(where: { $0.name == v.ident[0] }) else {
            throw fail("undefined variable: \(v.ident[0])")
        }
        if v.ident.count == 1 {
            try notAFunction(args, final)
            return entry.value
        }
        return try evalFieldChain(
            dot, receiver: entry.value, boxed: entry.boxed, node: v, ident: Array(v.ident.dropFirst()), args: args,
            final: final)
    }

    private func evalFieldChain(
        _ dot: TemplateValue, receiver: TemplateValue, boxed: Bool, node: Node, ident: [String], args: [Node],
        final: TemplateValue?
    ) throws -> TemplateValue {
        var r = receiver
        var rBoxed = boxed
        for name in ident.dropLast() {
            let next = try evalField(dot, name, node: node, args: [], final: nil, receiver: r, boxed: rBoxed)
            if case .map(let m) = r { rBoxed = m.valueType.kind == .interface } else { rBoxed = false }
            r = next
        }
        return try evalField(
            dot, ident[ident.count - 1], node: node, args: args, final: final, receiver: r, boxed: rBoxed)
    }

    private func evalField(
        _ dot: TemplateValue, _ name: String, node: Node, args: [Node], final: TemplateValue?, receiver: TemplateValue,
        boxed: Bool
    ) throws -> TemplateValue {
        let hasArgs = args.count > 1 || final != nil
        switch receiver {
        case .invalid:
            if set.missingKey == .error { throw fail("nil data; no entry for key \(GoQuote.quote(name))") }
            return .invalid
        case .null(let t):
            if t.kind == .map {
                if hasArgs { throw fail("\(name) is not a method but has arguments") }
                return set.missingKey == .zero ? .null(.interface) : .invalid
            }
            if t.kind == .pointer || t.kind == .interface { throw fail("nil pointer evaluating \(t.name).\(name)") }
            throw fail("can't evaluate field \(name) in type \(t.name)")
        case .map(let m):
            if let method = m.methods?(name) {
                return try call(dot, method, name: name, node: node, args: Array(args.dropFirst()), final: final)
            }
            if hasArgs { throw fail("\(name) is not a method but has arguments") }
            if let v = m.entries[name] { return v }
            switch set.missingKey {
            case .zero: return TemplateSet.zeroValue(of: m.valueType)
            case .invalid: return .invalid
            case .error: throw fail("map has no entry for key \(GoQuote.quote(name))")
            }
        case .list(let l) where l.methods?(name) != nil:
            return try call(dot, l.methods!(name)!, name: name, node: node, args: Array(args.dropFirst()), final: final)
        case .object(let o):
            if let method = o.method(name) {
                return try call(dot, method, name: name, node: node, args: Array(args.dropFirst()), final: final)
            }
            if let v = o.field(name) {
                if hasArgs { throw fail("\(name) has arguments but cannot be invoked as function") }
                return v
            }
            throw fail("can't evaluate field \(name) in type \(boxed ? "interface {}" : o.goType.name)")
        default:
            throw fail("can't evaluate field \(name) in type \(boxed ? "interface {}" : receiver.typeName)")
        }
    }

    /// `command` is the node errors from the call point at: the whole command, or the bare identifier
    /// when the function is an argument.
    private func evalFunction(
        _ dot: TemplateValue, _ id: IdentifierNode, command: Node, args: [Node], final: TemplateValue?
    ) throws -> TemplateValue {
        at(id)
        let name = id.name
        let setID = set.identity
        if let cached = id.resolved, cached.set == setID {
            return try call(
                dot, cached.function, name: name, node: command, args: Array(args.dropFirst()), final: final)
        }
        if let builtin = Builtins.special[name] {
            return try builtin(self, dot, Array(args.dropFirst()), final, id)
        }
        guard let function = set.function(named: name) else {
            throw fail("\(GoQuote.quote(name)) is not a defined function")
        }
        id.resolved = (setID, function)
        return try call(dot, function, name: name, node: command, args: Array(args.dropFirst()), final: final)
    }

    /// Go's evalCall: arity check, argument conversion, the call, and `error calling NAME: …`.
    func call(
        _ dot: TemplateValue, _ f: TemplateFunction, name: String, node: Node, args: [Node], final: TemplateValue?
    ) throws -> TemplateValue {
        let numIn = args.count + (final == nil ? 0 : 1)
        let numFixed = f.variadic == nil ? args.count : f.parameters.count
        if f.variadic != nil {
            if numIn < numFixed {
                throw fail("wrong number of args for \(name): want at least \(f.parameters.count) got \(args.count)")
            }
        } else if numIn != f.parameters.count {
            throw fail("wrong number of args for \(name): want \(f.parameters.count) got \(numIn)")
        }
        var argv: [TemplateValue] = []
        argv.reserveCapacity(numIn)
        var i = 0
        while i < numFixed && i < args.count {
            argv.append(try evalArg(dot, f.parameters[i], args[i]))
            i += 1
        }
        if let variadic = f.variadic {
            while i < args.count {
                argv.append(try evalArg(dot, variadic, args[i]))
                i += 1
            }
        }
        if let final {
            let type: ParamType
            if let variadic = f.variadic {
                type = numIn - 1 < numFixed ? f.parameters[numIn - 1] : variadic
            } else {
                type = f.parameters[f.parameters.count - 1]
            }
            argv.append(try validate(final, type))
        }
        do {
            return try f.body(argv)
        } catch let e as TemplateError where e.isTerminal {
            throw e
        } catch let e as TemplateError {
            at(node)
            throw fail("error calling \(name): \(e.description)")
        } catch let e as LoopSignal {
            throw e
        } catch {
            at(node)
            throw fail("error calling \(name): \(error)")
        }
    }

    // MARK: arguments

    /// Evaluates an argument node for a parameter of the given type (Go's evalArg).
    func evalArg(_ dot: TemplateValue, _ type: ParamType, _ n: Node, keepInvalid: Bool = false) throws -> TemplateValue
    {
        at(n)
        let value: TemplateValue
        switch n {
        case is DotNode: value = dot
        case is NilNode:
            switch type {
            case .any: return .nilInterface
            case .reflectValue: return .invalid
            case .typed(let t) where [.map, .slice, .pointer, .interface, .function].contains(t.kind): return .null(t)
            default: throw fail("cannot assign nil to \(type.goTypeName)")
            }
        case let f as FieldNode:
            value = try evalFieldChain(
                dot, receiver: dot, boxed: dotBoxed, node: f, ident: f.ident, args: [n], final: nil)
        case let v as VariableNode: value = try evalVariable(dot, v, args: [n], final: nil)
        case let p as PipeNode: value = try evalPipeline(dot, p)
        case let id as IdentifierNode: value = try evalFunction(dot, id, command: id, args: [id], final: nil)
        case let c as ChainNode: value = try evalChain(dot, c, args: [n], final: nil)
        default:
            return try literal(n, type)
        }
        if keepInvalid, case .invalid = value { return .invalid }
        return try validate(value, type)
    }

    private func literal(_ n: Node, _ type: ParamType) throws -> TemplateValue {
        let wantedName = type.goTypeName
        switch type {
        case .any, .reflectValue:
            switch n {
            case let b as BoolNode: return .bool(b.value)
            case let s as StringNode: return .string(s.text)
            case let num as NumberNode: return try idealConstant(num)
            default: throw fail("can't handle assignment of \(n) to empty interface argument")
            }
        case .typed(let t):
            switch t.kind {
            case .bool:
                if let b = n as? BoolNode { return .bool(b.value) }
                throw fail("expected bool; found \(n)")
            case .string:
                if let s = n as? StringNode { return .string(s.text) }
                throw fail("expected string; found \(n)")
            case .int:
                if let num = n as? NumberNode, num.isInt { return .int(num.intValue, t) }
                throw fail("expected integer; found \(n)")
            case .uint:
                if let num = n as? NumberNode, num.isUint { return .uint(num.uintValue, t) }
                throw fail("expected unsigned integer; found \(n)")
            case .float:
                if let num = n as? NumberNode, num.isFloat { return .float(num.floatValue, t) }
                throw fail("expected float; found \(n)")
            case .interface:
                return try literal(n, .any)
            default:
                throw fail("can't handle \(n) for arg of type \(wantedName)")
            }
        }
    }

    /// Go's validateType: the value must be assignable to the parameter's type.
    func validate(_ value: TemplateValue, _ type: ParamType) throws -> TemplateValue {
        switch type {
        case .any:
            if case .invalid = value { return .nilInterface }
            return value
        case .reflectValue:
            return value
        case .typed(let t):
            if case .invalid = value {
                if [.map, .slice, .pointer, .interface, .function].contains(t.kind) { return .null(t) }
                throw fail("invalid value; expected \(t.name)")
            }
            if t.kind == .interface { return value }
            guard let actual = value.goType else { return value }
            if actual == t { return value }
            // Go's assignability: a named map type (Helm's common.Values) passes as its unnamed underlying type.
            if case .map(let m) = value, m.typeName != nil, t.kind == .map, t.name == "map[string]" + m.valueType.name {
                return value
            }
            throw fail("wrong type for value; expected \(t.name); got \(actual.name)")
        }
    }

    // MARK: printing

    private func printValue(_ n: Node, _ v: TemplateValue) throws {
        at(n)
        switch v {
        case .invalid: try write("<no value>")
        default: try write(GoFormat.value(v))
        }
    }

    /// Runs a builtin that takes reflect.Value arguments: evaluates them without conversion.
    func evalRawArgs(_ dot: TemplateValue, _ args: [Node], final: TemplateValue?) throws -> [TemplateValue] {
        var out = try args.map { try evalArg(dot, .reflectValue, $0) }
        if let final { out.append(try validate(final, .reflectValue)) }
        return out
    }

    func setNode(_ n: Node) { at(n) }
}
