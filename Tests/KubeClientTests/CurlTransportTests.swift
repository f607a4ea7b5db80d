import Foundation
@testable import KubeClient
import KubeFake
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A one-shot HTTP server on a loopback port: records the request it gets and sends a fixed answer.
final class LoopbackServer: @unchecked Sendable {
    let port: UInt16
    private let socketFD: Int32
    private(set) var receivedRequest = ""
    private let done = DispatchSemaphore(value: 0)

    init(response: String) throws {
        let (fd, port) = try LoopbackTLSServer.listenOnLoopback(backlog: 1)
        socketFD = fd
        self.port = port
        serve(fd, response: response)
    }

    private func serve(_ fd: Int32, response: String) {
        Thread.detachNewThread { [self] in
            let client = accept(fd, nil, nil)
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !String(decoding: data, as: UTF8.self).contains("\r\n\r\n") {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                data.append(contentsOf: buffer[0..<n])
            }
            // Read the body too when a Content-Length is announced.
            let text = String(decoding: data, as: UTF8.self)
            if let range = text.range(of: "Content-Length: "), let end = text[range.upperBound...].firstIndex(of: "\r"),
                let length = Int(text[range.upperBound..<end]), let headerEnd = text.range(of: "\r\n\r\n")
            {
                let have = text.utf8.distance(from: headerEnd.upperBound.samePosition(in: text.utf8)!, to: text.utf8.endIndex)
                var missing = length - have
                while missing > 0 {
                    let n = read(client, &buffer, min(buffer.count, missing))
                    if n <= 0 { break }
                    data.append(contentsOf: buffer[0..<n])
                    missing -= n
                }
            }
            receivedRequest = String(decoding: data, as: UTF8.self)
            var bytes = Array(response.utf8)
            _ = write(client, &bytes, bytes.count)
            close(client)
            done.signal()
        }
    }

    func finish() {
        done.wait()
        close(socketFD)
    }
}

@Suite(.timeLimit(.minutes(3))) struct CurlTransportTests {
    @Test func linksTheSystemLibcurl() {
        #expect(CurlTransport.versionDescription.hasPrefix("libcurl/"))
    }

    @Test func sendsMethodHeadersAndBodyAndReadsTheAnswer() async throws {
        let server = try LoopbackServer(
            response: "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")
        let response = try await CurlTransport().send(
            HTTPRequest(
                method: "PATCH", url: "http://127.0.0.1:\(server.port)/api/v1/namespaces/x",
                headers: [("Content-Type", "application/merge-patch+json")], body: Array("{\"a\":1}".utf8)))
        server.finish()
        #expect(response.status == 201)
        #expect(response.header("content-type") == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"ok\":true}")
        #expect(server.receivedRequest.hasPrefix("PATCH /api/v1/namespaces/x HTTP/1.1\r\n"))
        #expect(server.receivedRequest.contains("\r\nContent-Type: application/merge-patch+json\r\n"))
        #expect(server.receivedRequest.hasSuffix("\r\n\r\n{\"a\":1}"))
    }

    @Test func refusedConnectionIsATransportError() async {
        await #expect(throws: TransportError.self) {
            _ = try await CurlTransport().send(HTTPRequest(url: "http://127.0.0.1:1/"))
        }
    }
}
