import CLI
import OSMKit

/// `osm policy check-conflicts`' flags.
struct ConflictOptions: CommandOptions {
    var namespaces: [String] = []
    static let options: [Option<Self>] = [
        .strings("namespaces", shorthand: "n", \.namespaces, usage: "Namespace to check (exactly one)")
    ]
}

enum PolicyCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let policy = Command(
            use: "policy", short: "manage and check traffic policies",
            long: "Checks the traffic policies that apply to meshed pods.")
        policy.add(
            Command(
                use: "check-pods SOURCE_POD DESTINATION_POD",
                short: "check if two pods are authorized to communicate via a traffic policy",
                long:
                    "Tells whether SMI traffic policies let the first pod talk to the second. Pods are given as <namespace>/<pod>, or <pod> in the default namespace.",
                example: """
                      # May bookbuyer's pod send traffic to bookstore's pod?
                      osm policy check-pods bookbuyer/bookbuyer-7d9f bookstore/bookstore-5c4b
                    """,
                args: .exactly(2),
                action: { invocation in
                    invocation.stdout.write(
                        try await PolicyCheck.checkPods(
                            { try environment.client(invocation) }, source: invocation.arguments[0],
                            destination: invocation.arguments[1],
                            osmNamespace: invocation.flags.decode(GlobalOptions.self).osmNamespace))
                }),
            Command(
                use: "check-conflicts RESOURCE_KIND",
                short: "check if an API resource conflicts with another resource of the same kind",
                long: "Looks for resources of one kind that claim the same backends. Only IngressBackend is supported.",
                example: """
                      # Do any IngressBackends in the bookstore namespace claim the same backend?
                      osm policy check-conflicts IngressBackend -n bookstore
                    """,
                args: .exactly(1),
                flags: ConflictOptions.flags,
                action: { invocation in
                    invocation.stdout.write(
                        try await PolicyCheck.checkConflicts(
                            { try environment.client(invocation) }, kind: invocation.arguments[0],
                            namespaces: invocation.flags.decode(ConflictOptions.self).namespaces))
                })
        )
        return policy
    }
}
