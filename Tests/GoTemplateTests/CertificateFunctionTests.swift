import Foundation
import GoTemplate
import Sprig
import Testing
import ValueKit

/// Sprig's key, certificate and password functions. Deterministic results (derivePassword, error
/// texts) are the Go oracle's (`../shared/oracle/gotpl template`); random ones are checked by parsing
/// what was generated (OpenSSL) and against a hash Go's bcrypt made.
struct CertificateFunctionTests {
    func render(_ text: String) throws -> String {
        let set = TemplateSet(functions: Sprig.functions(), missingKey: .zero)
        try set.parse(name: "t", text: text)
        return try set.execute(name: "t", data: .map(TemplateMap()))
    }

    func failure(_ text: String) -> String {
        do {
            return "no error: " + (try render(text))
        } catch {
            return "\(error)"
        }
    }

    @Test func derivePasswordMatchesGo() throws {
        // Outputs of gotpl (Go 1.19, Sprig 3.2.3) for the same calls.
        #expect(try render(#"{{ derivePassword 1 "long" "password" "user" "example.com" }}"#) == "ZedaFaxcZaso9*")
        #expect(try render(#"{{ derivePassword 2 "maximum" "hunter2" "alice" "github.com" }}"#) == "qdd)TK!SBch9iQLlR*2=")
        #expect(try render(#"{{ derivePassword 0 "pin" "x" "y" "z" }}"#) == "4744")
        #expect(try render(#"{{ derivePassword 7 "basic" "p" "u" "s" }}"#) == "VZk24LAy")
        #expect(try render(#"{{ derivePassword 1 "nope" "p" "u" "s" }}"#) == "cannot find password template nope")
    }

    @Test func bcryptAndHtpasswd() throws {
        let hash = try render(#"{{ bcrypt "myPassword" }}"#)
        #expect(hash.range(of: #"^\$2a\$10\$[./A-Za-z0-9]{53}$"#, options: .regularExpression) != nil)
        #expect(PasswordHash.matches("myPassword", bcrypt: hash))
        #expect(!PasswordHash.matches("other", bcrypt: hash))
        // A hash Go's bcrypt made for "myPassword" verifies here: the same algorithm.
        #expect(PasswordHash.matches("myPassword", bcrypt: "$2a$10$OjSDJgc4utdTaMUKKdRRBehOpxgb2dqKca/LKg5sjttG4D0EJ3EE6"))
        let line = try render(#"{{ htpasswd "admin" "secret" }}"#)
        #expect(line.hasPrefix("admin:$2a$10$"))
        #expect(PasswordHash.matches("secret", bcrypt: String(line.dropFirst(6))))
        #expect(try render(#"{{ htpasswd "a:b" "x" }}"#) == "invalid username: a:b")
    }

    @Test func privateKeysOfEveryType() throws {
        #expect(try render(#"{{ genPrivateKey "ecdsa" }}"#).hasPrefix("-----BEGIN EC PRIVATE KEY-----\n"))
        #expect(try render(#"{{ genPrivateKey "ed25519" }}"#).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try render(#"{{ genPrivateKey "rsa" }}"#).hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        #expect(try render(#"{{ genPrivateKey "nope" }}"#) == "Unknown type nope")
    }

    @Test func certificateAuthorityAndSignedCertificate() throws {
        let out = try render("""
            {{- $ca := genCA "my-ca" 365 -}}
            {{- $cert := genSignedCert "web" (list "10.0.0.1" "::1") (list "web.example.com") 30 $ca -}}
            {{ $ca.Cert }}|{{ $ca.Key }}|{{ $cert.Cert }}|{{ $cert.Key }}
            """)
        let parts = out.components(separatedBy: "|")
        let ca = try #require(CertificateInfo(parts[0]))
        #expect(ca.subject == "my-ca" && ca.issuer == "my-ca" && ca.isCA && ca.validDays == 365)
        #expect(parts[1].hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let cert = try #require(CertificateInfo(parts[2]))
        #expect(cert.subject == "web" && cert.issuer == "my-ca" && !cert.isCA && cert.validDays == 30)
        #expect(cert.subjectAlternativeNames == ["DNS:web.example.com", "IP:10.0.0.1", "IP:::1"])
        #expect(CertificateInfo.signed(parts[2], by: parts[0]))
        #expect(!CertificateInfo.signed(parts[0], by: parts[2]))
    }

    @Test func selfSignedWithAGivenKeyAndCustomCertificates() throws {
        let out = try render("""
            {{- $key := genPrivateKey "ecdsa" -}}
            {{- $cert := genSelfSignedCertWithKey "self" nil nil 10 $key -}}
            {{- $custom := buildCustomCert ($cert.Cert | b64enc) ($cert.Key | b64enc) -}}
            {{- $leaf := genSignedCertWithKey "leaf" nil (list "a") 5 $custom $key -}}
            {{ $key }}|{{ $cert.Key }}|{{ $cert.Cert }}|{{ $leaf.Cert }}
            """)
        let parts = out.components(separatedBy: "|")
        #expect(parts[0] == parts[1])
        #expect(CertificateInfo(parts[2])?.subject == "self")
        #expect(CertificateInfo.signed(parts[3], by: parts[2]))
        #expect(CertificateInfo(parts[3])?.subjectAlternativeNames == ["DNS:a"])
    }

    @Test func errorsAreGos() {
        // Texts from gotpl for the same templates (the template name differs).
        #expect(failure(#"{{ genSelfSignedCert "x" (list "not-an-ip") nil 30 }}"#)
                == #"template: t:1:3: executing "t" at <genSelfSignedCert "x" (list "not-an-ip") nil 30>: error calling genSelfSignedCert: error parsing ip: not-an-ip"#)
        #expect(failure(#"{{ genSelfSignedCert "x" (list 1) nil 30 }}"#)
                == #"template: t:1:3: executing "t" at <genSelfSignedCert "x" (list 1) nil 30>: error calling genSelfSignedCert: error parsing ip: 1 is not a string"#)
        #expect(failure(#"{{ genCAWithKey "x" 3 "garbage" }}"#)
                == #"template: t:1:3: executing "t" at <genCAWithKey "x" 3 "garbage">: error calling genCAWithKey: parsing private key: no PEM data in input"#)
    }
}
