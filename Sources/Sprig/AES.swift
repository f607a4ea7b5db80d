import GoTemplate

/// AES-256 in CBC mode with PKCS#7 padding, as Sprig's encryptAES/decryptAES use it.
/// The S-boxes are computed from their definition (inverse in GF(2^8), then the affine map).
enum AES {
    static let (sbox, inverseSbox): ([UInt8], [UInt8]) = {
        var s = [UInt8](repeating: 0, count: 256)
        var inv = [UInt8](repeating: 0, count: 256)
        var p: UInt8 = 1, q: UInt8 = 1
        repeat {
            // p runs through the multiplicative group (×3), q through the inverses (÷3).
            p = p ^ (p << 1) ^ (p & 0x80 != 0 ? 0x1B : 0)
            q ^= q << 1
            q ^= q << 2
            q ^= q << 4
            if q & 0x80 != 0 { q ^= 0x09 }
            let x = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4) ^ 0x63
            s[Int(p)] = x
        } while p != 1
        s[0] = 0x63
        for i in 0..<256 { inv[Int(s[i])] = UInt8(i) }
        return (s, inv)
    }()

    private static func rotl8(_ x: UInt8, _ n: UInt8) -> UInt8 { (x << n) | (x >> (8 - n)) }

    private static func xtime(_ x: UInt8) -> UInt8 { (x << 1) ^ (x & 0x80 != 0 ? 0x1B : 0) }

    private static func mul(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a, b = b, r: UInt8 = 0
        while b != 0 {
            if b & 1 != 0 { r ^= a }
            a = xtime(a)
            b >>= 1
        }
        return r
    }

    /// Expands a 32-byte key into 15 round keys of 16 bytes.
    static func expand(_ key: [UInt8]) -> [[UInt8]] {
        var w = key
        var rcon: UInt8 = 1
        while w.count < 240 {
            var t = Array(w[(w.count - 4)...])
            if w.count % 32 == 0 {
                t = [sbox[Int(t[1])] ^ rcon, sbox[Int(t[2])], sbox[Int(t[3])], sbox[Int(t[0])]]
                rcon = xtime(rcon)
            } else if w.count % 32 == 16 {
                t = t.map { sbox[Int($0)] }
            }
            for k in 0..<4 { w.append(w[w.count - 32] ^ t[k]) }
        }
        return stride(from: 0, to: 240, by: 16).map { Array(w[$0..<($0 + 16)]) }
    }

    static func encryptBlock(_ input: [UInt8], _ keys: [[UInt8]]) -> [UInt8] {
        var s = zip(input, keys[0]).map { $0 ^ $1 }
        for round in 1...14 {
            s = s.map { sbox[Int($0)] }
            s = shiftRows(s, inverse: false)
            if round != 14 { s = mixColumns(s, inverse: false) }
            s = zip(s, keys[round]).map { $0 ^ $1 }
        }
        return s
    }

    static func decryptBlock(_ input: [UInt8], _ keys: [[UInt8]]) -> [UInt8] {
        var s = zip(input, keys[14]).map { $0 ^ $1 }
        for round in (0..<14).reversed() {
            s = shiftRows(s, inverse: true)
            s = s.map { inverseSbox[Int($0)] }
            s = zip(s, keys[round]).map { $0 ^ $1 }
            if round != 0 { s = mixColumns(s, inverse: true) }
        }
        return s
    }

    private static func shiftRows(_ s: [UInt8], inverse: Bool) -> [UInt8] {
        var out = s
        for r in 1..<4 {
            for c in 0..<4 {
                let from = inverse ? (c - r + 4) % 4 : (c + r) % 4
                out[c * 4 + r] = s[from * 4 + r]
            }
        }
        return out
    }

    private static func mixColumns(_ s: [UInt8], inverse: Bool) -> [UInt8] {
        var out = s
        let m: [UInt8] = inverse ? [14, 11, 13, 9] : [2, 3, 1, 1]
        for c in 0..<4 {
            let col = Array(s[(c * 4)..<(c * 4 + 4)])
            for r in 0..<4 {
                out[c * 4 + r] =
                    mul(col[0], m[(4 - r) % 4]) ^ mul(col[1], m[(5 - r) % 4]) ^ mul(col[2], m[(6 - r) % 4])
                    ^ mul(col[3], m[(7 - r) % 4])
            }
        }
        return out
    }

    /// The key Sprig derives: the password's bytes, cut or zero-padded to 32.
    static func key(_ password: String) -> [UInt8] {
        var k = Array(password.utf8.prefix(32))
        while k.count < 32 { k.append(0) }
        return k
    }

    static func encryptCBC(_ plaintext: [UInt8], key: [UInt8], iv: [UInt8]) -> [UInt8] {
        let keys = expand(key)
        let padding = 16 - plaintext.count % 16
        let content = plaintext + [UInt8](repeating: UInt8(padding), count: padding)
        var previous = iv
        var out = iv
        for start in stride(from: 0, to: content.count, by: 16) {
            let block = zip(content[start..<(start + 16)], previous).map { $0 ^ $1 }
            previous = encryptBlock(block, keys)
            out += previous
        }
        return out
    }

    static func decryptCBC(_ data: [UInt8], key: [UInt8]) throws -> [UInt8] {
        guard data.count >= 16 else {
            throw FunctionError("runtime error: slice bounds out of range [:16] with capacity \(data.count)")
        }
        guard (data.count - 16) % 16 == 0 else { throw FunctionError("crypto/cipher: input not full blocks") }
        let keys = expand(key)
        var previous = Array(data[0..<16])
        var out: [UInt8] = []
        for start in stride(from: 16, to: data.count, by: 16) {
            let block = Array(data[start..<(start + 16)])
            out += zip(decryptBlock(block, keys), previous).map { $0 ^ $1 }
            previous = block
        }
        guard let last = out.last, Int(last) <= out.count else {
            throw FunctionError("runtime error: slice bounds out of range")
        }
        return Array(out[0..<(out.count - Int(last))])
    }
}
