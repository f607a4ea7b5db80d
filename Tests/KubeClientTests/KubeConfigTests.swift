import Foundation
import KubeClient
import Testing

/// kubeconfig loading as kubectl does it: sources, merging, contexts, credentials, and errors that
/// name the file, context or field.
@Suite(.timeLimit(.minutes(3))) struct KubeConfigTests {
    let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("osm-kubeconfig-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func write(_ name: String, _ text: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func config(server: String, context: String = "c", user: String = "u", token: String = "tok", current: String? = "c") -> String {
        """
        apiVersion: v1
        kind: Config
        \(current.map { "current-context: \($0)" } ?? "")
        clusters:
        - name: \(context)-cluster
          cluster:
            server: \(server)
        contexts:
        - name: \(context)
          context: {cluster: \(context)-cluster, user: \(user)}
        users:
        - name: \(user)
          user:
            token: \(token)

        """
    }

    @Test func explicitFileWinsOverKUBECONFIG() throws {
        let a = try write("a", config(server: "https://a.example:6443"))
        let b = try write("b", config(server: "https://b.example:6443"))
        let loaded = try KubeConfigLoader(explicitPath: b, variables: ["KUBECONFIG": a]).clientConfig()
        #expect(loaded.server == "https://b.example:6443")
    }

    @Test func kubeconfigListIsMergedFirstDefinitionWins() throws {
        let first = try write("first", config(server: "https://first:6443", context: "shared", token: "one", current: "shared"))
        let second = try write("second", config(server: "https://second:6443", context: "shared", token: "two", current: "other")
                               + "- name: extra\n  user: {token: three}\n")
        let missing = scratch.appendingPathComponent("missing").path
        let loader = KubeConfigLoader(variables: ["KUBECONFIG": "\(missing):\(first):\(second)"])
        #expect(loader.candidateFiles() == [first, second])
        let merged = try loader.loadMerged()
        #expect(merged.currentContext == "shared")
        #expect(merged.clusters["shared-cluster"]?.server == "https://first:6443")
        #expect(merged.users["extra"]?.token == "three")
        let resolved = try loader.clientConfig()
        guard case .token(let token) = resolved.credentials else { Issue.record("expected a token"); return }
        #expect(token == "one")
    }

    @Test func homeKubeConfigIsTheDefault() throws {
        _ = try write("home/.kube/config", config(server: "https://home:6443"))
        let loaded = try KubeConfigLoader(variables: ["HOME": scratch.appendingPathComponent("home").path]).clientConfig()
        #expect(loaded.server == "https://home:6443")
    }

    @Test func contextFlagSelectsAnotherContext() throws {
        let path = try write("two", config(server: "https://one:6443") + """
            - name: second-user
              user: {username: admin, password: secret}
            """)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "contexts:\n", with: "contexts:\n- name: other\n  context: {cluster: c-cluster, user: second-user, namespace: team}\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try KubeConfigLoader(explicitPath: path, context: "other", variables: [:]).clientConfig()
        #expect(loaded.namespace == "team")
        guard case .basic(let user, let password) = loaded.credentials else { Issue.record("expected basic auth"); return }
        #expect(user == "admin" && password == "secret")
    }

    @Test func relativePathsResolveAgainstTheFilesFolder() throws {
        let folder = scratch.appendingPathComponent("rel")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("pki"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestTLS.path("ca.crt"), toPath: folder.appendingPathComponent("pki/ca.crt").path)
        try FileManager.default.copyItem(atPath: TestTLS.path("admin.crt"), toPath: folder.appendingPathComponent("pki/admin.crt").path)
        try FileManager.default.copyItem(atPath: TestTLS.path("admin-pkcs8.key"), toPath: folder.appendingPathComponent("pki/admin.key").path)
        let path = try write("rel/config", """
            current-context: c
            clusters:
            - name: k
              cluster: {server: "https://127.0.0.1:1", certificate-authority: pki/ca.crt}
            contexts:
            - name: c
              context: {cluster: k, user: u}
            users:
            - name: u
              user: {client-certificate: pki/admin.crt, client-key: pki/admin.key}
            """)
        let loaded = try KubeConfigLoader(explicitPath: path, variables: [:]).clientConfig()
        #expect(loaded.tls.certificateAuthorityPEM == Array(TestTLS.text("ca.crt").utf8))
        #expect(loaded.tls.clientCertificatePEM == Array(TestTLS.text("admin.crt").utf8))
        #expect(loaded.tls.clientKeyPEM == Array(TestTLS.text("admin-pkcs8.key").utf8))
    }

    @Test func inClusterServiceAccountIsUsedWithoutAnyKubeconfig() throws {
        let account = scratch.appendingPathComponent("sa")
        try FileManager.default.createDirectory(at: account, withIntermediateDirectories: true)
        try "sa-token\n".write(to: account.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        try TestTLS.text("ca.crt").write(to: account.appendingPathComponent("ca.crt"), atomically: true, encoding: .utf8)
        try "osm-system".write(to: account.appendingPathComponent("namespace"), atomically: true, encoding: .utf8)
        var loader = KubeConfigLoader(variables: ["HOME": scratch.appendingPathComponent("nohome").path,
                                                  "KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"])
        loader.serviceAccountFolder = account.path
        let loaded = try loader.clientConfig()
        #expect(loaded.server == "https://10.0.0.1:443")
        #expect(loaded.namespace == "osm-system")
        guard case .tokenFile(let file) = loaded.credentials else { Issue.record("expected the token file"); return }
        #expect(file == account.appendingPathComponent("token").path)
    }

    func failure(_ loader: KubeConfigLoader) -> String {
        do {
            _ = try loader.clientConfig()
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func noConfigurationAtAllIsClientGosMessage() {
        #expect(failure(KubeConfigLoader(variables: ["HOME": scratch.appendingPathComponent("none").path]))
                == "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable")
    }

    /// Issue 13: a KUBECONFIG whose every entry is missing says so, instead of client-go's vague sentence.
    @Test func kubeconfigListOfMissingFilesNamesThem() {
        let one = scratch.appendingPathComponent("x-config").path, two = scratch.appendingPathComponent("y-config").path
        #expect(failure(KubeConfigLoader(variables: ["KUBECONFIG": one])) == "KUBECONFIG names \(one), which does not exist")
        #expect(failure(KubeConfigLoader(variables: ["KUBECONFIG": "\(one):\(two)"]))
                == "KUBECONFIG names \(one), \(two), none of which exists")
        // An empty KUBECONFIG is as if unset: client-go's sentence stays.
        #expect(failure(KubeConfigLoader(variables: ["KUBECONFIG": "", "HOME": scratch.appendingPathComponent("none").path]))
                == "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable")
    }

    @Test func missingExplicitFileNamesTheFile() {
        let path = scratch.appendingPathComponent("nope").path
        #expect(failure(KubeConfigLoader(explicitPath: path, variables: [:])) == "cannot read kubeconfig file \"\(path)\": no such file or directory")
    }

    @Test func brokenFileNamesTheFileAndLine() throws {
        let path = try write("broken", "clusters:\n- name: x\n  cluster: [unclosed\n")
        // kubectl v1.32 on the same file: error loading config file "<path>": yaml: line 3: did not find expected ',' or ']'
        #expect(failure(KubeConfigLoader(explicitPath: path, variables: [:]))
                == "error loading config file \"\(path)\": yaml: line 3: did not find expected ',' or ']'")
    }

    @Test func wrongFieldTypeNamesTheField() throws {
        let path = try write("typed", "clusters:\n- name: x\n  cluster:\n    server: [a]\n")
        #expect(failure(KubeConfigLoader(explicitPath: path, variables: [:]))
                == "error loading config file \"\(path)\": clusters[x].server: expected a string")
    }

    @Test func unknownContextNamesTheContextAndFile() throws {
        let path = try write("ctx", config(server: "https://x:6443"))
        #expect(failure(KubeConfigLoader(explicitPath: path, context: "prod", variables: [:]))
                == "context \"prod\" does not exist in kubeconfig \"\(path)\"")
    }

    @Test func authProviderPointsAtTheExecPlugin() throws {
        let path = try write("gcp", """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://x"}}]
            contexts: [{name: c, context: {cluster: k, user: g}}]
            users: [{name: g, user: {auth-provider: {name: gcp}}}]
            """)
        #expect(failure(KubeConfigLoader(explicitPath: path, variables: [:]))
                == "user \"g\" uses the auth-provider \"gcp\", which is no longer supported; configure an exec credential plugin instead: gke-gcloud-auth-plugin (https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl)")
    }

    @Test func execV1WithoutInteractiveModeIsRefused() throws {
        let path = try write("execv1", """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://x"}}]
            contexts: [{name: c, context: {cluster: k, user: e}}]
            users: [{name: e, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: plugin}}}]
            """)
        #expect(failure(KubeConfigLoader(explicitPath: path, variables: [:])).hasSuffix("interactiveMode must be specified for plugin to use exec authentication plugin"))
    }

    @Test func impersonationFieldsAreRead() throws {
        let path = try write("as", """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://x"}}]
            contexts: [{name: c, context: {cluster: k, user: i}}]
            users: [{name: i, user: {token: t, as: jane, as-groups: [devs, ops], as-uid: "42"}}]
            """)
        let loaded = try KubeConfigLoader(explicitPath: path, variables: [:]).clientConfig()
        #expect(loaded.impersonateUser == "jane")
        #expect(loaded.impersonateGroups == ["devs", "ops"])
        #expect(loaded.impersonateUID == "42")
    }
}

