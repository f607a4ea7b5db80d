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

/// `osm proxy get`'s flags.
struct ProxyGetOptions: CommandOptions {
    var namespace = "default"
    var file = ""
    var localPort: UInt16 = 15000
    static let options: [Option<Self>] = [
        .string("namespace", shorthand: "n", \.namespace, default: "default", usage: "Namespace of the pod"),
        .string("file", shorthand: "f", \.file, usage: "Write the answer to this file instead of standard output"),
        .uint16(
            "local-port", shorthand: "p", \.localPort, default: 15000,
            usage: "Port on this machine forwarded to the sidecar's admin port"),
    ]
}

enum ProxyCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let proxy = Command(use: "proxy", short: "sidecar proxy operations", long: proxyLong)
        proxy.add(
            Command(
                use: "get QUERY POD", short: "get query for proxy", long: proxyGetLong, example: proxyGetExample,
                args: .exactly(2),
                flags: ProxyGetOptions.flags,
                action: { invocation in
                    let options = invocation.flags.decode(ProxyGetOptions.self)
                    let file = options.file
                    let bytes = try await ProxyQuery.fetch(
                        try environment.client(invocation), query: invocation.arguments[0],
                        pod: invocation.arguments[1], namespace: options.namespace, localPort: options.localPort)
                    guard !file.isEmpty else {
                        invocation.stdout.write(String(decoding: bytes, as: UTF8.self))
                        return
                    }
                    guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else {
                        throw OSMError("Error opening file \(file): \(String(cString: strerror(errno)))")
                    }
                }
            )
            .completesFlag("namespace", with: ClusterCompletions.namespaces(environment, inMesh: nil))
            // QUERY: the Envoy admin endpoints worth asking for; POD: the pods of the `--namespace`.
            .completesFirstArgument(with: envoyQueries)
            .completesArguments(with: ClusterCompletions.pods(environment, position: 1)))
        return proxy
    }

    static let envoyQueries = [
        CompletionCandidate("certs", description: "certificates the sidecar holds"),
        CompletionCandidate("clusters", description: "upstream clusters and their endpoints"),
        CompletionCandidate("config_dump", description: "the whole configuration the sidecar runs with"),
        CompletionCandidate("listeners", description: "listeners and their addresses"),
        CompletionCandidate("ready", description: "whether the sidecar is ready"),
        CompletionCandidate("server_info", description: "version, state and command line of the sidecar"),
        CompletionCandidate("stats", description: "counters and gauges"),
        CompletionCandidate("stats/prometheus", description: "the same statistics in Prometheus' format"),
    ]
}
