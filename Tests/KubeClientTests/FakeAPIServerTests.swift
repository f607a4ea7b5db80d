import Foundation
import KubeClient
@testable import KubeFake
import Testing
import ValueKit

/// The fake answers the recorded requests as the real kube-apiserver did.
@Suite(.timeLimit(.minutes(3))) struct FakeAPIServerTests {
    func replay(_ server: FakeAPIServer, _ exchange: RecordedExchange, token: String? = nil) -> FakeResponse {
        server.handle(FakeRequest(method: exchange.method, target: exchange.target, body: Array((exchange.requestBody ?? "").utf8),
                                  contentType: exchange.contentType, token: token))
    }

    func body(_ response: FakeResponse) -> Value? { try? GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self)) }

    /// A server in the recorded state: namespace bookstore created by fixture 11.
    func scenario() throws -> FakeAPIServer {
        let server = FakeAPIServer()
        let created = replay(server, try RecordedExchange.load("11-"))
        #expect(created.status == 201)
        return server
    }

    @Test(arguments: ["10-", "12-", "13-", "14-", "19-", "23-", "33-", "42-", "53-", "54-"])
    func statusBodiesMatchTheRecordedServer(_ name: String) throws {
        let server = try scenario()
        let exchange = try RecordedExchange.load(name)
        let response = replay(server, exchange)
        #expect(response.status == exchange.status)
        #expect(body(response) == exchange.json, "\(name): \(String(decoding: response.body, as: UTF8.self))")
    }

    @Test func unknownGroupIsAPlainTextNotFound() throws {
        let exchange = try RecordedExchange.load("55-")
        let response = replay(FakeAPIServer(), exchange)
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == exchange.body)
        #expect(response.contentType == exchange.headers["content-type"])
    }

    @Test func serverSideApplyCreatesConflictsAndForces() throws {
        let server = try scenario()
        let create = try RecordedExchange.load("20-")
        let created = replay(server, create)
        #expect(created.status == 201)
        #expect(body(created)?["data"] == create.json?["data"])
        #expect(body(created)?["metadata"]?["managedFields"]?.arrayValue?.map { $0["manager"] } == create.json?["metadata"]?["managedFields"]?.arrayValue?.map { $0["manager"] })

        let conflict = try RecordedExchange.load("21-")
        let refused = replay(server, conflict)
        #expect(refused.status == 409)
        #expect(body(refused) == conflict.json)
        #expect(server.object(resource: "configmaps", namespace: "bookstore", name: "cm1")?["data"]?["k"] == "v")

        let force = try RecordedExchange.load("22-")
        let forced = replay(server, force)
        #expect(forced.status == 200)
        #expect(body(forced)?["data"] == force.json?["data"])
        let managers = { (v: Value?) in v?["metadata"]?["managedFields"]?.arrayValue?.map { "\($0["manager"]?.stringValue ?? "")/\($0["operation"]?.stringValue ?? "")" } }
        #expect(managers(body(forced)) == managers(force.json))
        #expect(body(forced)?["metadata"]?["managedFields"]?.arrayValue?[0]["fieldsV1"] == force.json?["metadata"]?["managedFields"]?.arrayValue?[0]["fieldsV1"])
    }

    @Test(arguments: ["15-", "16-", "17-", "18-"])
    func patchesGiveTheRecordedLabelsAndAnnotations(_ name: String) throws {
        let server = try scenario()
        // The recorded namespace carried these before the patches ran.
        for setup in ["15-", "16-", "17-"] where setup < name { _ = replay(server, try RecordedExchange.load(setup)) }
        let exchange = try RecordedExchange.load(name)
        let response = replay(server, exchange)
        #expect(response.status == exchange.status)
        var expected = exchange.json?["metadata"]?["labels"]?.mapValue
        // Labels the recording set with requests that were not recorded.
        for extra in ["team", "x"] where name != "18-" || extra != "x" { expected?[extra] = nil }
        var got = body(response)?["metadata"]?["labels"]?.mapValue
        for extra in ["team", "x"] where name != "18-" || extra != "x" { got?[extra] = nil }
        #expect(got == expected)
        #expect(body(response)?["metadata"]?["annotations"] == exchange.json?["metadata"]?["annotations"])
    }

    @Test func paginationTokensHaveTheRecordedShape() throws {
        let server = FakeAPIServer()
        for i in 1...5 { try server.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string("page-\(i)")]]) }
        try server.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bookstore"]])
        let first = try RecordedExchange.load("31-")
        let page1 = body(replay(server, first))
        // 10 namespaces as in the recording, sorted by name, two per page: the same continue key as the recording.
        #expect(page1?["items"]?.arrayValue?.map { $0["metadata"]?["name"] } == first.json?["items"]?.arrayValue?.map { $0["metadata"]?["name"] })
        let token = page1?["metadata"]?["continue"]?.stringValue ?? ""
        let decoded = try GoJSONDecoder.decode(String(decoding: Base64.decode(FakeAPIServer.padded(token)) ?? [], as: UTF8.self))
        let recorded = try GoJSONDecoder.decode(String(decoding: Base64.decode(FakeAPIServer.padded(first.json?["metadata"]?["continue"]?.stringValue ?? "")) ?? [], as: UTF8.self))
        #expect(decoded["start"] == recorded["start"])
        #expect(decoded["v"] == recorded["v"])
        let second = server.handle(FakeRequest(method: "GET", target: "/api/v1/namespaces?limit=2&continue=\(token)"))
        let recordedSecond = try RecordedExchange.load("32-").json
        #expect(body(second)?["items"]?.arrayValue?.map { $0["metadata"]?["name"] } == recordedSecond?["items"]?.arrayValue?.map { $0["metadata"]?["name"] })
        #expect(body(second)?["metadata"]?["remainingItemCount"]?.integerValue == recordedSecond?["metadata"]?["remainingItemCount"]?.integerValue)
    }

    @Test func labelSelectorsFollowKubernetesSyntax() throws {
        let server = FakeAPIServer()
        try server.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "a", "labels": ["team": "a", "tier": "web"]]])
        try server.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "b", "labels": ["team": "b"]]])
        try server.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "c"]])
        func names(_ selector: String) -> [String] {
            let escaped = selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector
            let response = server.handle(FakeRequest(method: "GET", target: "/api/v1/namespaces?labelSelector=\(escaped)"))
            return body(response)?["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue }.filter { $0.count == 1 } ?? ["error"]
        }
        #expect(names("team=a") == ["a"])
        #expect(names("team==a") == ["a"])
        #expect(names("team!=a") == ["b", "c"])
        #expect(names("team in (a,b)") == ["a", "b"])
        #expect(names("team notin (a)") == ["b", "c"])
        #expect(names("team") == ["a", "b"])
        #expect(names("!team") == ["c"])
        #expect(names("team,tier=web") == ["a"])
    }

    @Test func authenticationAndAuthorizationAnswerAsRecorded() throws {
        let server = FakeAPIServer()
        server.tokens = ["good": "dev-user"]
        server.authorize = { user, _, _, _, _ in user == "admin" }
        let forbidden = try RecordedExchange.load("50-")
        #expect(body(replay(server, forbidden, token: "good")) == forbidden.json)
        let unauthorized = try RecordedExchange.load("51-")
        let bad = replay(server, unauthorized, token: "wrong")
        #expect(bad.status == 401)
        #expect(body(bad) == unauthorized.json)
        let anonymous = try RecordedExchange.load("52-")
        #expect(body(replay(server, anonymous)) == anonymous.json)
    }

    @Test func namespaceDeletionGoesThroughTerminating() throws {
        let server = FakeAPIServer()
        try server.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "page-5"]])
        try server.seed(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x", "namespace": "page-5"]])
        let exchange = try RecordedExchange.load("41-")
        let response = replay(server, exchange)
        #expect(response.status == 200)
        #expect(body(response)?["status"] == exchange.json?["status"])
        #expect(body(response)?["metadata"]?["deletionTimestamp"] != nil)
        // It stays Terminating, refusing new content as kube-apiserver does, until the namespace
        // controller has removed everything in it.
        let still = server.handle(FakeRequest(method: "GET", target: "/api/v1/namespaces/page-5"))
        #expect(still.status == 200)
        #expect(body(still)?["status"]?["phase"] == "Terminating")
        let refused = server.handle(FakeRequest(method: "POST", target: "/api/v1/namespaces/page-5/configmaps",
                                                body: Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"y"}}"#.utf8),
                                                contentType: "application/json"))
        #expect(refused.status == 403)
        #expect(body(refused)?["message"] == "configmaps \"y\" is forbidden: unable to create new content in namespace page-5 because it is being terminated")
        server.finishNamespaceDeletions()
        let after = server.handle(FakeRequest(method: "GET", target: "/api/v1/namespaces/page-5"))
        #expect(after.status == 404)
        #expect(server.object(resource: "configmaps", namespace: "page-5", name: "x") == nil)
    }

    @Test func discoveryListsTheRecordedShapesAndLearnsCRDs() throws {
        let server = FakeAPIServer()
        let apps = try RecordedExchange.load("05-").json
        let ours = body(server.handle(FakeRequest(method: "GET", target: "/apis/apps/v1")))
        let deployments = { (v: Value?) in v?["resources"]?.arrayValue?.first { $0["name"] == "deployments" } }
        #expect(deployments(ours)?["kind"] == deployments(apps)?["kind"])
        #expect(deployments(ours)?["namespaced"] == deployments(apps)?["namespaced"])
        #expect(deployments(ours)?["verbs"] == deployments(apps)?["verbs"])
        #expect(server.handle(FakeRequest(method: "GET", target: "/apis/config.openservicemesh.io/v1alpha2/meshconfigs")).status == 404)
        try server.seed([
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "meshconfigs.config.openservicemesh.io"],
            "spec": ["group": "config.openservicemesh.io", "scope": "Namespaced",
                     "names": ["plural": "meshconfigs", "singular": "meshconfig", "kind": "MeshConfig"],
                     "versions": [["name": "v1alpha2", "served": true, "storage": true]]],
        ])
        #expect(server.handle(FakeRequest(method: "GET", target: "/apis/config.openservicemesh.io/v1alpha2/meshconfigs")).status == 200)
    }
}

