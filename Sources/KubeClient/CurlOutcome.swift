import CCurl
import CCurlShim
import ValueKit

/// How curl's outcomes read: a failed transfer as a sentence naming the server, and the header lines
/// of the answer.
extension CurlTransport {
    static func hostAndPort(_ url: String) -> (String, Int)? {
        guard let r = url.range(of: "://") else { return nil }
        let authority = url[r.upperBound...].prefix { $0 != "/" }
        let https = url.hasPrefix("https")
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let host = String(authority[...close])
            let rest = authority[authority.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? 443 : (https ? 443 : 80))
        }
        let parts = authority.split(separator: ":", maxSplits: 1)
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 443 : (https ? 443 : 80))
    }

    /// A failed exchange as a sentence naming the server.
    static func describe(_ code: CURLcode, url: String, timeout: Double) -> TransportError {
        let server = hostAndPort(url).map { "\($0.0):\($0.1)" } ?? url
        let detail = String(cString: osm_curl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_CONNECT:
            return TransportError(
                "the connection to the server \(server) was refused - did you specify the right host or port?",
                kind: .connectionRefused)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return TransportError("cannot resolve the server name in \(url): \(detail)", kind: .dnsFailure)
        case CURLE_OPERATION_TIMEDOUT:
            let limit = timeout > 0 ? " within \(GoDuration(nanoseconds: Int64(timeout * 1e9)))" : ""
            return TransportError("the server \(server) did not answer\(limit)", kind: .timeout)
        case CURLE_PEER_FAILED_VERIFICATION:
            return TransportError(
                "the certificate of the server \(server) could not be verified (x509: certificate signed by unknown authority, or not valid for this name): \(detail)",
                kind: .tlsVerification)
        case CURLE_SSL_CERTPROBLEM:
            return TransportError(
                "the client certificate or key could not be used for \(server): \(detail)", kind: .clientCertificate)
        case CURLE_SSL_CONNECT_ERROR:
            return TransportError("the TLS handshake with the server \(server) failed: \(detail)", kind: .tlsHandshake)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return TransportError(
                "the connection to the server \(server) was closed before it answered: \(detail)", kind: .connectionLost
            )
        default:
            return TransportError("request to \(server) failed: \(detail)")
        }
    }

    /// Header lines of the last response (curl also reports those of redirects and 100-continue).
    static func parseHeaders(_ lines: [String]) -> [(name: String, value: String)] {
        // Byte-level trimming: Foundation's trimmingCharacters was a visible part of every request.
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }
        var out: [(name: String, value: String)] = []
        for raw in lines {
            let bytes = Array(raw.utf8)
            var end = bytes.count
            while end > 0 && isSpace(bytes[end - 1]) { end -= 1 }
            if bytes.starts(with: Array("HTTP/".utf8)) { out = []; continue }
            guard let colon = bytes[..<end].firstIndex(of: UInt8(ascii: ":")) else { continue }
            var start = colon + 1
            while start < end && isSpace(bytes[start]) { start += 1 }
            out.append(
                (String(decoding: bytes[..<colon], as: UTF8.self), String(decoding: bytes[start..<end], as: UTF8.self)))
        }
        return out
    }
}
