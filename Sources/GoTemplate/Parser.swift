/// A parsed template body with the source it came from (for error positions).
// @unchecked Sendable, sound: read-only once parsed.
public final class ParsedTree: @unchecked Sendable {
    public let name: String
    /// The file (or template) whose text the positions refer to.
    let parseName: String
    let source: [UInt8]
    let root: ListNode

    init(name: String, parseName: String, source: [UInt8], root: ListNode) {
        self.name = name
        self.parseName = parseName
        self.source = source
        self.root = root
    }

    /// Go's IsEmptyTree: only whitespace text and comments.
    var isEmpty: Bool { Self.isEmpty(root) }

    static func isEmpty(_ node: Node) -> Bool {
        switch node {
        case let list as ListNode: return list.nodes.allSatisfy(isEmpty)
        case let text as TextNode: return text.text.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        case is CommentNode: return true
        default: return false
        }
    }

    /// Go's ErrorContext: `NAME:LINE:COL` (column is a 0-based byte offset) and the node's text.
    func location(of node: Node) -> String {
        let pos = min(node.pos, source.count)
        var line = 1
        var lineStart = 0
        for i in 0..<pos where source[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return "\(parseName):\(line):\(pos - lineStart)"
    }
}

/// A template error: parse errors (`template: NAME:LINE: …`) and execution errors
/// (`template: NAME:LINE:COL: executing "NAME" at <…>: …`) carry Go's exact text.
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// A terminal error (nesting too deep for the stack) is passed up unchanged: wrapping it at
    /// every one of thousands of levels would cost quadratic time and memory.
    public let isTerminal: Bool
    public init(_ description: String, isTerminal: Bool = false) {
        self.description = description
        self.isTerminal = isTerminal
    }
}

/// Go's text/template parser (parse.Parse): builds the main tree and every `define`/`block`.
struct Parser {
    private let tokens: [Token]
    private var index = 0
    private var furthest = 0
    private let name: String
    private let source: [UInt8]
    private let isFunction: (String) -> Bool
    private var vars: [String] = ["$"]
    private var rangeDepth = 0
    /// Parenthesized pipelines open now (Go's stackDepth, limited to maxStackDepth).
    private var expressionDepth = 0
    static let maxExpressionDepth = 10_000
    private var actionLine = 0
    private(set) var trees: [String: ParsedTree] = [:]
    private var treeOrder: [String] = []
    private var currentTreeName: String

    static func parse(
        name: String, text: String, isFunction: @escaping (String) -> Bool
    ) throws(TemplateError) -> [ParsedTree] {
        let lexer = Lexer(text, controlKeywords: !isFunction("break"))
        var parser = Parser(tokens: lexer.tokens, name: name, source: Array(text.utf8), isFunction: isFunction)
        try parser.parseAll()
        return parser.treeOrder.compactMap { parser.trees[$0] }
    }

    private init(tokens: [Token], name: String, source: [UInt8], isFunction: @escaping (String) -> Bool) {
        self.tokens = tokens
        self.name = name
        self.source = source
        self.isFunction = isFunction
        self.currentTreeName = name
    }

    // MARK: tokens

    /// The EOF token repeats forever past the end, so backing up stays symmetric.
    private mutating func next() -> Token {
        let t = tokens[min(index, tokens.count - 1)]
        furthest = max(furthest, min(index, tokens.count - 1))
        index += 1
        return t
    }

    private mutating func backup(_ n: Int = 1) { index -= n }

    private mutating func peek() -> Token {
        let t = next()
        backup()
        return t
    }

    private mutating func nextNonSpace() -> Token {
        var t = next()
        while t.kind == .space { t = next() }
        return t
    }

    private mutating func peekNonSpace() -> Token {
        let t = nextNonSpace()
        backup()
        return t
    }

    private func error(_ message: String) -> TemplateError {
        let line = tokens[min(furthest, tokens.count - 1)].line
        return TemplateError("template: \(name):\(line): \(message)")
    }