/// Rules the real kube-apiserver enforced that the fake once let through, with the words envtest's
/// v1.36.2 server answered (`kubectl apply --dry-run=server` of the same objects).
@Suite(.timeLimit(.minutes(3))) struct FakeValidationTests {
    func create(_ server: FakeAPIServer, _ path: String, _ object: String, query: String = "") -> (Int, Value?) {
        let response = server.handle(FakeRequest(method: "POST", target: path + query, body: Array(object.utf8), contentType: "application/json"))
        return (response.status, try? GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self)))
    }

    @Test(arguments: [
        ("grafana-dashboard", "must be no more than 15 characters"),
        ("Abc", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
        ("a--b", "must not contain consecutive hyphens"),
        ("123", "must contain at least one letter (a-z)"),
        ("-ab", "must not begin or end with a hyphen"),
    ])
    func containerPortNamesAreIANAServiceNames(_ name: String, _ why: String) {
        let server = FakeAPIServer()
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x","ports":[{"name":"\#(name)","containerPort":80}]}]}}"#
        let (status, body) = create(server, "/api/v1/namespaces/default/pods", pod)
        #expect(status == 422)
        #expect(body?["message"]?.stringValue == "Pod \"p\" is invalid: spec.containers[0].ports[0].name: Invalid value: \"\(name)\": \(why)")
        #expect(server.object(resource: "pods", namespace: "default", name: "p") == nil)
    }

    @Test func deploymentTemplatesAreCheckedWithEveryCause() {
        let server = FakeAPIServer()
        let deployment = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"osm-grafana"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"grafana","image":"x","ports":[{"name":"grafana-dashboard","containerPort":3000}]},{"name":"renderer","image":"y","ports":[{"name":"grafana-renderer","containerPort":8081}]}]}}}}"#
        let (status, body) = create(server, "/apis/apps/v1/namespaces/default/deployments", deployment)
        #expect(status == 422)
        #expect(body?["message"]?.stringValue == #"Deployment.apps "osm-grafana" is invalid: [spec.template.spec.containers[0].ports[0].name: Invalid value: "grafana-dashboard": must be no more than 15 characters, spec.template.spec.containers[1].ports[0].name: Invalid value: "grafana-renderer": must be no more than 15 characters]"#)
    }

    @Test func dryRunAnswersLikeAWriteAndStoresNothing() {
        let server = FakeAPIServer()
        let (status, body) = create(server, "/api/v1/namespaces/default/configmaps", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}}"#, query: "?dryRun=All")
        #expect(status == 201)
        #expect(body?["metadata"]?["name"] == "cm")
        #expect(server.object(resource: "configmaps", namespace: "default", name: "cm") == nil)
    }
}

