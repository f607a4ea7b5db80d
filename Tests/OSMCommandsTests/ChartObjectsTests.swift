import Foundation
import HelmEngine
import OSMChart
import OSMKit
import Testing
import ValueKit
import YAML

/// The built-in chart's objects hold the fields that decide how the control plane runs, as upstream
/// osm v1.2.4's chart sets them (../shared/reference/osm-cli-spec.md §3.6, §4.2; the add-ons' pod
/// security and Grafana's placement as upstream renders them). Checked for every value set of
/// OSMChart/cases.txt, and for a cluster that serves OpenShift's security API.
@Suite(.timeLimit(.minutes(3))) struct ChartObjectsTests {
    /// Renders the embedded chart as `osm install` does for mesh `osm` in `osm-system`.
    static func render(_ sets: [String], apiVersions extra: Set<String> = []) throws -> [Value] {
        let chart = try EmbeddedChart.load()
        let values = try HelmRenderer.userValues(valueFiles: [], sets: ["osm.meshName=osm", "osm.enforceSingleMesh=true"] + sets, stringSets: [])
        var options = RenderOptions()
        options.releaseName = "osm"
        options.namespace = "osm-system"
        options.apiVersions = HelmRenderer.defaultAPIVersions + extra.sorted()
        let release = try HelmRenderer.render(chart: chart, userValues: values, options: options)
        return try YAML.decodeDocuments(release.templateOutput).filter { $0 != .null }
    }

    static func object(_ docs: [Value], _ kind: String, _ name: String) -> Value? {
        docs.first { $0["kind"]?.stringValue == kind && $0["metadata"]?["name"]?.stringValue == name }
    }

    static func path(_ v: Value?, _ keys: String...) -> Value? {
        keys.reduce(v) { $0?[$1] }
    }

    static func podSpec(_ docs: [Value], _ name: String) -> Value? { path(object(docs, "Deployment", name), "spec", "template", "spec") }

    static func container(_ docs: [Value], _ deployment: String, _ name: String) -> Value? {
        podSpec(docs, deployment)?["containers"]?.arrayValue?.first { $0["name"]?.stringValue == name }
    }

    /// name → port of a container's or Service's ports.
    static func ports(_ list: Value?, number: String = "containerPort") -> [String: Int] {
        var out: [String: Int] = [:]
        for p in list?.arrayValue ?? [] { out[p["name"]?.stringValue ?? ""] = p[number]?.integerValue }
        return out
    }

    static func verbs(_ role: Value?, group: String, resource: String) -> Set<String> {
        var out = Set<String>()
        for rule in role?["rules"]?.arrayValue ?? [] {
            guard rule["apiGroups"]?.arrayValue?.contains(.string(group)) == true,
                rule["resources"]?.arrayValue?.contains(.string(resource)) == true
            else { continue }
            for v in rule["verbs"]?.arrayValue ?? [] { if let s = v.stringValue { out.insert(s) } }
        }
        return out
    }

    static let restricted: Value = ["runAsUser": 1000, "runAsGroup": 3000, "fsGroup": 2000, "supplementalGroups": [5555]]
    static let commonLabels: [String: String] = [
        "app.kubernetes.io/name": "openservicemesh.io", "app.kubernetes.io/instance": "osm", "app.kubernetes.io/version": "v1.2.4",
    ]
    static let allAddOns = ["osm.deployPrometheus=true", "osm.deployGrafana=true", "osm.deployJaeger=true", "osm.tracing.enable=true"]

    @Test func controlPlaneDeploymentsRunAsUpstreams() throws {
        let docs = try Self.render([])
        let controller = try #require(Self.object(docs, "Deployment", "osm-controller"))
        let pod = try #require(Self.podSpec(docs, "osm-controller"))
        #expect(pod["securityContext"] == Self.restricted)
        #expect(pod["priorityClassName"] == "system-node-critical")
        #expect(pod["serviceAccountName"] == "osm")
        #expect(Self.path(controller, "spec", "template", "metadata", "annotations") == ["prometheus.io/scrape": "true", "prometheus.io/port": "9091"])
        let main = try #require(Self.container(docs, "osm-controller", "osm-controller"))
        #expect(Self.ports(main["ports"]) == ["admin-port": 15000, "ads-port": 15128, "metrics": 9091])
        #expect(Self.path(main, "readinessProbe", "httpGet") == ["path": "/health/ready", "port": 9091, "scheme": "HTTP"])
        #expect(Self.path(main, "livenessProbe", "httpGet") == ["path": "/health/alive", "port": 9091, "scheme": "HTTP"])
        #expect(Self.path(main, "readinessProbe", "initialDelaySeconds") == 1)
        #expect(Self.path(main, "readinessProbe", "timeoutSeconds") == 5)
        let initContainer = pod["initContainers"]?.arrayValue?.first
        #expect(initContainer?["name"] == "init-osm-controller")
        #expect(initContainer?["command"]?.arrayValue?.contains("http://osm-bootstrap.osm-system.svc.cluster.local:9091/healthz") == true)

        let injector = try #require(Self.container(docs, "osm-injector", "osm-injector"))
        #expect(Self.ports(injector["ports"]) == ["sidecar-inject": 9090, "metrics": 9091])
        #expect(Self.path(injector, "readinessProbe", "httpGet", "path") == "/healthz")
        #expect(Self.path(injector, "readinessProbe", "httpGet", "port") == 9091)
        #expect(Self.path(injector, "readinessProbe", "initialDelaySeconds") == 5)
        #expect(Self.podSpec(docs, "osm-injector")?["securityContext"] == Self.restricted)

        let bootstrap = try #require(Self.container(docs, "osm-bootstrap", "osm-bootstrap"))
        #expect(Self.ports(bootstrap["ports"]) == ["crdconversion": 9443, "metrics": 9091])
        #expect(Self.path(bootstrap, "livenessProbe", "httpGet", "path") == "/healthz")
        #expect(Self.podSpec(docs, "osm-bootstrap")?["securityContext"] == Self.restricted)
    }

    @Test func servicesSelectAndNamePortsAsUpstream() throws {
        let docs = try Self.render([])
        let expected: [(String, [String: Int], String)] = [
            ("osm-controller", ["ads-port": 15128, "debug-port": 9092, "healthz": 9091], "osm-controller"),
            ("osm-validator", ["validator": 9093], "osm-controller"),
            ("osm-injector", ["sidecar-inject": 9090], "osm-injector"),
            ("osm-bootstrap", ["crdconversion": 9443, "health": 9091], "osm-bootstrap"),
        ]
        for (name, ports, app) in expected {
            let service = try #require(Self.object(docs, "Service", name))
            #expect(Self.ports(Self.path(service, "spec", "ports"), number: "port") == ports, "\(name)")
            #expect(Self.path(service, "spec", "selector") == ["app": .string(app)], "\(name)")
        }
    }

    @Test func controllerRoleGrantsWhatUpstreamsDoes() throws {
        let role = Self.object(try Self.render([]), "ClusterRole", "osm")
        #expect(Self.verbs(role, group: "", resource: "secrets").isSuperset(of: ["create", "update", "patch", "delete", "get", "list", "watch"]))
        #expect(Self.verbs(role, group: "", resource: "pods").isSuperset(of: ["create", "get", "list", "watch"]))
        #expect(Self.verbs(role, group: "", resource: "events").contains("create"))
        #expect(Self.verbs(role, group: "", resource: "pods/portforward").contains("create"))
        #expect(Self.verbs(role, group: "admissionregistration.k8s.io", resource: "mutatingwebhookconfigurations")
            .isSuperset(of: ["get", "list", "watch", "create", "update", "patch"]))
        #expect(Self.verbs(role, group: "config.openservicemesh.io", resource: "meshconfigs").contains("delete"))
        #expect(Self.verbs(role, group: "config.openservicemesh.io", resource: "meshrootcertificates/status") == ["update"])
        #expect(Self.verbs(role, group: "policy.openservicemesh.io", resource: "ingressbackends/status") == ["update"])
    }

    @Test func addOnsRunAsUpstreams() throws {
        let docs = try Self.render(Self.allAddOns)
        // Upstream v1.2.4 (charts/osm/templates/*-deployment.yaml): the restricted securityContext on
        // Prometheus, Grafana and Jaeger; Grafana without a readiness probe; Grafana's node affinity
        // from values (linux; amd64, arm64, arm, ppc64le, s390x).
        for name in ["osm-prometheus", "osm-grafana", "jaeger"] {
            #expect(Self.podSpec(docs, name)?["securityContext"] == Self.restricted, "\(name)")
        }
        #expect(Self.container(docs, "osm-grafana", "grafana")?["readinessProbe"] == nil)
        #expect(Self.path(Self.object(docs, "Deployment", "osm-prometheus"), "spec", "strategy", "type") == "Recreate")
        #expect(Self.path(Self.object(docs, "Deployment", "osm-grafana"), "spec", "strategy", "type") == "RollingUpdate")
        let affinity: Value = [
            "nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": ["nodeSelectorTerms": [["matchExpressions": [
                ["key": "kubernetes.io/os", "operator": "In", "values": ["linux"]],
                ["key": "kubernetes.io/arch", "operator": "In", "values": ["amd64", "arm64", "arm", "ppc64le", "s390x"]],
            ]]]]],
        ]
        #expect(Self.podSpec(docs, "osm-grafana")?["affinity"] == affinity)
        #expect(Self.ports(Self.path(Self.object(docs, "Service", "osm-grafana"), "spec", "ports"), number: "port") == ["grafana-dashboard": 3000])
        #expect(Self.path(Self.object(docs, "Service", "osm-prometheus"), "spec", "ports")?.arrayValue?.first?["port"] == 7070)
        #expect(Self.path(Self.object(docs, "Service", "osm-prometheus"), "metadata", "annotations") == ["prometheus.io/scrape": "true", "prometheus.io/port": "7070"])
        #expect(Self.path(Self.object(docs, "Service", "jaeger"), "spec", "ports")?.arrayValue?.first?["port"] == 9411)
        #expect(Self.container(docs, "jaeger", "jaeger")?["args"] == ["--collector.zipkin.host-port=9411"])
        // Every Grafana and Jaeger object carries its app label (tools select them by it).
        let labelled: [(String, String, String)] = [
            ("ServiceAccount", "osm-grafana", "osm-grafana"), ("ClusterRole", "osm-grafana", "osm-grafana"),
            ("ClusterRoleBinding", "osm-grafana", "osm-grafana"), ("ConfigMap", "osm-grafana-config", "osm-grafana"),
            ("ConfigMap", "osm-grafana-datasources", "osm-grafana"), ("ConfigMap", "osm-grafana-dashboards", "osm-grafana"),
            ("ConfigMap", "osm-grafana-dashboard-definition-dataplane", "osm-grafana"),
            ("ConfigMap", "osm-grafana-dashboard-definition-controlplane", "osm-grafana"),
            ("ServiceAccount", "jaeger", "jaeger"), ("ClusterRole", "osm-jaeger", "jaeger"), ("ClusterRoleBinding", "osm-jaeger", "jaeger"),
        ]
        for (kind, name, app) in labelled {
            let labels = Self.path(Self.object(docs, kind, name), "metadata", "labels")
            #expect(labels?["app"] == .string(app), "\(kind) \(name): \(String(describing: labels))")
        }
    }

    @Test func openShiftLeavesPodSecurityToTheCluster() throws {
        let docs = try Self.render(Self.allAddOns, apiVersions: ["security.openshift.io/v1"])
        for name in ["osm-controller", "osm-injector", "osm-bootstrap", "osm-prometheus", "osm-grafana", "jaeger"] {
            #expect(Self.podSpec(docs, name)?["securityContext"] == nil, "\(name)")
        }
    }

    /// For every supported value set: selectors match their pods, pods carry the common labels, and
    /// every port name is one a real API server accepts (a container port's is an IANA service name,
    /// at most 15 characters).
    @Test(arguments: OSMChartTests.cases.map(\.name))
    func everyValueSetKeepsSelectorsAndPortNames(_ name: String) throws {
        let args = OSMChartTests.cases.first { $0.name == name }!.args
        var sets: [String] = []
        var i = 0
        while i + 1 < args.count {
            if args[i] == "--set" { sets.append(args[i + 1]) }
            i += 2
        }
        let docs: [Value]
        do { docs = try Self.render(sets) } catch {
            // The value sets Helm refuses (missing vault settings) are checked by OSMChartTests.
            return
        }
        #expect(!docs.isEmpty)
        for doc in docs {
            let kind = doc["kind"]?.stringValue ?? ""
            let objectName = Self.path(doc, "metadata", "name")?.stringValue ?? ""
            if kind == "Deployment" {
                let selector = Self.path(doc, "spec", "selector", "matchLabels")?.mapValue
                let podLabels = Self.path(doc, "spec", "template", "metadata", "labels")?.mapValue
                #expect(selector?.isEmpty == false, "\(objectName)")
                for (k, v) in selector?.entries ?? [] { #expect(podLabels?[k] == v, "\(objectName) pods lack \(k)") }
                let mesh = sets.flatMap { $0.split(separator: ",") }.first { $0.hasPrefix("osm.meshName=") }
                    .map { String($0.dropFirst("osm.meshName=".count)) } ?? "osm"
                var labels = Self.commonLabels
                labels["app.kubernetes.io/instance"] = mesh
                for (k, v) in labels { #expect(podLabels?[k] == .string(v), "\(objectName) pods lack \(k)=\(v)") }
                let containers = (Self.path(doc, "spec", "template", "spec", "containers")?.arrayValue ?? [])
                    + (Self.path(doc, "spec", "template", "spec", "initContainers")?.arrayValue ?? [])
                for c in containers {
                    for p in c["ports"]?.arrayValue ?? [] {
                        if let portName = p["name"]?.stringValue { #expect(portName.count <= 15, "\(objectName): \(portName)") }
                    }
                }
            }
            if kind == "Service" {
                for p in Self.path(doc, "spec", "ports")?.arrayValue ?? [] {
                    // A Service port name is a DNS label (up to 63 characters), not an IANA service name.
                    if let portName = p["name"]?.stringValue { #expect(portName.count <= 63, "\(objectName): \(portName)") }
                }
                #expect(Self.path(doc, "spec", "selector")?.mapValue?.isEmpty == false, "\(objectName)")
            }
        }
    }
}
