import HelmEngine
import KubeClient
import ValueKit

/// Helm's `secret` storage driver over the Kubernetes client: release records of one namespace.
public struct ReleaseStore: Sendable {
    let client: KubernetesClient
    public let namespace: String

    public init(client: KubernetesClient, namespace: String) {
        self.client = client
        self.namespace = namespace
    }

    /// Every revision of a release, oldest first.
    public func history(_ name: String) async throws -> [ReleaseRecord] {
        try await storedHistory(name).map(\.record)
    }

    /// Every revision with the Secret it is stored in (whose annotations say who is writing it).
    public func storedHistory(_ name: String) async throws -> [(record: ReleaseRecord, secret: Value)] {
        let secrets = try await client.list(.secrets, namespace: namespace, labelSelector: "name=\(name),owner=helm")
        return try secrets.map { (try ReleaseRecord(secret: $0), $0) }.sorted { $0.record.version < $1.record.version }
    }

    /// Creates a new revision's record, held by `lease`; AlreadyExists when one of that revision exists
    /// (Helm's storage create, which is what keeps two writers of one release apart).
    public func create(_ record: ReleaseRecord, lease: OperationLease) async throws {
        _ = try await client.create(.secrets, lease.mark(try record.secret()), namespace: namespace)
    }

    /// Deletes a stored revision only if nobody changed it since it was read.
    public func delete(stored secret: Value) async throws {
        guard let name = secret.objectName else { return }
        do {
            try await client.delete(
                .secrets, name: name, namespace: namespace,
                preconditionResourceVersion: secret["metadata"]?["resourceVersion"]?.stringValue)
        } catch let error as KubeAPIError where error.reason == .notFound {}
    }

    /// The newest revision of every release stored here.
    public func latestOfEach() async throws -> [ReleaseRecord] {
        let secrets = try await client.list(.secrets, namespace: namespace, labelSelector: "owner=helm")
        var newest: [String: ReleaseRecord] = [:]
        for record in try secrets.map({ try ReleaseRecord(secret: $0) })
        where record.version > (newest[record.name]?.version ?? 0) {
            newest[record.name] = record
        }
        return newest.values.sorted { $0.name < $1.name }
    }

    /// Writes a record: created when new, replaced when it exists (a status change).
    public func save(_ record: ReleaseRecord) async throws {
        let secret = try record.secret()
        do {
            _ = try await client.create(.secrets, secret, namespace: namespace)
        } catch let error as KubeAPIError where error.reason == .alreadyExists {
            _ = try await client.apply(.secrets, secret, namespace: namespace, fieldManager: "osm", force: true)
        }
    }

    public func delete(_ record: ReleaseRecord) async throws {
        do {
            try await client.delete(.secrets, name: record.secretName, namespace: namespace)
        } catch let error as KubeAPIError where error.reason == .notFound {}
    }
}
