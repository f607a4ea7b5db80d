import CLI
import Foundation
import KubeClient
import OSMKit

private let dashboardLong = """
    Forwards a local port to the Grafana pod of the mesh and opens it in a browser. The command
    keeps forwarding until it is interrupted with Ctrl-C. Grafana must have been installed with
    the control plane (--set osm.deployGrafana=true).
    """

/// `osm dashboard`'s flags.
struct DashboardOptions: CommandOptions {
    var localPort: UInt16 = 3000
    var remotePort: UInt16 = 3000
    var openBrowser = true
    static let options: [Option<Self>] = [
        .uint16("local-port", shorthand: "p", \.localPort, default: 3000, usage: "Port on this machine to listen on"),
        .uint16("remote-port", shorthand: "r", \.remotePort, default: 3000, usage: "Port Grafana listens on in its pod"),
        .bool(
            "open-browser", shorthand: "b", \.openBrowser, default: true,
            usage: "Open the dashboard in a browser; -b=false only prints the address"),
    ]
}

enum DashboardCommand {
    static func make(environment: OSMEnvironment) -> Command {
        Command(
            use: "dashboard", short: "open grafana dashboard through ssh redirection", long: dashboardLong, args: .any,
            flags: DashboardOptions.flags,
            action: { invocation in
                let options = invocation.flags.decode(DashboardOptions.self)
                let out = invocation.stdout, err = invocation.stderr
                out.write("[+] Starting Dashboard forwarding\n")
                let namespace = invocation.flags.decode(GlobalOptions.self).osmNamespace
                let localPort = options.localPort, remotePort = options.remotePort
                let forwarder = try await Dashboard.forward(
                    try environment.client(invocation), namespace: namespace, localPort: localPort,
                    remotePort: remotePort, onError: { err.write("\($0)\n") })
                defer { forwarder.stop() }
                let url = "http://localhost:\(forwarder.boundPort)"
                if options.openBrowser {
                    out.write("[+] Issuing open browser \(url)\n")
                    environment.openURL(url)
                } else {
                    out.write("[+] Forwarding \(url) to Grafana; press Ctrl-C to stop\n")
                }
                // Ctrl-C cancels this task: the normal way to end the command.
                while !Task.isCancelled {
                    if forwarder.tunnelFailure != nil { break }
                    try? await Task.sleep(nanoseconds: 100_000_000)
                }
                if let failure = forwarder.tunnelFailure, !Task.isCancelled {
                    throw OSMError(
                        "Port forwarding failed: Error during port forwarding: lost connection to pod: \(failure)")
                }
            })
    }
}