    private func unexpected(_ token: Token, _ context: String) -> TemplateError {
        if token.kind == .error {
            var extra = ""
            if actionLine != 0 && actionLine != token.line {
                extra = " in action started at \(name):\(actionLine)"
                if token.value.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return error(token.value + extra)
        }
        return error("unexpected \(token.description) in \(context)")
    }

    private mutating func expect(_ kind: Token.Kind, _ context: String) throws(TemplateError) -> Token {
        let t = nextNonSpace()
        if t.kind != kind { throw unexpected(t, context) }
        return t
    }

    // MARK: structure

    private mutating func parseAll() throws(TemplateError) {
        let root = ListNode(pos: peek().pos)
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let delimIndex = index
                _ = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                index = delimIndex
            }
            let n = try textOrAction()
            if n is EndNode || n is ElseNode { throw error("unexpected \(n)") }
            root.nodes.append(n)
        }
        try add(ParsedTree(name: name, parseName: name, source: source, root: root))
    }

    private mutating func add(_ tree: ParsedTree) throws(TemplateError) {
        if let existing = trees[tree.name], !existing.isEmpty {
            if !tree.isEmpty { throw error("template: multiple definition of template \(GoQuote.quote(tree.name))") }
            return
        }
        if trees[tree.name] == nil { treeOrder.append(tree.name) }
        trees[tree.name] = tree
    }

    private mutating func parseDefinition() throws(TemplateError) {
        let context = "define clause"
        let token = nextNonSpace()
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        guard let defined = GoQuote.unquote(token.value) else { throw error("invalid syntax") }
        _ = try expect(.rightDelim, context)
        let savedVars = vars
        vars = ["$"]
        let (list, end) = try itemList()
        vars = savedVars
        if !(end is EndNode) { throw error("unexpected \(end) in \(context)") }
        try add(ParsedTree(name: defined, parseName: name, source: source, root: list))
    }

    private mutating func itemList() throws(TemplateError) -> (ListNode, Node) {
        let list = ListNode(pos: peekNonSpace().pos)
        while peekNonSpace().kind != .eof {
            let n = try textOrAction()
            if n is EndNode || n is ElseNode { return (list, n) }
            list.nodes.append(n)
        }
        throw error("unexpected EOF")
    }

    private mutating func textOrAction() throws(TemplateError) -> Node {
        // Go parses nested actions as deep as memory allows; this parser stops before its stack ends.
        if StackGuard.isNearlyExhausted() { throw error("actions nested too deeply for the parser's stack") }
        let token = nextNonSpace()
        switch token.kind {
        case .text: return TextNode(pos: token.pos, text: token.value)
        case .leftDelim:
            actionLine = token.line
            defer { actionLine = 0 }
            return try action()
        default: throw unexpected(token, "input")
        }
    }

    private mutating func action() throws(TemplateError) -> Node {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return try blockControl()
        case .breakKeyword: return try loopControl(token, isBreak: true)
        case .continueKeyword: return try loopControl(token, isBreak: false)
        case .elseKeyword: return try elseControl()
        case .end:
            let t = try expect(.rightDelim, "end")
            return EndNode(pos: t.pos)
        case .ifKeyword: return try branch(.ifBranch)
        case .range: return try branch(.range)
        case .template: return try templateControl()
        case .with: return try branch(.with)
        default: break
        }
        backup()
        let t = peek()
        let pipe = try pipeline("command", end: .rightDelim)
        return ActionNode(pos: t.pos, line: t.line, pipe: pipe)
    }

    private mutating func loopControl(_ token: Token, isBreak: Bool) throws(TemplateError) -> Node {
        let word = isBreak ? "break" : "continue"
        let t = nextNonSpace()
        if t.kind != .rightDelim { throw unexpected(t, "in {{\(word)}}") }
        if rangeDepth == 0 { throw error("{{\(word)}} outside {{range}}") }
        return isBreak ? BreakNode(pos: token.pos) : ContinueNode(pos: token.pos)
    }

    private mutating func elseControl() throws(TemplateError) -> Node {
        let p = peekNonSpace()
        if p.kind == .ifKeyword || p.kind == .with { return ElseNode(pos: p.pos, line: p.line) }
        let t = try expect(.rightDelim, "else")
        return ElseNode(pos: t.pos, line: t.line)
    }

    private mutating func branch(_ kind: BranchNode.Kind) throws(TemplateError) -> Node {
        let savedVarCount = vars.count
        defer { vars.removeLast(vars.count - savedVarCount) }
        let pipe = try pipeline(kind.rawValue, end: .rightDelim)
        if kind == .range { rangeDepth += 1 }
        let (list, terminator) = try itemList()
        if kind == .range { rangeDepth -= 1 }
        var elseList: ListNode?
        if let elseNode = terminator as? ElseNode {
            // "else if" (and, as in current Go, "else with") chains need only one {{end}}.
            let follower = peek().kind
            if (kind == .ifBranch && follower == .ifKeyword) || (kind == .with && follower == .with) {
                _ = next()
                let chained = ListNode(pos: elseNode.pos)
                chained.nodes.append(try branch(kind))
                elseList = chained
            } else {
                let (list2, end) = try itemList()
                if !(end is EndNode) { throw error("expected end; found \(end)") }
                elseList = list2
            }
        }
        return BranchNode(kind: kind, pos: pipe.pos, line: pipe.line, pipe: pipe, list: list, elseList: elseList)
    }

    private mutating func blockControl() throws(TemplateError) -> Node {
        let context = "block clause"
        let token = nextNonSpace()
        let blockName = try templateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        let savedVars = vars
        vars = ["$"]
        let (list, end) = try itemList()
        vars = savedVars
        if !(end is EndNode) { throw error("unexpected \(end) in \(context)") }
        try add(ParsedTree(name: blockName, parseName: name, source: source, root: list))
        return TemplateCallNode(pos: token.pos, line: token.line, name: blockName, pipe: pipe)
    }

    private mutating func templateControl() throws(TemplateError) -> Node {
        let context = "template clause"
        let token = nextNonSpace()
        let called = try templateName(token, context)
        var pipe: PipeNode?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return TemplateCallNode(pos: token.pos, line: token.line, name: called, pipe: pipe)
    }

    private mutating func templateName(_ token: Token, _ context: String) throws(TemplateError) -> String {
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        guard let s = GoQuote.unquote(token.value) else { throw error("invalid syntax") }
        return s
    }

    // MARK: pipelines

    private mutating func pipeline(_ context: String, end: Token.Kind) throws(TemplateError) -> PipeNode {
        let first = peekNonSpace()
        let pipe = PipeNode(pos: first.pos, line: first.line)
        declarations: while true {
            let v = peekNonSpace()
            guard v.kind == .variable else { break }
            let variableIndex = index
            _ = nextNonSpace()
            let afterVariable = peek()
            let n = peekNonSpace()
            if n.kind == .assign || n.kind == .declare {
                pipe.isAssign = n.kind == .assign
                _ = nextNonSpace()
                pipe.decls.append(VariableNode(pos: v.pos, ident: [v.value]))
                vars.append(v.value)
            } else if n.kind == .char && n.value == "," {
                _ = nextNonSpace()
                pipe.decls.append(VariableNode(pos: v.pos, ident: [v.value]))
                vars.append(v.value)
                if context == "range" && pipe.decls.count < 2 {
                    let k = peekNonSpace().kind
                    if k == .variable || k == .rightDelim || k == .rightParen { continue declarations }
                    throw error("range can only initialize variables")
                }
                throw error("too many declarations in \(context)")
            } else {
                // "$x foo" or "$x}}": $x is an operand, not a declaration.
                _ = afterVariable
                index = variableIndex
            }
            break
        }
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case end:
                if pipe.commands.isEmpty { throw error("missing value for \(context)") }
                for (i, c) in pipe.commands.enumerated().dropFirst() {
                    let a = c.args[0]
                    if a is BoolNode || a is DotNode || a is NilNode || a is NumberNode || a is StringNode {
                        throw error("non executable command in pipeline stage \(i + 1)")
                    }
                }
                return pipe
            case .bool, .charConstant, .dot, .field, .identifier, .number, .nilKeyword, .rawString, .string,
                .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    private mutating func command() throws(TemplateError) -> CommandNode {
        let cmd = CommandNode(pos: peekNonSpace().pos)
        while true {
            _ = peekNonSpace()
            if let operand = try operand() { cmd.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(token, "operand")
            }
            break
        }
        if cmd.args.isEmpty { throw error("empty command") }
        return cmd
    }

    private mutating func operand() throws(TemplateError) -> Node? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chain = ChainNode(pos: peek().pos, node: node)
        while peek().kind == .field {
            chain.fields.append(String(next().value.dropFirst()))
        }
        switch node {
        case let f as FieldNode: return FieldNode(pos: chain.pos, ident: f.ident + chain.fields)
        case let v as VariableNode: return VariableNode(pos: chain.pos, ident: v.ident + chain.fields)
        case is BoolNode, is StringNode, is NumberNode, is NilNode, is DotNode:
            throw error("unexpected . after term \(GoQuote.quote(node.description))")
        default: return chain
        }
    }

    private mutating func term() throws(TemplateError) -> Node? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            if !isFunction(token.value) { throw error("function \(GoQuote.quote(token.value)) not defined") }
            return IdentifierNode(pos: token.pos, name: token.value)
        case .dot: return DotNode(pos: token.pos)
        case .nilKeyword: return NilNode(pos: token.pos)
        case .variable:
            let parts = token.value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if !vars.contains(parts[0]) { throw error("undefined variable \(GoQuote.quote(parts[0]))") }
            return VariableNode(pos: token.pos, ident: parts)
        case .field:
            return FieldNode(pos: token.pos, ident: token.value.split(separator: ".").map(String.init))
        case .bool: return BoolNode(pos: token.pos, value: token.value == "true")
        case .charConstant, .number: return try number(token)
        case .leftParen:
            if expressionDepth >= Self.maxExpressionDepth { throw error("max expression depth exceeded") }
            expressionDepth += 1
            defer { expressionDepth -= 1 }
            return try pipeline("parenthesized pipeline", end: .rightParen)
        case .string, .rawString:
            guard let s = GoQuote.unquote(token.value) else { throw error("invalid syntax") }
            return StringNode(pos: token.pos, quoted: token.value, text: s)
        default:
            backup()
            return nil
        }
    }

    /// Go's NumberNode readings: int, uint and float where each applies.
    private func number(_ token: Token) throws(TemplateError) -> NumberNode {
        let n = NumberNode(pos: token.pos, text: token.value)
        if token.kind == .charConstant {
            guard let s = GoQuote.unquote(token.value), let scalar = s.unicodeScalars.first else {
                throw error("malformed character constant: \(token.value)")
            }
            n.isChar = true
            n.isInt = true; n.intValue = Int64(scalar.value)
            n.isUint = true; n.uintValue = UInt64(scalar.value)
            n.isFloat = true; n.floatValue = Double(scalar.value)
            return n
        }
        let text = token.value
        if text.hasSuffix("i") {
            // Go's simplifyComplex: a complex constant with no imaginary part also reads as a float and,
            // when whole, as an integer.
            guard let c = GoComplex.parse(text) else { throw error("illegal number syntax: \(GoQuote.quote(text))") }
            n.complexValue = c
            if c.imaginary == 0 {
                n.isFloat = true; n.floatValue = c.real
                n.readWholeFloat(c.real)
            }
            return n
        }
        if let u = GoIntegerSyntax.parseUnsigned(text) { n.isUint = true; n.uintValue = u }
        if let i = GoIntegerSyntax.parseSigned(text) {
            n.isInt = true; n.intValue = i
            if i == 0 { n.isUint = true; n.uintValue = 0 }
        }
        if n.isInt {
            n.isFloat = true; n.floatValue = Double(n.intValue)
        } else if n.isUint {
            n.isFloat = true; n.floatValue = Double(n.uintValue)
        } else if let f = GoIntegerSyntax.parseFloat(text) {
            if !text.contains(where: { ".eEpP".contains($0) }) {
                throw error("integer overflow: \(GoQuote.quote(text))")
            }
            n.isFloat = true; n.floatValue = f
            n.readWholeFloat(f)
        }
        if !n.isInt && !n.isUint && !n.isFloat { throw error("illegal number syntax: \(GoQuote.quote(text))") }
        return n
    }
}

