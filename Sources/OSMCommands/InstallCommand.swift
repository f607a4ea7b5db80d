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

/// `osm install`'s flags, each bound to its field.
struct InstallOptions: CommandOptions {
    var chartPath = ""
    var meshName = "osm"
    var enforceSingleMesh = true
    var timeout = FlagDuration()
    var sets: [String] = []
    var atomic = false
    var dryRun = ""
    var valueFiles: [String] = []
    var stringSets: [String] = []
    var fileSets: [String] = []
    var jsonSets: [String] = []
    var literalSets: [String] = []
    var kubeVersion = ""

    static let options: [Option<Self>] = [
        .string("osm-chart-path", \.chartPath, usage: "Chart directory or packaged .tgz to install instead of the built-in chart"),
        .string("mesh-name", \.meshName, default: "osm", usage: "Name of the mesh this control plane runs"),
        .bool(
            "enforce-single-mesh", \.enforceSingleMesh, default: true,
            usage: "Refuse to run next to another mesh in the cluster"),
        .duration("timeout", \.timeout, default: "5m0s", usage: "How long to wait for the installation to become ready"),
        .stringArray("set", \.sets, usage: "Chart values as key=value; repeat the flag or separate pairs with commas"),
        .bool("atomic", \.atomic, usage: "Remove everything the install created if it fails"),
        .string(
            "dry-run", \.dryRun,
            usage:
                "Print the manifests instead of installing; =server also has the cluster validate every object, storing nothing",
            valueWhenBare: "client"),
        .stringArray("values", shorthand: "f", \.valueFiles, usage: "Values file to apply (repeatable; later files win)"),
        .stringArray("set-string", \.stringSets, usage: "Chart values as key=value, always taken as strings"),
        .stringArray("set-file", \.fileSets, usage: "Chart values as key=path, taking each value from a file"),
        .stringArray("set-json", \.jsonSets, usage: "Chart values as key=JSON"),
        .stringArray("set-literal", \.literalSets, usage: "One chart value as key=text, taken verbatim (commas included)"),
        .string(
            "kube-version", \.kubeVersion, default: InstallRequest.dryRunKubeVersion,
            usage: "Kubernetes version a dry run renders for"),
    ]
}

enum InstallCommand {
    static func make(environment: OSMEnvironment) -> Command {
        Command(
            use: "install", short: "install osm control plane", long: installLong, example: installExample,
            args: .any, flags: InstallOptions.flags,
            action: { invocation in
                let options = invocation.flags.decode(InstallOptions.self)
                let global = invocation.flags.decode(GlobalOptions.self)
                var request = InstallRequest(
                    chartPath: options.chartPath, meshName: options.meshName, namespace: global.osmNamespace,
                    enforceSingleMesh: options.enforceSingleMesh)
                request.valueFiles = options.valueFiles
                request.sets = options.sets
                request.stringSets = options.stringSets
                request.fileSets = options.fileSets
                request.jsonSets = options.jsonSets
                request.literalSets = options.literalSets
                request.kubeVersion = options.kubeVersion
                let out = invocation.stdout
                let verbose = global.verbose
                let dryRun = try DryRunMode(options.dryRun)
                if dryRun == .client {
                    out.write(try InstallPlanner.render(request).templateOutput)
                    return
                }
                var installer = try environment.installer(invocation, timeout: options.timeout)
                if dryRun == .server {
                    // Over a mesh of that name already deployed here: what installing it again would change.
                    if try await installer.hasDeployedRelease(request) {
                        out.write(try await installer.upgradePreview(request))
                        return
                    }
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
                try await installer.install(request, atomic: options.atomic, timeout: options.timeout.seconds)
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
// @unchecked Sendable, sound: updated by the readiness wait only, one poll after another.
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
