import Foundation
import KubeClient
import KubeFake
import Testing

/// The transport against a real HTTP/2 server (nginx with TLS and ALPN h2, from Debian's nginx-light):
/// once the server has answered over HTTP/2, concurrent requests share one connection, as kubectl's do
/// against an API server. nginx's access log names the connection of every request.
@Suite(.serialized, .timeLimit(.minutes(3))) struct HTTP2Tests {
    static var nginx: String { "/usr/sbin/nginx" }

    @Test func concurrentRequestsAreMultiplexedOnOneConnection() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.nginx), "nginx is needed for this test: apt-get install nginx-light")
        let server = try NginxServer()
        defer { server.stop() }
        var tls = CurlTransport.TLS()
        tls.certificateAuthorityPEM = Array(TestTLS.text("ca.crt").utf8)
        let transport = CurlTransport(tls: tls)
        let first = try await transport.send(HTTPRequest(url: server.url + "/api"))
        #expect(first.status == 200)
        let base = server.url
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<24 { group.addTask { try await transport.send(HTTPRequest(url: base + "/api/v1/namespaces/n\(i)")).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 24))
        let lines = try server.accessLog(waitingFor: 25)
        #expect(lines.count == 25)
        #expect(lines.allSatisfy { $0.protocolName == "HTTP/2.0" })
        let concurrent = lines.filter { $0.path.hasPrefix("/api/v1/namespaces/") }
        #expect(Set(concurrent.map(\.connection)).count == 1)
    }

    /// nginx on a free loopback port with the test server certificate, answering every path with JSON.
    final class NginxServer {
        let folder: URL
        let port: UInt16
        let process = Process()
        var url: String { "https://127.0.0.1:\(port)" }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("osm-nginx-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            port = try LoopbackTLSServer.freeLoopbackPort()
            let dir = folder.path
            let config = """
                daemon off; master_process off; worker_processes 1;
                pid \(dir)/nginx.pid; error_log \(dir)/error.log;
                events {}
                http {
                  log_format conn '$connection $server_protocol $request_uri';
                  access_log \(dir)/access.log conn;
                  client_body_temp_path \(dir)/body; proxy_temp_path \(dir)/proxy; fastcgi_temp_path \(dir)/fastcgi;
                  uwsgi_temp_path \(dir)/uwsgi; scgi_temp_path \(dir)/scgi;
                  server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(TestTLS.path("server.crt")); ssl_certificate_key \(TestTLS.path("server.key"));
                    location / { default_type application/json; return 200 '{"kind":"Status","status":"Success"}'; }
                  }
                }

                """
            try config.write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: HTTP2Tests.nginx)
            process.arguments = ["-p", dir, "-c", folder.appendingPathComponent("nginx.conf").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<100 where !Self.accepts(port) { Thread.sleep(forTimeInterval: 0.02) }
        }

        static func accepts(_ port: UInt16) -> Bool {
            guard let fd = LoopbackTLSServer.connectToLoopback(port: port) else { return false }
            close(fd)
            return true
        }

        /// The log, once it has `count` lines (nginx writes a line when a request ends) or after 5 s.
        func accessLog(waitingFor count: Int) throws -> [(connection: String, protocolName: String, path: String)] {
            let file = folder.appendingPathComponent("access.log")
            var text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            for _ in 0..<250 where text.split(separator: "\n").count < count {
                Thread.sleep(forTimeInterval: 0.02)
                text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            }
            return text.split(separator: "\n").map { line in
                let parts = line.split(separator: " ").map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "")
            }
        }

        func stop() {
            // Without a master process nginx waits for open connections on SIGTERM; the test is done with it.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
        }
    }
}
