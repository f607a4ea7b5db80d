import KubeClient
import ValueKit

/// The Envoy half of `osm verify connectivity|ingress`: on the source, the outbound listener's filter
/// chain, route, cluster and client certificates for the destination service (or the egress chain,
/// route and cluster for an external port); on the destination, the inbound ones, its server
/// certificates, and for ingress the chain admitting the ingress service's pods.
struct EnvoyConfigCheck {
    typealias Name = ConnectivityVerification.Name
    let client: KubernetesClient
    let traffic: ConnectivityVerification.Traffic
    let config: ConnectivityVerification.ConfigSource

    /// A failed step: what is missing, and what to look at.
    struct Missing: Error {
        let reason: String
        var suggestion = ""
    }

    static let controllerHint =
        "Check osm-controller's log for errors about this service (osm support error-info explains their codes) and that a traffic policy allows this traffic (an SMI TrafficTarget, or permissive mode)"

    func verifySource() async -> Verification {
        await check("Verify Envoy config on source", pod: traffic.sourcePod!) { dump, pod in
            let chains = try activeChains(dump, listener: EnvoyNames.outboundListener, side: "source", pod: pod)
            if let dst = traffic.destinationService {
                let service = try await destinationService(dst)
                let services = try await meshServices(service, dst)
                let ips = try await destinationIPs(service, dst)
                try step("Did not find matching outbound filter chain for service \(dst.quoted)") {
                    for s in services { try outboundFilterChain(s, chains: chains, ipRanges: ips) }
                }
                try step("Did not find matching outbound route configuration for service \(dst.quoted)") {
                    for s in services where s.proto == "http" {
                        try route(dump, name: EnvoyNames.outboundRouteConfig(s.port), domain: s.fqdn)
                    }
                }
                try step("Did not find matching outbound cluster for service \(dst.quoted)") {
                    for s in services { try cluster(dump, s.cluster) }
                }
                let account = try await serviceAccount(pod)
                try step("Client TLS secret not found for pod \(pod.quoted)", suggestion: Self.certificateHint) {
                    try secrets(
                        dump,
                        [
                            EnvoyNames.serviceCert(namespace: pod.namespace, serviceAccount: account),
                            EnvoyNames.outboundRootCert(service: dst.description),
                        ])
                }
            }
            if traffic.externalPort != 0 { try egress(dump, chains: chains) }
        }
    }

    func verifyDestination() async -> Verification {
        // (Upstream named the source pod when the destination's config could not be read.)
        await check("Verify Envoy config on destination", pod: traffic.destinationPod!) { dump, pod in
            let chains = try activeChains(dump, listener: EnvoyNames.inboundListener, side: "destination", pod: pod)
            guard let dst = traffic.destinationService else { return }
            let service = try await destinationService(dst)
            let services = try await meshServices(service, dst)
            try step("Did not find matching inbound filter chain for service \(dst.quoted)") {
                for s in services { try inboundFilterChain(s, chains: chains) }
            }
            try step("Did not find matching inbound route configuration for service \(dst.quoted)") {
                for s in services where s.proto == "http" {
                    try route(dump, name: EnvoyNames.inboundRouteConfig(s.targetPort), domain: s.fqdn)
                }
            }
            try step("Did not find matching inbound cluster for service \(dst.quoted)") {
                for s in services { try cluster(dump, s.localCluster) }
            }
            let account = try await serviceAccount(pod)
            try step("Server TLS secret not found for pod \(pod.quoted)", suggestion: Self.certificateHint) {
                try secrets(
                    dump,
                    [
                        EnvoyNames.serviceCert(namespace: pod.namespace, serviceAccount: account),
                        EnvoyNames.inboundRootCert(namespace: pod.namespace, serviceAccount: account),
                    ])
            }
            if traffic.isIngress {
                let ingressHint =
                    "Check that IngressBackend \(traffic.ingressBackend.map { $0.quoted } ?? "") names the ingress service as a source and that its pods have endpoints"
                let ingressEndpoints = try await ingressServiceEndpoints()
                try step(
                    "Did not find matching inbound filter chain for ingress \(dst.quoted)", suggestion: ingressHint
                ) {
                    try ingressFilterChain(dst, endpoints: ingressEndpoints, chains: chains)
                }
            }
        }
    }

