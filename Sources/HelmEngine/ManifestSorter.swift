import Foundation
import ValueKit
import YAML

/// Helm's releaseutil.SortManifests: split rendered files into documents, separate hooks, and order
/// manifests by kind for installation.
enum ManifestSorter {
    static let installOrder = [
        "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
        "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume",
        "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
        "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod",
        "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob",
        "IngressClass", "Ingress", "APIService",
    ]
    static let hookEvents: Set<String> = [
        "pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade", "pre-rollback",
        "post-rollback", "test", "test-success",
    ]

    /// Helm's SplitManifests: documents separated by `---` lines, trimmed, empty ones dropped.
    static func split(_ text: String) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var docs: [String] = []
        var current: [Substring] = []
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            // A separator is "---" at a line start followed only by blanks (or the start of the text).
            if line.hasPrefix("---") && line.dropFirst(3).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                docs.append(current.joined(separator: "\n"))
                current = []
                continue
            }
            if i == 0 && line.hasPrefix("---") {
                current.append(line.dropFirst(3))
                continue
            }
            current.append(line)
        }
        docs.append(current.joined(separator: "\n"))
        return docs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func sort(_ files: [(String, String)]) throws(ChartError) -> ([Manifest], [Hook]) {
        var manifests: [Manifest] = []
        var hooks: [Hook] = []
        for (path, content) in files.sorted(by: { goStringLess($0.0, $1.0) }) {
            if (path as NSString).lastPathComponent.hasPrefix("_") { continue }
            if content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            for doc in split(content) {
                let head: Value
                do {
                    head = try YAML.decodeJSONCompatible(doc)
                } catch {
                    throw ChartError("YAML parse error on \(path): \(error)")
                }
                let kind = head["kind"]?.stringValue ?? ""
                let metadata = head["metadata"]?.mapValue
                let name = metadata?["name"]?.stringValue ?? ""
                let annotations = metadata?["annotations"]?.mapValue
                guard let hookText = annotations?["helm.sh/hook"]?.stringValue else {
                    manifests.append(Manifest(path: path, content: doc, kind: kind, name: name))
                    continue
                }
                let events = hookText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard events.allSatisfy({ hookEvents.contains($0) }) else { continue }
                let weight = Int(annotations?["helm.sh/hook-weight"]?.stringValue ?? "") ?? 0
                let policies = (annotations?["helm.sh/hook-delete-policy"]?.stringValue ?? "")
                    .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                hooks.append(Hook(path: path, content: doc, kind: kind, name: name, events: events, weight: weight, deletePolicies: policies))
            }
        }
        return (stableSortByKind(manifests, kind: \.kind), stableSortByKind(hooks, kind: \.kind))
    }

    static func stableSortByKind<T>(_ items: [T], kind: KeyPath<T, String>) -> [T] {
        var rank: [String: Int] = [:]
        for (i, k) in installOrder.enumerated() { rank[k] = i }
        return items.enumerated().sorted { a, b in
            let ka = a.element[keyPath: kind], kb = b.element[keyPath: kind]
            switch (rank[ka], rank[kb]) {
            case (nil, nil): return ka != kb ? ka < kb : a.offset < b.offset
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?): return x != y ? x < y : a.offset < b.offset
            }
        }.map(\.element)
    }
}
