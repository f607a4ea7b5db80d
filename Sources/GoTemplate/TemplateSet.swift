#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Synchronization

/// Hands out set identities that are never reused, unlike object addresses.
private let setCounter = Atomic<UInt64>(0)

/// A set of named templates sharing one function map, like Go's *template.Template family.
// @unchecked Sendable, sound: used by one render at a time, on that render's thread.
public final class TemplateSet: @unchecked Sendable {
    public enum MissingKey: Sendable { case invalid, zero, error }

    /// Go's maxExecDepth for nested {{template}} calls.
    static let maxDepth = 100_000
    /// Output beyond this many bytes stops the render with an error.
    public var outputLimit = 256 * 1024 * 1024
    /// Template nodes one render may walk before it is stopped: shared by every execution of this
    /// set and its `tpl` clones, so recursion that fans out (each level including itself twice)
    /// ends too, where Helm would run on without end.
    public var stepLimit = 50_000_000
    // @unchecked Sendable, sound: used on the render thread only (a result is read after that thread is joined).
    final class StepCounter: @unchecked Sendable { var steps = 0 }
    private var counter = StepCounter()
    public var missingKey: MissingKey
    /// The name of the template the set was created from (Helm's is "gotpl"); it appears in
    /// "no template … associated with template …" errors.
    public let rootName: String
    /// A unique identity, used to cache function lookups in parse-tree nodes.
    let identity: UInt64 = setCounter.wrappingAdd(1, ordering: .relaxed).newValue
    private var trees: [String: ParsedTree] = [:]
    private var functions: [String: TemplateFunction]

    public init(
        functions: [String: TemplateFunction] = [:], missingKey: MissingKey = .invalid, rootName: String = "gotpl"
    ) {
        self.functions = functions
        self.missingKey = missingKey
        self.rootName = rootName
    }

    /// Adds functions (later ones replace earlier ones of the same name).
    public func addFunctions(_ more: [String: TemplateFunction]) {
        for (k, v) in more { functions[k] = v }
    }

    public var templateNames: [String] { trees.keys.sorted() }

    func tree(named name: String) -> ParsedTree? { trees[name] }

    func function(named name: String) -> TemplateFunction? { functions[name] ?? Builtins.functions[name] }

    func isFunction(_ name: String) -> Bool {
        functions[name] != nil || Builtins.functions[name] != nil || Builtins.special[name] != nil
    }

    /// Parses `text` as the template `name` (Go's t.New(name).Parse(text)); its `define`s join the set,
    /// replacing earlier templates of the same name unless the new body is empty.
    @discardableResult
    public func parse(name: String, text: String) throws(TemplateError) -> Template {
        let parsed = try Parser.parse(name: name, text: text, isFunction: { [unowned self] in self.isFunction($0) })
        var main: ParsedTree? = nil
        for tree in parsed {
            if tree.name == name { main = tree }
            if let existing = trees[tree.name], tree.isEmpty, !existing.isEmpty { continue }
            trees[tree.name] = tree
        }
        return Template(tree: main ?? trees[name])
    }

    /// The template object Go's `t.New(name).Parse(text)` returns: it holds the tree just parsed,
    /// even where an empty body did not replace a same-named template in the set.
    public struct Template {
        fileprivate let tree: ParsedTree?
    }

    /// Runs a template returned by `parse` (Go's tmpl.Execute) rather than looking its name up.
    public func execute(_ template: Template, data: TemplateValue) throws(TemplateError) -> String {
        guard let tree = template.tree else { return "" }
        return try execute(tree: tree, name: tree.name, data: data)
    }

    /// A copy sharing the parsed trees, for `tpl`, which parses into a clone.
    public func clone() -> TemplateSet {
        let copy = TemplateSet(functions: functions, missingKey: missingKey, rootName: rootName)
        copy.trees = trees
        copy.outputLimit = outputLimit
        copy.stepLimit = stepLimit
        copy.counter = counter
        return copy
    }

    /// Runs the named template with `data` as dot and returns what it printed.
    public func execute(name: String, data: TemplateValue) throws(TemplateError) -> String {
        guard let tree = trees[name] else {
            throw TemplateError(
                "template: no template \(GoQuote.quote(name)) associated with template \(GoQuote.quote(rootName))")
        }
        return try execute(tree: tree, name: name, data: data)
    }

    private func execute(tree: ParsedTree, name: String, data: TemplateValue) throws(TemplateError) -> String {
        let output = Executor.OutputBuffer(limit: outputLimit, stepLimit: stepLimit, counter: counter)
        let executor = Executor(set: self, tree: tree, dot: data, depth: 0, output: output)
        do {
            try executor.run(data)
        } catch let e as TemplateError {
            throw e
        } catch {
            throw TemplateError("template: \(name): \(error)")
        }
        return output.text
    }

    /// Runs `body` on a thread with a large stack, so deeply nested templates fail with Go's
    /// depth error rather than overflowing the stack.
    public static func withLargeStack<T>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        try LargeStackThread.run(stackSize: 1 << 30) { box.result = Result { try body() } }
        return try box.result!.get()
    }

    /// The zero value Go gives a missing map entry of this element type.
    static func zeroValue(of type: GoType) -> TemplateValue {
        switch type.kind {
        case .bool: return .bool(false)
        case .int: return .int(0, type)
        case .uint: return .uint(0, type)
        case .float: return .float(0, type)
        case .string: return .string("")
        default: return .null(type)
        }
    }
}

// @unchecked Sendable, sound: used on the render thread only (a result is read after that thread is joined).
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
