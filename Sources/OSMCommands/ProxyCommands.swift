import Foundation
import CLI
import OSMKit

private let proxyLong = """
    Reads from the Envoy sidecar of a meshed pod through its admin interface.
    """

private let proxyGetLong = """
    Sends QUERY to the admin interface of the pod's Envoy sidecar and prints the answer, for
    example config_dump, clusters, listeners, stats, ready or certs.
    """

private let proxyGetExample = """
      osm proxy get config_dump bookbuyer-5ccf77f46d-rc5mg -n bookbuyer
      osm proxy get clusters bookbuyer-5ccf77f46d-rc5mg -n bookbuyer -f clusters.txt
    """

enum ProxyCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let proxy = Command(use: "proxy", short: "sidecar proxy operations", long: proxyLong)
        proxy.add(
            Command(
                use: "get QUERY POD", short: "get query for proxy", long: proxyGetLong, example: proxyGetExample,
                args: .exactly(2),
                flags: [
                    .string("namespace", shorthand: "n", default: "default", usage: "Namespace of the pod"),
                    .string("file", shorthand: "f", usage: "Write the answer to this file instead of standard output"),
                    Flag(
                        "local-port", shorthand: "p", kind: .uint16, default: "15000",
                        usage: "Port on this machine forwarded to the sidecar's admin port"),
                ],
                action: { invocation in
                    let namespace = invocation.flags.string("namespace"), file = invocation.flags.string("file")
                    let bytes = try await ProxyQuery.fetch(
                        try environment.client(invocation), query: invocation.arguments[0],
                        pod: invocation.arguments[1], namespace: namespace,
                        localPort: UInt16(invocation.flags.string("local-port")) ?? 15000)
                    guard !file.isEmpty else {
                        invocation.stdout.write(String(decoding: bytes, as: UTF8.self))
                        return
                    }
                    guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else {
                        throw OSMError("Error opening file \(file): \(String(cString: strerror(errno)))")
                    }
                }))
        return proxy
    }
}
