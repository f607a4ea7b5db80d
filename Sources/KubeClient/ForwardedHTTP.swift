import Foundation

/// A plain HTTP/1.1 GET over an already open connection (a forwarded pod port), as Go's client would
/// send it to `http://localhost:<port>/<path>`; the body is read by Content-Length, chunked framing,
/// or until the server closes.
public enum ForwardedHTTP {
    public static func get(_ connection: any ByteConnection, path: String, host: String) throws -> HTTPResponse {
        let target = path.hasPrefix("/") ? path : "/" + path
        let request = "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: osm/swift\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        try connection.write(Array(request.utf8))
        let reader = ByteReader(connection)
        guard let head = try reader.read(through: [13, 10, 13, 10], limit: 1 << 20) else {
            throw PortForwardError("the connection closed before an HTTP answer arrived")
        }
        let (status, headers) = HTTPUpgrade.parseResponseHead(head)
        guard status > 0 else { throw PortForwardError("malformed HTTP response") }
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        var body: [UInt8] = []
        if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            while true {
                guard let line = try reader.read(through: [13, 10]),
                      let size = Int(String(decoding: line.dropLast(2), as: UTF8.self).split(separator: ";").first ?? "", radix: 16) else {
                    throw PortForwardError("malformed chunked HTTP body")
                }
                if size == 0 { break }
                guard let chunk = try reader.read(exactly: size), try reader.read(exactly: 2) != nil else {
                    throw PortForwardError("the connection closed inside a chunked HTTP body")
                }
                body += chunk
            }
        } else if let length = header("content-length").flatMap({ Int($0) }) {
            guard let exact = try reader.read(exactly: length) else { throw PortForwardError("the connection closed inside the HTTP body") }
            body = exact
        } else {
            while true {
                let more = try reader.readAvailable()
                if more.isEmpty { break }
                body += more
            }
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
