import Foundation

/// The HTTP/1.1 part of a protocol upgrade, shared by the WebSocket and SPDY handshakes: the request
/// head written by hand on a raw connection, the answer's head read back.
enum HTTPUpgrade {
    struct Answer {
        let status: Int
        let headers: [(name: String, value: String)]
        /// Positioned after the head: the new protocol's first bytes, or a refusal's body.
        let reader: ByteReader

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }

        /// The plain HTTP answer of a server that did not switch protocols (body by Content-Length, or up
        /// to 1 MiB until the server closes); the connection is closed.
        func refusal(status override: Int? = nil) throws -> HTTPResponse {
            var body: [UInt8] = []
            if let length = header("content-length").flatMap({ Int($0) }) {
                body = try reader.read(exactly: min(length, 1 << 20)) ?? []
            } else if header("transfer-encoding") == nil {
                while body.count < 1 << 20 {
                    let more = try reader.readAvailable()
                    if more.isEmpty { break }
                    body += more
                }
            }
            reader.connection.close()
            return HTTPResponse(status: override ?? status, headers: headers, body: body)
        }
    }

    /// Sends `METHOD path HTTP/1.1` with Host, `headers`, then the request's own headers (credentials),
    /// and reads the answer's head. `what` names the handshake in errors.
    static func exchange(_ connection: any ByteConnection, method: String, request: HTTPRequest,
                         headers: [(String, String)], what: String) throws -> Answer {
        var host = ""
        if let r = request.url.range(of: "://") { host = String(request.url[r.upperBound...].prefix { $0 != "/" }) }
        var head = "\(method) \(request.pathAndQuery) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers + request.headers.map({ ($0.name, $0.value) }) { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try connection.write(Array(head.utf8))
        let reader = ByteReader(connection)
        guard let responseHead = try reader.read(through: [13, 10, 13, 10], limit: 65536) else {
            throw TransportError("the server closed the connection during the \(what)", kind: .connectionLost)
        }
        let (status, answerHeaders) = parseResponseHead(responseHead)
        return Answer(status: status, headers: answerHeaders, reader: reader)
    }

    /// The status code and headers of an HTTP/1.1 response head.
    static func parseResponseHead(_ head: [UInt8]) -> (Int, [(name: String, value: String)]) {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let words = lines.first?.split(separator: " ") ?? []
        let status = words.count > 1 ? Int(words[1]) ?? 0 : 0
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return (status, headers)
    }
}
