/// A service port as OSM's xDS server sees it, and the names it gives the Envoy objects that carry
/// its traffic (facts from OSM's pkg/service, pkg/envoy/lds, pkg/envoy/rds/route and
/// pkg/envoy/secrets).
public struct MeshService: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var port: Int
    public var targetPort: Int
    /// The port's appProtocol, `http` when unset.
    public var proto: String

    public var namespacedName: String { "\(namespace)/\(name)" }
    public var fqdn: String { "\(name).\(namespace).svc.cluster.local" }
    public var outboundFilterChain: String { "outbound_\(namespacedName)_\(port)_\(proto)" }
    public var inboundFilterChain: String { "inbound_\(namespacedName)_\(targetPort)_\(proto)" }
    public var ingressFilterChain: String { "ingress_\(namespacedName)_\(targetPort)_\(proto)" }
    public var cluster: String { "\(namespacedName)|\(targetPort)" }
    public var localCluster: String { "\(namespacedName)|\(targetPort)|local" }
}

/// OSM's fixed Envoy names.
public enum EnvoyNames {
    public static let outboundListener = "outbound-listener"
    public static let inboundListener = "inbound-listener"
    public static let httpConnectionManager = "http_connection_manager"
    public static let tcpProxy = "tcp_proxy"

    public static func outboundRouteConfig(_ port: Int) -> String { "rds-outbound.\(port)" }
    public static func inboundRouteConfig(_ port: Int) -> String { "rds-inbound.\(port)" }
    public static func egressRouteConfig(_ port: Int) -> String { "rds-egress.\(port)" }
    public static func egressFilterChain(port: Int, proto: String) -> String { "egress-\(proto.lowercased()).\(port)" }
    /// HTTP egress goes to a cluster per host and port; TCP and HTTPS egress to one per port.
    public static func egressCluster(host: String, port: Int, proto: String) -> String {
        proto == "http" ? "\(host):\(port)" : "\(port)"
    }

    /// The network filter a protocol's traffic passes through; nil for a protocol OSM does not proxy.
    public static func filter(for proto: String) -> String? {
        switch proto {
        case "http": return httpConnectionManager
        case "tcp", "https": return tcpProxy
        default: return nil
        }
    }

    /// SDS secret names: `<type>:<namespace>/<name>`.
    public static func serviceCert(namespace: String, serviceAccount: String) -> String {
        "service-cert:\(namespace)/\(serviceAccount)"
    }
    public static func outboundRootCert(service: String) -> String { "root-cert-for-mtls-outbound:\(service)" }
    public static func inboundRootCert(namespace: String, serviceAccount: String) -> String {
        "root-cert-for-mtls-inbound:\(namespace)/\(serviceAccount)"
    }
}
