import CLI
import OSMKit

enum VerifyCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let verify = Command(
            use: "verify", short: "verify mesh configurations",
            long: "Checks that the control plane and the traffic between pods are set up as expected.")
        verify.add(
            Command(
                use: "connectivity", short: "verify connectivity between a pod and a destination",
                long: "Checks the namespaces, sidecars and Envoy configuration that traffic from a pod to a pod or external host depends on.",
                args: .none,
                flags: [
                    Flag("from-pod", kind: .string, usage: "Client pod as <namespace>/<name> (required)"),
                    .string("to-pod", usage: "Destination pod as <namespace>/<name>"),
                    .string("to-service", usage: "Destination service name"),
                    .string("app-protocol", default: "http", usage: "Application protocol of the traffic"),
                    Flag("to-ext-port", kind: .uint16, usage: "Port of the external destination"),
                    .string("to-ext-host", usage: "Host name of the external destination"),
                    .string("mesh-name", default: "osm", usage: "Name of the mesh"),
                ],
                action: NotImplemented.action("verify connectivity")),
            Command(
                use: "control-plane-health", short: "verify the health of the OSM control plane",
                long: "Checks that the controller, injector and bootstrap pods are ready and answer their health probes.",
                args: .none,
                action: { invocation in
                    let result = await ControlPlaneHealth.verify(try environment.client(invocation), namespace: invocation.flags.string("osm-namespace"))
                    // Colour as fatih/color decides: only on a terminal, and not with NO_COLOR set.
                    let color = invocation.stdout.isTerminal && (environment.variables["NO_COLOR"] ?? "").isEmpty
                    let rule = String(repeating: "-", count: 45) + "\n"
                    invocation.stdout.write(rule + result.render(color: color) + rule)
                }),
            Command(
                use: "ingress", short: "verify ingress connectivity between an ingress service and a destination",
                long: "Checks the namespaces, sidecars, IngressBackend and Envoy configuration that ingress traffic to a pod depends on.",
                args: .none,
                flags: [
                    .string("from-service", usage: "Ingress service as <namespace>/<name> (required)"),
                    .string("to-pod", usage: "Backend pod as <namespace>/<name> (required)"),
                    .string("to-service", usage: "Backend service name (required)"),
                    .string("ingress-backend", usage: "Name of the IngressBackend (required)"),
                    Flag("to-port", kind: .uint16, usage: "Backend port (required)"),
                    .string("app-protocol", default: "http", usage: "Application protocol of the traffic"),
                    .string("mesh-name", default: "osm", usage: "Name of the mesh"),
                ],
                action: NotImplemented.action("verify ingress"))
        )
        return verify
    }
}
