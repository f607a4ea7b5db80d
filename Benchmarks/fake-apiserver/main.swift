import Foundation
import KubeFake

// Serves the in-memory fake API server over loopback TLS until killed. Prints the URL on stdout.
// Usage: fake-apiserver TLS-FOLDER [TOKEN]   (TLS-FOLDER holds server.crt, server.key, ca.crt)
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: fake-apiserver TLS-FOLDER [TOKEN]\n".utf8))
    exit(2)
}
let folder = arguments[1]
func read(_ name: String) -> String { (try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)) ?? "" }
let fake = FakeAPIServer()
if ProcessInfo.processInfo.environment["FAKE_DROP_GETS"] != nil { fake.inject(Fault(method: "GET", times: 1000, .drop)) }
if ProcessInfo.processInfo.environment["FAKE_ENVOY_ADMIN"] != nil {
    // Every pod's port 15000 answers like an Envoy admin interface (a 64 KiB config_dump, short answers otherwise).
    let dump = Array(String(repeating: "{\"@type\": \"type.googleapis.com/envoy.admin.v3.ClustersConfigDump\"}\n", count: 1100).utf8.prefix(65536))
    fake.setPortInEveryPod(15000, .http { path in path.hasPrefix("/config_dump") ? (200, dump) : (200, Array("\(path.dropFirst()): ok\n".utf8)) })
}
if arguments.count >= 3 { fake.tokens = [arguments[2]: "bench-user"] }
let server = try LoopbackTLSServer(server: fake, certificatePEM: read("server.crt"), keyPEM: read("server.key"), clientCAPEM: read("ca.crt"))
FileHandle.standardOutput.write(Data((server.url + "\n").utf8))
while true { sleep(3600) }
