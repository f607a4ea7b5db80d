import CLI
import HelmEngine
import OSMKit

private let installLong = """
    Installs the OSM control plane into the namespace given by --osm-namespace, creating that
    namespace when it is missing, and waits until its components are ready.

    The control plane is recorded as a Helm release named after the mesh, so Helm sees it too.
    Chart values can be changed with --set; the mesh name and single-mesh setting always come
    from their own flags.
    """

private let installExample = """
      # Install a mesh called "osm" into osm-system
      osm install

      # Install a second mesh in its own namespace, without the single-mesh lock
      osm install --mesh-name other --osm-namespace other-system --enforce-single-mesh=false

      # Change chart values
      osm install --set osm.enablePermissiveTrafficPolicy=true,osm.deployGrafana=true
    """

enum InstallCommand {
    static func make(environment: OSMEnvironment) -> Command {
        Command(
            use: "install", short: "install osm control plane", long: installLong, example: installExample,
            args: .any,
            flags: [
                .string(
                    "osm-chart-path", usage: "Chart directory or packaged .tgz to install instead of the built-in chart"
                ),
                .string("mesh-name", default: "osm", usage: "Name of the mesh this control plane runs"),
                .bool("enforce-single-mesh", default: true, usage: "Refuse to run next to another mesh in the cluster"),
                Flag(
                    "timeout", kind: .duration, default: "5m0s",
                    usage: "How long to wait for the installation to become ready"),
                Flag(
                    "set", kind: .stringArray,
                    usage: "Chart values as key=value; repeat the flag or separate pairs with commas"),
                .bool("atomic", usage: "Remove everything the install created if it fails"),
                Flag(
                    "dry-run", kind: .string,
                    usage:
                        "Print the manifests instead of installing; =server also has the cluster validate every object, storing nothing",
                    valueWhenBare: "client"),
                Flag(
                    "values", shorthand: "f", kind: .stringArray,
                    usage: "Values file to apply (repeatable; later files win)"),
                Flag("set-string", kind: .stringArray, usage: "Chart values as key=value, always taken as strings"),
                Flag("set-file", kind: .stringArray, usage: "Chart values as key=path, taking each value from a file"),
                Flag("set-json", kind: .stringArray, usage: "Chart values as key=JSON"),
                Flag(
                    "set-literal", kind: .stringArray,
                    usage: "One chart value as key=text, taken verbatim (commas included)"),
                .string(
                    "kube-version", default: InstallRequest.dryRunKubeVersion,
                    usage: "Kubernetes version a dry run renders for"),
            ],
            action: { invocation in
                let flags = invocation.flags
                let chartPath = flags.string("osm-chart-path")
                var request = InstallRequest(
                    chartPath: chartPath, meshName: flags.string("mesh-name"), namespace: flags.string("osm-namespace"),
                    enforceSingleMesh: flags.bool("enforce-single-mesh"))
                request.valueFiles = flags.strings("values")
                request.sets = flags.strings("set")
                request.stringSets = flags.strings("set-string")
                request.fileSets = flags.strings("set-file")
                request.jsonSets = flags.strings("set-json")
                request.literalSets = flags.strings("set-literal")
                request.kubeVersion = flags.string("kube-version")
                let out = invocation.stdout
                let verbose = flags.bool("verbose")
                let dryRun = try DryRunMode(flags.string("dry-run"))
                if dryRun == .client {
                    out.write(try InstallPlanner.render(request).templateOutput)
                    return
                }
                var installer = MeshInstaller(
                    client: try environment.client(invocation), debug: { if verbose { out.write("[debug] \($0)\n") } })
                if dryRun == .server {
                    let result = try await installer.serverDryRun(request)
                    for note in result.notes { invocation.stderr.write("Note: \(note)\n") }
                    guard result.rejections.isEmpty else {
                        for line in result.rejections { invocation.stderr.write("\(line)\n") }
                        throw OSMError(
                            "the cluster rejected \(result.rejections.count) of \(result.checked) objects (server dry run; nothing was written)"
                        )
                    }
                    out.write(result.manifests)
                    return
                }
                if out.isTerminal && !verbose { installer.progress = WaitDisplay(out).update }
                try await installer.install(
                    request, atomic: flags.bool("atomic"), timeout: Double(flags.duration("timeout").nanoseconds) / 1e9)
                out.write(
                    "OSM installed successfully in namespace [\(request.namespace)] with mesh name [\(request.meshName)]\n"
                )
            })
    }
}

/// `--dry-run`'s values, as Helm 3.13 takes them: bare or `client`/`true` renders locally, `server`
/// asks the cluster to validate, `none`/`false`/empty installs.
enum DryRunMode {
    case none, client, server

    init(_ text: String) throws {
        switch text {
        case "", "none", "false": self = .none
        case "client", "true": self = .client
        case "server": self = .server
        default: throw OSMError("invalid dry-run flag value \"\(text)\": use client (the bare flag), server or none")
        }
    }
}

/// The readiness wait on a terminal: the objects not ready yet, redrawn in place after each poll and
/// erased when all are ready. Pipes and files get no progress (upstream's output stays exact).
final class WaitDisplay: @unchecked Sendable {
    let out: any OutputSink
    var shown = 0
    init(_ out: any OutputSink) { self.out = out }

    func update(_ waiting: [String], _ total: Int) {
        var text = shown > 0 ? "\u{1b}[\(shown)A\u{1b}[J" : ""
        shown = 0
        if !waiting.isEmpty {
            text += "Waiting for \(waiting.count) of \(total) resources to become ready:\n"
            text += waiting.map { "  - \($0)\n" }.joined()
            shown = waiting.count + 1
        }
        out.write(text)
    }
}
