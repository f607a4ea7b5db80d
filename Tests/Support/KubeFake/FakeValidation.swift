import ValueKit

/// Field rules kube-apiserver checks on write that a test may run into, with its wording (learnt
/// from the real v1.36 server under `../shared/envtest`): port names are IANA service names.
extension FakeAPIServer {
    func validateFields(_ resource: FakeResource, _ object: Value) throws {
        var causes: [(reason: String, message: String, field: String)] = []
        func invalid(_ field: String, _ value: String, _ why: String) {
            causes.append(("FieldValueInvalid", "Invalid value: \"\(value)\": \(why)", field))
        }
        func checkPodSpec(_ spec: Value?, at path: String) {
            for list in ["initContainers", "containers"] {
                for (index, container) in (spec?[list]?.arrayValue ?? []).enumerated() {
                    for (portIndex, port) in (container["ports"]?.arrayValue ?? []).enumerated() {
                        guard let name = port["name"]?.stringValue else { continue }
                        if let why = Self.ianaServiceNameProblem(name) { invalid("\(path).\(list)[\(index)].ports[\(portIndex)].name", name, why) }
                    }
                }
            }
        }
        checkLabels(object["metadata"]?["labels"], at: "metadata.labels", into: &causes)
        if ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"].contains(resource.kind) {
            checkLabels(object["spec"]?["template"]?["metadata"]?["labels"], at: "spec.template.metadata.labels", into: &causes)
        }
        switch resource.kind {
        case "Pod": checkPodSpec(object["spec"], at: "spec")
        case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController":
            checkPodSpec(object["spec"]?["template"]?["spec"], at: "spec.template.spec")
        case "CronJob": checkPodSpec(object["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"], at: "spec.jobTemplate.spec.template.spec")
        case "Service":
            for (index, port) in (object["spec"]?["ports"]?.arrayValue ?? []).enumerated() {
                if let target = port["targetPort"]?.stringValue, let why = Self.ianaServiceNameProblem(target) {
                    invalid("spec.ports[\(index)].targetPort", target, why)
                }
            }
        default: break
        }
        guard !causes.isEmpty else { return }
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        throw FakeFailure.invalid(kind: resource.kind, name: name, group: resource.group, causes: causes)
    }

    /// Fields the API refuses to change once set, checked on update, patch and apply.
    func validateUpdate(_ resource: FakeResource, current: Value, proposed: Value) throws {
        var causes: [(reason: String, message: String, field: String)] = []
        switch resource.kind {
        case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet":
            if let old = current["spec"]?["selector"], let new = proposed["spec"]?["selector"], old != new {
                let shown = (try? GoJSONEncoder.encode(new)) ?? ""
                causes.append(("FieldValueInvalid", "Invalid value: \(shown): field is immutable", "spec.selector"))
            }
        case "Job":
            // kube-apiserver shows its internal Go struct here; the fake shows the template as JSON.
            if let old = current["spec"]?["template"], let new = proposed["spec"]?["template"], old != new {
                let shown = (try? GoJSONEncoder.encode(new)) ?? ""
                causes.append(("FieldValueInvalid", "Invalid value: \(shown): field is immutable", "spec.template"))
            }
        case "Service":
            let old = current["spec"]?["clusterIPs"]?.arrayValue ?? current["spec"]?["clusterIP"].map { [$0] } ?? []
            if let new = proposed["spec"]?["clusterIPs"]?.arrayValue ?? proposed["spec"]?["clusterIP"].map({ [$0] }),
               !new.isEmpty, new != [""], !old.isEmpty, new != old {
                let shown = (try? GoJSONEncoder.encode(.array(new))) ?? ""
                causes.append(("FieldValueInvalid", "Invalid value: \(shown): may not change once set", "spec.clusterIPs[0]"))
            }
        default: break
        }
        guard !causes.isEmpty else { return }
        throw FakeFailure.invalid(kind: resource.kind, name: current["metadata"]?["name"]?.stringValue ?? "", group: resource.group, causes: causes)
    }

    static let subdomainRule = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

    /// DNS-1123 subdomain: dot-separated labels of lower-case letters, digits and inner hyphens.
    static func isDNSSubdomain(_ text: Substring) -> Bool {
        text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            let alnum: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
            guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
            return bytes.allSatisfy { alnum($0) || $0 == 45 }
        }
    }

    static let labelNameRule = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"

    /// Label keys (optional DNS-subdomain prefix, a name of at most 63 bytes) and values, with the API's words.
    func checkLabels(_ labels: Value?, at field: String, into causes: inout [(reason: String, message: String, field: String)]) {
        func qualifiedName(_ text: Substring) -> Bool {
            let bytes = Array(text.utf8)
            let alnum: (UInt8) -> Bool = { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
            guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
            return bytes.allSatisfy { alnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
        }
        for (key, value) in (labels?.mapValue?.entries ?? []).sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            let name = parts.last ?? ""
            let prefix = parts.count == 2 ? parts[0] : nil
            if let prefix, prefix.isEmpty {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(key)\": prefix part must be non-empty", field))
            } else if let prefix, prefix.utf8.count > 253 {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(key)\": prefix part must be no more than 253 bytes", field))
            } else if let prefix, !Self.isDNSSubdomain(prefix) {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(key)\": prefix part \(Self.subdomainRule)", field))
            }
            if parts.count > 2 {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(key)\": a valid label key \(Self.labelNameRule) with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')", field))
            } else if name.isEmpty {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(key)\": name part must be non-empty", field))
            } else if name.utf8.count > 63 {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(key)\": name part must be no more than 63 bytes", field))
            } else if !qualifiedName(name) {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(key)\": name part \(Self.labelNameRule)", field))
            }
            let text = value.stringValue ?? ""
            if text.utf8.count > 63 {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(text)\": must be no more than 63 bytes", field))
            } else if !text.isEmpty && !qualifiedName(Substring(text)) {
                causes.append(("FieldValueInvalid", "Invalid value: \"\(text)\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')", field))
            }
        }
    }

    /// Kubernetes' IsValidPortName: the first rule broken, in the API's words.
    static func ianaServiceNameProblem(_ name: String) -> String? {
        if name.count > 15 { return "must be no more than 15 characters" }
        let bytes = Array(name.utf8)
        if !bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) {
            return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
        }
        if !bytes.contains(where: { $0 >= 97 && $0 <= 122 }) { return "must contain at least one letter (a-z)" }
        if name.contains("--") { return "must not contain consecutive hyphens" }
        if bytes.first == 45 || bytes.last == 45 { return "must not begin or end with a hyphen" }
        return nil
    }
}