    static let certificateHint =
        "Check the certificate provider and osm-controller's log for certificate errors (codes E4000 and up)"

    /// One side's check: its pod's config dump read (Unknown when it cannot be), then `body`; a
    /// missing piece fails the check with its reason and suggestion.
    func check(_ context: String, pod: Name, _ body: (EnvoyConfigDump, Name) async throws -> Void) async -> Verification
    {
        let dump: EnvoyConfigDump
        do { dump = try await config(pod) } catch {
            return Verification(
                context: context, status: .unknown,
                reason: "Error retrieving Envoy config for pod \(pod.quoted), err: \(GoSyntax.quote("\(error)"))",
                suggestion:
                    "Confirm pod \(pod.quoted) is running and its Envoy admin port 15000 answers (osm proxy get config_dump \(pod.name) -n \(pod.namespace))"
            )
        }
        do {
            try await body(dump, pod)
        } catch let m as Missing {
            return Verification(context: context, status: .failure, reason: m.reason, suggestion: m.suggestion)
        } catch {
            return Verification(context: context, status: .unknown, reason: "\(error)")
        }
        return Verification(context: context, status: .success)
    }

    /// A step whose missing piece is reported after what was looked for.
    func step(_ what: String, suggestion: String = controllerHint, _ body: () throws -> Void) throws {
        do { try body() } catch let m as Missing {
            throw Missing(reason: "\(what): \(m.reason)", suggestion: suggestion)
        }
    }

    // MARK: Kubernetes facts

    func destinationService(_ dst: Name) async throws -> Value {
        do {
            return try await client.get(.services, name: dst.name, namespace: dst.namespace)
        } catch {
            throw Missing(
                reason: "Destination service \(dst.quoted) not found: \(error)",
                suggestion:
                    "Confirm service \(dst.quoted) exists (--to-service names a service in the destination pod's namespace)"
            )
        }
    }

    func endpoints(_ dst: Name) async throws -> Value {
        do {
            return try await client.get(.endpoints, name: dst.name, namespace: dst.namespace)
        } catch {
            throw Missing(
                reason: "endpoints not found for service \(dst): \(error)",
                suggestion: "Confirm service \(dst.quoted) selects running pods")
        }
    }

    /// One MeshService per port of the Service (per addressed pod for a headless one), target ports from its Endpoints.
    func meshServices(_ service: Value, _ dst: Name) async throws -> [MeshService] {
        let eps = try await endpoints(dst)
        let subsets = eps["subsets"]?.arrayValue ?? []
        var out: [MeshService] = []
        for port in service["spec"]?["ports"]?.arrayValue ?? [] {
            let portName = port["name"]?.stringValue ?? ""
            var targetPort = 0
            search: for subset in subsets {
                for p in subset["ports"]?.arrayValue ?? [] where (p["name"]?.stringValue ?? "") == portName {
                    targetPort = p["port"]?.integerValue ?? 0
                    break search
                }
            }
            let base = MeshService(
                namespace: dst.namespace, name: dst.name, port: port["port"]?.integerValue ?? 0, targetPort: targetPort,
                proto: port["appProtocol"]?.stringValue ?? "http")
            if !Self.isHeadless(service) {
                out.append(base)
                continue
            }
            for subset in subsets {
                for address in subset["addresses"]?.arrayValue ?? [] {
                    guard let host = address["hostname"]?.stringValue, !host.isEmpty else { continue }
                    var s = base
                    s.name = "\(host).\(dst.name)"
                    out.append(s)
                }
            }
        }
        if out.isEmpty {
            throw Missing(
                reason: "endpoints not found for service \(dst)",
                suggestion: "Confirm service \(dst.quoted) selects running pods")
        }
        return out
    }

