import Foundation
import KubeClient
import KubeFake
import Testing
import ValueKit

/// The whole client (kubeconfig → credentials → libcurl → TLS) against the fake on a loopback port.
@Suite(.serialized, .timeLimit(.minutes(3))) struct LoopbackClientTests {
    let cluster: TestCluster
    init() throws { cluster = try TestCluster() }

    func lastUser() -> String {
        let line = cluster.fake.requestLog.last ?? ""
        guard let open = line.lastIndex(of: "(") else { return line }
        return String(line[line.index(after: open)..<line.index(before: line.endIndex)])
    }

    @Test(arguments: [("admin.crt", "admin-rsa.key", "admin"), ("admin.crt", "admin-pkcs8.key", "admin"), ("ec-user.crt", "ec-user.key", "ec-user")])
    func clientCertificatesAuthenticate(_ cert: String, _ key: String, _ user: String) async throws {
        let path = try cluster.kubeconfig(user: "    client-certificate-data: \(TestTLS.base64(cert))\n    client-key-data: \(TestTLS.base64(key))")
        let names = try await cluster.client(path).list(.namespaces).compactMap { $0["metadata"]?["name"]?.stringValue }
        #expect(names.contains("default"))
        #expect(lastUser() == user)
    }

    @Test func http1RequestsInFlightShareAFewConnections() async throws {
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        // A slow server, so that all requests would be in flight at once.
        cluster.fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/default", times: 24, .delay(0.05)))
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<24 { group.addTask { try await client.get(.namespaces, name: "default")["metadata"]?["name"]?.stringValue ?? "" } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(names == Array(repeating: "default", count: 24))
        // HTTP/1.1 needs a connection per request in flight; the transport opens at most 4 and queues the rest.
        #expect(cluster.tls.connectionsAccepted <= 4)
        #expect(cluster.tls.connectionsAccepted >= 1)
    }

    @Test func bearerTokenAuthenticates() async throws {
        let path = try cluster.kubeconfig(user: "    token: t0ken")
        _ = try await cluster.client(path).get(.namespaces, name: "default")
        #expect(lastUser() == "token-user")
    }

    @Test func tokenFileIsReadPerRequest() async throws {
        let tokenPath = try cluster.write("token", "t0ken\n")
        let path = try cluster.kubeconfig(user: "    tokenFile: \(tokenPath)")
        _ = try await cluster.client(path).get(.namespaces, name: "default")
        #expect(lastUser() == "token-user")
    }

    @Test func badTokenIsUnauthorized() async throws {
        let path = try cluster.kubeconfig(user: "    token: wrong")
        do {
            _ = try await cluster.client(path).list(.namespaces)
            Issue.record("expected 401")
        } catch let error as KubeAPIError {
            #expect(error.code == 401)
            #expect(error.reason == .unauthorized)
            #expect(error.kubectlDescription == "Error from server (Unauthorized): Unauthorized")
        }
    }

    @Test func forbiddenNamesUserVerbAndResource() async throws {
        cluster.fake.authorize = { user, _, _, _, _ in user != "token-user" }
        let path = try cluster.kubeconfig(user: "    token: t0ken")
        do {
            _ = try await cluster.client(path).list(.namespaces)
            Issue.record("expected 403")
        } catch let error as KubeAPIError {
            #expect(error.reason == .forbidden)
            #expect(error.description == "namespaces is forbidden: User \"token-user\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope")
        }
    }

    @Test func wrongCertificateAuthorityIsATLSErrorNamingTheServer() async throws {
        let path = try cluster.kubeconfig(user: "    token: t0ken",
                                          cluster: "    server: \(cluster.tls.url)\n    certificate-authority-data: \(TestTLS.base64("other-ca.crt"))")
        do {
            _ = try await cluster.client(path).list(.namespaces)
            Issue.record("expected a TLS failure")
        } catch let error as TransportError {
            #expect(error.kind == .tlsVerification)
            #expect(error.description.hasPrefix("the certificate of the server 127.0.0.1:\(cluster.tls.port) could not be verified"))
        }
    }

    @Test func insecureSkipVerifyAcceptsAnyServerCertificate() async throws {
        let path = try cluster.kubeconfig(user: "    token: t0ken", cluster: "    server: \(cluster.tls.url)\n    insecure-skip-tls-verify: true")
        _ = try await cluster.client(path).get(.namespaces, name: "default")
    }

    /// The server's certificate names only kubernetes.default.svc (not 127.0.0.1): the request works
    /// with `tls-server-name` and fails without it, so the setting is really used for verification.
    @Test func tlsServerNameIsUsedForVerification() async throws {
        let fake = FakeAPIServer()
        fake.tokens = ["t0ken": "token-user"]
        let server = try LoopbackTLSServer(server: fake, certificatePEM: TestTLS.text("sni-server.crt"), keyPEM: TestTLS.text("sni-server.key"),
                                           clientCAPEM: TestTLS.text("ca.crt"))
        defer { server.stop() }
        func kubeconfig(_ serverName: String?) throws -> String {
            var body = ["    server: \(server.url)", "    certificate-authority-data: \(TestTLS.base64("sni-ca.crt"))"]
            if let serverName { body.append("    tls-server-name: \(serverName)") }
            return try cluster.kubeconfig(user: "    token: t0ken", cluster: body.joined(separator: "\n"))
        }
        let named = try cluster.client(try kubeconfig("kubernetes.default.svc"))
        #expect(try await named.get(.namespaces, name: "default")["metadata"]?["name"] == "default")
        let unnamed = try cluster.client(try kubeconfig(nil))
        await #expect(throws: TransportError.self) { _ = try await unnamed.get(.namespaces, name: "default") }
    }

    func execPlugin(_ status: String, counter: String, apiVersion: String = "client.authentication.k8s.io/v1") throws -> String {
        try cluster.write("plugin.sh", """
            #!/bin/sh
            echo run >> \(counter)
            printf '%s' "$KUBERNETES_EXEC_INFO" > \(counter).info
            cat <<JSON
            {"kind":"ExecCredential","apiVersion":"\(apiVersion)","status":\(status)}
            JSON
            """, executable: true)
    }

    @Test func execPluginTokenIsCachedAndRerunOnUnauthorized() async throws {
        let counter = cluster.folder.appendingPathComponent("runs").path
        let plugin = try execPlugin(#"{"token":"t0ken","expirationTimestamp":"2999-01-01T00:00:00Z"}"#, counter: counter)
        let path = try cluster.kubeconfig(user: """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(plugin)
                  interactiveMode: Never
                  provideClusterInfo: true
                  env: [{name: EXTRA, value: "1"}]
            """)
        let client = try cluster.client(path)
        _ = try await client.get(.namespaces, name: "default")
        _ = try await client.get(.namespaces, name: "kube-system")
        #expect(lastUser() == "token-user")
        #expect(try String(contentsOfFile: counter, encoding: .utf8) == "run\n")
        let info = try GoJSONDecoder.decode(String(contentsOfFile: counter + ".info", encoding: .utf8))
        #expect(info["spec"]?["cluster"]?["server"]?.stringValue == cluster.tls.url)
        #expect(info["spec"]?["interactive"] == false)
        // The server stops accepting the token: the plugin runs once more, then the error surfaces.
        cluster.fake.tokens = [:]
        await #expect(throws: KubeAPIError.self) { _ = try await client.get(.namespaces, name: "default") }
        #expect(try String(contentsOfFile: counter, encoding: .utf8) == "run\nrun\n")
    }

    @Test func execPluginClientCertificate() async throws {
        let counter = cluster.folder.appendingPathComponent("cert-runs").path
        let cert = TestTLS.text("ec-user.crt").replacingOccurrences(of: "\n", with: "\\n")
        let key = TestTLS.text("ec-user.key").replacingOccurrences(of: "\n", with: "\\n")
        let plugin = try execPlugin(#"{"clientCertificateData":"\#(cert)","clientKeyData":"\#(key)"}"#, counter: counter,
                                    apiVersion: "client.authentication.k8s.io/v1beta1")
        let path = try cluster.kubeconfig(user: "    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: \(plugin)}")
        _ = try await cluster.client(path).list(.namespaces)
        #expect(lastUser() == "ec-user")
    }

    @Test func execPluginFailuresNameThePlugin() async throws {
        let path = try cluster.kubeconfig(user: "    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: no-such-plugin, installHint: install it}")
        do {
            _ = try await cluster.client(path).list(.namespaces)
            Issue.record("expected a failure")
        } catch let error as KubeConfigError {
            #expect(error.description == "getting credentials for user \"tester\": exec: executable no-such-plugin not found\n\ninstall it")
        }
        let failing = try cluster.write("fail.sh", "#!/bin/sh\nexit 3\n", executable: true)
        let path2 = try cluster.kubeconfig(user: "    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: \(failing)}", name: "c2")
        do {
            _ = try await cluster.client(path2).list(.namespaces)
            Issue.record("expected a failure")
        } catch let error as KubeConfigError {
            #expect(error.description == "getting credentials for user \"tester\": exec: executable \(failing) failed with exit code 3")
        }
    }

    @Test func everyVerbRoundTrips() async throws {
        let path = try cluster.kubeconfig(user: "    token: t0ken")
        let client = try cluster.client(path)
        _ = try await client.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bookstore"]])
        for i in 1...5 {
            _ = try await client.create(.configMaps, ["apiVersion": "v1", "kind": "ConfigMap",
                                                      "metadata": ["name": .string("cm\(i)"), "labels": ["n": .string(i % 2 == 0 ? "even" : "odd")]]],
                                        namespace: "bookstore")
        }
        // LIST follows continue tokens; selectors filter.
        #expect(try await client.list(.configMaps, namespace: "bookstore", limit: 2).count == 5)
        #expect(try await client.list(.configMaps, namespace: "bookstore", labelSelector: "n=even").count == 2)
        #expect(try await client.list(.configMaps, namespace: "bookstore", fieldSelector: "metadata.name=cm3").count == 1)
        // Create of an existing name.
        do {
            _ = try await client.create(.configMaps, ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "cm1"]], namespace: "bookstore")
            Issue.record("expected AlreadyExists")
        } catch let error as KubeAPIError {
            #expect(error.reason == .alreadyExists)
            #expect(error.description == "configmaps \"cm1\" already exists")
        }
        // UPDATE with a stale resourceVersion is a conflict.
        var cm = try await client.get(.configMaps, name: "cm1", namespace: "bookstore")
        var map = cm.mapValue!
        map["data"] = ["k": "v"]
        cm = .map(map)
        let updated = try await client.update(.configMaps, cm, namespace: "bookstore")
        #expect(updated["data"]?["k"] == "v")
        await #expect(throws: KubeAPIError.self) { _ = try await client.update(.configMaps, cm, namespace: "bookstore") }
        // PATCH in every flavour.
        let merged = try await client.patch(.configMaps, name: "cm1", namespace: "bookstore", type: .merge, body: Array(#"{"data":{"m":"1"}}"#.utf8))
        #expect(merged["data"]?["m"] == "1")
        let strategic = try await client.patch(.configMaps, name: "cm1", namespace: "bookstore", type: .strategicMerge, body: Array(#"{"data":{"m":null}}"#.utf8))
        #expect(strategic["data"]?["m"] == nil)
        let json = try await client.patch(.configMaps, name: "cm1", namespace: "bookstore", type: .json, body: Array(#"[{"op":"add","path":"/data/j","value":"2"}]"#.utf8))
        #expect(json["data"]?["j"] == "2")
        // Server-side apply with ownership.
        let applied: Value = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "applied"], "data": ["owner": "osm"]]
        _ = try await client.apply(.configMaps, applied, namespace: "bookstore", fieldManager: "osm")
        let rival: Value = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "applied"], "data": ["owner": "other"]]
        do {
            _ = try await client.apply(.configMaps, rival, namespace: "bookstore", fieldManager: "other")
            Issue.record("expected a conflict")
        } catch let error as KubeAPIError {
            #expect(error.reason == .conflict)
            #expect(error.description == "Apply failed with 1 conflict: conflict with \"osm\": .data.owner")
            #expect(error.causes.map(\.field) == [".data.owner"])
        }
        let forced = try await client.apply(.configMaps, rival, namespace: "bookstore", fieldManager: "other", force: true)
        #expect(forced["data"]?["owner"] == "other")
        // DELETE with a failing precondition, then for real.
        do {
            try await client.delete(.configMaps, name: "cm2", namespace: "bookstore", preconditionUID: "not-the-uid")
            Issue.record("expected a precondition failure")
        } catch let error as KubeAPIError {
            #expect(error.reason == .conflict)
            #expect(error.description.hasPrefix("Operation cannot be fulfilled on configmaps \"cm2\": Precondition failed: UID in precondition: not-the-uid"))
        }
        try await client.delete(.configMaps, name: "cm2", namespace: "bookstore", propagation: .background)
        await #expect(throws: KubeAPIError.self) { _ = try await client.get(.configMaps, name: "cm2", namespace: "bookstore") }
    }

    @Test func discoveryMapsKindsIncludingCRDs() async throws {
        let path = try cluster.kubeconfig(user: "    token: t0ken")
        let client = try cluster.client(path)
        #expect(try await client.discovery.resource(apiVersion: "apps/v1", kind: "Deployment") == .deployments)
        #expect(try await client.discovery.serverVersion()["gitVersion"] == "v1.36.2")
        await #expect(throws: KubeAPIError.self) { _ = try await client.discovery.resource(apiVersion: "config.openservicemesh.io/v1alpha2", kind: "MeshConfig") }
        _ = try await client.create(.customResourceDefinitions, [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "meshconfigs.config.openservicemesh.io"],
            "spec": ["group": "config.openservicemesh.io", "scope": "Namespaced", "names": ["plural": "meshconfigs", "kind": "MeshConfig"],
                     "versions": [["name": "v1alpha2", "served": true, "storage": true]]],
        ])
        await client.discovery.invalidate()
        let mesh = try await client.discovery.resource(apiVersion: "config.openservicemesh.io/v1alpha2", kind: "MeshConfig")
        #expect(mesh.namespaced && mesh.resource == "meshconfigs")
        #expect(try await client.discovery.has("config.openservicemesh.io/v1alpha2/MeshConfig"))
    }

    @Test func watchDeliversEventsAndStatusIsASubresource() async throws {
        cluster.fake.controllersActAtOnce()
        let path = try cluster.kubeconfig(user: "    token: t0ken")
        let client = try cluster.client(path)
        _ = try await client.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "web"]])
        let deployment: Value = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "app"],
                                 "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "web"]]]]
        let created = try await client.create(.deployments, deployment, namespace: "web")
        #expect(created["status"]?["readyReplicas"]?.integerValue == 2)
        // The watch stays open: the existing object, then changes as they happen; the server ends it at
        // timeoutSeconds, the reader by answering false.
        let timedOut = Collected()
        try await client.watch(.deployments, namespace: "web", timeoutSeconds: 1) { event in timedOut.add(event.type); return true }
        #expect(timedOut.items == ["ADDED"])
        let live = Collected()
        let watching = Task {
            try await client.watch(.deployments, namespace: "web", labelSelector: "tier=front") { event in
                live.add("\(event.type) \(event.object["metadata"]?["name"]?.stringValue ?? "")")
                return event.type != "DELETED"
            }
        }
        // Under a loaded machine the watch request may take a while to arrive: wait up to 10 s for it.
        for _ in 0..<500 where !cluster.fake.requestLog.contains(where: { $0.contains("watch=1") && $0.contains("tier") }) {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let front: Value = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "front", "labels": ["tier": "front"]],
                            "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "front"]]]]
        _ = try await client.create(.deployments, front, namespace: "web")
        _ = try await client.create(.deployments, ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "back", "labels": ["tier": "back"]],
                                                   "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "back"]]]], namespace: "web")
        try await client.delete(.deployments, name: "front", namespace: "web")
        try await watching.value
        #expect(live.items == ["ADDED front", "DELETED front"])
        // A PUT to the main resource cannot change status; one to /status can.
        var changed = created.mapValue!
        changed["status"] = ["readyReplicas": 0]
        let main = try await client.update(.deployments, .map(changed), namespace: "web")
        #expect(main["status"]?["readyReplicas"]?.integerValue == 2)
        let latest = try await client.get(.deployments, name: "app", namespace: "web")
        var statusOnly = latest.mapValue!
        statusOnly["status"] = ["readyReplicas": 0]
        let status = try await client.update(.deployments, .map(statusOnly), namespace: "web", subresource: "status")
        #expect(status["status"]?["readyReplicas"]?.integerValue == 0)
    }

    @Test func podLogsWithTailLines() async throws {
        try cluster.fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "logs"]])
        try cluster.fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "logs"],
                               "spec": ["containers": [["name": "app"], ["name": "envoy"]]], "status": ["phase": "Running"]])
        cluster.fake.setLog(namespace: "logs", pod: "p", container: "envoy", "one\ntwo\nthree\n")
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        let tail = try await client.logs(pod: "p", namespace: "logs", container: "envoy", tailLines: 2)
        #expect(String(decoding: tail, as: UTF8.self) == "two\nthree\n")
        do {
            _ = try await client.logs(pod: "p", namespace: "logs")
            Issue.record("expected a container error")
        } catch let error as KubeAPIError {
            #expect(error.description == "a container name must be specified for pod p, choose one of: [app envoy]")
        }
    }

    @Test func verboseLogNamesRequestsButNeverCredentials() async throws {
        let path = try cluster.kubeconfig(user: "    token: t0ken")
        let config = try KubeConfigLoader(explicitPath: path, variables: [:]).clientConfig()
        let rest = RESTClient(config: config)
        let lines = Collected()
        rest.log = { lines.add($0) }
        _ = try await KubernetesClient(rest: rest).create(.secrets, ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"],
                                                                    "data": ["password": "c2VjcmV0"]], namespace: "default")
        #expect(lines.items.count == 1)
        #expect(lines.items[0].hasPrefix("POST \(cluster.tls.url)/api/v1/namespaces/default/secrets 201 in "))
        #expect(!lines.items.joined().contains("t0ken"))
        #expect(!lines.items.joined().contains("c2VjcmV0"))
    }
}

/// Collects strings from concurrent callbacks.

