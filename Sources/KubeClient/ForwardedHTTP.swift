import Foundation

/// A plain HTTP/1.1 GET over an already open connection (a forwarded pod port), as Go's client would
/// send it to `http://localhost:<port>/<path>`; the body is read by Content-Length, chunked framing,
/// or until the server closes.
public enum ForwardedHTTP {
    public static func get(_ connection: any ByteConnection, path: String, host: String) throws -> HTTPResponse {
        let target = path.hasPrefix("/") ? path : "/" + path
        let request = HTTPRequest(url: "http://\(host)\(target)")
        let answer = try RawHTTP.exchange(
            connection, method: "GET", request: request,
            headers: [("User-Agent", "osm/swift"), ("Accept", "*/*"), ("Connection", "close")],
            what: "HTTP request through the tunnel")
        guard answer.status > 0 else { throw PortForwardError("malformed HTTP response") }
        return HTTPResponse(status: answer.status, headers: answer.headers, body: try answer.body())
    }
}
