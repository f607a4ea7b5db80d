import Foundation
import CLI
import OSMKit
import ValueKit

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
    Explains the error codes OSM's control plane writes into its logs (the error_code field, E1000 and
    up). With a code, shows only that one; -o json or -o yaml gives scripts the same mapping.
    """

private let errorInfoExample = """
      # What does E2002 in osm-controller's log mean?
      osm support error-info E2002

      # Every code
      osm support error-info
    """

/// `support error-info`: the code table, or one row of it.
enum ErrorInfo {
    static func entries(_ argument: String?) throws -> [(shown: String, entry: ErrorCodes.Entry)] {
        guard let argument else { return ErrorCodes.all.map { ($0.name, $0) } }
        do {
            return [(argument, try ErrorCodes.parse(argument))]
        } catch .format {
            throw CLIError(
                "error code '\(argument)' is not a valid error code format, should be of the form Exxxx, ex. E1000")
        } catch {
            throw CLIError("error code '\(argument)' is not a valid error code recognized by OSM")
        }
    }

    static func render(_ entries: [(shown: String, entry: ErrorCodes.Entry)], format: OutputFormat) throws -> String {
        if format != .text {
            let list: [Value] = entries.map {
                .map(["code": .string($0.entry.name), "description": .string($0.entry.description)])
            }
            return try format.render(.array(list))
        }
        var table = BorderedTable(headers: ["Error code", "Description"], maxWidth: 80)
        for (shown, entry) in entries { table.append([shown, entry.description]) }
        return table.render()
    }
}

/// `osm support bug-report`'s flags, bound to the report's options.
struct BugReportOptions: CommandOptions {
    var report = BugReport.Options()
    static let options: [Option<Self>] = [
        .bool("all", \.report.all, usage: "Collect every pod of every mesh namespace (and ingress)"),
        .strings("app-namespaces", \.report.appNamespaces, usage: "Namespaces of the application to collect"),
        .strings("app-deployments", \.report.appDeployments, usage: "Deployments to collect, as <namespace>/<deployment>"),
        .strings("app-pods", \.report.appPods, usage: "Pods to collect, as <namespace>/<pod>"),
        .bool("ingress", \.report.ingress, usage: "Also collect ingress resources and ingress controller pods"),
        .string("out-file", shorthand: "o", \.report.outFile, usage: "Archive to write; the extension picks the format"),
    ]
}

enum SupportCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let support = Command(use: "support", short: "supportability tooling", long: supportLong)
        support.add(
            Command(
                use: "bug-report", short: "generate bug report", long: bugReportLong, example: bugReportExample,
                args: .atMost(1),
                flags: BugReportOptions.flags,
                action: { invocation in
                    var options = invocation.flags.decode(BugReportOptions.self).report
                    options.osmNamespace = invocation.flags.decode(GlobalOptions.self).osmNamespace
                    let out = invocation.stdout, err = invocation.stderr
                    _ = try await BugReport(
                        client: try environment.client(invocation), out: { out.write($0) }, err: { err.write($0) }
                    ).run(options)
                }),
            Command(
                use: "error-info", short: "lists mapping of error code to its description", long: errorInfoLong,
                example: errorInfoExample, args: .atMost(1), flags: [OutputFormat.flag],
                action: { invocation in
                    let format = try OutputFormat(invocation)
                    let entries = try ErrorInfo.entries(invocation.arguments.first)
                    invocation.stdout.write(try ErrorInfo.render(entries, format: format))
                })
        )
        return support
    }
}
