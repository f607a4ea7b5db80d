import Foundation
import ValueKit
import YAML

/// Helm's releaseutil.SortManifests: split rendered files into documents, separate hooks, and order
/// manifests by kind for installation.
public enum ManifestSorter {
    public static let installOrder = [
        "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
        "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
        "PersistentVolume",
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
    /// (Works on UTF-8 bytes: Character-based splitting is far slower on large documents.)
    static func split(_ text: String) -> [String] {
        let bytes = Array(text.trimmingGoSpace().utf8)
        var docs: [String] = []
        var docStart = 0
        var lineStart = 0
        func flush(_ end: Int) {
            let doc = String(decoding: bytes[docStart..<max(docStart, end)], as: UTF8.self).trimmingGoSpace()
            if !doc.isEmpty { docs.append(doc) }
        }
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            // Go's separator is `(?:^|\s*\n)---\s*`: any "---" at a line start; what follows it on the
            // line begins the next document.
            if lineEnd - lineStart >= 3 && bytes[lineStart] == 0x2D && bytes[lineStart + 1] == 0x2D
                && bytes[lineStart + 2] == 0x2D
            {
                flush(lineStart)
                docStart = lineStart + 3
            }
            if lineEnd >= bytes.count { break }
            lineStart = lineEnd + 1
        }
        flush(bytes.count)
        return docs
    }

    static func sort(_ files: [(String, String)]) throws(ChartError) -> ([Manifest], [Hook]) {
        var manifests: [Manifest] = []
        var hooks: [Hook] = []
        for (path, content) in files.sorted(by: { goStringLess($0.0, $1.0) }) {
            if GoPath.base(path).hasPrefix("_") { continue }
            if content.trimmingGoSpace().isEmpty { continue }
            for doc in split(content) {
                let head: Value
                do {
                    head = try YAML.decodeHead(doc, keys: ["kind", "metadata"])
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
                hooks.append(
                    Hook(
                        path: path, content: doc, kind: kind, name: name, events: events, weight: weight,
                        deletePolicies: policies))
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
