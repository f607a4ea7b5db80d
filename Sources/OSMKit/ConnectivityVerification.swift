import KubeClient
import ValueKit

/// `osm verify connectivity` and `osm verify ingress` (spec §2.14): the namespaces are in the mesh,
/// the sidecars are where they should be (and not on ingress pods), the IngressBackend admits the
/// traffic, and each pod's Envoy holds the listeners, filter chains, routes, clusters and TLS secrets
/// OSM's xDS server would give it for this traffic, read from its admin `config_dump`.
public enum ConnectivityVerification {
    /// `<namespace>/<name>`.
    public struct Name: Sendable, Equatable, CustomStringConvertible {
        public var namespace: String
        public var name: String
        public init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }
        /// Exactly one `/` with text on both sides.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            self.init(namespace: String(parts[0]), name: String(parts[1]))
        }
        public var description: String { "\(namespace)/\(name)" }
        var quoted: String { GoSyntax.quote(description) }
    }

    /// What the traffic is: who sends it, where it goes, and how.
    public struct Traffic: Sendable {
        public var sourcePod: Name?
        public var sourceService: Name?
        public var destinationPod: Name?
        public var destinationService: Name?
        public var ingressBackend: Name?
        public var destinationPort = 0
        public var externalHost = ""
        public var externalPort = 0
        public var appProtocol = "http"
        public var isIngress = false
        public init() {}

        /// The traffic as the Envoy check's context lists it, one attribute per line.
        var summary: String {
            var lines: [String] = []
            if let sourcePod { lines.append("source pod: \(sourcePod)") }
            if let sourceService { lines.append("source service: \(sourceService)") }
            if let destinationPod { lines.append("destination pod: \(destinationPod)") }
            if let destinationService { lines.append("destination service: \(destinationService)") }
            if !externalHost.isEmpty { lines.append("external host: \(externalHost)") }
            if externalPort != 0 { lines.append("external port: \(externalPort)") }
            lines.append("destination protocol: \(appProtocol)")
            return lines.map { "\n\t" + $0 }.joined()
        }
    }

    /// Fetches a pod's Envoy configuration; tests and callers may replace how.
    public typealias ConfigSource = @Sendable (Name) async throws -> EnvoyConfigDump

    /// The admin endpoint's dump, including endpoints, through a port-forward to port 15000.
    public static func adminConfigSource(_ client: KubernetesClient) -> ConfigSource {
        { pod in
            let tunnel = try await client.portForward(pod: pod.name, namespace: pod.namespace)
            defer { tunnel.close() }
            let answer = try await tunnel.httpGet(port: ProxyQuery.envoyAdminPort, path: "/config_dump?include_eds")
            guard answer.status == 200 else { throw OSMError("Envoy's admin endpoint answered \(answer.status)") }
            return try EnvoyConfigDump(json: answer.body)
        }
    }

    // MARK: the three verifications

    public static func podToPod(
        _ client: KubernetesClient, traffic: Traffic, mesh: String, config: @escaping ConfigSource
    ) async -> Verification {
        let src = traffic.sourcePod!, dst = traffic.destinationPod!
        let context =
            "Verify if pod \(src.quoted) can access pod \(dst.quoted) for service \(traffic.destinationService!.quoted)"
        return .group(
            context,
            [
                await namespaceMonitored(client, src.namespace, mesh: mesh),
                await namespaceMonitored(client, dst.namespace, mesh: mesh),
                await sidecar(client, src),
                await sidecar(client, dst),
                await envoyConfig(client, traffic: traffic, config: config),
            ])
    }

    public static func egress(
        _ client: KubernetesClient, traffic: Traffic, mesh: String, config: @escaping ConfigSource
    ) async -> Verification {
        let src = traffic.sourcePod!
        let context = "Verify if pod \(src.quoted) can access external service on port \(traffic.externalPort)"
        return .group(
            context,
            [
                await namespaceMonitored(client, src.namespace, mesh: mesh),
                await sidecar(client, src),
                await envoyConfig(client, traffic: traffic, config: config),
            ])
    }

    public static func ingress(
        _ client: KubernetesClient, traffic: Traffic, mesh: String, config: @escaping ConfigSource
    ) async -> Verification {
        let ingressService = traffic.sourceService!, dst = traffic.destinationPod!
        let context =
            "Verify if service \(ingressService.quoted) can access pod \(dst.quoted) for app protocol \(GoSyntax.quote(traffic.appProtocol)) via ingress"
        guard traffic.appProtocol == "http" else {
            return Verification(
                context: context, status: .failure,
                reason: "Ingress verifier only supports the following protocol(s): \(GoSyntax.quote("http"))",
                suggestion: "Verify HTTP ingress (--app-protocol http); other protocols cannot be checked yet")
        }
        let service: Value
        do {
            service = try await client.get(.services, name: ingressService.name, namespace: ingressService.namespace)
        } catch {
            return Verification(
                context: context, status: .failure,
                reason: "Error retrieving source ingress service \(ingressService): \(error)",
                suggestion: "Confirm service \(ingressService.quoted) exists")
        }
        let selector = (service["spec"]?["selector"]?.mapValue?.entries ?? []).compactMap { k, v in
            v.stringValue.map { "\(k)=\($0)" }
        }.sorted()
        let ingressPods: [Value]
        do {
            // A Service without a selector selects no pods (an empty selector would select them all).
            ingressPods =
                selector.isEmpty
                ? []
                : try await client.list(
                    .pods, namespace: ingressService.namespace, labelSelector: selector.joined(separator: ","))
        } catch {
            return Verification(
                context: context, status: .failure,
                reason: "Error retrieving pods from source ingress service \(ingressService): \(error)")
        }
        var steps = [
            await namespaceMonitored(client, ingressService.namespace, mesh: mesh),
            await namespaceMonitored(client, dst.namespace, mesh: mesh),
        ]
        for pod in ingressPods {
            let name = Name(
                namespace: pod.objectNamespace ?? ingressService.namespace,
                name: pod.objectName ?? "")
            steps.append(await sidecar(client, name, expectAbsent: true))
        }
        steps.append(await sidecar(client, dst))
        steps.append(await ingressBackend(client, traffic: traffic))
        steps.append(await envoyConfig(client, traffic: traffic, config: config))
        return .group(context, steps)
    }

    // MARK: prerequisites

    static func namespaceMonitored(_ client: KubernetesClient, _ namespace: String, mesh: String) async -> Verification
    {
        let context = "Verify if namespace \(GoSyntax.quote(namespace)) is monitored"
        let label = NamespaceMembership.monitoredBy
        let object: Value
        do {
            object = try await client.get(.namespaces, name: namespace)
        } catch {
            return Verification(
                context: context, status: .failure, reason: "Error fetching namespace \(GoSyntax.quote(namespace))",
                suggestion: "Confirm namespace \(GoSyntax.quote(namespace)) exists (\(error))")
        }
        guard let value = object.objectLabels[label] else {
            return Verification(
                context: context, status: .failure,
                reason: "Missing label \(GoSyntax.quote(label)) on namespace \(GoSyntax.quote(namespace))",
                suggestion:
                    "Add label \(GoSyntax.quote(label)) on namespace \(GoSyntax.quote(namespace)) to include it in the mesh and restart the app"
            )
        }
        guard value == mesh else {
            return Verification(
                context: context, status: .failure,
                reason:
                    "Expected label \(GoSyntax.quote(label)) to have value \(GoSyntax.quote(mesh)), got \(GoSyntax.quote(value))",
                suggestion:
                    "Namespace \(GoSyntax.quote(namespace)) belongs to mesh \(GoSyntax.quote(value)); verify with --mesh-name \(value), or move the namespace to mesh \(GoSyntax.quote(mesh))"
            )
        }
        return Verification(context: context, status: .success)
    }

    static func sidecar(_ client: KubernetesClient, _ pod: Name, expectAbsent: Bool = false) async -> Verification {
        let context = "Verify Envoy sidecar on pod \(pod.quoted)"
        let object: Value
        do {
            object = try await client.get(.pods, name: pod.name, namespace: pod.namespace)
        } catch {
            return Verification(
                context: context, status: .failure, reason: "\(error)", suggestion: "Confirm pod \(pod.quoted) exists")
        }
        let hasEnvoy = (object["spec"]?["containers"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == "envoy" }
        if hasEnvoy && expectAbsent {
            return Verification(
                context: context, status: .failure,
                reason: "Found Envoy sidecar on pod \(pod.quoted) when one wasn't expected",
                suggestion: "Ensure pod \(pod.quoted) does not have sidecar injection enabled")
        }
        if !hasEnvoy && !expectAbsent {
            return Verification(
                context: context, status: .failure, reason: "Did not find Envoy sidecar on pod \(pod.quoted)",
                suggestion: "Ensure pod \(pod.quoted) has sidecar injection enabled")
        }
        return Verification(context: context, status: .success)
    }

    static func ingressBackend(_ client: KubernetesClient, traffic: Traffic) async -> Verification {
        let backend = traffic.ingressBackend!, service = traffic.sourceService!
        let context = "Verify IngressBackend \(backend.quoted)"
        let object: Value
        do {
            object = try await client.get(
                OSMResources.ingressBackends, name: backend.name, namespace: backend.namespace)
        } catch {
            return Verification(
                context: context, status: .failure, reason: "\(error)",
                suggestion: "Confirm IngressBackend \(backend.quoted) exists")
        }
        let backends = object["spec"]?["backends"]?.arrayValue ?? []
        if backends.isEmpty {
            return Verification(
                context: context, status: .failure, reason: "No backends detected for IngressBackend \(backend.quoted)",
                suggestion: "Add a valid backend for IngressBackend \(backend.quoted)")
        }
        let port = traffic.destinationPort, proto = traffic.appProtocol
        guard
            backends.contains(where: {
                $0["port"]?["number"]?.integerValue == port && $0["port"]?["protocol"]?.stringValue == proto
            })
        else {
            return Verification(
                context: context, status: .failure,
                reason:
                    "No backend matching port \(port) and protocol \(proto) found in IngressBackend \(backend.quoted)",
                suggestion:
                    "Add a backend matching port \(port) and protocol \(proto) to IngressBackend \(backend.quoted)")
        }
        let sources = object["spec"]?["sources"]?.arrayValue ?? []
        if sources.isEmpty {
            return Verification(
                context: context, status: .success,
                suggestion:
                    "Allowing HTTP ingress without sources is insecure; use IngressBackend.Spec.Sources to restrict clients"
            )
        }
        guard
            sources.contains(where: {
                $0["kind"]?.stringValue == "Service" && $0["namespace"]?.stringValue == service.namespace
                    && $0["name"]?.stringValue == service.name
            })
        else {
            return Verification(
                context: context, status: .failure,
                reason: "No source matching service \(service.quoted) found in IngressBackend \(backend.quoted)",
                suggestion: "Add a source for service \(service.quoted) in IngressBackend \(backend.quoted)")
        }
        return Verification(context: context, status: .success)
    }

    // MARK: Envoy configuration

    static func envoyConfig(
        _ client: KubernetesClient, traffic: Traffic, config: @escaping ConfigSource
    ) async -> Verification {
        let context = "Verify Envoy config for traffic: " + traffic.summary
        var steps: [Verification] = []
        if traffic.sourcePod != nil {
            let source = await EnvoyConfigCheck(client: client, traffic: traffic, config: config).verifySource()
            steps.append(source)
            if source.status != .success { return Verification(context: context, status: .failure, nested: steps) }
        }
        if traffic.destinationPod != nil {
            let destination = await EnvoyConfigCheck(client: client, traffic: traffic, config: config)
                .verifyDestination()
            steps.append(destination)
            if destination.status != .success { return Verification(context: context, status: .failure, nested: steps) }
        }
        return Verification(context: context, status: .success, nested: steps)
    }
}
