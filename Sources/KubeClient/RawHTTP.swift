import Foundation

/// HTTP/1.1 written and read by hand on a raw connection: the WebSocket and SPDY upgrade handshakes,
/// and plain requests through a forwarded port.
enum RawHTTP {
    struct Answer {
        let status: Int
        let headers: [(name: String, value: String)]
        /// Positioned after the head: the new protocol's first bytes, or a refusal's body.
        let reader: ByteReader

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }

        /// The body: chunked, by Content-Length, or until the server closes; at most `limit` bytes.
        func body(limit: Int = Int.max) throws -> [UInt8] {
            var body: [UInt8] = []
            if header("transfer-encoding")?.lowercased().contains("chunked") == true {
                while body.count < limit {
                    guard let line = try reader.read(through: [13, 10]),
                        let size = Int(
                            String(decoding: line.dropLast(2), as: UTF8.self).split(separator: ";").first ?? "",
                            radix: 16)
                    else {
                        throw TransportError("malformed chunked HTTP body", kind: .connectionLost)
                    }
                    if size == 0 { break }
                    guard let chunk = try reader.read(exactly: size), try reader.read(exactly: 2) != nil else {
                        throw TransportError("the connection closed inside a chunked HTTP body", kind: .connectionLost)
                    }
                    body += chunk
                }
            } else if let length = header("content-length").flatMap({ Int($0) }) {
                guard let exact = try reader.read(exactly: min(length, limit)) else {
                    throw TransportError("the connection closed inside the HTTP body", kind: .connectionLost)
                }
                body = exact
            } else {
                while body.count < limit {
                    let more = try reader.readAvailable()
                    if more.isEmpty { break }
                    body += more
                }
            }
            return body
        }

        /// The plain HTTP answer of a server that did not switch protocols (up to 1 MiB of body); the
        /// connection is closed.
        func refusal(status override: Int? = nil) throws -> HTTPResponse {
            let body = (try? body(limit: 1 << 20)) ?? []
            reader.connection.close()
            return HTTPResponse(status: override ?? status, headers: headers, body: body)
        }
    }

    /// Sends `METHOD path HTTP/1.1` with Host, `headers`, then the request's own headers (credentials),
    /// and reads the answer's head. `what` names the handshake in errors.
    static func exchange(
        _ connection: any ByteConnection, method: String, request: HTTPRequest,
        headers: [(String, String)], what: String
    ) throws -> Answer {
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
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return (status, headers)
    }
}
