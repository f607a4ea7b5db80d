extension Unicode.Scalar {
    /// Go's unicode.IsSpace: ASCII white space, U+0085 and U+00A0, and Unicode's White_Space above Latin-1.
    public var isGoSpace: Bool {
        switch value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0: return true
        default: return value > 0xFF && properties.isWhitespace
        }
    }
}

extension String {
    /// Go's strings.TrimSpace.
    public func trimmingGoSpace() -> String {
        var s = unicodeScalars[...]
        while let f = s.first, f.isGoSpace { s = s.dropFirst() }
        while let l = s.last, l.isGoSpace { s = s.dropLast() }
        if s.startIndex == unicodeScalars.startIndex && s.endIndex == unicodeScalars.endIndex { return self }
        return String(String.UnicodeScalarView(s))
    }
}
