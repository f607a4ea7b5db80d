import Foundation
import KubeClient
import ValueKit
import YAML

/// One request as the fake sees it, after TLS and HTTP framing.
public struct FakeRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    public var body: [UInt8]
    public var contentType: String?
    /// The bearer token sent, if any.
    public var token: String?
    /// The common name of a verified client certificate, if any.
    public var certificateUser: String?
    /// The `Upgrade` header of a request that asks to switch protocols.
    public var upgrade: String?
    /// The body decoded ahead of handling (JSON, or YAML for apply patches); `.failure` when unreadable.
    enum ParsedBody { case success(Value), failure }
    var parsedBody: ParsedBody?

    public init(method: String, target: String, body: [UInt8] = [], contentType: String? = nil, token: String? = nil,
                certificateUser: String? = nil) {
        self.method = method
        let parts = target.split(separator: "?", maxSplits: 1)
        self.path = parts.isEmpty ? "/" : Self.unescape(parts[0], plusIsSpace: false)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { Self.unescape($0, plusIsSpace: true) }
                if query[kv[0]] == nil { query[kv[0]] = kv.count == 2 ? kv[1] : "" }
            }
        }
        self.query = query
        self.body = body
        self.contentType = contentType
        self.token = token
        self.certificateUser = certificateUser
    }
}

