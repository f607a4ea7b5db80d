import Foundation
import ValueKit
import YAML

/// URL routing and the verbs, as kube-apiserver answers them.
extension FakeAPIServer {
    struct Target {
        var resource: FakeResource
        var namespace: String?
        var name: String?
        var subresource: String?
        var subpath: String?
    }

    func route(_ request: FakeRequest, user: String) throws -> FakeResponse {
        var request = request
        let segments = request.path.split(separator: "/").map(String.init)
        if request.path == "/version" {
            let parts = gitVersion.dropFirst().split(separator: ".")
            return json(200, ["major": .string(String(parts[0])), "minor": .string(String(parts[1])), "gitVersion": .string(gitVersion),
                              "platform": "linux/amd64"])
        }
        if let discovery = discoveryDocument(segments) { return json(200, discovery) }
        let target = try parseTarget(segments)
        let verb = verbName(request, target)
        guard authorize(user, verb, target.resource.group, target.resource.plural, target.namespace) else {
            throw FakeFailure.forbidden(user: user, verb: verb, resource: target.resource.plural, group: target.resource.group, namespace: target.namespace)
        }
        if request.method != "GET", let dryRun = request.query["dryRun"] {
            guard dryRun == "All" else { throw FakeFailure.badRequest("Invalid dry run value \"\(dryRun)\": only \"All\" is supported") }
            // Validated, defaulted and answered as a real write would be, then forgotten.
            let saved = (objects, owners, events, resourceVersion, resources)
            defer { (objects, owners, events, resourceVersion, resources) = saved }
            request.query["dryRun"] = nil
            return try route(request, user: user)
        }
        switch (request.method, target.name, target.subresource) {
        case ("GET", nil, _):
            return request.query["watch"].map { $0 == "1" || $0 == "true" } == true ? try watch(target, request) : try list(target, request)
        case ("GET", _?, "log"?): return try podLog(target, request)
        case ("GET", _?, "proxy"?): return try proxy(target)
        case ("POST", _?, "portforward"?), ("GET", _?, "portforward"?): return try portForward(target, request)
        case ("GET", let name?, _): return json(200, try existing(target, name))
        case ("POST", nil, nil): return try create(target, request)
        case ("PUT", let name?, let sub): return try update(target, name, sub, request)
        case ("PATCH", let name?, let sub): return try patch(target, name, sub, request)
        case ("DELETE", let name?, nil): return try delete(target, name, request)
        default: throw FakeFailure.methodNotAllowed
        }
    }

    func verbName(_ request: FakeRequest, _ target: Target) -> String {
        switch request.method {
        case "GET": return target.name == nil ? (request.query["watch"] != nil ? "watch" : "list") : "get"
        case "POST": return "create"
        case "PUT": return "update"
        case "PATCH": return "patch"
        case "DELETE": return "delete"
        default: return request.method.lowercased()
        }
    }

