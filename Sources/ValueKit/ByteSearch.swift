extension Array where Element == UInt8 {
    /// Where `needle` first occurs at or after `from`, or nil.
    public func index(ofBytes needle: [UInt8], from: Int = 0) -> Int? {
        guard !needle.isEmpty, count >= needle.count, from <= count - needle.count else { return nil }
        var i = Swift.max(0, from)
        while i <= count - needle.count {
            if self[i] == needle[0] {
                var j = 1
                while j < needle.count && self[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

extension String {
    /// The text of a C buffer up to its first NUL (the whole buffer when there is none), as UTF-8.
    public init(nulTerminated buffer: [CChar]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
