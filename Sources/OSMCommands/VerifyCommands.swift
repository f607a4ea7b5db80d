import CLI
import OSMKit

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
                flags: [
                    Flag("from-pod", kind: .string, usage: "Client pod as <namespace>/<name> (required)"),
                    .string("to-pod", usage: "Destination pod as <namespace>/<name>"),
                    .string("to-service", usage: "Destination service name"),
                    .string("app-protocol", default: "http", usage: "Application protocol of the traffic"),
                    Flag("to-ext-port", kind: .uint16, usage: "Port of the external destination"),
                    .string("to-ext-host", usage: "Host name of the external destination"),
                    .string("mesh-name", default: "osm", usage: "Name of the mesh"),
                ],
                action: { invocation in
                    let traffic = try connectivityTraffic(invocation.flags)
                    let client = try environment.client(invocation)
                    _ = try await client.get(
                        OSMResources.meshConfigs, name: "osm-mesh-config",
                        namespace: invocation.flags.string("osm-namespace"))
                    let mesh = invocation.flags.string("mesh-name")
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
                args: .none,
                action: { invocation in
                    let result = await ControlPlaneHealth.verify(
                        try environment.client(invocation), namespace: invocation.flags.string("osm-namespace"))
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
                flags: [
                    .string("from-service", usage: "Ingress service as <namespace>/<name> (required)"),
                    .string("to-pod", usage: "Backend pod as <namespace>/<name> (required)"),
                    .string("to-service", usage: "Backend service name (required)"),
                    .string("ingress-backend", usage: "Name of the IngressBackend (required)"),
                    Flag("to-port", kind: .uint16, usage: "Backend port (required)"),
                    .string("app-protocol", default: "http", usage: "Application protocol of the traffic"),
                    .string("mesh-name", default: "osm", usage: "Name of the mesh"),
                ],
                action: { invocation in
                    let traffic = try ingressTraffic(invocation.flags)
                    let client = try environment.client(invocation)
                    _ = try await client.get(
                        OSMResources.meshConfigs, name: "osm-mesh-config",
                        namespace: invocation.flags.string("osm-namespace"))
                    let result = await ConnectivityVerification.ingress(
                        client, traffic: traffic, mesh: invocation.flags.string("mesh-name"),
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

    /// cobra's check of required flags, in the flags' order.
    static func requireFlags(_ flags: ParsedFlags, _ names: [String]) throws {
        let missing = names.filter { !flags.isSet($0) }
        if !missing.isEmpty {
            throw CLIError("required flag(s) " + missing.map { "\"\($0)\"" }.joined(separator: ", ") + " not set")
        }
    }

    /// Checked before the cluster is contacted (upstream read the MeshConfig first). The messages
    /// print the values given (upstream's ingress messages printed other variables).
    static func connectivityTraffic(_ flags: ParsedFlags) throws -> ConnectivityVerification.Traffic {
        try requireFlags(flags, ["from-pod"])
        typealias Name = ConnectivityVerification.Name
        let fromPod = flags.string("from-pod"), toPod = flags.string("to-pod"),
            extPort = Int(flags.uint16("to-ext-port"))
        guard let source = Name(fromPod) else {
            throw CLIError("--from-pod must be a namespaced name of the form <namespace>/<name>, got \(fromPod)")
        }
        var traffic = ConnectivityVerification.Traffic()
        traffic.sourcePod = source
        traffic.appProtocol = flags.string("app-protocol")
        if toPod.isEmpty && extPort == 0 { throw CLIError("one of --to-pod|--to-ext-port must be set") }
        if !toPod.isEmpty && extPort != 0 { throw CLIError("--to-pod cannot be set with --to-ext-port") }
        if !toPod.isEmpty {
            guard let destination = Name(toPod) else {
                throw CLIError("--to-pod must be a namespaced name of the form <namespace>/<name>, got \(toPod)")
            }
            let service = flags.string("to-service")
            if service.isEmpty { throw CLIError("--to-service must be set with --to-pod") }
            traffic.destinationPod = destination
            traffic.destinationService = Name(namespace: destination.namespace, name: service)
        } else {
            traffic.externalPort = extPort
            traffic.externalHost = flags.string("to-ext-host")
        }
        return traffic
    }

    static func ingressTraffic(_ flags: ParsedFlags) throws -> ConnectivityVerification.Traffic {
        try requireFlags(flags, ["from-service", "ingress-backend", "to-pod", "to-port", "to-service"])
        typealias Name = ConnectivityVerification.Name
        let fromService = flags.string("from-service"), toPod = flags.string("to-pod")
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
        traffic.destinationPort = Int(flags.uint16("to-port"))
        traffic.appProtocol = flags.string("app-protocol")
        traffic.destinationService = Name(namespace: destination.namespace, name: flags.string("to-service"))
        // The IngressBackend lives in the backend's namespace.
        traffic.ingressBackend = Name(namespace: destination.namespace, name: flags.string("ingress-backend"))
        return traffic
    }
}
