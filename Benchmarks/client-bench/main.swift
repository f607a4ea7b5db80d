import Foundation
import KubeClient
import ValueKit
import YAML

// Server-side applies every document of a manifest file, as `kubectl apply --server-side -f FILE` does:
// namespaces and other cluster-scoped objects first, then the rest, several requests in flight.
// Usage: client-bench KUBECONFIG FILE
CurlTransport.preload()
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: client-bench KUBECONFIG FILE\n".utf8))
    exit(2)
}
/// The whole run, off the main actor: top-level code is main-actor isolated, and every await would
/// otherwise hop back to the main thread (about 60 µs each).
nonisolated func run(_ arguments: [String]) async throws {
    let config = try KubeConfigLoader(explicitPath: arguments[1], variables: ProcessInfo.processInfo.environment).clientConfig()
    let client = KubernetesClient(rest: RESTClient(config: config))
    if ProcessInfo.processInfo.environment["CLIENT_BENCH_TRACE"] != nil {
        // One line per request with the milliseconds since start, to see where a run spends its time.
        let start = Date()
        client.rest.log = { line in
            let ms = Int(Date().timeIntervalSince(start) * 10000)
            FileHandle.standardError.write(Data("\(Double(ms) / 10) ms  \(line)\n".utf8))
        }
    }
    let text = try String(contentsOfFile: arguments[2], encoding: .utf8)
    let documents = try YAML.decodeDocuments(text).filter { $0 != .null }
    var resolved: [(ResourceRef, Value)] = []
    for document in documents {
        let ref = try await client.discovery.resource(apiVersion: document["apiVersion"]?.stringValue ?? "", kind: document["kind"]?.stringValue ?? "")
        resolved.append((ref, document))
    }
    for (ref, object) in resolved where !ref.namespaced {
        _ = try await client.apply(ref, object, fieldManager: "osm")
    }
    let namespaced = resolved.filter { $0.0.namespaced }
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = 0
        func launch() {
            let (ref, object) = namespaced[next]
            next += 1
            group.addTask {
                _ = try await client.apply(ref, object, namespace: object["metadata"]?["namespace"]?.stringValue ?? config.namespace ?? "default",
                                           fieldManager: "osm")
            }
        }
        let inFlight = Int(ProcessInfo.processInfo.environment["BENCH_IN_FLIGHT"] ?? "") ?? 16
        for _ in 0..<min(inFlight, namespaced.count) { launch() }
        while try await group.next() != nil { if next < namespaced.count { launch() } }
    }
    print("\(documents.count) objects applied")
}

do {
    try await run(arguments)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