    static func isHeadless(_ service: Value) -> Bool {
        let ip = service["spec"]?["clusterIP"]?.stringValue ?? ""
        return ip.isEmpty || ip == "None"
    }

    /// The addresses the outbound chain must match: the cluster IP, or the endpoints' IPs for a headless service.
    func destinationIPs(_ service: Value, _ dst: Name) async throws -> Set<String> {
        if !Self.isHeadless(service) { return [service["spec"]?["clusterIP"]?.stringValue ?? ""] }
        let eps = try await endpoints(dst)
        var ips = Set<String>()
        for subset in eps["subsets"]?.arrayValue ?? [] {
            for address in subset["addresses"]?.arrayValue ?? [] {
                if let ip = address["ip"]?.stringValue { ips.insert(ip) }
            }
        }
        return ips
    }

    func serviceAccount(_ pod: Name) async throws -> String {
        do {
            let object = try await client.get(.pods, name: pod.name, namespace: pod.namespace)
            let account = object["spec"]?["serviceAccountName"]?.stringValue ?? ""
            return account.isEmpty ? "default" : account
        } catch {
            throw Missing(reason: "pod \(pod) not found")
        }
    }

    // MARK: Envoy facts

    func activeChains(
        _ dump: EnvoyConfigDump, listener name: String, side: String, pod: Name
    ) throws -> [EnvoyConfigDump.FilterChain] {
        let direction = name == EnvoyNames.outboundListener ? "Outbound" : "Inbound"
        guard let listener = dump.listener(named: name) else {
            throw Missing(
                reason: "\(direction) listener \(GoSyntax.quote(name)) not found on \(side) pod \(pod.quoted)",
                suggestion: Self.controllerHint)
        }
        guard let chains = listener.filterChains else {
            throw Missing(
                reason: "\(direction) listener \(GoSyntax.quote(name)) on \(side) pod \(pod.quoted) is not active",
                suggestion:
                    "Envoy has not finished applying its listeners; check the sidecar's log for rejected configuration")
        }
        return chains
    }

    func outboundFilterChain(_ s: MeshService, chains: [EnvoyConfigDump.FilterChain], ipRanges: Set<String>) throws {
        guard let chain = chains.first(where: { $0.name == s.outboundFilterChain }) else {
            throw Missing(reason: "filter chain match \(s.outboundFilterChain) not found")
        }
        guard chain.destinationPort == s.port else {
            throw Missing(reason: "filter chain match not found for port \(s.port)")
        }
        let configured = Set(chain.prefixRanges)
        guard configured == ipRanges else {
            throw Missing(
                reason:
                    "filter chain match not found for IP ranges \(Self.setText(ipRanges)), found \(Self.setText(configured))"
            )
        }
        try filter(chain, proto: s.proto)
    }

    func inboundFilterChain(_ s: MeshService, chains: [EnvoyConfigDump.FilterChain]) throws {
        guard let chain = chains.first(where: { $0.name == s.inboundFilterChain }) else {
            throw Missing(reason: "filter chain match \(s.inboundFilterChain) not found")
        }
        guard chain.destinationPort == s.targetPort else {
            throw Missing(reason: "filter chain match not found for port \(s.targetPort)")
        }
        try filter(chain, proto: s.proto)
    }

    /// The ingress service's Endpoints.
    func ingressServiceEndpoints() async throws -> Value {
        let ingress = traffic.sourceService!
        do {
            return try await client.get(.endpoints, name: ingress.name, namespace: ingress.namespace)
        } catch {
            throw Missing(
                reason:
                    "Did not find matching inbound filter chain for ingress \(traffic.destinationService.map { $0.quoted } ?? ""): ingress source service \(ingress.quoted) not found: \(error)",
                suggestion: "Confirm service \(ingress.quoted) exists")
        }
    }

