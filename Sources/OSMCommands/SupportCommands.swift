import Foundation
import CLI
import OSMKit

private let supportLong = """
Tools for finding out what is wrong with a mesh.
"""

private let bugReportLong = """
Collects what support needs into one archive: the mesh's namespaces, events, pods and
services, control-plane logs, the MeshConfig, and each chosen pod's Envoy configuration.
Secret values are never collected. Choose the pods with --app-namespaces, --app-deployments
and --app-pods, or take every pod of the mesh with --all.
"""

private let bugReportExample = """
  osm support bug-report --app-namespaces bookbuyer,bookstore \\
    --app-deployments bookbuyer/bookbuyer --out-file /tmp/osm-report.tar.gz
"""

private let errorInfoLong = """
Explains OSM's error codes (E1000 and up). With a code, shows only that one.
"""

enum SupportCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let support = Command(use: "support", short: "supportability tooling", long: supportLong)
        support.add(
            Command(
                use: "bug-report", short: "generate bug report", long: bugReportLong, example: bugReportExample,
                args: .atMost(1),
                flags: [
                    .bool("all", usage: "Collect every pod of every mesh namespace (and ingress)"),
                    Flag("app-namespaces", kind: .strings, usage: "Namespaces of the application to collect"),
                    Flag("app-deployments", kind: .strings, usage: "Deployments to collect, as <namespace>/<deployment>"),
                    Flag("app-pods", kind: .strings, usage: "Pods to collect, as <namespace>/<pod>"),
                    .bool("ingress", usage: "Also collect ingress resources and ingress controller pods"),
                    .string("out-file", shorthand: "o", usage: "Archive to write; the extension picks the format"),
                ],
                action: { invocation in
                    let flags = invocation.flags
                    var options = BugReport.Options()
                    options.all = flags.bool("all")
                    options.appNamespaces = flags.strings("app-namespaces")
                    options.appDeployments = flags.strings("app-deployments")
                    options.appPods = flags.strings("app-pods")
                    options.ingress = flags.bool("ingress")
                    options.outFile = flags.string("out-file")
                    options.osmNamespace = flags.string("osm-namespace")
                    let out = invocation.stdout, err = invocation.stderr
                    _ = try await BugReport(client: try environment.client(invocation), out: { out.write($0) }, err: { err.write($0) }).run(options)
                }),
            Command(
                use: "error-info", short: "lists mapping of error code to its description", long: errorInfoLong,
                args: .atMost(1), action: NotImplemented.action("support error-info"))
        )
        return support
    }
}

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
                    Flag("local-port", shorthand: "p", kind: .uint16, default: "15000", usage: "Port on this machine forwarded to the sidecar's admin port"),
                ],
                action: { invocation in
                    let namespace = invocation.flags.string("namespace"), file = invocation.flags.string("file")
                    let bytes = try await ProxyQuery.fetch(try environment.client(invocation), query: invocation.arguments[0],
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

enum PolicyCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let policy = Command(
            use: "policy", short: "manage and check traffic policies",
            long: "Checks the traffic policies that apply to meshed pods.")
        policy.add(
            Command(
                use: "check-pods SOURCE_POD DESTINATION_POD",
                short: "check if two pods are authorized to communicate via a traffic policy",
                long: "Tells whether SMI traffic policies let the first pod talk to the second. Pods are given as <namespace>/<pod>, or <pod> in the default namespace.",
                args: .exactly(2),
                action: { invocation in
                    invocation.stdout.write(try await PolicyCheck.checkPods(
                        { try environment.client(invocation) }, source: invocation.arguments[0], destination: invocation.arguments[1],
                        osmNamespace: invocation.flags.string("osm-namespace")))
                }),
            Command(
                use: "check-conflicts RESOURCE_KIND",
                short: "check if an API resource conflicts with another resource of the same kind",
                long: "Looks for resources of one kind that claim the same backends. Only IngressBackend is supported.",
                args: .exactly(1),
                flags: [Flag("namespaces", shorthand: "n", kind: .strings, usage: "Namespace to check (exactly one)")],
                action: { invocation in
                    invocation.stdout.write(try await PolicyCheck.checkConflicts(
                        { try environment.client(invocation) }, kind: invocation.arguments[0], namespaces: invocation.flags.strings("namespaces")))
                })
        )
        return policy
    }
}

enum VerifyCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let verify = Command(
            use: "verify", short: "verify mesh configurations",
            long: "Checks that the control plane and the traffic between pods are set up as expected.")
        verify.add(
            Command(
                use: "connectivity", short: "verify connectivity between a pod and a destination",
                long: "Checks the namespaces, sidecars and Envoy configuration that traffic from a pod to a pod or external host depends on.",
                args: .none,
                flags: [
                    Flag("from-pod", kind: .string, usage: "Client pod as <namespace>/<name> (required)"),
                    .string("to-pod", usage: "Destination pod as <namespace>/<name>"),
                    .string("to-service", usage: "Destination service name"),
                    .string("app-protocol", default: "http", usage: "Application protocol of the traffic"),
                    Flag("to-ext-port", kind: .uint16, usage: "Port of the external destination"),
                    .string("to-ext-host", usage: "Host name of the external destination"),
                    .string("mesh-name", default: "osm", usage: "Name of the mesh"),
                ],
                action: NotImplemented.action("verify connectivity")),
            Command(
                use: "control-plane-health", short: "verify the health of the OSM control plane",
                long: "Checks that the controller, injector and bootstrap pods are ready and answer their health probes.",
                args: .none,
                action: { invocation in
                    let result = await ControlPlaneHealth.verify(try environment.client(invocation), namespace: invocation.flags.string("osm-namespace"))
                    // Colour as fatih/color decides: only on a terminal, and not with NO_COLOR set.
                    let color = invocation.stdout.isTerminal && (environment.variables["NO_COLOR"] ?? "").isEmpty
                    let rule = String(repeating: "-", count: 45) + "\n"
                    invocation.stdout.write(rule + result.render(color: color) + rule)
                }),
            Command(
                use: "ingress", short: "verify ingress connectivity between an ingress service and a destination",
                long: "Checks the namespaces, sidecars, IngressBackend and Envoy configuration that ingress traffic to a pod depends on.",
                args: .none,
                flags: [
                    .string("from-service", usage: "Ingress service as <namespace>/<name> (required)"),
                    .string("to-pod", usage: "Backend pod as <namespace>/<name> (required)"),
                    .string("to-service", usage: "Backend service name (required)"),
                    .string("ingress-backend", usage: "Name of the IngressBackend (required)"),
                    Flag("to-port", kind: .uint16, usage: "Backend port (required)"),
                    .string("app-protocol", default: "http", usage: "Application protocol of the traffic"),
                    .string("mesh-name", default: "osm", usage: "Name of the mesh"),
                ],
                action: NotImplemented.action("verify ingress"))
        )
        return verify
    }
}
