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
