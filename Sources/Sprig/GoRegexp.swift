/// Go's regexp operations Sprig calls (FindAllString, ReplaceAllString, Split) over a PatternMatcher,
/// on the text's UTF-8 bytes, with Go's rules for empty matches.
struct GoRegexp {
    let matcher: PatternMatcher

    /// FindAllString(s, n): at most `limit` matches (all for a negative limit).
    func findAll(_ s: String, limit: Int) -> [String] {
        let bytes = Array(s.utf8)
        var out: [String] = []
        for m in matcher.allMatches(in: bytes) {
            if limit >= 0 && out.count >= limit { break }
            out.append(String(decoding: bytes[m[0]!], as: UTF8.self))
        }
        return out
    }

    /// ReplaceAllString / ReplaceAllLiteralString: `expand` gives the text for one match.
    func replaceAll(_ s: String, _ expand: (_ groups: PatternMatcher.Groups, _ bytes: [UInt8]) -> String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var lastMatchEnd = 0, searchPos = 0
        while searchPos <= bytes.count, let m = matcher.firstMatch(in: bytes, from: searchPos), let whole = m[0] {
            out.append(contentsOf: bytes[lastMatchEnd..<whole.lowerBound])
            // No replacement for an empty match right after another match.
            if whole.upperBound > lastMatchEnd || whole.lowerBound == 0 {
                out.append(contentsOf: Array(expand(m, bytes).utf8))
            }
            lastMatchEnd = whole.upperBound
            let width = searchPos < bytes.count ? PatternMatcher.runeLength(bytes[searchPos]) : 1
            if searchPos + width > whole.upperBound {
                searchPos += width
            } else if searchPos + 1 > whole.upperBound {
                searchPos += 1
            } else {
                searchPos = whole.upperBound
            }
        }
        out.append(contentsOf: bytes[min(lastMatchEnd, bytes.count)...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Split(s, n).
    func split(_ s: String, _ n: Int, patternIsEmpty: Bool) -> [String] {
        if n == 0 { return [] }
        let bytes = Array(s.utf8)
        if !patternIsEmpty && bytes.isEmpty { return [""] }
        var matches = matcher.allMatches(in: bytes)
        if n > 0 && matches.count > n { matches.removeLast(matches.count - n) }
        var out: [String] = []
        var begin = 0, end = 0
        for m in matches {
            if n > 0 && out.count == n - 1 { break }
            let whole = m[0]!
            end = whole.lowerBound
            if whole.upperBound != 0 { out.append(String(decoding: bytes[begin..<end], as: UTF8.self)) }
            begin = whole.upperBound
        }
        if end != bytes.count { out.append(String(decoding: bytes[begin...], as: UTF8.self)) }
        return out
    }
}
