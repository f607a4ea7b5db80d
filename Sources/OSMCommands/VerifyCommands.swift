import CLI
import OSMKit

/// `osm verify connectivity`'s flags.
struct ConnectivityOptions: CommandOptions {
    var fromPod = ""
    var toPod = ""
    var toService = ""
    var appProtocol = "http"
    var toExtPort: UInt16 = 0
    var toExtHost = ""
    var meshName = "osm"
    static let options: [Option<Self>] = [
        .string("from-pod", \.fromPod, usage: "Client pod as <namespace>/<name> (required)").required(),
        .string("to-pod", \.toPod, usage: "Destination pod as <namespace>/<name>"),
        .string("to-service", \.toService, usage: "Destination service name"),
        .string("app-protocol", \.appProtocol, default: "http", usage: "Application protocol of the traffic"),
        .uint16("to-ext-port", \.toExtPort, default: 0, usage: "Port of the external destination"),
        .string("to-ext-host", \.toExtHost, usage: "Host name of the external destination"),
        .string("mesh-name", \.meshName, default: "osm", usage: "Name of the mesh").offering(
            ClusterCompletions.meshNameValues),
    ]
}

/// `osm verify ingress`'s flags.
struct IngressOptions: CommandOptions {
    var fromService = ""
    var toPod = ""
    var toService = ""
    var ingressBackend = ""
    var toPort: UInt16 = 0
    var appProtocol = "http"
    var meshName = "osm"
    static let options: [Option<Self>] = [
        .string("from-service", \.fromService, usage: "Ingress service as <namespace>/<name> (required)").required(),
        .string("to-pod", \.toPod, usage: "Backend pod as <namespace>/<name> (required)").required(),
        .string("to-service", \.toService, usage: "Backend service name (required)").required(),
        .string("ingress-backend", \.ingressBackend, usage: "Name of the IngressBackend (required)").required(),
        .uint16("to-port", \.toPort, default: 0, usage: "Backend port (required)").required(),
        .string("app-protocol", \.appProtocol, default: "http", usage: "Application protocol of the traffic"),
        .string("mesh-name", \.meshName, default: "osm", usage: "Name of the mesh").offering(
            ClusterCompletions.meshNameValues),
    ]
}

