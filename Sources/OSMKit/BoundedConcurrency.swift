/// Runs `body` over `items` with at most `limit` calls in flight and gives the results in the items'
/// order, whatever finishes first (per-object loops over many namespaces on one multiplexed connection).
enum BoundedConcurrency {
    static let defaultLimit = 16

    static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], limit: Int = defaultLimit, _ body: @escaping @Sendable (Item) async -> Result
    ) async -> [Result] {
        guard items.count > 1 else { return await items.asyncMap(body) }
        return await withTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            while next < min(limit, items.count) {
                let index = next, item = items[index]
                group.addTask { (index, await body(item)) }
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < items.count {
                    let nextIndex = next, item = items[nextIndex]
                    group.addTask { (nextIndex, await body(item)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}

/// One per-object step's outcome, kept (its error as an OSMError) to be reported in the objects' order.
enum Step {
    /// The error the step threw, or nil.
    static func error(_ step: () async throws -> Void) async -> OSMError? {
        if case .failure(let error) = await result(step) { return error }
        return nil
    }

    static func result<T>(_ step: () async throws -> T) async -> Result<T, OSMError> {
        do {
            return .success(try await step())
        } catch let error as OSMError {
            return .failure(error)
        } catch {
            return .failure(OSMError("\(error)", cause: error))
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for element in self { out.append(await transform(element)) }
        return out
    }
}
