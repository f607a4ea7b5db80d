import CLI
import Foundation
import KubeClient
import OSMKit
import Synchronization

/// Values shell completion takes from the cluster the command line points at (its --kubeconfig,
/// --context, or the environment's): mesh names, control-plane namespaces, namespaces. Upstream osm
/// offers none. Each answer comes within `deadline` or not at all: on any failure (no kubeconfig, an
/// unreachable server, 401/403, a slow credential plugin) completion offers nothing and says nothing.
enum ClusterCompletions {
    static let deadline = 2.0
    /// The names flags declare their values by (`Option.offering`); a new install's mesh name is the
    /// user's to choose, so only the flags naming an existing mesh offer these.
    static let meshNameValues = "meshes"
    static let controlPlaneNamespaceValues = "control-plane-namespaces"

    /// `--mesh-name`: the meshes in the cluster, described by where their control plane runs.
    static func meshNames(_ environment: OSMEnvironment) -> Completer {
        completer(environment) { client, _ in
            try await MeshDiscovery.list(client, monitoredNamespaces: false).map {
                CompletionCandidate($0.name, description: "mesh in namespace \($0.namespace), version \($0.version)")
            }
        }
    }

    /// `--osm-namespace`: the namespaces a control plane runs in.
    static func controlPlaneNamespaces(_ environment: OSMEnvironment) -> Completer {
        completer(environment) { client, _ in
            var seen = Set<String>()
            return try await MeshDiscovery.list(client, monitoredNamespaces: false).compactMap {
                seen.insert($0.namespace).inserted
                    ? CompletionCandidate($0.namespace, description: "control plane of mesh \($0.name)") : nil
            }
        }
    }

    /// Namespace arguments: those a mesh monitors (`inMesh: true`, for `namespace remove`), those no mesh
    /// monitors yet (`false`, for `namespace add`), or all (`nil`); names already typed are left out,
    /// and a command that takes one namespace gets none once it has it (`single`).
    static func namespaces(_ environment: OSMEnvironment, inMesh: Bool?, single: Bool = false) -> Completer {
        completer(environment) { client, invocation in
            if single && !invocation.arguments.isEmpty { return [] }
            let typed = Set(invocation.arguments)
            let label = NamespaceMembership.monitoredBy
            // A mesh's namespaces are asked for by label; the others need the whole list.
            let selector = inMesh == true ? label : nil
            return try await client.list(.namespaces, labelSelector: selector, limit: NamespaceMembership.pageSize) {
                ns -> CompletionCandidate? in
                guard let name = ns.objectName, !typed.contains(name) else { return nil }
                let mesh = ns.objectLabels[label]
                switch (inMesh, mesh) {
                case (true, let mesh?): return CompletionCandidate(name, description: "in mesh \(mesh)")
                case (false, nil): return CompletionCandidate(name)
                case (nil, let mesh): return CompletionCandidate(name, description: mesh.map { "in mesh \($0)" } ?? "")
                default: return nil
                }
            }.compactMap { $0 }
        }
    }

    /// Mesh-name arguments (`namespace list [MESH]`): one at most.
    static func meshNameArgument(_ environment: OSMEnvironment) -> Completer {
        let names = meshNames(environment)
        return { invocation, prefix in invocation.arguments.isEmpty ? await names(invocation, prefix) : [] }
    }

    /// The pods of the namespace the command line names with `--namespace` (default `default`), with
    /// their phase; for the argument at `position` only.
    static func pods(_ environment: OSMEnvironment, position: Int) -> Completer {
        completer(environment) { client, invocation in
            guard invocation.arguments.count == position else { return [] }
            let namespace = invocation.flags.string("namespace")
            return try await client.list(.pods, namespace: namespace.isEmpty ? "default" : namespace) { pod in
                CompletionCandidate(pod.objectName ?? "", description: pod.phase ?? "")
            }.filter { !$0.value.isEmpty }
        }
    }

    /// A comma-separated flag value (`--namespace a,b`): the values before the last comma stay as
    /// typed, the last one is completed by `completer`, and values already given are not offered again.
    static func commaSeparated(_ completer: @escaping Completer) -> Completer {
        { invocation, word in
            let parts = word.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let done = parts.dropLast()
            let head = done.isEmpty ? "" : done.joined(separator: ",") + ","
            return await completer(invocation, parts.last ?? "").filter { !done.contains($0.value) }
                .map { CompletionCandidate(head + $0.value, description: $0.description) }
        }
    }

    /// Runs `values` against the command line's cluster, keeping the candidates that start with the
    /// word typed; nothing after `deadline` seconds or on an error. The lookup is left running when
    /// the deadline passes (the process ends right after printing).
    static func completer(
        _ environment: OSMEnvironment,
        _ values: @escaping @Sendable (KubernetesClient, Invocation) async throws -> [CompletionCandidate]
    ) -> Completer {
        { invocation, prefix in
            let answer = FirstAnswer()
            let lookup = Task {
                let found: [CompletionCandidate]
                do {
                    let client = try environment.client(invocation)
                    client.rest.setDeadline(seconds: deadline, name: "completion")
                    found = try await values(client, invocation)
                } catch {
                    found = []
                }
                answer.give(found)
            }
            let timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(deadline * 1e9))
                answer.give([])
            }
            let found = await answer.value()
            lookup.cancel()
            timer.cancel()
            return found.filter { $0.value.hasPrefix(prefix) }
        }
    }
}

/// The first of several answers; later ones are dropped.
private final class FirstAnswer: Sendable {
    private struct State {
        var result: [CompletionCandidate]?
        var waiter: CheckedContinuation<[CompletionCandidate], Never>?
    }
    private let state = Mutex(State())

    func give(_ candidates: [CompletionCandidate]) {
        let waiting: CheckedContinuation<[CompletionCandidate], Never>?? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = candidates
            defer { state.waiter = nil }
            return .some(state.waiter)
        }
        if case .some(let waiter?) = waiting { waiter.resume(returning: candidates) }
    }

    func value() async -> [CompletionCandidate] {
        await withCheckedContinuation { continuation in
            let ready: [CompletionCandidate]? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
