import Foundation
import GoTemplate
import ValueKit

/// Sprig's encodings, hashes, paths, regular expressions and random values.
enum EncodingFunctions {
    static var functions: [String: TemplateFunction] {
        [
            "b64enc": F.string { Base64.encode(Array($0.utf8)) },
            "b64dec": F.string { s in
                guard let bytes = Base64.decode(s), !s.contains("\n"), !s.contains("\r") else {
                    return "illegal base64 data at input byte \(firstBadBase64Byte(s))"
                }
                return String(decoding: bytes, as: UTF8.self)
            },
            "b32enc": F.string { Base32.encode(Array($0.utf8)) },
            "b32dec": F.string { s in
                guard let bytes = Base32.decode(s) else {
                    return "illegal base32 data at input byte \(Base32.firstBadByte(s))"
                }
                return String(decoding: bytes, as: UTF8.self)
            },
            "encryptAES": TemplateFunction([.string, .string]) { a in
                let plaintext = a[1].stringValue!
                if plaintext.isEmpty { return .string("") }
                let iv = (0..<16).map { _ in UInt8.random(in: 0...255) }
                return .string(
                    Base64.encode(AES.encryptCBC(Array(plaintext.utf8), key: AES.key(a[0].stringValue!), iv: iv)))
            },
            "decryptAES": TemplateFunction([.string, .string]) { a in
                let text = a[1].stringValue!
                if text.isEmpty { return .string("") }
                guard let data = Base64.decode(text) else {
                    throw FunctionError("illegal base64 data at input byte \(firstBadBase64Byte(text))")
                }
                return .string(
                    String(decoding: try AES.decryptCBC(data, key: AES.key(a[0].stringValue!)), as: UTF8.self))
            },
            "sha1sum": F.string { Hashes.hex(Hashes.sha1(Array($0.utf8))) },
            "sha256sum": F.string { Hashes.hex(Hashes.sha256(Array($0.utf8))) },
            "sha512sum": F.string { Hashes.hex(Hashes.sha512(Array($0.utf8))) },
            "adler32sum": F.string { String(Hashes.adler32(Array($0.utf8))) },
            "base": F.string(Paths.base),
            "dir": F.string(Paths.dir),
            "clean": F.string(Paths.clean),
            "ext": F.string(Paths.ext),
            "isAbs": TemplateFunction([.string]) { .bool($0[0].stringValue!.hasPrefix("/")) },
            "osBase": F.string(Paths.base),
            "osDir": F.string(Paths.dir),
            "osClean": F.string(Paths.clean),
            "osExt": F.string(Paths.ext),
            "osIsAbs": TemplateFunction([.string]) { .bool($0[0].stringValue!.hasPrefix("/")) },
        ]
    }

    /// The offset encoding/base64 reports for malformed input.
    static func firstBadBase64Byte(_ s: String) -> Int {
        let valid = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "=") {
                // Padding is only valid in the last quantum.
                let quantumStart = i - i % 4
                if i % 4 < 2 { return i }
                let rest = b[i...]
                if rest.allSatisfy({ $0 == UInt8(ascii: "=") }) && (quantumStart + 4 == b.count) {
                    return b.count % 4 == 0 ? b.count : quantumStart
                }
                return i
            }
            if !valid.contains(b[i]) { return i }
            i += 1
        }
        // Length not a multiple of 4: Go reports the start of the incomplete quantum.
        return b.count - b.count % 4
    }
}

/// path.Base/Dir/Clean/Ext (slash-separated paths).
enum Paths {
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast() } else if !rooted { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        if p == "/" { return "/" }
        if let i = p.lastIndex(of: "/") { p = p[p.index(after: i)...] }
        return p.isEmpty ? "/" : String(p)
    }

    static func dir(_ path: String) -> String {
        if let i = path.lastIndex(of: "/") { return clean(String(path[...i])) }
        return clean("")
    }

    static func ext(_ path: String) -> String {
        var i = path.endIndex
        while i > path.startIndex {
            let j = path.index(before: i)
            if path[j] == "/" { return "" }
            if path[j] == "." { return String(path[j...]) }
            i = j
        }
        return ""
    }
}

/// Standard base32 with padding.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(i + 5, bytes.count)])
            var buffer = [UInt8](repeating: 0, count: 5)
            for (k, b) in chunk.enumerated() { buffer[k] = b }
            let n = buffer.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let chars = [2, 4, 5, 7, 8][chunk.count - 1]
            for k in 0..<8 {
                out.append(k < chars ? alphabet[Int((n >> UInt64(35 - 5 * k)) & 31)] : UInt8(ascii: "="))
            }
            i += 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ s: String) -> [UInt8]? {
        let b = Array(s.utf8)
        guard b.count % 8 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            var n: UInt64 = 0
            var pads = 0
            for k in 0..<8 {
                let c = b[i + k]
                if c == UInt8(ascii: "=") {
                    pads += 1
                    n <<= 5
                } else {
                    guard pads == 0, let v = alphabet.firstIndex(of: c) else { return nil }
                    n = n << 5 | UInt64(v)
                }
            }
            if pads > 0 && i + 8 != b.count { return nil }
            let bytesOut: Int
            switch pads {
            case 0: bytesOut = 5
            case 1: bytesOut = 4
            case 3: bytesOut = 3
            case 4: bytesOut = 2
            case 6: bytesOut = 1
            default: return nil
            }
            for k in 0..<bytesOut { out.append(UInt8((n >> UInt64(32 - 8 * k)) & 0xFF)) }
            i += 8
        }
        return out
    }

    static func firstBadByte(_ s: String) -> Int {
        let b = Array(s.utf8)
        for (i, c) in b.enumerated() where c != UInt8(ascii: "=") && !alphabet.contains(c) { return i }
        return b.count - b.count % 8
    }
}