enum VerifyCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let verify = Command(
            use: "verify", short: "verify mesh configurations",
            long: "Checks that the control plane and the traffic between pods are set up as expected.")
        verify.add(
            Command(
                use: "connectivity", short: "verify connectivity between a pod and a destination",
                long:
                    "Checks the namespaces, sidecars and Envoy configuration that traffic from a pod to a pod or external host depends on.",
                example: """
                      # Can bookbuyer's pod reach the bookstore service's pod?
                      osm verify connectivity --from-pod bookbuyer/bookbuyer-7d9f --to-pod bookstore/bookstore-5c4b --to-service bookstore

                      # Can it reach httpbin.org over HTTPS?
                      osm verify connectivity --from-pod bookbuyer/bookbuyer-7d9f --to-ext-port 443 --to-ext-host httpbin.org --app-protocol https
                    """,
                args: .none,
                flags: ConnectivityOptions.flags,
                action: { invocation in
                    let options = invocation.flags.decode(ConnectivityOptions.self)
                    let traffic = try connectivityTraffic(options)
                    let client = try environment.client(invocation)
                    _ = try await client.get(
                        OSMResources.meshConfigs, name: "osm-mesh-config",
                        namespace: invocation.flags.decode(GlobalOptions.self).osmNamespace)
                    let mesh = options.meshName
                    let source = ConnectivityVerification.adminConfigSource(client)
                    let result =
                        traffic.externalPort != 0
                        ? await ConnectivityVerification.egress(client, traffic: traffic, mesh: mesh, config: source)
                        : await ConnectivityVerification.podToPod(client, traffic: traffic, mesh: mesh, config: source)
                    print(result, invocation, environment)
                }),
            Command(
                use: "control-plane-health", short: "verify the health of the OSM control plane",
                long:
                    "Checks that the controller, injector and bootstrap pods are ready and answer their health probes.",
                example: """
                      # Check the control plane in osm-system
                      osm verify control-plane-health

                      # Check a control plane installed in another namespace
                      osm verify control-plane-health --osm-namespace east-system
                    """,
                args: .none,
                action: { invocation in
                    let result = await ControlPlaneHealth.verify(
                        try environment.client(invocation),
                        namespace: invocation.flags.decode(GlobalOptions.self).osmNamespace)
                    print(result, invocation, environment)
                }),
            Command(
                use: "ingress", short: "verify ingress connectivity between an ingress service and a destination",
                long:
                    "Checks the namespaces, sidecars, IngressBackend and Envoy configuration that ingress traffic to a pod depends on.",
                example: """
                      osm verify ingress --from-service ingress-nginx/ingress-nginx-controller --to-pod bookstore/bookstore-5c4b \\
                        --to-service bookstore --ingress-backend bookstore --to-port 14001
                    """,
                args: .none,
                flags: IngressOptions.flags,
                action: { invocation in
                    let options = invocation.flags.decode(IngressOptions.self)
                    let traffic = try ingressTraffic(options)
                    let client = try environment.client(invocation)
                    _ = try await client.get(
                        OSMResources.meshConfigs, name: "osm-mesh-config",
                        namespace: invocation.flags.decode(GlobalOptions.self).osmNamespace)
                    let result = await ConnectivityVerification.ingress(
                        client, traffic: traffic, mesh: options.meshName,
                        config: ConnectivityVerification.adminConfigSource(client))
                    print(result, invocation, environment)
                })
        )
        return verify
    }

    /// The result tree between two rules; coloured as fatih/color decides (a terminal, no NO_COLOR).
    static func print(_ result: Verification, _ invocation: Invocation, _ environment: OSMEnvironment) {
        let color = invocation.stdout.isTerminal && (environment.variables["NO_COLOR"] ?? "").isEmpty
        let rule = String(repeating: "-", count: 45) + "\n"
        invocation.stdout.write(rule + result.render(color: color) + rule)
    }

    /// Checked before the cluster is contacted (upstream read the MeshConfig first); required flags
    /// are checked before the action runs (CommandRunner). The messages print the values given
    /// (upstream's ingress messages printed other variables).
    static func connectivityTraffic(_ options: ConnectivityOptions) throws -> ConnectivityVerification.Traffic {
        typealias Name = ConnectivityVerification.Name
        let fromPod = options.fromPod, toPod = options.toPod, extPort = Int(options.toExtPort)
        guard let source = Name(fromPod) else {
            throw CLIError("--from-pod must be a namespaced name of the form <namespace>/<name>, got \(fromPod)")
        }
        var traffic = ConnectivityVerification.Traffic()
        traffic.sourcePod = source
        traffic.appProtocol = options.appProtocol
        if toPod.isEmpty && extPort == 0 { throw CLIError("one of --to-pod|--to-ext-port must be set") }
        if !toPod.isEmpty && extPort != 0 { throw CLIError("--to-pod cannot be set with --to-ext-port") }
        if !toPod.isEmpty {
            guard let destination = Name(toPod) else {
                throw CLIError("--to-pod must be a namespaced name of the form <namespace>/<name>, got \(toPod)")
            }
            let service = options.toService
            if service.isEmpty { throw CLIError("--to-service must be set with --to-pod") }
            traffic.destinationPod = destination
            traffic.destinationService = Name(namespace: destination.namespace, name: service)
        } else {
            traffic.externalPort = extPort
            traffic.externalHost = options.toExtHost
        }
        return traffic
    }

    static func ingressTraffic(_ options: IngressOptions) throws -> ConnectivityVerification.Traffic {
        typealias Name = ConnectivityVerification.Name
        let fromService = options.fromService, toPod = options.toPod
        guard let source = Name(fromService) else {
            throw CLIError(
                "--from-service must be a namespaced name of the form <namespace>/<name>, got \(fromService)")
        }
        guard let destination = Name(toPod) else {
            throw CLIError("--to-pod pod must be a namespaced name of the form <namespace>/<name>, got \(toPod)")
        }
        var traffic = ConnectivityVerification.Traffic()
        traffic.isIngress = true
        traffic.sourceService = source
        traffic.destinationPod = destination
        traffic.destinationPort = Int(options.toPort)
        traffic.appProtocol = options.appProtocol
        traffic.destinationService = Name(namespace: destination.namespace, name: options.toService)
        // The IngressBackend lives in the backend's namespace.
        traffic.ingressBackend = Name(namespace: destination.namespace, name: options.ingressBackend)
        return traffic
    }
}
