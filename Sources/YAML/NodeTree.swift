internal import CYAML

/// One node of a composed YAML document, as go-yaml v2's parser builds it.
struct Node {
    enum Kind { case scalar, mapping, sequence, alias }
    var kind: Kind
    /// Scalar text or alias name.
    var value: String = ""
    var tag: String = ""
    /// For scalars: plain and untagged, so the value is resolved from its text.
    var implicit = false
    var children: [Int] = []
    /// For aliases: the anchored node.
    var target: Int = -1
    var line = 0
    var column = 0
}

/// Composes libyaml's event stream into node trees, one per document, with go-yaml's error texts.
struct NodeTree {
    var nodes: [Node] = []
    /// Root node index of each document; -1 for an empty document.
    var documents: [Int] = []

    /// Composes the first document only (what go-yaml's Unmarshal reads) or all of them.
    /// With `onlyKeys`, values of other top-level mapping keys are scanned (so syntax errors still
    /// surface) but not built; an alias into a skipped part makes the caller fall back to a full parse.
    init(_ text: String, allDocuments: Bool, onlyKeys: Set<String>? = nil) throws(YAMLError) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { throw YAMLError("yaml: out of memory") }
        defer { yaml_parser_delete(parser) }
        let utf8 = Array(text.utf8)
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: max(utf8.count, 1))
        defer { input.deallocate() }
        input.initialize(from: utf8, count: utf8.count)
        yaml_parser_set_input_string(parser, input, utf8.count)
        var composer = Composer(parser: parser)
        composer.onlyKeys = onlyKeys
        try composer.run(into: &self, allDocuments: allDocuments)
    }
}

private struct Composer {
    let parser: UnsafeMutablePointer<yaml_parser_t>
    var event = yaml_event_t()
    var anchors: [String: Int] = [:]
    var onlyKeys: Set<String>?
    /// Anchors defined inside skipped parts (an alias to one cannot be resolved in head mode).
    var skippedAnchors: Set<String> = []
    /// Collections open now; go-yaml stops at its limit of 10,000 nested levels.
    var depth = 0
    static let maxDepth = 10_000
    static let tooDeep = YAMLError("yaml: exceeded max depth of \(maxDepth)")

    mutating func next() throws(YAMLError) {
        yaml_event_delete(&event)
        if yaml_parser_parse(parser, &event) != 1 { throw failure() }
    }

    /// go-yaml's parser.fail(): scanner errors report the 0-based line + 1, parser errors the raw line.
    func failure() -> YAMLError {
        var line = 0
        if parser.pointee.problem_mark.line != 0 {
            line = Int(parser.pointee.problem_mark.line)
            if parser.pointee.error == YAML_SCANNER_ERROR { line += 1 }
        } else if parser.pointee.context_mark.line != 0 {
            line = Int(parser.pointee.context_mark.line)
        }
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unknown problem parsing YAML content"
        let where_ = line != 0 ? "line \(line): " : ""
        return YAMLError(
            "yaml: \(where_)\(problem)", line: Int(parser.pointee.problem_mark.line) + 1,
            column: Int(parser.pointee.problem_mark.column) + 1)
    }

