import ValueKit

/// The parts of an Envoy admin `config_dump` (JSON, proto field names) that `osm verify` reads:
/// dynamic listeners with their filter chains, route configurations with their virtual hosts'
/// domains, active clusters and active secrets.
public struct EnvoyConfigDump: Sendable {
    public struct FilterChain: Sendable {
        public var name: String
        public var destinationPort: Int?
        /// `address_prefix` of each destination prefix range.
        public var prefixRanges: [String]
        /// Source prefix ranges as (address, prefix length).
        public var sourcePrefixRanges: [(address: String, length: Int)]
        public var filterNames: [String]
    }

    public struct Listener: Sendable {
        public var name: String
        /// Nil when the listener has no active state (warming or draining only).
        public var filterChains: [FilterChain]?
    }

    public struct RouteConfig: Sendable {
        public var name: String
        public var virtualHostDomains: [[String]]
    }

    public var listeners: [Listener] = []
    public var routeConfigs: [RouteConfig] = []
    public var clusters: [String] = []
    public var secrets: [String] = []

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(json: [UInt8]) throws(ParseError) {
        let root: Value
        do {
            root = try GoJSONDecoder.decode(String(decoding: json, as: UTF8.self))
        } catch {
            throw ParseError(description: "the config dump is not JSON: \(error)")
        }
        guard let configs = root["configs"]?.arrayValue else {
            throw ParseError(description: "the config dump has no \"configs\" list")
        }
        for config in configs {
            let type = config["@type"]?.stringValue ?? ""
            if type.hasSuffix(".ListenersConfigDump") {
                for l in config["dynamic_listeners"]?.arrayValue ?? [] {
                    let active = l["active_state"]?["listener"]
                    listeners.append(
                        Listener(name: l["name"]?.stringValue ?? "", filterChains: active.map { Self.filterChains($0) })
                    )
                }
            } else if type.hasSuffix(".RoutesConfigDump") {
                for r in config["dynamic_route_configs"]?.arrayValue ?? [] {
                    guard let rc = r["route_config"] else { continue }
                    let domains = (rc["virtual_hosts"]?.arrayValue ?? []).map { vh in
                        (vh["domains"]?.arrayValue ?? []).compactMap(\.stringValue)
                    }
                    routeConfigs.append(RouteConfig(name: rc["name"]?.stringValue ?? "", virtualHostDomains: domains))
                }
            } else if type.hasSuffix(".ClustersConfigDump") {
                for c in config["dynamic_active_clusters"]?.arrayValue ?? [] {
                    if let name = c["cluster"]?["name"]?.stringValue { clusters.append(name) }
                }
            } else if type.hasSuffix(".SecretsConfigDump") {
                for s in config["dynamic_active_secrets"]?.arrayValue ?? [] {
                    if let name = s["name"]?.stringValue ?? s["secret"]?["name"]?.stringValue { secrets.append(name) }
                }
            }
        }
    }

    private static func filterChains(_ listener: Value) -> [FilterChain] {
        (listener["filter_chains"]?.arrayValue ?? []).map { fc in
            let match = fc["filter_chain_match"]
            return FilterChain(
                name: fc["name"]?.stringValue ?? "",
                destinationPort: match?["destination_port"]?.integerValue,
                prefixRanges: (match?["prefix_ranges"]?.arrayValue ?? []).compactMap {
                    $0["address_prefix"]?.stringValue
                },
                sourcePrefixRanges: (match?["source_prefix_ranges"]?.arrayValue ?? []).compactMap { r in
                    r["address_prefix"]?.stringValue.map { ($0, r["prefix_len"]?.integerValue ?? 0) }
                },
                filterNames: (fc["filters"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        }
    }

    public func listener(named name: String) -> Listener? { listeners.first { $0.name == name } }
    public func routeConfig(named name: String) -> RouteConfig? { routeConfigs.first { $0.name == name } }
}
