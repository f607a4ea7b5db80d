import Foundation
import ValueKit

/// One request/answer pair recorded from a real kube-apiserver (Fixtures/, copied from
/// ../shared/fixtures/apiserver): the request line, content type and body from the `#` header, then
/// the status, headers and body the server sent.
struct RecordedExchange {
    var method: String
    var target: String
    var contentType: String?
    var requestBody: String?
    var status: Int
    var headers: [String: String]
    var body: String

    var json: Value? { try? GoJSONDecoder.decode(body) }

    static func load(_ name: String) throws -> RecordedExchange {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        guard let file = files.first(where: { $0.hasPrefix(name) }) else { throw CocoaError(.fileNoSuchFile) }
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        var lines = text.components(separatedBy: "\n")[...]
        let first = lines.removeFirst().dropFirst(2).split(separator: " ", omittingEmptySubsequences: true)
        var exchange = RecordedExchange(method: String(first[0]), target: String(first[1]), status: 0, headers: [:], body: "")
        var bodyLines: [String]?
        while let line = lines.first, !line.hasPrefix("HTTP/") {
            lines.removeFirst()
            if line.hasPrefix("# Content-Type: ") { exchange.contentType = String(line.dropFirst(16)) } else if line.hasPrefix("# body: ") {
                bodyLines = [String(line.dropFirst(8))]
            } else if bodyLines != nil { bodyLines!.append(line) }
        }
        if var b = bodyLines {
            while b.last == "" { b.removeLast() }
            exchange.requestBody = b.joined(separator: "\n") + (exchange.contentType?.contains("yaml") == true ? "\n" : "")
        }
        exchange.status = Int(lines.removeFirst().split(separator: " ")[1])!
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            let parts = line.split(separator: ":", maxSplits: 1)
            exchange.headers[parts[0].lowercased()] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        lines = lines.dropFirst()
        exchange.body = lines.joined(separator: "\n")
        return exchange
    }
}