    func string(_ p: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let p else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self)
    }

    func cString(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }

    mutating func run(into tree: inout NodeTree, allDocuments: Bool) throws(YAMLError) {
        defer { yaml_event_delete(&event) }
        try next()  // STREAM-START
        while true {
            try next()
            if event.type == YAML_STREAM_END_EVENT { return }
            guard event.type == YAML_DOCUMENT_START_EVENT else { return }
            anchors = [:]
            try next()
            let root =
                onlyKeys != nil && event.type == YAML_MAPPING_START_EVENT
                ? try headMapping(into: &tree) : try node(into: &tree)
            try next()  // DOCUMENT-END
            tree.documents.append(root)
            if !allDocuments { return }
        }
    }

    /// Builds the node at the current event and returns its index. Iterative, with its own stack of
    /// open collections, so that deep nesting cannot exhaust the thread's stack.
    mutating func node(into tree: inout NodeTree) throws(YAMLError) -> Int {
        var open: [(index: Int, children: [Int], end: yaml_event_type_t)] = []
        while true {
            var built: Int
            let line = Int(event.start_mark.line)
            let column = Int(event.start_mark.column)
            switch event.type {
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                var n = Node(kind: .scalar)
                n.value = string(s.value, Int(s.length))
                n.tag = cString(s.tag)
                n.implicit = s.plain_implicit == 1
                n.line = line
                n.column = column
                tree.nodes.append(n)
                built = tree.nodes.count - 1
                anchor(s.anchor, built)
            case YAML_ALIAS_EVENT:
                let name = cString(event.data.alias.anchor)
                guard let target = anchors[name] else {
                    if skippedAnchors.contains(name) { throw YAMLError("yaml: alias into a skipped part", line: -1) }
                    throw YAMLError("yaml: unknown anchor '\(name)' referenced")
                }
                var n = Node(kind: .alias)
                n.value = name
                n.target = target
                n.line = line
                n.column = column
                tree.nodes.append(n)
                built = tree.nodes.count - 1
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                var n = Node(kind: isMapping ? .mapping : .sequence)
                n.tag = cString(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag)
                n.line = line
                n.column = column
                tree.nodes.append(n)
                let index = tree.nodes.count - 1
                anchor(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor, index)
                if depth + open.count + 1 > Self.maxDepth { throw Self.tooDeep }
                let end = isMapping ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT
                try next()
                if event.type != end {
                    open.append((index, [], end))
                    continue  // build the first child
                }
                built = index
            default:
                throw YAMLError("yaml: attempted to go past the end of stream; corrupted value?")
            }
            // Hand the finished node to the collection it is in, closing collections that end here.
            while !open.isEmpty {
                open[open.count - 1].children.append(built)
                try next()
                guard event.type == open[open.count - 1].end else { break }
                let closed = open.removeLast()
                tree.nodes[closed.index].children = closed.children
                built = closed.index
            }
            if open.isEmpty { return built }
        }
    }

    /// The top-level mapping, building only the values of `onlyKeys`.
    mutating func headMapping(into tree: inout NodeTree) throws(YAMLError) -> Int {
        var n = Node(kind: .mapping)
        n.tag = cString(event.data.mapping_start.tag)
        n.line = Int(event.start_mark.line)
        tree.nodes.append(n)
        let index = tree.nodes.count - 1
        anchor(event.data.mapping_start.anchor, index)
        var children: [Int] = []
        try next()
        while event.type != YAML_MAPPING_END_EVENT {
            let key = try node(into: &tree)
            try next()
            let keyNode = tree.nodes[key]
            if keyNode.kind == .scalar, onlyKeys?.contains(keyNode.value) == true {
                children.append(key)
                children.append(try node(into: &tree))
            } else {
                tree.nodes.removeLast(tree.nodes.count - key)
                try skipNode()
            }
            try next()
        }
        tree.nodes[index].children = children
        return index
    }

    /// Consumes one node's events without building it.
    mutating func skipNode() throws(YAMLError) {
        var depth = 0
        repeat {
            switch event.type {
            case YAML_SCALAR_EVENT:
                if let a = event.data.scalar.anchor { skippedAnchors.insert(String(cString: a)) }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let a =
                    event.type == YAML_MAPPING_START_EVENT
                    ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                if let a { skippedAnchors.insert(String(cString: a)) }
                depth += 1
                if self.depth + depth > Self.maxDepth { throw Self.tooDeep }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                depth -= 1
            default: break
            }
            if depth == 0 { return }
            try next()
        } while true
    }

    mutating func anchor(_ p: UnsafeMutablePointer<yaml_char_t>?, _ index: Int) {
        guard let p else { return }
        anchors[String(cString: p)] = index
    }
}