extension FakeRequest {
    /// Percent-decoding of a URL component (and `+` as space in queries).
    static func unescape<S: StringProtocol>(_ text: S, plusIsSpace: Bool) -> String {
        guard text.utf8.contains(where: { $0 == 37 || (plusIsSpace && $0 == 43) }) else { return String(text) }
        var out: [UInt8] = []
        var bytes = text.utf8.makeIterator()
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 48...57: return b - 48
            case 65...70: return b - 55
            case 97...102: return b - 87
            default: return nil
            }
        }
        while let b = bytes.next() {
            if b == 37, let h = bytes.next(), let l = bytes.next(), let hi = hex(h), let lo = hex(l) { out.append(hi << 4 | lo) } else if plusIsSpace && b == 43 {
                out.append(32)
            } else { out.append(b) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

public struct FakeResponse: Sendable {
    public var status: Int
    public var contentType = "application/json"
    public var headers: [(name: String, value: String)] = []
    public var body: [UInt8] = []
    /// Close the connection without answering.
    public var drop = false
    /// Seconds to wait before answering.
    public var delay: Double = 0
    /// A JSON answer not yet encoded.
    var jsonValue: Value?
    /// A watch: after `body`, events keep coming from here.
    public var watch: FakeWatch?
}

/// A fault to inject: for requests matching method and path prefix, `times` times.
public struct Fault: Sendable {
    public enum Action: Sendable {
        case status(Int, headers: [(name: String, value: String)] = [], body: String = "")
        case drop
        case delay(Double)
        /// The request is carried out, then the connection closes before the answer (a restart
        /// between the write and the reply).
        case dropAnswer
    }
    public var method: String?
    public var pathPrefix: String
    /// Only a request for exactly `pathPrefix` (not the paths below it).
    public var exact: Bool
    public var times: Int
    public var action: Action

    public init(method: String? = nil, pathPrefix: String = "/", exact: Bool = false, times: Int = 1, _ action: Action) {
        self.method = method
        self.pathPrefix = pathPrefix
        self.exact = exact
        self.times = times
        self.action = action
    }
}

/// An in-memory kube-apiserver: objects keyed by group/resource/namespace/name with uid,
/// resourceVersion, generation and creationTimestamp; label and field selectors; pagination; every
/// patch type and server-side apply with field managers; status subresources; finalizers; discovery
/// that learns CRDs; authentication, authorization and fault injection; a log of requests.
public final class FakeAPIServer: @unchecked Sendable {
    let lock = NSLock()
    var resources: [FakeResource] = FakeResource.builtIn
    var objects: [String: Value] = [:]
    var owners: [String: [FieldOwner]] = [:]
    var events: [(rv: Int, type: String, key: String, object: Value)] = []
    let eventSignal = NSCondition()
    var eventGeneration = 0
    var resourceVersion = 100
    var faults: [Fault] = []
    var podLogs: [String: String] = [:]
    var proxyAnswers: [String: (status: Int, body: String)] = [:]
    var ports: [String: FakePortBehaviour] = [:]
    var defaultPorts: [UInt16: FakePortBehaviour] = [:]
    var log: [String] = []
    var terminatingNamespaces = false

    /// Bearer tokens the server accepts, and the user each one names.
    public var tokens: [String: String] = [:]
    /// When true, requests without a valid token or client certificate get 401 instead of running as
    /// `system:anonymous`.
    public var requireAuthentication = false
    /// Decides whether a user may do a verb on a resource (group, resource, namespace); default: yes.
    public var authorize: @Sendable (_ user: String, _ verb: String, _ group: String, _ resource: String, _ namespace: String?) -> Bool = { _, _, _, _, _ in true }
    /// Answer WebSocket port-forward upgrades as API servers before Kubernetes 1.31 do (no tunnelling).
    public var refusesWebSocketPortForward = false
    /// Refuse the SPDY/3.1 port-forward upgrade too.
    public var refusesSPDYPortForward = false
    /// The version the server reports.
    public var gitVersion = "v1.36.2"
    /// Deployments get a ready status as soon as they are written, as if their pods started at once.
    /// Off by default, as on a real cluster where that takes time: a test turns it on
    /// (`controllersActAtOnce()`) or calls `runControllers()` when it wants the objects ready.
    public var deploymentsBecomeReady = false
    /// False: a Deployment's new pods start late. Its controller still observes each change and its
    /// status still counts the old pods as ready, but the new ReplicaSet has none ready yet (what a
    /// rollout looks like before the new pods pass their probes).
    public var newPodsBecomeReady = true
    /// Jobs finish (complete, or fail when named in `failingJobs`) as soon as they are written. Off by default.
    public var jobsFinish = false
    /// Jobs with these names fail instead of completing.
    public var failingJobs: Set<String> = []
    /// A deleted namespace is gone (with its contents) at the next request. Off by default: it stays
    /// Terminating, refusing new content as kube-apiserver does, until `finishNamespaceDeletions()`.
    public var namespaceDeletionIsInstant = false

    /// The shortcut unit tests take that a real cluster does not: Deployments ready and Jobs done at once.
    public func controllersActAtOnce() {
        lock.withLock {
            deploymentsBecomeReady = true
            jobsFinish = true
        }
    }

    /// New pods of later rollouts start late (see `newPodsBecomeReady`) until `runControllers`.
    public func newPodsStartLate() {
        lock.withLock { newPodsBecomeReady = false }
    }

    /// The controllers catch up now: existing Deployments become ready and Jobs finish.
    public func runControllers() {
        lock.withLock {
            newPodsBecomeReady = true
            for (key, object) in objects {
                guard let kind = object["kind"]?.stringValue, kind == "Deployment" || kind == "Job",
                      let resource = resources.first(where: { $0.kind == kind }), var map = object.mapValue else { continue }
                if kind == "Job" { map["status"] = nil }
                objects[key] = simulateControllers(resource, .map(map), force: true)
                events.append((nextResourceVersion(), "MODIFIED", key, objects[key]!))
            }
        }
    }

    /// The namespace controller catches up: Terminating namespaces lose their contents, then go.
    public func finishNamespaceDeletions() {
        lock.withLock {
            terminatingNamespaces = true
            finalizeTerminatingNamespaces()
        }
    }
    /// The clock for creationTimestamp and deletionTimestamp.
    public var now: @Sendable () -> Date = { Date() }

    public init() {
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            _ = try? insert(FakeResource.builtIn[0], namespace: nil,
                            object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]], manager: "kube-apiserver")
        }
    }

    /// Requests seen so far, as `METHOD /path?query (user)`.
    public var requestLog: [String] { lock.withLock { log } }

    public func inject(_ fault: Fault) { lock.withLock { faults.append(fault) } }

    /// The stored object, or nil.
    public func object(group: String = "", resource: String, namespace: String? = nil, name: String) -> Value? {
        lock.withLock { objects[Self.key(group, resource, namespace, name)] }
    }

    /// Every stored object of a resource.
    public func objects(group: String = "", resource: String) -> [Value] {
        lock.withLock {
            objects.filter { $0.key.hasPrefix("\(group)/\(resource)/") }.sorted { $0.key < $1.key }.map(\.value)
        }
    }

    /// Stores an object directly, as if some other client had created it.
    @discardableResult
    public func seed(_ object: Value, manager: String = "seed") throws -> Value {
        defer { announceEvents() }
        return try lock.withLock {
            guard let resource = resourceFor(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "") else {
                throw FakeFailure.badRequest("no resource for \(object["kind"] ?? .null)")
            }
            return try insert(resource, namespace: object["metadata"]?["namespace"]?.stringValue, object: object, manager: manager)
        }
    }

    /// What `GET …/pods/NAME/log` answers for a container.
    public func setLog(namespace: String, pod: String, container: String, _ text: String) {
        lock.withLock { podLogs["\(namespace)/\(pod)/\(container)"] = text }
    }

    /// What `GET …/pods/POD:PORT/proxy/PATH` answers (pods are otherwise unreachable, as in the
    /// recording of a cluster without running pods).
    public func setProxyAnswer(namespace: String, pod: String, port: Int, path: String, status: Int = 200, body: String) {
        lock.withLock { proxyAnswers["\(namespace)/\(pod):\(port)/\(path)"] = (status, body) }
    }

    // MARK: Handling

    /// Decoding the request body and encoding the answer happen outside the store's lock, so
    /// concurrent requests proceed in parallel as on a real API server.
    public func handle(_ request: FakeRequest) -> FakeResponse {
        var request = request
        if !request.body.isEmpty {
            let text = String(decoding: request.body, as: UTF8.self)
            request.parsedBody = request.contentType?.contains("yaml") == true
                ? (try? YAML.decodeJSONCompatible(text)).map { .success($0) } ?? .failure
                : (try? GoJSONDecoder.decode(text)).map { .success($0) } ?? .failure
        }
        var response = locked(request)
        if request.method != "GET" { announceEvents() }
        if let value = response.jsonValue {
            let text = (try? GoJSONEncoder.encode(value, escapeHTML: false)) ?? "{}"
            response.body = Array(text.utf8)
            response.jsonValue = nil
        }
        return response
    }

    func locked(_ request: FakeRequest) -> FakeResponse {
        lock.lock()
        defer { lock.unlock() }
        if namespaceDeletionIsInstant { finalizeTerminatingNamespaces() }
        let queryText = request.query.keys.sorted().map { "\($0)=\(request.query[$0]!)" }.joined(separator: "&")
        var delay = 0.0
        var dropAnswer = false
        if let index = faults.firstIndex(where: { f in f.times > 0 && (f.method == nil || f.method == request.method)
                && (f.exact ? request.path == f.pathPrefix : request.path.hasPrefix(f.pathPrefix)) }) {
            faults[index].times -= 1
            switch faults[index].action {
            case .drop:
                log.append("\(request.method) \(request.path)\(queryText.isEmpty ? "" : "?" + queryText) (dropped)")
                return FakeResponse(status: 0, drop: true)
            case .delay(let seconds):
                delay = seconds
            case .dropAnswer:
                dropAnswer = true
            case .status(let code, let headers, let body):
                log.append("\(request.method) \(request.path)\(queryText.isEmpty ? "" : "?" + queryText) (fault \(code))")
                let failure = FakeFailure(code: code, reason: code == 429 ? "TooManyRequests" : code == 503 ? "ServiceUnavailable" : code == 409 ? "AlreadyExists" : code == 404 ? "NotFound" : "InternalError",
                                          message: body.isEmpty ? "injected fault" : body)
                var response = respond(failure)
                response.headers = headers
                return response
            }
        }
        var response: FakeResponse
        do {
            let user = try authenticate(request)
            log.append("\(request.method) \(request.path)\(queryText.isEmpty ? "" : "?" + queryText) (\(user))")
            response = try route(request, user: user)
        } catch let failure as FakeFailure {
            if failure.code == 401 { log.append("\(request.method) \(request.path) (unauthenticated)") }
            response = respond(failure)
        } catch {
            response = respond(FakeFailure(code: 500, reason: "InternalError", message: "\(error)"))
        }
        response.delay = delay
        if dropAnswer {
            log.append("(answer dropped)")
            return FakeResponse(status: 0, drop: true)
        }
        return response
    }

    func authenticate(_ request: FakeRequest) throws -> String {
        if let token = request.token {
            guard let user = tokens[token] else { throw FakeFailure.unauthorized }
            return user
        }
        if let user = request.certificateUser { return user }
        if requireAuthentication { throw FakeFailure.unauthorized }
        return "system:anonymous"
    }

    func respond(_ failure: FakeFailure) -> FakeResponse {
        if let text = failure.plainText {
            return FakeResponse(status: failure.code, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
        }
        return json(failure.code, failure.status)
    }

    /// A JSON answer; encoded by `handle` once the lock is released.
    func json(_ status: Int, _ value: Value) -> FakeResponse {
        var response = FakeResponse(status: status)
        response.jsonValue = value
        return response
    }

    static func key(_ group: String, _ resource: String, _ namespace: String?, _ name: String) -> String {
        "\(group)/\(resource)/\(namespace ?? "")/\(name)"
    }

    func resourceFor(apiVersion: String, kind: String) -> FakeResource? {
        resources.first { $0.groupVersion == apiVersion && $0.kind == kind }
    }

    func nextResourceVersion() -> Int {
        resourceVersion += 1
        return resourceVersion
    }

    /// RFC 3339 in UTC with whole seconds, as metav1.Time prints (formatted by hand: creating a
    /// DateFormatter per object was most of the fake's time).
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
