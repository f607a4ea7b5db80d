/// A string-keyed map that remembers insertion order; Go code sorts its keys wherever order shows.
public struct OrderedMap: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var storage: [String: Value] = [:]

    public init() {}

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Keys in Go's `sort.Strings` order (byte-wise), as `range` over a map and encoding/json use.
    public var sortedKeys: [String] { keys.sorted(by: goStringLess) }

    public subscript(key: String) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Key/value pairs in insertion order.
    public var entries: [(key: String, value: Value)] { keys.map { ($0, storage[$0] ?? .null) } }

    public func mapValues(_ transform: (Value) -> Value) -> OrderedMap {
        var out = OrderedMap()
        out.keys = keys
        out.storage = storage.mapValues(transform)
        return out
    }

    public static func == (lhs: OrderedMap, rhs: OrderedMap) -> Bool {
        lhs.storage == rhs.storage
    }
}

/// Go compares strings byte by byte (UTF-8), which differs from Swift's `<` on some Unicode input.
public func goStringLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension OrderedMap: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init()
        for (k, v) in elements { self[k] = v }
    }
}
