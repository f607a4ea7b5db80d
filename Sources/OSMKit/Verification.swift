/// The outcome of one `osm verify` check, with the checks it is made of (spec §2.14).
public struct Verification: Sendable, Equatable {
    public enum Status: String, Sendable { case success = "Success", failure = "Failure", unknown = "Unknown" }

    public var context: String
    public var status: Status
    public var reason = ""
    public var suggestion = ""
    public var nested: [Verification] = []

    public init(
        context: String, status: Status, reason: String = "", suggestion: String = "", nested: [Verification] = []
    ) {
        self.context = context
        self.status = status
        self.reason = reason
        self.suggestion = suggestion
        self.nested = nested
    }

    /// A group: failed when one of its steps failed (an unknown step does not fail it).
    public static func group(_ context: String, _ steps: [Verification]) -> Verification {
        guard steps.contains(where: { $0.status == .failure }) else {
            // Upstream calls a group successful when a step could not run at all (status Unknown, e.g. the
            // cluster did not answer); here such a group is Unknown and shows its steps.
            if steps.contains(where: { $0.status == .unknown }) {
                return Verification(
                    context: context, status: .unknown, reason: "A verification step could not be completed",
                    suggestion: "Please resolve the errors listed in the steps below and verify again", nested: steps)
            }
            return Verification(context: context, status: .success, nested: steps)
        }
        return Verification(
            context: context, status: .failure, reason: "A verification step failed",
            suggestion: "Please follow the suggestions listed in the failed steps below to resolve the issue",
            nested: steps)
    }

    /// The tree as upstream prints it: `[+]`, `[++]`, … per depth; a step's own steps only when it did not succeed.
    public func render(depth: Int = 1, color: Bool) -> String {
        var out = "[" + String(repeating: "+", count: depth) + "] Context: \(context)\n"
        out += "Status: \(color ? colored : status.rawValue)\n"
        if !reason.isEmpty { out += "Reason: \(reason)\n" }
        if !suggestion.isEmpty { out += "Suggestion: \(suggestion)\n" }
        out += "\n"
        if status != .success {
            for step in nested { out += step.render(depth: depth + 1, color: color) }
        }
        return out
    }

    private var colored: String {
        let code =
            switch status {
            case .success: "32"
            case .failure: "31"
            case .unknown: "33"
            }
        return "\u{1B}[\(code)m\(status.rawValue)\u{1B}[0m"
    }
}