    /// The chain for ingress must admit every endpoint address of the ingress service (as /32 sources).
    func ingressFilterChain(_ dst: Name, endpoints eps: Value, chains: [EnvoyConfigDump.FilterChain]) throws {
        let s = MeshService(
            namespace: dst.namespace, name: dst.name, port: 0, targetPort: traffic.destinationPort,
            proto: traffic.appProtocol)
        guard let chain = chains.first(where: { $0.name == s.ingressFilterChain }) else {
            throw Missing(reason: "ingress filter chain \(s.ingressFilterChain) not found")
        }
        let admitted = Set(chain.sourcePrefixRanges.filter { $0.length == 32 }.map(\.address))
        for subset in eps["subsets"]?.arrayValue ?? [] {
            for address in subset["addresses"]?.arrayValue ?? [] {
                let ip = address["ip"]?.stringValue ?? ""
                if !admitted.contains(ip) {
                    throw Missing(reason: "service endpoint \(ip) was not found in the ingress inbound filter chain")
                }
            }
        }
    }

    func filter(_ chain: EnvoyConfigDump.FilterChain, proto: String) throws {
        guard let name = EnvoyNames.filter(for: proto) else { throw Missing(reason: "unsupported protocol \(proto)") }
        guard chain.filterNames.contains(name) else { throw Missing(reason: "filter \(name) not found") }
    }

    func route(_ dump: EnvoyConfigDump, name: String, domain: String) throws {
        guard let config = dump.routeConfig(named: name) else {
            throw Missing(reason: "route configuration \(name) not found")
        }
        guard config.virtualHostDomains.contains(where: { $0.contains(domain) }) else {
            throw Missing(reason: "virtual host for domain \(domain) not found")
        }
    }

    func cluster(_ dump: EnvoyConfigDump, _ name: String) throws {
        guard dump.clusters.contains(name) else { throw Missing(reason: "cluster \(name) not found") }
    }

    func secrets(_ dump: EnvoyConfigDump, _ expected: [String]) throws {
        let missing = expected.filter { !dump.secrets.contains($0) }
        if !missing.isEmpty { throw Missing(reason: "expected secrets \(Self.setText(Set(missing))) not found") }
    }

    /// Egress: the chain for the port and protocol, the HTTP route (with the host's virtual host when
    /// a host is given), and the cluster.
    func egress(_ dump: EnvoyConfigDump, chains: [EnvoyConfigDump.FilterChain]) throws {
        let port = traffic.externalPort, proto = traffic.appProtocol, host = traffic.externalHost
        let egressHint =
            "Check that an Egress policy allows port \(port) with protocol \(proto)"
            + (host.isEmpty ? "" : " to host \(host)")
            + " for the pod's service account, or that global egress is enabled in the MeshConfig"
        let chainName = EnvoyNames.egressFilterChain(port: port, proto: proto)
        guard let chain = chains.first(where: { $0.name == chainName }) else {
            throw Missing(
                reason:
                    "Did not find matching filter chain: filter chain not found for port=\(port), protocol=\(proto)",
                suggestion: egressHint)
        }
        do { try filter(chain, proto: proto) } catch let m as Missing {
            throw Missing(reason: "Did not find matching filter chain: \(m.reason)", suggestion: egressHint)
        }
        if proto == "http" {
            let routeName = EnvoyNames.egressRouteConfig(port)
            guard let config = dump.routeConfig(named: routeName) else {
                throw Missing(
                    reason: "Did not find outbound route configuration: route configuration \(routeName) not found",
                    suggestion: egressHint)
            }
            if !host.isEmpty && !config.virtualHostDomains.contains(where: { $0.contains(host) }) {
                throw Missing(
                    reason: "Did not find outbound route configuration: virtual host for domain \(host) not found",
                    suggestion: egressHint)
            }
        }
        let clusterName = EnvoyNames.egressCluster(host: host, port: port, proto: proto)
        guard dump.clusters.contains(clusterName) else {
            throw Missing(
                reason: "Did not find cluster for external port \(port): cluster \(clusterName) not found",
                suggestion: egressHint)
        }
    }

    /// A set as golang-set prints it: `Set{a, b}` (sorted here, so the text is stable).
    static func setText(_ items: Set<String>) -> String { "Set{" + items.sorted().joined(separator: ", ") + "}" }
}
