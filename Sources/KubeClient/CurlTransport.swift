import CCurl
import CCurlShim
import Dispatch

/// HTTP over libcurl's easy interface. TLS material is handed to curl as memory blobs, never as files.
public struct CurlTransport: HTTPTransport {
    public struct TLS: Sendable {
        public var certificateAuthorityPEM: [UInt8]?
        public var clientCertificatePEM: [UInt8]?
        public var clientKeyPEM: [UInt8]?
        public var insecureSkipVerify = false
        public init() {}
    }

    public var tls: TLS
    /// Seconds before a request is abandoned; 0 waits forever.
    public var timeoutSeconds: Int

    public init(tls: TLS = TLS(), timeoutSeconds: Int = 0) {
        self.tls = tls
        self.timeoutSeconds = timeoutSeconds
        CurlTransport.initializeOnce
    }

    private static let initializeOnce: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// libcurl's version line, e.g. `libcurl/7.88.1 OpenSSL/3.0.11 …`.
    public static var versionDescription: String { String(cString: curl_version()) }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try perform(request) })
            }
        }
    }

    /// Collects what curl's callbacks deliver.
    private final class Exchange {
        var body: [UInt8] = []
        var headerLines: [String] = []
    }

    private func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        guard let handle = curl_easy_init() else { throw TransportError("could not create a curl handle") }
        defer { curl_easy_cleanup(handle) }
        let exchange = Exchange()
        let context = Unmanaged.passRetained(exchange)
        defer { context.release() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        // curl adds "Expect: 100-continue" to larger bodies; API servers do not need the extra round trip.
        headerList = curl_slist_append(headerList, "Expect:")

        osm_curl_setopt_string(handle, CURLOPT_URL, request.url)
        osm_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        osm_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        if request.method == "HEAD" { osm_curl_setopt_long(handle, CURLOPT_NOBODY, 1) }
        if let body = request.body {
            osm_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBytes { raw in
                _ = osm_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            }
        }
        osm_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        if timeoutSeconds > 0 { osm_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeoutSeconds) }
        if let ca = tls.certificateAuthorityPEM { ca.withUnsafeBytes { _ = osm_curl_setopt_blob(handle, CURLOPT_CAINFO_BLOB, $0.baseAddress, $0.count) } }
        if let cert = tls.clientCertificatePEM {
            cert.withUnsafeBytes { _ = osm_curl_setopt_blob(handle, CURLOPT_SSLCERT_BLOB, $0.baseAddress, $0.count) }
            osm_curl_setopt_string(handle, CURLOPT_SSLCERTTYPE, "PEM")
        }
        if let key = tls.clientKeyPEM {
            key.withUnsafeBytes { _ = osm_curl_setopt_blob(handle, CURLOPT_SSLKEY_BLOB, $0.baseAddress, $0.count) }
            osm_curl_setopt_string(handle, CURLOPT_SSLKEYTYPE, "PEM")
        }
        if tls.insecureSkipVerify {
            osm_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
            osm_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
        }
        osm_curl_setopt_write_function(handle) { data, size, count, user in
            guard let data, let user else { return 0 }
            let exchange = Unmanaged<Exchange>.fromOpaque(user).takeUnretainedValue()
            exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        osm_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
        osm_curl_setopt_header_function(handle) { data, size, count, user in
            guard let data, let user else { return 0 }
            let exchange = Unmanaged<Exchange>.fromOpaque(user).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            exchange.headerLines.append(line)
            return size * count
        }
        osm_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())

        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            throw TransportError(String(cString: curl_easy_strerror(code)))
        }
        var status = 0
        osm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: Self.parseHeaders(exchange.headerLines), body: exchange.body)
    }

    /// Header lines of the last response (curl also reports those of redirects and 100-continue).
    static func parseHeaders(_ lines: [String]) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for raw in lines {
            let line = raw.trimmingCharacters(in: "\r\n")
            if line.hasPrefix("HTTP/") { out = []; continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            out.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t")))
        }
        return out
    }
}

extension String {
    /// Drops leading and trailing scalars found in `set` (compared scalar by scalar, so "\r\n" works).
    func trimmingCharacters(in set: String) -> String {
        let members = Set(set.unicodeScalars)
        var s = Substring(self).unicodeScalars[...]
        while let f = s.first, members.contains(f) { s = s.dropFirst() }
        while let l = s.last, members.contains(l) { s = s.dropLast() }
        return String(String.UnicodeScalarView(s))
    }
}
