/// Parse-tree nodes. `description` is Go's Node.String(), which error messages quote.
// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
class Node: CustomStringConvertible, @unchecked Sendable {
    let pos: Int
    init(pos: Int) { self.pos = pos }
    var description: String { "" }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class ListNode: Node, @unchecked Sendable {
    var nodes: [Node] = []
    override var description: String { nodes.map(\.description).joined() }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class TextNode: Node, @unchecked Sendable {
    let text: String
    init(pos: Int, text: String) {
        self.text = text
        super.init(pos: pos)
    }
    override var description: String { text }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class CommentNode: Node, @unchecked Sendable {}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class PipeNode: Node, @unchecked Sendable {
    let line: Int
    var isAssign = false
    var decls: [VariableNode] = []
    var commands: [CommandNode] = []
    init(pos: Int, line: Int) {
        self.line = line
        super.init(pos: pos)
    }
    override var description: String {
        var s = ""
        if !decls.isEmpty { s = decls.map(\.description).joined(separator: ", ") + " := " }
        return s + commands.map(\.description).joined(separator: " | ")
    }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class ActionNode: Node, @unchecked Sendable {
    let line: Int
    let pipe: PipeNode
    init(pos: Int, line: Int, pipe: PipeNode) {
        self.line = line
        self.pipe = pipe
        super.init(pos: pos)
    }
    override var description: String { "{{\(pipe)}}" }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class CommandNode: Node, @unchecked Sendable {
    var args: [Node] = []
    override var description: String {
        args.map { $0 is PipeNode ? "(\($0))" : $0.description }.joined(separator: " ")
    }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class IdentifierNode: Node, @unchecked Sendable {
    let name: String
    /// The function this name resolved to in the set that last ran it (sets can differ: tpl clones).
    var resolved: (set: UInt64, function: TemplateFunction)?
    init(pos: Int, name: String) {
        self.name = name
        super.init(pos: pos)
    }
    override var description: String { name }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class VariableNode: Node, @unchecked Sendable {
    let ident: [String]
    init(pos: Int, ident: [String]) {
        self.ident = ident
        super.init(pos: pos)
    }
    override var description: String { ident.joined(separator: ".") }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class DotNode: Node, @unchecked Sendable {
    override var description: String { "." }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class NilNode: Node, @unchecked Sendable {
    override var description: String { "nil" }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class FieldNode: Node, @unchecked Sendable {
    let ident: [String]
    init(pos: Int, ident: [String]) {
        self.ident = ident
        super.init(pos: pos)
    }
    override var description: String { ident.map { "." + $0 }.joined() }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class ChainNode: Node, @unchecked Sendable {
    let node: Node
    var fields: [String] = []
    init(pos: Int, node: Node) {
        self.node = node
        super.init(pos: pos)
    }
    override var description: String {
        (node is PipeNode ? "(\(node))" : node.description) + fields.map { "." + $0 }.joined()
    }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class BoolNode: Node, @unchecked Sendable {
    let value: Bool
    init(pos: Int, value: Bool) {
        self.value = value
        super.init(pos: pos)
    }
    override var description: String { value ? "true" : "false" }
}

/// A number literal with every reading Go's parser finds for it.
// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class NumberNode: Node, @unchecked Sendable {
    let text: String
    var isInt = false, isUint = false, isFloat = false
    var intValue: Int64 = 0
    var uintValue: UInt64 = 0
    var floatValue: Double = 0
    /// A complex constant (`1i`, `1+2i`): Go evaluates it as complex128 even where its imaginary part is 0.
    var complexValue: (real: Double, imaginary: Double)?
    /// Go's NumberNode: a float with no fraction also reads as an int and, when not negative, a uint
    /// (where those readings are not set already and the value fits).
    func readWholeFloat(_ f: Double) {
        guard f.rounded() == f else { return }
        if !isInt, abs(f) < 9.2e18 { isInt = true; intValue = Int64(f) }
        if !isUint, f >= 0, f < 1.8e19 { isUint = true; uintValue = UInt64(f) }
    }
    /// A character constant ('a') counts as a number but never as a float literal.
    var isChar = false
    init(pos: Int, text: String) {
        self.text = text
        super.init(pos: pos)
    }
    override var description: String { text }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class StringNode: Node, @unchecked Sendable {
    let quoted: String
    let text: String
    init(pos: Int, quoted: String, text: String) {
        self.quoted = quoted
        self.text = text
        super.init(pos: pos)
    }
    override var description: String { quoted }
}

/// if, range and with share one shape.
// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class BranchNode: Node, @unchecked Sendable {
    enum Kind: String { case ifBranch = "if", range, with }
    let kind: Kind
    let line: Int
    let pipe: PipeNode
    let list: ListNode
    let elseList: ListNode?
    init(kind: Kind, pos: Int, line: Int, pipe: PipeNode, list: ListNode, elseList: ListNode?) {
        self.kind = kind
        self.line = line
        self.pipe = pipe
        self.list = list
        self.elseList = elseList
        super.init(pos: pos)
    }
    override var description: String {
        var s = "{{\(kind.rawValue) \(pipe)}}\(list)"
        if let elseList { s += "{{else}}\(elseList)" }
        return s + "{{end}}"
    }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class TemplateCallNode: Node, @unchecked Sendable {
    let line: Int
    let name: String
    let pipe: PipeNode?
    init(pos: Int, line: Int, name: String, pipe: PipeNode?) {
        self.line = line
        self.name = name
        self.pipe = pipe
        super.init(pos: pos)
    }
    override var description: String {
        pipe.map { "{{template \(GoQuote.quote(name)) \($0)}}" } ?? "{{template \(GoQuote.quote(name))}}"
    }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class BreakNode: Node, @unchecked Sendable {
    override var description: String { "{{break}}" }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class ContinueNode: Node, @unchecked Sendable {
    override var description: String { "{{continue}}" }
}

/// Parse-time markers for `{{end}}` and `{{else}}`.
// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class EndNode: Node, @unchecked Sendable {
    override var description: String { "{{end}}" }
}

// @unchecked Sendable, sound: built by the parser on one thread and only read while templates run.
final class ElseNode: Node, @unchecked Sendable {
    let line: Int
    init(pos: Int, line: Int) {
        self.line = line
        super.init(pos: pos)
    }
    override var description: String { "{{else}}" }
}