    func discoveryDocument(_ s: [String]) -> Value? {
        if s == ["api"] { return ["kind": "APIVersions", "versions": ["v1"]] }
        if s == ["apis"] {
            var groups: [String: [String]] = [:]
            var order: [String] = []
            for r in resources where !r.group.isEmpty {
                if groups[r.group] == nil { order.append(r.group) }
                if !(groups[r.group] ?? []).contains(r.version) { groups[r.group, default: []].append(r.version) }
            }
            let list: [Value] = order.map { g in
                let versions: [Value] = groups[g]!.map { .map(["groupVersion": .string("\(g)/\($0)"), "version": .string($0)]) }
                return .map(["name": .string(g), "versions": .array(versions), "preferredVersion": versions[0]])
            }
            return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(list)]
        }
        let groupVersion: String
        if s.count == 2 && s[0] == "api" { groupVersion = s[1] } else if s.count == 3 && s[0] == "apis" { groupVersion = "\(s[1])/\(s[2])" } else { return nil }
        let served = resources.filter { $0.groupVersion == groupVersion }
        guard !served.isEmpty else { return nil }
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion),
                "resources": .array(served.flatMap(\.discoveryEntries))]
    }

    func parseTarget(_ segments: [String]) throws -> Target {
        var s = segments[...]
        let groupVersion: String
        if s.first == "api", s.count >= 2 { groupVersion = s[s.startIndex + 1]; s = s.dropFirst(2) } else if s.first == "apis", s.count >= 3 {
            groupVersion = "\(s[s.startIndex + 1])/\(s[s.startIndex + 2])"; s = s.dropFirst(3)
        } else { throw FakeFailure.pageNotFound }
        var namespace: String?
        if s.first == "namespaces", s.count >= 3 {
            namespace = s[s.startIndex + 1]
            s = s.dropFirst(2)
        }
        guard let plural = s.first, let resource = resources.first(where: { $0.groupVersion == groupVersion && $0.plural == plural }) else {
            throw FakeFailure.pageNotFound
        }
        s = s.dropFirst()
        if !resource.namespaced && namespace != nil { throw FakeFailure.pageNotFound }
        var target = Target(resource: resource, namespace: resource.namespaced ? namespace : nil)
        if let name = s.first { target.name = name; s = s.dropFirst() }
        if let sub = s.first {
            guard resource.subresources.contains(sub) else { throw FakeFailure.pageNotFound }
            target.subresource = sub
            s = s.dropFirst()
            target.subpath = s.joined(separator: "/")
        }
        return target
    }

    func existing(_ target: Target, _ name: String) throws -> Value {
        let lookupName = target.subresource == "proxy" ? String(name.prefix { $0 != ":" }) : name
        guard let object = objects[Self.key(target.resource.group, target.resource.plural, target.namespace, lookupName)] else {
            throw FakeFailure.notFound(target.resource.plural, lookupName, group: target.resource.group)
        }
        return object
    }

    func decodeBody(_ request: FakeRequest, kind: String) throws -> Value {
        if case .success(let value)? = request.parsedBody { return value }
        let text = String(decoding: request.body, as: UTF8.self)
        do {
            return request.contentType?.contains("yaml") == true ? try YAML.decodeJSONCompatible(text) : try GoJSONDecoder.decode(text)
        } catch {
            throw FakeFailure.badRequest("the object provided is unrecognized (must be of type \(kind)): couldn't get version/kind; json parse error: unexpected end of JSON input (\(text))")
        }
    }

    // MARK: Create, update, delete

    func create(_ target: Target, _ request: FakeRequest) throws -> FakeResponse {
        guard request.contentType?.hasPrefix("application/json") ?? true || request.contentType?.contains("yaml") == true else {
            throw FakeFailure.unsupportedMediaType
        }
        let object = try decodeBody(request, kind: target.resource.kind)
        let stored = try insert(target.resource, namespace: target.namespace, object: object, manager: request.query["fieldManager"] ?? "unknown")
        return json(201, stored)
    }

    func insert(_ resource: FakeResource, namespace: String?, object: Value, manager: String, operation: String = "Update") throws -> Value {
        guard var map = object.mapValue else { throw FakeFailure.badRequest("the object provided is unrecognized (must be of type \(resource.kind))") }
        var meta = map["metadata"]?.mapValue ?? OrderedMap()
        let name = meta["name"]?.stringValue ?? ""
        try validateName(resource, name)
        try validateFields(resource, object)
        if resource.namespaced {
            guard let namespace else { throw FakeFailure.badRequest("the namespace of the provided object does not match the namespace sent on the request") }
            if let given = meta["namespace"]?.stringValue, given != namespace {
                throw FakeFailure.badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            guard let ns = objects[Self.key("", "namespaces", nil, namespace)] else { throw FakeFailure.notFound("namespaces", namespace) }
            if ns["metadata"]?["deletionTimestamp"] != nil {
                throw FakeFailure(code: 403, reason: "Forbidden",
                                  message: "\(FakeFailure.qualified(resource.plural, resource.group)) \"\(name)\" is forbidden: unable to create new content in namespace \(namespace) because it is being terminated",
                                  details: ["name": .string(name), "kind": .string(resource.plural)])
            }
            meta["namespace"] = .string(namespace)
        }
        let key = Self.key(resource.group, resource.plural, namespace, name)
        guard objects[key] == nil else { throw FakeFailure.alreadyExists(resource.plural, name, group: resource.group) }
        meta["uid"] = .string(UUID().uuidString.lowercased())
        meta["resourceVersion"] = .string(String(nextResourceVersion()))
        if resource.kind != "Namespace" && resource.kind != "ConfigMap" && resource.kind != "Secret" { meta["generation"] = 1 }
        meta["creationTimestamp"] = .string(Self.timestamp(now()))
        if resource.kind == "Namespace" {
            var labels = meta["labels"]?.mapValue ?? OrderedMap()
            labels["kubernetes.io/metadata.name"] = .string(name)
            meta["labels"] = .map(labels)
            map["spec"] = ["finalizers": ["kubernetes"]]
            map["status"] = ["phase": "Active"]
        }
        map["apiVersion"] = .string(resource.groupVersion)
        map["kind"] = .string(resource.kind)
        map["metadata"] = .map(meta)
        if resource.kind == "Service", var spec = map["spec"]?.mapValue ?? Optional(OrderedMap()),
           spec["type"]?.stringValue != "ExternalName", (spec["clusterIP"]?.stringValue ?? "").isEmpty {
            // The service IP allocator.
            spec["clusterIP"] = .string("10.96.\(resourceVersion / 250 % 250).\(resourceVersion % 250 + 1)")
            map["spec"] = .map(spec)
        }
        var stored = Value.map(map)
        stored = simulateControllers(resource, stored)
        let fields = FieldOwner.paths(of: object, skipIdentity: true)
        owners[key] = fields.isEmpty ? [] : [FieldOwner(manager: manager, operation: operation, apiVersion: resource.groupVersion, fields: fields)]
        stored = withManagedFields(stored, key: key)
        objects[key] = stored
        if resource.kind == "CustomResourceDefinition" { registerCRD(stored) }
        events.append((resourceVersion, "ADDED", key, stored))
        return stored
    }

    func validateName(_ resource: FakeResource, _ name: String) throws {
        if name.isEmpty {
            throw FakeFailure.invalid(kind: resource.kind, name: "", group: resource.group,
                                      causes: [("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")])
        }
        func isLabel<S: StringProtocol>(_ s: S) -> Bool {
            let bytes = Array(s.utf8)
            let alnum: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
            guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
            return bytes.allSatisfy { alnum($0) || $0 == 45 }
        }
        if resource.kind == "Namespace" || resource.kind == "Service" {
            if !isLabel(name) || name.count > 63 {
                let message = "Invalid value: \"\(name)\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                throw FakeFailure.invalid(kind: resource.kind, name: name, group: resource.group, causes: [("FieldValueInvalid", message, "metadata.name")])
            }
        } else if !name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isLabel) || name.count > 253 {
            let message = "Invalid value: \"\(name)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            throw FakeFailure.invalid(kind: resource.kind, name: name, group: resource.group, causes: [("FieldValueInvalid", message, "metadata.name")])
        }
    }

    func registerCRD(_ crd: Value) {
        for r in FakeResource.fromCRD(crd) where !resources.contains(where: { $0.groupVersion == r.groupVersion && $0.plural == r.plural }) {
            resources.append(r)
        }
    }

    /// Writes a new version of an existing object: checks resourceVersion, bumps it (and generation when
    /// the spec changed), and keeps status apart from the main resource as the API does.
    func replace(_ target: Target, _ name: String, with proposed: Value, subresource: String?, manager: String, operation: String,
                 appliedFields: Set<[String]>? = nil, checkVersion: Bool) throws -> Value {
        let key = Self.key(target.resource.group, target.resource.plural, target.namespace, name)
        guard let current = objects[key] else { throw FakeFailure.notFound(target.resource.plural, name, group: target.resource.group) }
        if checkVersion, let sent = proposed["metadata"]?["resourceVersion"]?.stringValue, !sent.isEmpty,
           sent != current["metadata"]?["resourceVersion"]?.stringValue
        {
            throw FakeFailure.conflict(target.resource.plural, name, group: target.resource.group,
                                       problem: "the object has been modified; please apply your changes to the latest version and try again")
        }
        if subresource == nil {
            try validateFields(target.resource, proposed)
            try validateUpdate(target.resource, current: current, proposed: proposed)
        }
        var next = proposed.mapValue ?? OrderedMap()
        var meta = next["metadata"]?.mapValue ?? OrderedMap()
        let currentMeta = current["metadata"]?.mapValue ?? OrderedMap()
        for field in ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "generation"] { meta[field] = currentMeta[field] }
        if target.resource.subresources.contains("status") {
            if subresource == "status" {
                // Only status changes through the status subresource.
                var kept = current.mapValue!
                kept["status"] = next["status"]
                next = kept
                meta = currentMeta
            } else {
                next["status"] = current["status"]
            }
        }
        if next["spec"] != current["spec"], let generation = currentMeta["generation"]?.integerValue {
            meta["generation"] = .int(Int64(generation + 1))
        }
        meta["resourceVersion"] = .string(String(nextResourceVersion()))
        meta["managedFields"] = nil
        // ObjectMeta's maps are omitempty: the last label removed removes the map.
        for field in ["labels", "annotations"] where meta[field]?.mapValue?.isEmpty == true { meta[field] = nil }
        next["metadata"] = .map(meta)
        next["apiVersion"] = .string(target.resource.groupVersion)
        next["kind"] = .string(target.resource.kind)
        var stored = subresource == "status" ? Value.map(next) : simulateControllers(target.resource, .map(next))
        FieldOwner.record(&owners[key, default: []], manager: manager, operation: operation, apiVersion: target.resource.groupVersion,
                          old: current, new: stored, applied: appliedFields)
        stored = withManagedFields(stored, key: key)
        // An object whose last finalizer went away while it was being deleted is gone now.
        if meta["deletionTimestamp"] != nil, (meta["finalizers"]?.arrayValue ?? []).isEmpty {
            objects[key] = nil
            owners[key] = nil
            events.append((resourceVersion, "DELETED", key, stored))
            return stored
        }
        objects[key] = stored
        if target.resource.kind == "CustomResourceDefinition" { registerCRD(stored) }
        events.append((resourceVersion, "MODIFIED", key, stored))
        return stored
    }

    func update(_ target: Target, _ name: String, _ subresource: String?, _ request: FakeRequest) throws -> FakeResponse {
        let object = try decodeBody(request, kind: target.resource.kind)
        if let given = object["metadata"]?["name"]?.stringValue, given != name {
            throw FakeFailure.badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
        }
        let stored = try replace(target, name, with: object, subresource: subresource, manager: request.query["fieldManager"] ?? "unknown",
                                 operation: "Update", checkVersion: true)
        return json(200, stored)
    }

    func delete(_ target: Target, _ name: String, _ request: FakeRequest) throws -> FakeResponse {
        let key = Self.key(target.resource.group, target.resource.plural, target.namespace, name)
        guard var current = objects[key]?.mapValue else { throw FakeFailure.notFound(target.resource.plural, name, group: target.resource.group) }
        let options = request.body.isEmpty ? Value.null : (try? GoJSONDecoder.decode(String(decoding: request.body, as: UTF8.self))) ?? .null
        if let uid = options["preconditions"]?["uid"]?.stringValue, uid != current["metadata"]?["uid"]?.stringValue {
            throw FakeFailure.conflict(target.resource.plural, name, group: target.resource.group,
                                       problem: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(current["metadata"]?["uid"]?.stringValue ?? "")")
        }
        if let rv = options["preconditions"]?["resourceVersion"]?.stringValue, rv != current["metadata"]?["resourceVersion"]?.stringValue {
            throw FakeFailure.conflict(target.resource.plural, name, group: target.resource.group,
                                       problem: "Precondition failed: ResourceVersion in precondition: \(rv), ResourceVersion in object meta: \(current["metadata"]?["resourceVersion"]?.stringValue ?? "")")
        }
        var meta = current["metadata"]?.mapValue ?? OrderedMap()
        let finalizers = (meta["finalizers"]?.arrayValue ?? []) + (target.resource.kind == "Namespace" ? (current["spec"]?["finalizers"]?.arrayValue ?? []) : [])
        if !finalizers.isEmpty {
            if meta["deletionTimestamp"] == nil {
                meta["deletionTimestamp"] = .string(Self.timestamp(now()))
                meta["resourceVersion"] = .string(String(nextResourceVersion()))
                current["metadata"] = .map(meta)
                if target.resource.kind == "Namespace" {
                    current["status"] = ["phase": "Terminating"]
                    terminatingNamespaces = true
                }
                objects[key] = .map(current)
                events.append((resourceVersion, "MODIFIED", key, .map(current)))
            }
            return json(200, .map(current))
        }
        objects[key] = nil
        owners[key] = nil
        events.append((nextResourceVersion(), "DELETED", key, .map(current)))
        return json(200, target.resource.kind == "Namespace" ? .map(current)
                    : ["kind": "Status", "apiVersion": "v1", "metadata": .map(OrderedMap()), "status": "Success",
                       "details": ["name": .string(name), "group": .string(target.resource.group), "kind": .string(target.resource.plural),
                                   "uid": current["metadata"]?["uid"] ?? .null]])
    }

    /// The namespace controller: a Terminating namespace loses its contents and then itself.
    func finalizeTerminatingNamespaces() {
        guard terminatingNamespaces else { return }
        terminatingNamespaces = false
        for (key, ns) in objects where key.hasPrefix("/namespaces/") && ns["metadata"]?["deletionTimestamp"] != nil {
            let name = ns["metadata"]?["name"]?.stringValue ?? ""
            for other in objects.keys where other.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first.map(String.init) == name {
                objects[other] = nil
                owners[other] = nil
            }
            objects[key] = nil
            owners[key] = nil
            events.append((nextResourceVersion(), "DELETED", key, ns))
        }
    }

    /// Controllers the fake stands in for, when a test lets them act: a Deployment reports its pods
    /// ready, with a ReplicaSet for its current pod template whose pods are all ready (as the
    /// deployment controller's new ReplicaSet); a Job completes (or fails with BackoffLimitExceeded
    /// when its name is in `failingJobs`). The fake has no Pods of its own and no garbage collector.
    /// `force`: act whatever the settings say (`runControllers`).
    func simulateControllers(_ resource: FakeResource, _ object: Value, force: Bool = false) -> Value {
        if resource.kind == "Job", jobsFinish || force, var map = object.mapValue, map["status"] == nil {
            let fails = failingJobs.contains(object["metadata"]?["name"]?.stringValue ?? "")
            map["status"] = fails
                ? ["failed": 1, "conditions": [["type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded",
                                                 "message": "Job has reached the specified backoff limit"],
                                                ["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                                                 "message": "Job has reached the specified backoff limit"]]]
                : ["succeeded": 1, "conditions": [["type": "Complete", "status": "True"]]]
            return .map(map)
        }
        guard resource.kind == "Deployment", deploymentsBecomeReady || force, var map = object.mapValue else { return object }
        let replicas = Value.int(Int64(object["spec"]?["replicas"]?.integerValue ?? 1))
        let generation = object["metadata"]?["generation"] ?? 1
        map["status"] = ["observedGeneration": generation, "replicas": replicas, "updatedReplicas": replicas, "readyReplicas": replicas,
                         "availableReplicas": replicas,
                         "conditions": [["type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"],
                                        ["type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"]]]
        storeNewReplicaSet(of: .map(map))
        return .map(map)
    }

    /// The ReplicaSet the deployment controller makes for a Deployment's current pod template, with
    /// all of its pods ready: `NAME-HASH`, owned by the Deployment, the template's labels plus
    /// `pod-template-hash`.
    func storeNewReplicaSet(of deployment: Value) {
        guard let name = deployment["metadata"]?["name"]?.stringValue, let uid = deployment["metadata"]?["uid"]?.stringValue else { return }
        // (The fake accepts a Deployment without a pod template, which unit tests' small charts use.)
        let template = deployment["spec"]?["template"]?.mapValue
        let namespace = deployment["metadata"]?["namespace"]?.stringValue ?? ""
        var hash: UInt32 = 2_166_136_261
        for byte in ((try? GoJSONEncoder.encode(template.map { .map($0) } ?? .null)) ?? "").utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let suffix = String(hash % 0xFFFFFF, radix: 16)
        func withHash(_ labels: Value?) -> Value {
            var map = labels?.mapValue ?? OrderedMap()
            map["pod-template-hash"] = .string(suffix)
            return .map(map)
        }
        var podTemplate = template ?? OrderedMap()
        var podMeta = podTemplate["metadata"]?.mapValue ?? OrderedMap()
        podMeta["labels"] = withHash(podMeta["labels"])
        podTemplate["metadata"] = .map(podMeta)
        let replicas = Value.int(Int64(deployment["spec"]?["replicas"]?.integerValue ?? 1))
        let version = nextResourceVersion()
        let rsName = "\(name)-\(suffix)"
        // The pod template's labels (which hold the selector's on a real cluster; the selector's too here).
        var setLabels = podMeta["labels"]?.mapValue ?? OrderedMap()
        for (k, v) in deployment["spec"]?["selector"]?["matchLabels"]?.mapValue?.entries ?? [] where setLabels[k] == nil { setLabels[k] = v }
        var spec: OrderedMap = ["replicas": replicas, "selector": ["matchLabels": withHash(deployment["spec"]?["selector"]?["matchLabels"])]]
        if template != nil { spec["template"] = .map(podTemplate) }
        let set: Value = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": .string(rsName), "namespace": .string(namespace), "uid": .string("rs-\(uid)-\(suffix)"),
                         "resourceVersion": .string(String(version)), "generation": 1, "labels": withHash(.map(setLabels)),
                         "ownerReferences": [["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name), "uid": .string(uid),
                                              "controller": true, "blockOwnerDeletion": true]]],
            "spec": .map(spec),
            "status": newPodsBecomeReady ? ["replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas, "observedGeneration": 1]
                : ["replicas": replicas, "readyReplicas": 0, "availableReplicas": 0, "observedGeneration": 1],
        ]
        // No watch event: this runs before the Deployment's own event is recorded, and an event of
        // a higher resourceVersion ahead of it would hide it from watches.
        objects[Self.key("apps", "replicasets", namespace, rsName)] = set
    }
}