/// More of what kube-apiserver v1.36 refuses (its words, from envtest), which the fake once accepted.
@Suite(.timeLimit(.minutes(3))) struct FakeValidationMoreTests {
    func send(_ server: FakeAPIServer, _ method: String, _ path: String, _ body: String, type: String = "application/json") -> (Int, String) {
        let response = server.handle(FakeRequest(method: method, target: path, body: Array(body.utf8), contentType: type))
        let value = try? GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self))
        return (response.status, value?["message"]?.stringValue ?? "")
    }

    @Test func labelKeysAndValuesAreChecked() {
        let server = FakeAPIServer()
        let (status, message) = send(server, "POST", "/api/v1/namespaces/default/configmaps",
                                     #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","labels":{"ok":"bad value!"}}}"#)
        #expect(status == 422)
        #expect(message == #"ConfigMap "cm1" is invalid: metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#)
        let (_, keyMessage) = send(server, "POST", "/api/v1/namespaces/default/configmaps",
                                   #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","labels":{"a/b/c":"x"}}}"#)
        #expect(keyMessage == #"ConfigMap "cm1" is invalid: metadata.labels: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"#)
        let (_, longMessage) = send(server, "POST", "/api/v1/namespaces/default/configmaps",
                                    #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","labels":{"toolongvaluetoolongvaluetoolongvaluetoolongvaluetoolongvaluetoolong":"x"}}}"#)
        #expect(longMessage == #"ConfigMap "cm1" is invalid: metadata.labels: Invalid value: "toolongvaluetoolongvaluetoolongvaluetoolongvaluetoolongvaluetoolong": name part must be no more than 63 bytes"#)
        #expect(server.object(resource: "configmaps", namespace: "default", name: "cm1") == nil)
    }

    /// A label key's prefix must be a DNS subdomain; the causes' words as kube-apiserver v1.36.2
    /// (envtest) gave them for the same keys on a `dryRun=All` create.
    @Test(arguments: [
        ("Bad_Prefix/x", #"Invalid value: "Bad_Prefix/x": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#),
        ("-a/x", #"Invalid value: "-a/x": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#),
        (String(repeating: "a", count: 254) + "/x", #"Invalid value: ""# + String(repeating: "a", count: 254) + #"/x": prefix part must be no more than 253 bytes"#),
        ("/x", #"Invalid value: "/x": prefix part must be non-empty"#),
    ])
    func labelKeyPrefixesAreChecked(key: String, cause: String) {
        let server = FakeAPIServer()
        let (status, message) = send(server, "POST", "/api/v1/namespaces/default/configmaps",
                                     #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","labels":{""# + key + #"":"v"}}}"#)
        #expect(status == 422)
        #expect(message == #"ConfigMap "cm1" is invalid: metadata.labels: "# + cause)
        #expect(server.object(resource: "configmaps", namespace: "default", name: "cm1") == nil)
    }

    @Test func deploymentSelectorsAndServiceIPsCannotChange() {
        let server = FakeAPIServer()
        let deployment = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"imm"},"spec":{"selector":{"matchLabels":{"app":"imm"}},"template":{"metadata":{"labels":{"app":"imm"}},"spec":{"containers":[{"name":"x","image":"x"}]}}}}"#
        #expect(send(server, "POST", "/apis/apps/v1/namespaces/default/deployments", deployment).0 == 201)
        let (status, message) = send(server, "PATCH", "/apis/apps/v1/namespaces/default/deployments/imm",
                                     #"{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}"#,
                                     type: "application/merge-patch+json")
        #expect(status == 422)
        #expect(message == #"Deployment.apps "imm" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"other"}}: field is immutable"#)

        #expect(send(server, "POST", "/api/v1/namespaces/default/services",
                     #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"svc1"},"spec":{"ports":[{"port":80}]}}"#).0 == 201)
        let (serviceStatus, serviceMessage) = send(server, "PATCH", "/api/v1/namespaces/default/services/svc1",
                                                   #"{"spec":{"clusterIP":"10.96.0.99","clusterIPs":["10.96.0.99"]}}"#, type: "application/merge-patch+json")
        #expect(serviceStatus == 422)
        #expect(serviceMessage == #"Service "svc1" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.99"]: may not change once set"#)

        let job = #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"jimm"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"jimm","image":"x"}]}}}}"#
        #expect(send(server, "POST", "/apis/batch/v1/namespaces/default/jobs", job).0 == 201)
        let (jobStatus, jobMessage) = send(server, "PATCH", "/apis/batch/v1/namespaces/default/jobs/jimm",
                                           #"{"spec":{"template":{"spec":{"containers":[{"name":"jimm","image":"y"}]}}}}"#, type: "application/merge-patch+json")
        #expect(jobStatus == 422)
        #expect(jobMessage.hasPrefix(#"Job.batch "jimm" is invalid: spec.template: Invalid value: "#) && jobMessage.hasSuffix(": field is immutable"))
    }
}

/// Server-side apply merges keyed lists element by element, as kube-apiserver v1.36 did on envtest with
/// the same three applies (`kubectl apply --server-side --field-manager=…`).
@Suite(.timeLimit(.minutes(3))) struct FakeKeyedListApplyTests {
    static func deployment(_ containers: String) -> String {
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"ssa"},"spec":{"selector":{"matchLabels":{"app":"ssa"}},"template":{"metadata":{"labels":{"app":"ssa"}},"spec":{"containers":\#(containers)}}}}"#
    }

    func apply(_ server: FakeAPIServer, _ manager: String, _ body: String) -> (Int, Value?) {
        let response = server.handle(FakeRequest(method: "PATCH", target: "/apis/apps/v1/namespaces/default/deployments/ssa?fieldManager=\(manager)",
                                                 body: Array(body.utf8), contentType: "application/apply-patch+yaml"))
        return (response.status, try? GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self)))
    }

    func names(_ value: Value?) -> [String] {
        value?["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    @Test func containersMergeByNameAndConflictPerField() {
        let server = FakeAPIServer()
        let (created, first) = apply(server, "ma", Self.deployment(#"[{"name":"a","image":"x","ports":[{"containerPort":80}]}]"#))
        #expect(created == 201)
        #expect(names(first) == ["a"])
        // managedFields name the element and its port by their keys, as the real server recorded them.
        let fields = first?["metadata"]?["managedFields"]?.arrayValue?.first?["fieldsV1"]?["f:spec"]?["f:template"]?["f:spec"]?["f:containers"]
        #expect(fields?[#"k:{"name":"a"}"#]?["."] == .map(OrderedMap()))
        #expect(fields?[#"k:{"name":"a"}"#]?["f:ports"]?[#"k:{"containerPort":80,"protocol":"TCP"}"#]?["f:containerPort"] == .map(OrderedMap()))
        // Another manager's container joins the list instead of replacing it.
        let (merged, both) = apply(server, "mb", Self.deployment(#"[{"name":"b","image":"yy"}]"#))
        #expect(merged == 200)
        #expect(names(both) == ["a", "b"])
        // A field of a's container is ma's: changing it is a conflict named as the API names it.
        let (conflict, refusal) = apply(server, "mb", Self.deployment(#"[{"name":"a","image":"z"}]"#))
        #expect(conflict == 409)
        #expect(refusal?["message"] == #"Apply failed with 1 conflict: conflict with "ma": .spec.template.spec.containers[name="a"].image"#)
        // ma stops applying a (and applies c): a goes, b (mb's) stays.
        let (_, last) = apply(server, "ma", Self.deployment(#"[{"name":"c","image":"x"}]"#))
        #expect(names(last) == ["b", "c"])
    }
}