/// Fuzzing kubeconfig files (issue 13): mutated files load or fail with a KubeConfigError naming
/// the file; none crashes. Seeded, so a failure reproduces.
@Suite(.timeLimit(.minutes(3))) struct KubeConfigFuzzTests {
    static let base = """
        apiVersion: v1
        kind: Config
        current-context: c
        clusters:
        - name: c-cluster
          cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: "bm90IGEgY2VydA==", tls-server-name: api, proxy-url: "http://proxy:3128"}
        contexts:
        - name: c
          context: {cluster: c-cluster, user: u, namespace: ns}
        users:
        - name: u
          user:
            token: tok
            exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/true, args: [a], env: [{name: X, value: "1"}], interactiveMode: Never}
        """

    @Test func mutatedFilesLoadOrFailNamingTheFile() throws {
        var state: UInt64 = 0x5eed_0005
        func next() -> UInt64 { state ^= state >> 12; state ^= state << 25; state ^= state >> 27; return state &* 2685821657736338717 }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("osm-kcfuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("config").path
        let tokens = [":", "- ", "{", "}", "[", "]", "\n  ", "'", "\"", "~", "null", "0x", "!!int ", "&a", "*a", "\t", "\u{0}"]
        var failed = 0
        for _ in 0..<2000 {
            var text = Array(Self.base.utf8)
            for _ in 0..<(1 + next() % 3) {
                switch next() % 3 {
                case 0: if !text.isEmpty { text = Array(text.prefix(Int(next() % UInt64(text.count)))) }
                case 1: text.insert(contentsOf: Array(tokens[Int(next() % UInt64(tokens.count))].utf8), at: Int(next() % UInt64(max(1, text.count))))
                default: if !text.isEmpty { text[Int(next() % UInt64(text.count))] = UInt8(truncatingIfNeeded: next()) }
                }
            }
            try Data(text).write(to: URL(fileURLWithPath: path))
            do {
                _ = try KubeConfigLoader(explicitPath: path, variables: [:]).clientConfig()
            } catch {
                failed += 1
                // Parse errors name the file; the rest name the context, cluster, user or field at fault.
                #expect(!error.description.isEmpty)
            }
        }
        #expect(failed > 200)
    }
}
