import ValueKit

/// Turns a composed document into a `Value` the way go-yaml v2 decodes into `interface{}`, then
/// sigs.k8s.io/yaml makes the keys strings: merge keys, aliases, tag checks, and Go's error texts.
struct ValueDecoder {
    let tree: NodeTree
    /// JSON path (Helm's values, fromYaml): numbers become float64 and NaN/Inf cannot be represented.
    let jsonNumbers: Bool
    private var decodeCount = 0
    private var aliasCount = 0
    private var aliasDepth = 0
    private var activeAliases: Set<Int> = []
    /// The first failure of the JSON conversion, reported only if go-yaml itself succeeded.
    private(set) var conversionError: YAMLError?

    init(tree: NodeTree, jsonNumbers: Bool) {
        self.tree = tree
        self.jsonNumbers = jsonNumbers
    }

    mutating func decode(_ index: Int) throws(YAMLError) -> Value {
        decodeCount += 1
        if aliasDepth > 0 { aliasCount += 1 }
        if aliasCount > 100 && decodeCount > 1000
            && Double(aliasCount) / Double(decodeCount) > Self.allowedAliasRatio(decodeCount)
        {
            throw YAMLError("yaml: document contains excessive aliasing")
        }
        let node = tree.nodes[index]
        switch node.kind {
        case .scalar: return try scalar(node)
        case .alias: return try alias(node)
        case .sequence:
            var items: [Value] = []
            items.reserveCapacity(node.children.count)
            for child in node.children { items.append(try decode(child)) }
            return .array(items)
        case .mapping:
            var map = OrderedMap()
            try mapping(node, into: &map)
            return .map(map)
        }
    }

    /// go-yaml's guard against "billion laughs": the share of nodes reached through aliases.
    static func allowedAliasRatio(_ count: Int) -> Double {
        if count <= 400_000 { return 0.99 }
        if count >= 4_000_000 { return 0.10 }
        return 0.99 - 0.89 * (Double(count - 400_000) / 3_600_000)
    }

    private mutating func alias(_ node: Node) throws(YAMLError) -> Value {
        if activeAliases.contains(node.target) {
            throw YAMLError("yaml: anchor '\(node.value)' value contains itself")
        }
        activeAliases.insert(node.target)
        aliasDepth += 1
        defer {
            aliasDepth -= 1
            activeAliases.remove(node.target)
        }
        return try decode(node.target)
    }

    private mutating func scalar(_ node: Node) throws(YAMLError) -> Value {
        let resolved: ResolvedScalar
        if node.tag.isEmpty && !node.implicit {
            resolved = .string(node.value)
        } else {
            resolved = try ScalarResolver.resolve(tag: node.tag, node.value)
        }
        if node.tag == YAMLTag.binary {
            guard let bytes = Base64.decode(node.value) else {
                throw YAMLError("yaml: !!binary value contains invalid base64 data")
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        }
        switch resolved {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return jsonNumbers ? .float(Double(i)) : .int(i)
        // Value has no uint64; integers beyond int64 keep their magnitude as float64.
        case .uint(let u): return .float(Double(u))
        case .float(let d):
            if jsonNumbers && !d.isFinite, conversionError == nil {
                conversionError = YAMLError("json: unsupported value: \(GoFloat.shortestG(d))")
            }
            return .float(d)
        case .string(let s), .timestamp(let s): return .string(s)
        }
    }

    private func isMerge(_ node: Node) -> Bool {
        node.kind == .scalar && node.value == "<<" && (node.implicit || node.tag == YAMLTag.merge)
    }

    private mutating func mapping(_ node: Node, into map: inout OrderedMap) throws(YAMLError) {
        var i = 0
        let children = node.children
        while i + 1 < children.count {
            let keyNode = tree.nodes[children[i]]
            if isMerge(keyNode) {
                try merge(children[i + 1], into: &map)
                i += 2
                continue
            }
            let key = try decodeKey(children[i])
            let value = try decode(children[i + 1])
            if let key {
                map[key] = value
            } else if conversionError == nil {
                conversionError = YAMLError(
                    "Unsupported map key of type: %!s(<nil>), key: <nil>, value: \(GoSyntax.sharpV(value))")
            }
            i += 2
        }
    }

    /// The key as sigs.k8s.io/yaml spells it; nil for a null key, which it cannot convert.
    private mutating func decodeKey(_ index: Int) throws(YAMLError) -> String? {
        var node = tree.nodes[index]
        while node.kind == .alias { node = tree.nodes[node.target] }
        if node.kind != .scalar {
            let value = try decode(index)
            throw YAMLError("yaml: invalid map key: \(GoSyntax.sharpV(value, interfaceMaps: true))")
        }
        let resolved: ResolvedScalar
        if node.tag.isEmpty && !node.implicit {
            resolved = .string(node.value)
        } else {
            resolved = try ScalarResolver.resolve(tag: node.tag, node.value)
        }
        decodeCount += 1
        switch resolved {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let d): return GoFloat.shortestG32(Float(d))
        case .string(let s), .timestamp(let s): return s
        }
    }

    private mutating func merge(_ index: Int, into map: inout OrderedMap) throws(YAMLError) {
        let wantMap = YAMLError("yaml: map merge requires map or sequence of maps as the value")
        let node = tree.nodes[index]
        switch node.kind {
        case .mapping:
            try mapping(node, into: &map)
        case .alias:
            guard tree.nodes[node.target].kind == .mapping else { throw wantMap }
            try mergeAlias(node, into: &map)
        case .sequence:
            // Earlier maps take precedence, so apply them last.
            for child in node.children.reversed() {
                let c = tree.nodes[child]
                if c.kind == .alias {
                    guard tree.nodes[c.target].kind == .mapping else { throw wantMap }
                    try mergeAlias(c, into: &map)
                } else {
                    guard c.kind == .mapping else { throw wantMap }
                    try mapping(c, into: &map)
                }
            }
        default:
            throw wantMap
        }
    }

    private mutating func mergeAlias(_ node: Node, into map: inout OrderedMap) throws(YAMLError) {
        if activeAliases.contains(node.target) {
            throw YAMLError("yaml: anchor '\(node.value)' value contains itself")
        }
        activeAliases.insert(node.target)
        aliasDepth += 1
        defer {
            aliasDepth -= 1
            activeAliases.remove(node.target)
        }
        try mapping(tree.nodes[node.target], into: &map)
    }
}