/// strconv.ParseInt/ParseUint with base 0 (prefixes, underscores) and ParseFloat, for literals.
enum GoIntegerSyntax {
    static func parseUnsigned(_ text: String) -> UInt64? {
        var s = Substring(text)
        if s.hasPrefix("+") || s.hasPrefix("-") { return nil }
        var base: UInt64 = 10
        var prefixed = false
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            base = 16; s = s.dropFirst(2); prefixed = true
        } else if s.hasPrefix("0o") || s.hasPrefix("0O") {
            base = 8; s = s.dropFirst(2); prefixed = true
        } else if s.hasPrefix("0b") || s.hasPrefix("0B") {
            base = 2; s = s.dropFirst(2); prefixed = true
        } else if s.hasPrefix("0") && s.count > 1 {
            base = 8; s = s.dropFirst(1); prefixed = true
        }
        guard !s.isEmpty else { return nil }
        // Underscores only between digits (or after a base prefix).
        var previousUnderscore = !prefixed
        var n: UInt64 = 0
        for c in s {
            if c == "_" {
                if previousUnderscore { return nil }
                previousUnderscore = true
                continue
            }
            previousUnderscore = false
            guard let d = c.hexDigitValue, UInt64(d) < base else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return nil }
            n = a
        }
        if previousUnderscore && s.last == "_" { return nil }
        return n
    }

    static func parseSigned(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.hasPrefix("+") || s.hasPrefix("-") {
            negative = s.hasPrefix("-")
            s = s.dropFirst()
        }
        guard let u = parseUnsigned(String(s)) else { return nil }
        if negative {
            if u <= UInt64(Int64.max) { return -Int64(u) }
            return u == UInt64(Int64.max) + 1 ? Int64.min : nil
        }
        return u <= UInt64(Int64.max) ? Int64(u) : nil
    }

    static func parseFloat(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrencesOfUnderscore()
        if cleaned.lowercased().hasPrefix("0x") || cleaned.lowercased().hasPrefix("-0x")
            || cleaned.lowercased().hasPrefix("+0x")
        {
            // strconv: a hexadecimal mantissa needs a binary exponent (0x1.8p1), else it is no float.
            guard cleaned.contains(where: { $0 == "p" || $0 == "P" }) else { return nil }
            return Double(cleaned)
        }
        guard let d = Double(cleaned), d.isFinite else { return nil }
        return d
    }
}

extension String {
    func replacingOccurrencesOfUnderscore() -> String {
        contains("_") ? String(filter { $0 != "_" }) : self
    }
}
