import CCryptoShim
import Foundation
import GoTemplate
import ValueKit

/// Sprig's key, certificate and password functions, over OpenSSL (keys, X.509, scrypt) and libcrypt
/// (bcrypt). Certificates are returned as Sprig's `certificate` struct: fields `Cert` and `Key`.
enum CertificateFunctions {
    static var functions: [String: TemplateFunction] {
        [
            "genPrivateKey": F.string { type in
                let kind = type.isEmpty ? "rsa" : type
                guard ["rsa", "dsa", "ecdsa", "ed25519"].contains(kind) else { return "Unknown type " + type }
                guard let pem = take(osm_generate_private_key(kind, 4096)) else {
                    return "failed to generate private key: \(kind)"
                }
                return pem
            },
            "genCA": TemplateFunction([.string, .int]) { a in
                try certificate(
                    cn: a[0], ips: .nilInterface, dns: .nilInterface, days: a[1], key: nil, ca: nil, isCA: true)
            },
            "genCAWithKey": TemplateFunction([.string, .int, .string]) { a in
                try certificate(
                    cn: a[0], ips: .nilInterface, dns: .nilInterface, days: a[1], key: a[2].stringValue, ca: nil,
                    isCA: true)
            },
            "genSelfSignedCert": TemplateFunction([.string, .interfaceList, .interfaceList, .int]) { a in
                try certificate(cn: a[0], ips: a[1], dns: a[2], days: a[3], key: nil, ca: nil, isCA: false)
            },
            "genSelfSignedCertWithKey": TemplateFunction([.string, .interfaceList, .interfaceList, .int, .string]) {
                a in
                try certificate(cn: a[0], ips: a[1], dns: a[2], days: a[3], key: a[4].stringValue, ca: nil, isCA: false)
            },
            "genSignedCert": TemplateFunction([.string, .interfaceList, .interfaceList, .int, .any]) { a in
                try certificate(
                    cn: a[0], ips: a[1], dns: a[2], days: a[3], key: nil, ca: try authority(a[4]), isCA: false)
            },
            "genSignedCertWithKey": TemplateFunction([.string, .interfaceList, .interfaceList, .int, .any, .string]) {
                a in
                try certificate(
                    cn: a[0], ips: a[1], dns: a[2], days: a[3], key: a[5].stringValue, ca: try authority(a[4]),
                    isCA: false)
            },
            "buildCustomCert": TemplateFunction([.string, .string]) { a in
                guard let cert = Base64.decode(a[0].stringValue ?? "") else {
                    throw FunctionError("unable to decode base64 certificate")
                }
                guard let key = Base64.decode(a[1].stringValue ?? "") else {
                    throw FunctionError("unable to decode base64 private key")
                }
                let certText = String(decoding: cert, as: UTF8.self), keyText = String(decoding: key, as: UTF8.self)
                guard CertificateInfo(certText) != nil else { throw FunctionError("unable to decode certificate") }
                guard osm_private_key_valid(keyText) != 0 else {
                    throw FunctionError("error parsing private key: no PEM data in input")
                }
                return .object(CertificateObject(cert: certText, key: keyText))
            },
            "bcrypt": F.string { bcrypt($0) },
            "htpasswd": F.string2 { user, password in
                if user.contains(":") { return .string("invalid username: \(user)") }
                return .string("\(user):\(bcrypt(password))")
            },
            "derivePassword": TemplateFunction([.typed(GoType("uint32", .uint)), .string, .string, .string, .string]) {
                a in
                var counter: UInt32 = 0
                switch a[0] {
                case .uint(let v, _): counter = UInt32(truncatingIfNeeded: v)
                case .int(let v, _): counter = UInt32(truncatingIfNeeded: v)
                default: break
                }
                return .string(
                    MasterPassword.derive(
                        counter: counter, type: a[1].stringValue ?? "", password: a[2].stringValue ?? "",
                        user: a[3].stringValue ?? "", site: a[4].stringValue ?? ""))
            },
        ]
    }

    static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { osm_crypto_free(pointer) }
        return String(cString: pointer)
    }

    static func bcrypt(_ input: String) -> String {
        take(osm_bcrypt(input, 10)) ?? "failed to encrypt string with bcrypt: crypt(3) failed"
    }

    /// Sprig accepts `[]interface{}` of strings for IPs and DNS names.
    static func strings(_ list: TemplateValue, what: (TemplateValue) -> String) throws -> [String] {
        guard case .list(let items) = list else { return [] }
        return try items.items.map { item in
            guard case .string(let s) = item else { throw FunctionError(what(item)) }
            return s
        }
    }

    static func authority(_ value: TemplateValue) throws -> (cert: String, key: String) {
        if case .object(let object as CertificateObject) = value { return (object.cert, object.key) }
        if case .map(let map) = value, case .string(let cert)? = map.entries["Cert"],
            case .string(let key)? = map.entries["Key"]
        {
            return (cert, key)
        }
        throw FunctionError("wrong type for value; expected sprig.certificate; got \(value.goType?.name ?? "<nil>")")
    }

    static func certificate(
        cn: TemplateValue, ips: TemplateValue, dns: TemplateValue, days: TemplateValue, key: String?,
        ca: (cert: String, key: String)?, isCA: Bool
    ) throws -> TemplateValue {
        let ipList = try strings(ips) { "error parsing ip: \(GoFormat.value($0)) is not a string" }
        let dnsList = try strings(dns) { "error processing alternate dns name: \(GoFormat.value($0)) is not a string" }
        var certOut: UnsafeMutablePointer<CChar>?
        var keyOut: UnsafeMutablePointer<CChar>?
        let status = withCStrings(ipList) { ipPointers in
            withCStrings(dnsList) { dnsPointers in
                osm_generate_certificate(
                    cn.stringValue ?? "", ipPointers, Int32(ipList.count), dnsPointers, Int32(dnsList.count),
                    Int32(F.intValue(days)), key, ca?.cert, ca?.key, isCA ? 1 : 0, &certOut, &keyOut)
            }
        }
        let cert = take(certOut), privateKey = take(keyOut)
        switch status {
        case 0: return .object(CertificateObject(cert: cert ?? "", key: privateKey ?? ""))
        case 1: throw FunctionError("parsing private key: no PEM data in input")
        case 2:
            throw FunctionError(
                CertificateInfo(ca?.cert ?? "") == nil
                    ? "unable to decode certificate" : "error parsing private key: no PEM data in input")
        case 3:
            let bad = ipList.first { !IPText.valid($0) } ?? ""
            throw FunctionError("error parsing ip: \(bad)")
        default: throw FunctionError("error creating certificate")
        }
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { UnsafePointer(strdup($0)) }
        defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return (pointers + [nil]).withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Sprig's `certificate` struct.
// @unchecked Sendable, sound: immutable: its stored properties are constants.
final class CertificateObject: TemplateObject, @unchecked Sendable {
    let cert: String
    let key: String
    init(cert: String, key: String) {
        self.cert = cert
        self.key = key
    }
    var goType: GoType { GoType("sprig.certificate", .structure) }
    var formatted: String { "{\(cert) \(key)}" }
    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Cert": return .string(cert)
        case "Key": return .string(key)
        default: return nil
        }
    }
}

