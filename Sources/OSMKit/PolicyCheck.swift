import KubeClient
import ValueKit

/// OSM and SMI resources the policy checks read, at the versions osm v1.2 serves.
public enum OSMResources {
    public static let meshConfigs = ResourceRef(
        group: "config.openservicemesh.io", version: "v1alpha2", resource: "meshconfigs",
        kind: "MeshConfig", namespaced: true)
    public static let ingressBackends = ResourceRef(
        group: "policy.openservicemesh.io", version: "v1alpha1", resource: "ingressbackends",
        kind: "IngressBackend", namespaced: true)
    public static let trafficTargets = ResourceRef(
        group: "access.smi-spec.io", version: "v1alpha3", resource: "traffictargets",
        kind: "TrafficTarget", namespaced: true)
}

/// `osm policy check-pods` and `osm policy check-conflicts` (spec §2.12, §2.13).
public enum PolicyCheck {
    /// `<namespace>/<pod>`, or `<pod>` in `default`.
    public struct PodRef: Equatable, Sendable {
        public let namespace: String
        public let name: String
        public var description: String { "\(namespace)/\(name)" }

        public static func parse(_ text: String) throws -> PodRef {
            let form = "Pod name should be of the form <namespace/pod>, or <pod> for default namespace"
            if text.isEmpty { throw OSMError("\(form), cannot be empty") }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            switch parts.count {
            case 1: return PodRef(namespace: "default", name: parts[0])
            case 2: return PodRef(namespace: parts[0], name: parts[1])
            default: throw OSMError("\(form), got: \(text)")
            }
        }
    }

    /// Whether SMI TrafficTargets (or permissive mode) let `source` talk to `destination`; the report
    /// upstream prints. Not allowed is an answer, not an error.
    /// The arguments are checked before `connect` is called.
    public static func checkPods(
        _ connect: () throws -> KubernetesClient, source: String, destination: String,
        osmNamespace: String
    ) async throws -> String {
        let src: PodRef, dst: PodRef
        do { src = try PodRef.parse(source) } catch {
            throw OSMError("Invalid argument specified for the source pod [\(source)]: \(error)", cause: error)
        }
        do { dst = try PodRef.parse(destination) } catch {
            throw OSMError("Invalid argument specified for the destination pod [\(destination)]: \(error)", cause: error)
        }
        let client = try connect()
        let srcPod = try await meshedPod(client, src)
        let dstPod = try await meshedPod(client, dst)

        let meshConfig: Value
        do {
            meshConfig = try await client.get(
                OSMResources.meshConfigs, name: "osm-mesh-config", namespace: osmNamespace)
        } catch {
            throw OSMError(
                "Error checking if permissive mode is enabled: Error fetching MeshConfig osm-mesh-config: \(error)")
        }
        if meshConfig["spec"]?["traffic"]?["enablePermissiveTrafficPolicyMode"] == .bool(true) {
            return
                "[+] Permissive mode enabled for mesh operated by osm-controller running in '\(osmNamespace)' namespace\n\n"
                + " [+] Pod '\(src.description)' is allowed to communicate to pod '\(dst.description)'\n"
        }
        var out =
            "[+] SMI traffic policy mode enabled for mesh operated by osm-controller running in \(osmNamespace) namespace\n\n"
        let targets: [Value]
        do {
            targets = try await client.list(OSMResources.trafficTargets, namespace: dst.namespace)
        } catch {
            throw OSMError("Error listing SMI TrafficTarget policies: \(error)", cause: error)
        }
        let srcAccount = srcPod["spec"]?["serviceAccountName"]?.stringValue ?? ""
        let dstAccount = dstPod["spec"]?["serviceAccountName"]?.stringValue ?? ""
        var allowed = false
        for target in targets {
            let spec = target["spec"]
            guard isServiceAccount(spec?["destination"], name: dstAccount, namespace: dst.namespace),
                (spec?["sources"]?.arrayValue ?? []).contains(where: {
                    isServiceAccount($0, name: srcAccount, namespace: src.namespace)
                })
            else { continue }
            allowed = true
            let name = target.objectName ?? "",
                namespace = target.objectNamespace ?? ""
            out +=
                "[+] Pod '\(src.description)' is allowed to communicate to pod '\(dst.description)' via the SMI TrafficTarget policy \"\(name)\" in namespace \(namespace)\n"
        }
        if !allowed {
            out +=
                "[+] Pod '\(src.description)' is not allowed to communicate to pod '\(dst.description)', missing SMI TrafficTarget policy\n"
        }
        return out
    }

    static func meshedPod(_ client: KubernetesClient, _ ref: PodRef) async throws -> Value {
        let pod: Value
        do {
            pod = try await client.get(.pods, name: ref.name, namespace: ref.namespace)
        } catch let error as KubeAPIError where error.reason == .notFound {
            throw OSMError("Could not find pod \(ref.name) in namespace \(ref.namespace)")
        } catch {
            // Upstream says only "Could not find pod" whatever went wrong; the cause is kept here.
            throw OSMError("Could not find pod \(ref.name) in namespace \(ref.namespace): \(error)", cause: error)
        }
        guard pod["metadata"]?["labels"]?["osm-proxy-uuid"] != nil else {
            throw OSMError("Pod \(ref.name) in namespace \(ref.namespace) is not a part of a mesh")
        }
        return pod
    }

    static func isServiceAccount(_ subject: Value?, name: String, namespace: String) -> Bool {
        subject?["kind"]?.stringValue == "ServiceAccount" && subject?["name"]?.stringValue == name
            && subject?["namespace"]?.stringValue == namespace
    }

    /// IngressBackends of one namespace that claim the same backend (name and port number).
    /// The arguments are checked before `connect` is called.
    public static func checkConflicts(
        _ connect: () throws -> KubernetesClient, kind: String, namespaces: [String]
    ) async throws -> String {
        guard kind.lowercased() == "ingressbackend" else { throw OSMError("Invalid resource kind \(kind)") }
        guard namespaces.count == 1 else {
            throw OSMError(
                "Requires single namespace specified by '-n|--namespace' to check for conflicts, got \(namespaces.count)"
            )
        }
        let client = try connect()
        let ns = namespaces[0]
        let backends: [Value]
        do {
            backends = try await client.list(OSMResources.ingressBackends, namespace: ns)
        } catch {
            throw OSMError("Error listing IngressBackend resources in namespace \(ns): \(error)", cause: error)
        }
        func claims(_ resource: Value) -> [(name: String, port: String)] {
            (resource["spec"]?["backends"]?.arrayValue ?? []).map { backend in
                (
                    backend["name"]?.stringValue ?? "",
                    backend["port"]?["number"].flatMap { try? GoJSONEncoder.encode($0) } ?? ""
                )
            }
        }
        var out = ""
        for i in backends.indices {
            for j in backends.indices where j > i {
                let x = backends[i].objectName ?? "",
                    y = backends[j].objectName ?? ""
                let theirs = claims(backends[j])
                let shared = claims(backends[i]).filter { mine in theirs.contains { $0 == mine } }
                guard !shared.isEmpty else { continue }
                out += "[+] IngressBackend \(ns)/\(x) conflicts with \(ns)/\(y):\n"
                for backend in shared { out += "Backend \(backend.name) specified in \(x) and \(y) conflicts\n" }
                out += "\n"
            }
        }
        return out.isEmpty ? "No conflicts among IngressBackend resources in namespace \(ns)\n" : out
    }
}
