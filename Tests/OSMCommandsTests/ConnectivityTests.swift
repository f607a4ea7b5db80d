import Foundation
import KubeFake
import OSMKit
import Testing
import ValueKit

/// `osm verify connectivity` and `osm verify ingress` against the fake API server, with Envoy
/// `config_dump?include_eds` answers written here in the shape OSM's sidecars serve (names from
/// OSM's xDS naming rules: `outbound_<ns>/<svc>_<port>_<proto>`, `rds-outbound.<port>`,
/// `<ns>/<svc>|<targetPort>`, `service-cert:<ns>/<sa>`, …), served through the fake's port-forward.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConnectivityTests {
    let rule = String(repeating: "-", count: 45) + "\n"

    // MARK: Envoy config dumps

    struct Chain {
        var name: String
        var port: Int
        var prefixes: [String] = []
        var sources: [String] = []
        var filter: String
    }

    struct Dump {
        var outbound: [Chain]? = []
        var inbound: [Chain]? = []
        var routes: [String: [String]] = [:]
        var clusters: [String] = []
        var secrets: [String] = []

        func listener(_ name: String, _ chains: [Chain]) -> Value {
            let filterChains: [Value] = chains.map { c in
                var match: OrderedMap = ["destination_port": .int(Int64(c.port))]
                if !c.prefixes.isEmpty { match["prefix_ranges"] = .array(c.prefixes.map { ["address_prefix": .string($0), "prefix_len": 32] }) }
                if !c.sources.isEmpty { match["source_prefix_ranges"] = .array(c.sources.map { ["address_prefix": .string($0), "prefix_len": 32] }) }
                return ["name": .string(c.name), "filter_chain_match": .map(match),
                        "filters": [["name": .string(c.filter), "typed_config": ["@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy"]]]]
            }
            return ["name": .string(name), "active_state": ["version_info": "3", "listener": [
                "@type": "type.googleapis.com/envoy.config.listener.v3.Listener", "name": .string(name),
                "address": ["socket_address": ["address": "0.0.0.0", "port_value": name == "outbound-listener" ? 15001 : 15003]],
                "filter_chains": .array(filterChains),
            ]], "last_updated": "2026-12-02T10:00:00Z"]
        }

        var json: [UInt8] {
            var listeners: [Value] = []
            if let outbound { listeners.append(listener("outbound-listener", outbound)) }
            if let inbound { listeners.append(listener("inbound-listener", inbound)) }
            // A listener still warming has no active state.
            if outbound == nil { listeners.append(["name": "outbound-listener", "warming_state": ["version_info": "3"]]) }
            let routeConfigs: [Value] = routes.keys.sorted().map { name in
                ["version_info": "3", "route_config": ["@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration", "name": .string(name),
                  "virtual_hosts": [["name": .string("virtual-host|" + name), "domains": .array(routes[name]!.map { .string($0) }), "routes": []]]]]
            }
            let root: Value = ["configs": [
                ["@type": "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump", "bootstrap": ["node": ["id": "uuid.sidecar.bookbuyer.bookbuyer"]]],
                ["@type": "type.googleapis.com/envoy.admin.v3.ClustersConfigDump", "dynamic_active_clusters": .array(clusters.map {
                    ["version_info": "3", "cluster": ["@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name": .string($0)]]
                })],
                ["@type": "type.googleapis.com/envoy.admin.v3.EndpointsConfigDump", "dynamic_endpoint_configs": []],
                ["@type": "type.googleapis.com/envoy.admin.v3.ListenersConfigDump", "dynamic_listeners": .array(listeners)],
                ["@type": "type.googleapis.com/envoy.admin.v3.RoutesConfigDump", "dynamic_route_configs": .array(routeConfigs)],
                ["@type": "type.googleapis.com/envoy.admin.v3.SecretsConfigDump", "dynamic_active_secrets": .array(secrets.map {
                    ["name": .string($0), "version_info": "3", "secret": ["@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret", "name": .string($0)]]
                })],
            ]]
            return Array((try! GoJSONEncoder.encode(root)).utf8)
        }
    }

    static let bookstoreFQDN = "bookstore.bookstore.svc.cluster.local"

    /// bookbuyer's sidecar, able to reach bookstore:14001 (cluster IP 10.96.0.10, pods on 14001).
    static func bookbuyerDump() -> Dump {
        Dump(outbound: [Chain(name: "outbound_bookstore/bookstore_14001_http", port: 14001, prefixes: ["10.96.0.10"], filter: "http_connection_manager"),
                        Chain(name: "egress-http.80", port: 80, filter: "http_connection_manager"),
                        Chain(name: "egress-https.443", port: 443, filter: "tcp_proxy")],
             inbound: [],
             routes: ["rds-outbound.14001": ["bookstore", "bookstore.bookstore", bookstoreFQDN, bookstoreFQDN + ":14001"],
                      "rds-egress.80": ["httpbin.org", "httpbin.org:80"]],
             clusters: ["bookstore/bookstore|14001", "httpbin.org:80", "443", "passthrough-outbound"],
             secrets: ["service-cert:bookbuyer/bookbuyer", "root-cert-for-mtls-outbound:bookstore/bookstore"])
    }

    /// bookstore's sidecar, accepting mesh traffic on 14001 and ingress from 10.244.0.7.
    static func bookstoreDump() -> Dump {
        Dump(outbound: [],
             inbound: [Chain(name: "inbound_bookstore/bookstore_14001_http", port: 14001, filter: "http_connection_manager"),
                       Chain(name: "ingress_bookstore/bookstore_14001_http", port: 14001, sources: ["10.244.0.7"], filter: "http_connection_manager")],
             routes: ["rds-inbound.14001": ["bookstore", bookstoreFQDN]],
             clusters: ["bookstore/bookstore|14001|local"],
             secrets: ["service-cert:bookstore/bookstore", "root-cert-for-mtls-inbound:bookstore/bookstore"])
    }

    // MARK: the cluster

    func cluster(source: Dump = bookbuyerDump(), destination: Dump = bookstoreDump(), labels: [String: String] = ["bookbuyer": "osm", "bookstore": "osm", "ingress-nginx": "osm"],
                 ingressSidecar: Bool = false, backend: Value? = nil) throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        for (plural, group, kind, version) in [("meshconfigs", "config.openservicemesh.io", "MeshConfig", "v1alpha2"),
                                                ("ingressbackends", "policy.openservicemesh.io", "IngressBackend", "v1alpha1")] {
            try fake.seed(["apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": .string("\(plural).\(group)")],
                           "spec": ["group": .string(group), "scope": "Namespaced", "names": ["plural": .string(plural), "kind": .string(kind)],
                                    "versions": [["name": .string(version), "served": true, "storage": true]]]])
        }
        for ns in ["osm-system", "bookbuyer", "bookstore", "ingress-nginx"] {
            var metadata: OrderedMap = ["name": .string(ns)]
            if let mesh = labels[ns] { metadata["labels"] = ["openservicemesh.io/monitored-by": .string(mesh)] }
            try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": .map(metadata)])
        }
        try fake.seed(["apiVersion": "config.openservicemesh.io/v1alpha2", "kind": "MeshConfig", "metadata": ["name": "osm-mesh-config", "namespace": "osm-system"], "spec": [:]])
        func pod(_ ns: String, _ name: String, sa: String, envoy: Bool, labels: Value = [:], ip: String) throws {
            var containers: [Value] = [["name": .string(sa), "image": "app"]]
            if envoy { containers.append(["name": "envoy", "image": "envoyproxy/envoy-distroless"]) }
            try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": .string(ns), "labels": labels],
                           "spec": ["serviceAccountName": .string(sa), "containers": .array(containers)],
                           "status": ["phase": "Running", "podIP": .string(ip)]])
        }
        try pod("bookbuyer", "bookbuyer-7d9f", sa: "bookbuyer", envoy: true, ip: "10.244.0.5")
        try pod("bookstore", "bookstore-5c4b", sa: "bookstore", envoy: true, labels: ["app": "bookstore"], ip: "10.244.0.6")
        try pod("bookstore", "bare-1", sa: "bare", envoy: false, ip: "10.244.0.9")
        try pod("ingress-nginx", "controller-1", sa: "ingress", envoy: ingressSidecar, labels: ["app": "ingress-nginx"], ip: "10.244.0.7")
        try fake.seed(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "bookstore", "namespace": "bookstore"],
                       "spec": ["clusterIP": "10.96.0.10", "selector": ["app": "bookstore"], "ports": [["name": "http", "port": 14001, "targetPort": 14001]]]])
        try fake.seed(["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "bookstore", "namespace": "bookstore"],
                       "subsets": [["addresses": [["ip": "10.244.0.6"]], "ports": [["name": "http", "port": 14001]]]]])
        try fake.seed(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "ingress-nginx-controller", "namespace": "ingress-nginx"],
                       "spec": ["clusterIP": "10.96.0.20", "selector": ["app": "ingress-nginx"], "ports": [["name": "http", "port": 80]]]])
        try fake.seed(["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "ingress-nginx-controller", "namespace": "ingress-nginx"],
                       "subsets": [["addresses": [["ip": "10.244.0.7"]], "ports": [["name": "http", "port": 80]]]]])
        try fake.seed(backend ?? ["apiVersion": "policy.openservicemesh.io/v1alpha1", "kind": "IngressBackend", "metadata": ["name": "bookstore", "namespace": "bookstore"],
                                  "spec": ["backends": [["name": "bookstore", "port": ["number": 14001, "protocol": "http"]]],
                                           "sources": [["kind": "Service", "namespace": "ingress-nginx", "name": "ingress-nginx-controller"]]]])
        let sourceJSON = source.json, destinationJSON = destination.json
        fake.setPort(namespace: "bookbuyer", pod: "bookbuyer-7d9f", port: 15000, .http { path in
            path == "/config_dump?include_eds" ? (200, sourceJSON) : (404, Array("invalid path: \(path)\n".utf8))
        })
        fake.setPort(namespace: "bookstore", pod: "bookstore-5c4b", port: 15000, .http { path in
            path == "/config_dump?include_eds" ? (200, destinationJSON) : (404, [])
        })
        return fake
    }

    let podToPod = ["verify", "connectivity", "--from-pod", "bookbuyer/bookbuyer-7d9f", "--to-pod", "bookstore/bookstore-5c4b", "--to-service", "bookstore"]

    // MARK: pod to pod

    @Test func podsThatCanTalkPassInOneLine() async throws {
        let fake = try cluster()
        let result = await runOSM(podToPod, cluster: fake)
        #expect(result.stderr == "")
        #expect(result.status == 0)
        #expect(result.stdout == rule + "[+] Context: Verify if pod \"bookbuyer/bookbuyer-7d9f\" can access pod \"bookstore/bookstore-5c4b\" for service \"bookstore/bookstore\"\nStatus: Success\n\n" + rule)
        // Each sidecar's configuration came through a port-forward, with no local port.
        #expect(fake.requestLog.contains { $0.hasPrefix("GET /api/v1/namespaces/bookbuyer/pods/bookbuyer-7d9f/portforward") })
        #expect(fake.requestLog.contains { $0.hasPrefix("GET /api/v1/namespaces/bookstore/pods/bookstore-5c4b/portforward") })
    }

    @Test func aMissingRouteIsNamedWithASuggestion() async throws {
        var source = Self.bookbuyerDump()
        source.routes["rds-outbound.14001"] = nil
        let result = await runOSM(podToPod, cluster: try cluster(source: source))
        #expect(result.status == 0)
        #expect(result.stdout.contains("[++] Context: Verify Envoy config for traffic: \n\tsource pod: bookbuyer/bookbuyer-7d9f\n\tdestination pod: bookstore/bookstore-5c4b\n\tdestination service: bookstore/bookstore\n\tdestination protocol: http\nStatus: Failure\n"))
        #expect(result.stdout.contains("[+++] Context: Verify Envoy config on source\nStatus: Failure\nReason: Did not find matching outbound route configuration for service \"bookstore/bookstore\": route configuration rds-outbound.14001 not found\nSuggestion: Check osm-controller's log"))
        // The destination is not checked once the source failed.
        #expect(!result.stdout.contains("Verify Envoy config on destination"))
    }

    @Test func aMissingCertificateIsNamed() async throws {
        var destination = Self.bookstoreDump()
        destination.secrets = ["service-cert:bookstore/bookstore"]
        let result = await runOSM(podToPod, cluster: try cluster(destination: destination))
        #expect(result.stdout.contains("[+++] Context: Verify Envoy config on source\nStatus: Success\n"))
        #expect(result.stdout.contains("[+++] Context: Verify Envoy config on destination\nStatus: Failure\nReason: Server TLS secret not found for pod \"bookstore/bookstore-5c4b\": expected secrets Set{root-cert-for-mtls-inbound:bookstore/bookstore} not found\nSuggestion: "))
    }

    @Test func filterChainMismatchesAreNamed() async throws {
        var wrongIP = Self.bookbuyerDump()
        wrongIP.outbound![0].prefixes = ["10.96.0.99"]
        let ip = await runOSM(podToPod, cluster: try cluster(source: wrongIP))
        #expect(ip.stdout.contains("Reason: Did not find matching outbound filter chain for service \"bookstore/bookstore\": filter chain match not found for IP ranges Set{10.96.0.10}, found Set{10.96.0.99}\n"))
        var tcpFilter = Self.bookstoreDump()
        tcpFilter.inbound![0].filter = "tcp_proxy"
        let filter = await runOSM(podToPod, cluster: try cluster(destination: tcpFilter))
        #expect(filter.stdout.contains("Reason: Did not find matching inbound filter chain for service \"bookstore/bookstore\": filter http_connection_manager not found\n"))
        var noCluster = Self.bookstoreDump()
        noCluster.clusters = []
        let clusterResult = await runOSM(podToPod, cluster: try cluster(destination: noCluster))
        #expect(clusterResult.stdout.contains("Reason: Did not find matching inbound cluster for service \"bookstore/bookstore\": cluster bookstore/bookstore|14001|local not found\n"))
        var warming = Self.bookbuyerDump()
        warming.outbound = nil
        let inactive = await runOSM(podToPod, cluster: try cluster(source: warming))
        #expect(inactive.stdout.contains("Reason: Outbound listener \"outbound-listener\" on source pod \"bookbuyer/bookbuyer-7d9f\" is not active\n"))
    }

    @Test func namespacesAndSidecarsComeFirst() async throws {
        let fake = try cluster(labels: ["bookbuyer": "osm", "bookstore": "other"])
        let result = await runOSM(["verify", "connectivity", "--from-pod", "bookbuyer/bookbuyer-7d9f", "--to-pod", "bookstore/bare-1", "--to-service", "bookstore"], cluster: fake)
        #expect(result.stdout.contains("[++] Context: Verify if namespace \"bookstore\" is monitored\nStatus: Failure\nReason: Expected label \"openservicemesh.io/monitored-by\" to have value \"osm\", got \"other\"\n"))
        #expect(result.stdout.contains("[++] Context: Verify Envoy sidecar on pod \"bookstore/bare-1\"\nStatus: Failure\nReason: Did not find Envoy sidecar on pod \"bookstore/bare-1\"\nSuggestion: Ensure pod \"bookstore/bare-1\" has sidecar injection enabled\n"))
        let unlabelled = await runOSM(podToPod, cluster: try cluster(labels: ["bookstore": "osm"]))
        #expect(unlabelled.stdout.contains("Reason: Missing label \"openservicemesh.io/monitored-by\" on namespace \"bookbuyer\"\nSuggestion: Add label \"openservicemesh.io/monitored-by\" on namespace \"bookbuyer\" to include it in the mesh and restart the app\n"))
    }

    @Test func anUnreachableSidecarIsUnknown() async throws {
        let fake = try cluster()
        fake.setPort(namespace: "bookstore", pod: "bookstore-5c4b", port: 15000, .refused)
        let result = await runOSM(podToPod, cluster: fake)
        #expect(result.status == 0)
        #expect(result.stdout.contains("[+++] Context: Verify Envoy config on destination\nStatus: Unknown\nReason: Error retrieving Envoy config for pod \"bookstore/bookstore-5c4b\", err: "))
    }

    // MARK: egress

    @Test func httpAndHTTPSEgress() async throws {
        let fake = try cluster()
        let http = await runOSM(["verify", "connectivity", "--from-pod", "bookbuyer/bookbuyer-7d9f", "--to-ext-port", "80", "--to-ext-host", "httpbin.org"], cluster: fake)
        #expect(http.stdout == rule + "[+] Context: Verify if pod \"bookbuyer/bookbuyer-7d9f\" can access external service on port 80\nStatus: Success\n\n" + rule)
        let https = await runOSM(["verify", "connectivity", "--from-pod", "bookbuyer/bookbuyer-7d9f", "--to-ext-port", "443", "--to-ext-host", "httpbin.org", "--app-protocol", "https"], cluster: fake)
        #expect(https.stdout.hasSuffix("Status: Success\n\n" + rule))
        let wrongHost = await runOSM(["verify", "connectivity", "--from-pod", "bookbuyer/bookbuyer-7d9f", "--to-ext-port", "80", "--to-ext-host", "example.com"], cluster: fake)
        #expect(wrongHost.stdout.contains("Reason: Did not find outbound route configuration: virtual host for domain example.com not found\nSuggestion: Check that an Egress policy allows port 80 with protocol http to host example.com"))
    }

    @Test func anInvalidTCPEgressPortFails() async throws {
        let result = await runOSM(["verify", "connectivity", "--from-pod", "bookbuyer/bookbuyer-7d9f", "--to-ext-port", "100", "--app-protocol", "tcp"], cluster: try cluster())
        #expect(result.status == 0)
        #expect(result.stdout.contains("[+++] Context: Verify Envoy config on source\nStatus: Failure\nReason: Did not find matching filter chain: filter chain not found for port=100, protocol=tcp\nSuggestion: "))
    }

    // MARK: arguments

    @Test func argumentsAreCheckedBeforeTheCluster() async throws {
        let fake = try cluster()
        let cases: [([String], String)] = [
            (["verify", "connectivity"], "required flag(s) \"from-pod\" not set"),
            (["verify", "connectivity", "--from-pod", "bookbuyer"], "--from-pod must be a namespaced name of the form <namespace>/<name>, got bookbuyer"),
            (["verify", "connectivity", "--from-pod", "a/b"], "one of --to-pod|--to-ext-port must be set"),
            (["verify", "connectivity", "--from-pod", "a/b", "--to-pod", "c/d", "--to-ext-port", "80"], "--to-pod cannot be set with --to-ext-port"),
            (["verify", "connectivity", "--from-pod", "a/b", "--to-pod", "c/d/e"], "--to-pod must be a namespaced name of the form <namespace>/<name>, got c/d/e"),
            (["verify", "connectivity", "--from-pod", "a/b", "--to-pod", "c/d"], "--to-service must be set with --to-pod"),
            (["verify", "ingress", "--to-pod", "a/b"], "required flag(s) \"from-service\", \"ingress-backend\", \"to-port\", \"to-service\" not set"),
            (["verify", "ingress", "--from-service", "svc", "--to-pod", "a/b", "--to-service", "s", "--ingress-backend", "b", "--to-port", "80"],
             "--from-service must be a namespaced name of the form <namespace>/<name>, got svc"),
            (["verify", "ingress", "--from-service", "a/svc", "--to-pod", "pod", "--to-service", "s", "--ingress-backend", "b", "--to-port", "80"],
             "--to-pod pod must be a namespaced name of the form <namespace>/<name>, got pod"),
        ]
        for (args, message) in cases {
            let result = await runOSM(args, cluster: fake)
            #expect(result.status == 1, "\(args)")
            #expect(result.stderr == "Error: \(message)\n", "\(args)")
        }
        #expect(!fake.requestLog.contains { $0.contains("meshconfigs") })
    }

    @Test func aMissingMeshConfigStopsTheCommand() async throws {
        let fake = try cluster()
        let result = await runOSM(podToPod + ["--osm-namespace", "elsewhere"], cluster: fake)
        #expect(result.status == 1)
        #expect(result.stderr.contains("osm-mesh-config"))
        #expect(result.stdout == "")
    }

    // MARK: ingress

    let ingress = ["verify", "ingress", "--from-service", "ingress-nginx/ingress-nginx-controller", "--to-pod", "bookstore/bookstore-5c4b",
                   "--to-service", "bookstore", "--ingress-backend", "bookstore", "--to-port", "14001"]

    @Test func ingressThatWorks() async throws {
        let result = await runOSM(ingress, cluster: try cluster())
        #expect(result.stderr == "")
        #expect(result.stdout == rule + "[+] Context: Verify if service \"ingress-nginx/ingress-nginx-controller\" can access pod \"bookstore/bookstore-5c4b\" for app protocol \"http\" via ingress\nStatus: Success\n\n" + rule)
    }

    @Test func anIngressPodWithASidecarFails() async throws {
        let result = await runOSM(ingress, cluster: try cluster(ingressSidecar: true))
        #expect(result.stdout.contains("[++] Context: Verify Envoy sidecar on pod \"ingress-nginx/controller-1\"\nStatus: Failure\nReason: Found Envoy sidecar on pod \"ingress-nginx/controller-1\" when one wasn't expected\nSuggestion: Ensure pod \"ingress-nginx/controller-1\" does not have sidecar injection enabled\n"))
    }

    @Test func ingressBackendRules() async throws {
        let noSources: Value = ["apiVersion": "policy.openservicemesh.io/v1alpha1", "kind": "IngressBackend", "metadata": ["name": "bookstore", "namespace": "bookstore"],
                                "spec": ["backends": [["name": "bookstore", "port": ["number": 14001, "protocol": "http"]]]]]
        let open = await runOSM(ingress, cluster: try cluster(backend: noSources))
        // Success overall, so the warning is not printed; the step itself carries it.
        #expect(open.stdout.hasSuffix("Status: Success\n\n" + rule))
        let wrongPort: Value = ["apiVersion": "policy.openservicemesh.io/v1alpha1", "kind": "IngressBackend", "metadata": ["name": "bookstore", "namespace": "bookstore"],
                                "spec": ["backends": [["name": "bookstore", "port": ["number": 8080, "protocol": "http"]]]]]
        let port = await runOSM(ingress, cluster: try cluster(backend: wrongPort))
        #expect(port.stdout.contains("[++] Context: Verify IngressBackend \"bookstore/bookstore\"\nStatus: Failure\nReason: No backend matching port 14001 and protocol http found in IngressBackend \"bookstore/bookstore\"\n"))
        let tcp = await runOSM(ingress + ["--app-protocol", "tcp"], cluster: try cluster())
        #expect(tcp.stdout.contains("Status: Failure\nReason: Ingress verifier only supports the following protocol(s): \"http\"\n"))
    }

    @Test func anIngressChainWithoutTheControllerFails() async throws {
        var destination = Self.bookstoreDump()
        destination.inbound![1].sources = ["10.244.0.99"]
        let result = await runOSM(ingress, cluster: try cluster(destination: destination))
        #expect(result.stdout.contains("Reason: Did not find matching inbound filter chain for ingress \"bookstore/bookstore\": service endpoint 10.244.0.7 was not found in the ingress inbound filter chain\n"))
    }
}