/// What a PEM certificate says about itself (subject, issuer, CA flag, SANs, validity in days).
public struct CertificateInfo: Equatable {
    public var subject: String
    public var issuer: String
    public var subjectAlternativeNames: [String]
    public var isCA: Bool
    public var validDays: Int

    public init?(_ pem: String) {
        var subject = [CChar](repeating: 0, count: 256), issuer = [CChar](repeating: 0, count: 256),
            sans = [CChar](repeating: 0, count: 2048)
        var ca: Int32 = 0, days: Int32 = 0
        guard
            osm_certificate_info(pem, &subject, subject.count, &issuer, issuer.count, &sans, sans.count, &ca, &days)
                == 0
        else { return nil }
        self.subject = String(nulTerminated: subject)
        self.issuer = String(nulTerminated: issuer)
        let list = String(nulTerminated: sans)
        self.subjectAlternativeNames = list.isEmpty ? [] : list.split(separator: ",").map(String.init)
        self.isCA = ca != 0
        self.validDays = Int(days)
    }

    /// Whether `pem` was signed by the key of the certificate `authority`.
    public static func signed(_ pem: String, by authority: String) -> Bool {
        osm_certificate_signed_by(pem, authority) == 1
    }
}

/// bcrypt verification (crypt(3) of the password with the hash as setting gives the hash back).
public enum PasswordHash {
    public static func matches(_ password: String, bcrypt hash: String) -> Bool {
        CertificateFunctions.take(osm_crypt(password, hash)) == hash
    }
}

/// IPv4/IPv6 text as Go's net.ParseIP accepts it.
enum IPText {
    static func valid(_ s: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1
    }
}

/// The Master Password algorithm Sprig's derivePassword implements: scrypt of the master password
/// salted with the user name, an HMAC-SHA256 seed for the site and counter, then a template of the
/// password type picked and filled from that seed.
enum MasterPassword {
    static let scope = "com.lyndir.masterpassword"
    static let templates: [String: [String]] = [
        "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long": [
            "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv", "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
            "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno",
            "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno",
        ],
        "medium": ["CvcnoCvc", "CvcCvcno"],
        "short": ["Cvcn"],
        "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
        "pin": ["nnnn"],
    ]
    static let characters: [Character: [UInt8]] = [
        "V": Array("AEIOU".utf8), "C": Array("BCDFGHJKLMNPQRSTVWXYZ".utf8), "v": Array("aeiou".utf8),
        "c": Array("bcdfghjklmnpqrstvwxyz".utf8), "A": Array("AEIOUBCDFGHJKLMNPQRSTVWXYZ".utf8),
        "a": Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz".utf8), "n": Array("0123456789".utf8),
        "o": Array("@&%?,=[]_:-+*$#!'^~;()/.".utf8),
        "x": Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()".utf8),
    ]

    static func bigEndian(_ n: UInt32) -> [UInt8] {
        [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)]
    }

    static func derive(counter: UInt32, type: String, password: String, user: String, site: String) -> String {
        guard let forms = templates[type] else { return "cannot find password template \(type)" }
        let salt = Array(scope.utf8) + bigEndian(UInt32(user.utf8.count)) + Array(user.utf8)
        var key = [UInt8](repeating: 0, count: 64)
        let pass = Array(password.utf8)
        guard osm_scrypt(pass, pass.count, salt, salt.count, 32768, 8, 2, &key, key.count) == 0 else {
            return "failed to derive password: scrypt failed"
        }
        let message = Array(scope.utf8) + bigEndian(UInt32(site.utf8.count)) + Array(site.utf8) + bigEndian(counter)
        let seed = hmacSHA256(key: key, message: message)
        let form = forms[Int(seed[0]) % forms.count]
        var out: [UInt8] = []
        for (i, element) in form.enumerated() {
            let chars = characters[element]!
            out.append(chars[Int(seed[i + 1]) % chars.count])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var k = key.count > 64 ? Hashes.sha256(key) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        let inner = Hashes.sha256(k.map { $0 ^ 0x36 } + message)
        return Hashes.sha256(k.map { $0 ^ 0x5c } + inner)
    }
}
