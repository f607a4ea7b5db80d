/// The error codes OSM's control plane writes into its logs (`"error_code":"E2002"`), with what
/// each one means. The codes and their ranges are OSM's (pkg/errcode); the explanations are
/// written for this project.
public enum ErrorCodes {
    public struct Entry: Sendable, Equatable {
        public let code: Int
        public let description: String
        public var name: String { "E\(code)" }
    }

    /// Every known code, in numeric order.
    public static let all: [Entry] = table.map { Entry(code: $0.0, description: $0.1) }.sorted { $0.code < $1.code }

    public static func lookup(_ code: Int) -> Entry? { all.first { $0.code == code } }

    public enum ParseError: Error, Equatable {
        /// Not `E` followed by a number.
        case format
        /// A number OSM does not use.
        case unknown
    }

    /// Reads a code as upstream does: leading `E`s are dropped and the rest must be a decimal
    /// integer (an optional sign allowed, as Go's strconv.Atoi does).
    public static func parse(_ text: String) throws(ParseError) -> Entry {
        let digits = text.drop { $0 == "E" }
        var body = Substring(digits)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }), let magnitude = Int(body) else {
            throw .format
        }
        guard let entry = lookup(negative ? -magnitude : magnitude) else { throw .unknown }
        return entry
    }

    private static let table: [(Int, String)] = [
        // 1000-1050: starting up
        (1000, "The component was started with a command-line argument it does not accept."),
        (1001, "The log level given to the component could not be applied."),
        (1002, "The component could not read its own osm-controller Pod from the Kubernetes API."),
        (1003, "The component could not read its own osm-injector Pod from the Kubernetes API."),
        (
            1004,
            "osm-controller could not start the client that watches Ingress resources, so ingress traffic is not configured."
        ),
        (
            1005,
            "The reconciler that restores OSM's CRDs and webhook configurations after they are changed or deleted could not start."
        ),
        // 2000-2500: traffic policies
        (
            2000,
            "Two or more egress policies match the same traffic (port, protocol, IP range or host) in ways that could not be merged; the conflicting egress policies were not applied."
        ),
        (
            2001,
            "The upstream clusters of an egress destination could not be merged because egress policies describe it differently; the conflicting egress policies were not applied."
        ),
        (
            2002,
            "An egress policy lists an IP range that is not CIDR notation (an address and a prefix length such as 192.0.2.0/24, RFC 4632); that range was skipped."
        ),
        (
            2003,
            "An egress policy has a match that cannot be used; that match was skipped and the rest of the policy applied."
        ),
        (
            2004,
            "An egress policy refers to an SMI HTTPRouteGroup that does not exist; it must live in the same namespace as the egress policy."
        ),
        (
            2005,
            "The SMI HTTPRouteGroup named as a match by an SMI TrafficTarget could not be read, so that TrafficTarget was skipped; check that the route group exists in the TrafficTarget's namespace."
        ),
        (2006, "An SMI HTTPRouteGroup has no matches at all, so it selects nothing and was skipped."),
        (
            2007,
            "More than one SMI TrafficSplit names the same root service; only the first one found is used and the others are ignored."
        ),
        (
            2008,
            "A route could not be added to the outbound traffic policy being built for a proxy; that route was left out."
        ),
        (
            2009,
            "The inbound traffic targets (with their routes) for a destination service identity could not be worked out, so its inbound policy is incomplete."
        ),
        (2010, "An SMI TrafficTarget has a destination whose kind is not supported (it must be a ServiceAccount)."),
        (2011, "An SMI TrafficTarget has a source whose kind is not supported (it must be a ServiceAccount)."),
        // 3000-3500: Kubernetes objects
        (3000, "No endpoints were found behind a service's hostname, so there is nowhere to send its traffic."),
        (3001, "A Kubernetes object could not be serialized."),
        (3002, "A Kubernetes object could not be deserialized."),
        // 4000-4100: certificates
        (4000, "The Kubernetes Secret that holds a certificate could not be read."),
        (4001, "The Secret was read, but the certificate was not found under the expected key in its data."),
        (4002, "The Secret was read, but the private key was not found under the expected key in its data."),
        (
            4003,
            "The Secret was read, but the certificate's expiration was not found under the expected key in its data."
        ),
        (4004, "The certificate expiration stored in the Secret is not in a format that could be parsed."),
        (4005, "A Secret to hold a newly issued certificate could not be created."),
        (4006, "Generating a private key failed."),
        (4007, "A private key could not be converted from DER to PEM encoding."),
        (4008, "A certificate request could not be created while issuing a certificate."),
        (4009, "The root certificate for a new certificate authority could not be obtained."),
        (4010, "A certificate could not be converted from DER to PEM encoding."),
        (4011, "A PEM-encoded certificate could not be decoded."),
        (4012, "The PEM-encoded private key of the certificate authority's root certificate could not be decoded."),
        (4013, "Issuing a certificate failed for a reason the certificate provider did not specify."),
        (4014, "The certificate provider failed while creating a certificate to issue."),
        (4015, "The certificate authority supplied for issuing a certificate is not valid."),
        (4016, "A certificate could not be rotated before it expires."),
        // 4100-4150: internal events
        (4100, "An object could not be turned into a message for the control plane's internal event bus."),
        // 4150-4200: MeshConfig
        (4150, "The informer that caches the MeshConfig could not complete its first sync."),
        (4151, "An object taken from the MeshConfig cache is not a MeshConfig."),
        (4152, "The MeshConfig could not be read from the cache under its key."),
        (4153, "The MeshConfig could not be serialized (for example to JSON)."),
        // 5000-5500: the xDS server that configures Envoy
        (5000, "An xDS resource could not be serialized for sending to an Envoy proxy."),
        (5001, "The common name of a proxy's xDS certificate is not of the form <proxy-UUID>.<kind>.<proxy-identity>."),
        (
            5002,
            "No pod carries the osm-proxy-uuid label value found in a proxy's certificate, so the proxy's pod is unknown."
        ),
        (
            5003,
            "A meshed pod is selected by more than one Service. OSM supports one Service per pod; the pod's proxy is not configured and stays out of the mesh."
        ),
        (
            5004,
            "The control plane could not build its record of the Envoy proxy belonging to a pod (from the pod's osm-proxy-uuid label)."
        ),
        (
            5005,
            "The gRPC connection to a proxy failed; the aggregated discovery service can no longer receive its requests."
        ),
        (5006, "A discovery response could not be sent to an Envoy proxy."),
        (5007, "The resources for a discovery response could not be generated."),
        (5008, "The resources generated for a proxy could not be stored as a new snapshot in the xDS cache."),
        (
            5009,
            "The service identity in a proxy's xDS certificate could not be determined while preparing its secrets (SDS)."
        ),
        (
            5010,
            "osm-controller's aggregated discovery service (the gRPC server Envoy proxies connect to) could not start."
        ),
        (5011, "A newly connected Envoy proxy could not be registered with the xDS server."),
        (
            5012,
            "The service account in a proxy's node ID differs from the one in its certificate; the proxy was refused."
        ),
        (5013, "The proxy closed its gRPC stream; the control plane stops serving that proxy until it reconnects."),
        (
            5014,
            "An update was due for a proxy that has not finished its initial requests; the update was skipped for that proxy."
        ),
        (5015, "A discovery request asked for a resource type URL the server does not know."),
        (5016, "The version in a discovery request could not be parsed."),
        (
            5017,
            "The egress cluster that forwards traffic to its original destination (used when no host is given) could not be built."
        ),
        (5018, "The egress cluster that sends traffic to a host resolved through DNS could not be built."),
        (5019, "The Envoy cluster for an upstream service could not be built."),
        (5020, "The meshed services that belong to a proxy could not be listed."),
        (
            5021,
            "Several Envoy clusters would have the same name; the duplicates are left out of the cluster discovery response."
        ),
        (
            5022,
            "A port's application protocol is not supported for inbound traffic, so no inbound filter chain was built for it."
        ),
        (5023, "An Envoy RBAC policy could not be built from a traffic target policy."),
        (5024, "A filter chain for ingress traffic could not be built."),
        (5025, "A traffic policy rule could not be expressed as an RBAC rule on the proxy; that rule was skipped."),
        (5026, "A certificate resource requested over SDS could not be deserialized; it was skipped."),
        (5027, "The TLS certificate for an SDS secret could not be obtained; that secret request was skipped."),
        (5028, "An SDS secret name does not correspond to a mesh service."),
        (5029, "An SDS secret name does not correspond to a service account."),
        (
            5030,
            "The identity in an SDS certificate request differs from the proxy's own identity; the request was skipped."
        ),
        // 6100-6500: the sidecar injector
        (6100, "A protobuf message could not be converted to YAML."),
        (
            6101,
            "The certificate of the mutating (sidecar injection) webhook could not be parsed, so its HTTPS server was not started."
        ),
        (6102, "The HTTPS server of the sidecar injection webhook could not start."),
        (6103, "An admission request sent to the injection webhook could not be decoded."),
        (6104, "The timeout of an admission request could not be parsed."),
        (6105, "An admission request had a content type the webhook does not accept."),
        (6106, "The admission response could not be written back to the API server."),
        (6107, "The webhook received an admission review without a request."),
        (6108, "Whether the pod in an admission request should get a sidecar could not be decided."),
        (6109, "Whether the namespace of an admission request has sidecar injection enabled could not be decided."),
        (6110, "A pod's outbound port exclusions could not be read; its init container gets none."),
        (6111, "The body of an admission request could not be read."),
        (6112, "An admission request arrived with no body."),
        (6113, "The MutatingWebhookConfiguration for sidecar injection could not be created."),
        (6114, "The MutatingWebhookConfiguration for sidecar injection could not be updated."),
        // 6700-6800: the validating webhook
        (6700, "The validating webhook's HTTPS server failed while shutting down."),
        (6701, "The validating webhook's HTTPS server could not start."),
        (6702, "The validating webhook's certificate could not be parsed, so its HTTPS server was not started."),
        (6703, "The ValidatingWebhookConfiguration could not be created."),
        // 7000-7100: the reconciler
        (7000, "A changed OSM CRD could not be put back to the state OSM installed."),
        (7001, "A deleted OSM CRD could not be created again."),
        (7002, "A changed sidecar injection webhook configuration could not be put back to OSM's version."),
        (7003, "A deleted sidecar injection webhook configuration could not be created again."),
        (7004, "A changed validating webhook configuration could not be put back to OSM's version."),
        (7005, "A deleted validating webhook configuration could not be created again."),
    ]
}
