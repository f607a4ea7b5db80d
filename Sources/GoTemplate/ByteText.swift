/// Byte-level text helpers: Go's strings package works on bytes, and these avoid Foundation's
/// Unicode-aware searching on hot paths.
extension String {
    /// strings.Contains over UTF-8 bytes.
    public func containsBytes(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        return utf8.withContiguousStorageIfAvailable { hay in
            needle.utf8.withContiguousStorageIfAvailable { n in ByteText.find(hay, n, from: 0) != nil } ?? false
        }
            ?? (Array(utf8).withUnsafeBufferPointer { hay in
                Array(needle.utf8).withUnsafeBufferPointer { ByteText.find(hay, $0, from: 0) != nil }
            })
    }

    /// strings.ReplaceAll for a non-empty `old`, over UTF-8 bytes.
    public func replacingAllBytes(_ old: String, with new: String) -> String {
        precondition(!old.isEmpty)
        let hay = Array(utf8)
        let needle = Array(old.utf8)
        let replacement = Array(new.utf8)
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var out: [UInt8] = []
                out.reserveCapacity(h.count)
                var start = 0
                while let i = ByteText.find(h, n, from: start) {
                    out.append(contentsOf: h[start..<i])
                    out.append(contentsOf: replacement)
                    start = i + n.count
                }
                if start == 0 { return self }
                out.append(contentsOf: h[start...])
                return String(decoding: out, as: UTF8.self)
            }
        }
    }
}

enum ByteText {
    static func find(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let n = needle.count
        guard n > 0, hay.count >= n else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - n
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < n && hay[i + k] == needle[k] { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
    }
}
