import GoTemplate
import ValueKit

/// Sprig's urlParse/urlJoin over a small reading of Go's net/url (scheme, userinfo, host, path,
/// query, fragment, opaque).
enum URLFunctions {
    struct ParsedURL {
        var scheme = "", opaque = "", userinfo: String?, host = "", path = "", rawQuery = "", fragment = ""
    }

    static func unescape(_ s: String) -> String? {
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%") {
                guard i + 2 < b.count, let v = UInt8(String(decoding: b[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
                else { return nil }
                out.append(v)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func escape(_ s: String, keep: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(UnicodeScalar(b))
            if b < 0x80 && (c.isLetter || c.isNumber || "-_.~".contains(c) || keep.contains(c)) {
                out.append(c)
            } else {
                let h = String(b, radix: 16, uppercase: true)
                out += "%" + (h.count == 1 ? "0" : "") + h
            }
        }
        return out
    }

    static func parse(_ raw: String) throws -> ParsedURL {
        var u = ParsedURL()
        var rest = Substring(raw)
        if let hash = rest.firstIndex(of: "#") {
            guard let f = unescape(String(rest[rest.index(after: hash)...])) else {
                throw FunctionError("unable to parse url: parse \(GoSyntax.quote(raw)): invalid URL escape")
            }
            u.fragment = f
            rest = rest[..<hash]
        }
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isLetter,
            rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        {
            u.scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        if let q = rest.firstIndex(of: "?") {
            u.rawQuery = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if !u.scheme.isEmpty && !rest.hasPrefix("/") {
            u.opaque = String(rest)
            return u
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<end]
            rest = rest[end...]
            if let at = authority.lastIndex(of: "@") {
                u.userinfo = String(authority[..<at])
                authority = authority[authority.index(after: at)...]
            }
            u.host = String(authority)
        }
        guard let path = unescape(String(rest)) else {
            throw FunctionError("unable to parse url: parse \(GoSyntax.quote(raw)): invalid URL escape")
        }
        u.path = path
        return u
    }

    static func hostname(_ host: String) -> String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if let colon = host.lastIndex(of: ":") { return String(host[..<colon]) }
        return host
    }

    static var functions: [String: TemplateFunction] {
        [
            "urlParse": TemplateFunction([.string]) { a in
                let u = try parse(a[0].stringValue!)
                var userinfo = ""
                if let ui = u.userinfo {
                    let parts = ui.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    userinfo = escape(unescape(String(parts[0])) ?? "", keep: "!$&'()*+,;=")
                    if parts.count > 1 {
                        userinfo += ":" + escape(unescape(String(parts[1])) ?? "", keep: "!$&'()*+,;=")
                    }
                }
                return .map(
                    TemplateMap([
                        "scheme": .string(u.scheme), "host": .string(u.host), "hostname": .string(hostname(u.host)),
                        "path": .string(u.path), "query": .string(u.rawQuery), "opaque": .string(u.opaque),
                        "fragment": .string(u.fragment), "userinfo": .string(userinfo),
                    ]))
            },
            "urlJoin": TemplateFunction([.dict]) { a in
                guard case .map(let d) = a[0] else { return .string("") }
                func field(_ k: String) throws -> String {
                    guard let v = d.entries[k] else { return "" }
                    guard case .string(let s) = v else {
                        throw FunctionError(
                            "unable to parse \(k) key, must be of type string, but \(Cast.kindName(v)) found")
                    }
                    return s
                }
                let scheme = try field("scheme"), host = try field("host"), path = try field("path")
                let query = try field("query"), opaque = try field("opaque"), fragment = try field("fragment")
                let userinfo = try field("userinfo")
                var out = ""
                if !scheme.isEmpty { out += scheme + ":" }
                if !opaque.isEmpty {
                    out += opaque
                } else {
                    if !scheme.isEmpty || !host.isEmpty || !userinfo.isEmpty {
                        if !host.isEmpty || !path.isEmpty || !userinfo.isEmpty { out += "//" }
                        if !userinfo.isEmpty { out += userinfo + "@" }
                        out += host
                    }
                    let escaped = escape(path, keep: "/;,:@&=+$!'()*")
                    if !escaped.isEmpty && !escaped.hasPrefix("/") && !host.isEmpty { out += "/" }
                    out += escaped
                }
                if !query.isEmpty { out += "?" + query }
                if !fragment.isEmpty { out += "#" + escape(fragment, keep: "/;,:@&=+$!'()*?") }
                return .string(out)
            },
        ]
    }
}
