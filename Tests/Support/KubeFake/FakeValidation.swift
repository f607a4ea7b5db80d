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
