import Foundation
import ValueKit
import YAML

/// The CLI's environment file (`$OSM_CONFIG`, else `$HOME/.osm/config.yaml`): what kind of install
/// this is and which namespace the control plane lives in.
public struct EnvironmentConfig: Sendable, Equatable {
    public var kind: String
    public var distribution: String
    public var namespace: String

    public static let defaults = EnvironmentConfig(kind: "self-hosted", distribution: "", namespace: "osm-system")

    public init(kind: String, distribution: String, namespace: String) {
        self.kind = kind
        self.distribution = distribution
        self.namespace = namespace
    }

    /// A managed install (`install.kind: managed`) hides install, dashboard and mesh upgrade.
    public var isManaged: Bool { kind == "managed" }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads the file the variables point at; a missing file gives the defaults. Unlike upstream, a file
    /// that leaves out `kind` or `namespace` gets the defaults for them too, not empty strings (which
    /// left every command without a control-plane namespace).
    public static func load(variables: [String: String]) throws(LoadError) -> EnvironmentConfig {
        let path: String
        if let configured = variables["OSM_CONFIG"] {
            if configured.isEmpty { return defaults }
            path = configured
        } else {
            guard let home = variables["HOME"], !home.isEmpty else {
                throw LoadError(description: "could not determine the home directory: HOME is not set")
            }
            path = home + "/.osm/config.yaml"
        }
        guard FileManager.default.fileExists(atPath: path) else { return defaults }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "open \(path): permission denied")
        }
        return try parse(String(decoding: data, as: UTF8.self))
    }

    public static func parse(_ text: String) throws(LoadError) -> EnvironmentConfig {
        let root: OrderedMap
        do {
            root = try YAML.decodeMap(text)
        } catch {
            throw LoadError(description: error.description)
        }
        var config = EnvironmentConfig(kind: "", distribution: "", namespace: "")
        guard let install = root["install"], install != .null else { return defaults }
        guard let fields = install.mapValue else {
            throw LoadError(
                description: "the \"install\" entry must be a mapping with kind, distribution and namespace")
        }
        func field(_ name: String) throws(LoadError) -> String {
            switch fields[name] {
            case nil, .null?: return ""
            case .string(let s)?: return s
            default: throw LoadError(description: "install.\(name) must be a string")
            }
        }
        config.kind = try field("kind")
        config.distribution = try field("distribution")
        config.namespace = try field("namespace")
        if config.kind.isEmpty { config.kind = defaults.kind }
        if config.namespace.isEmpty { config.namespace = defaults.namespace }
        return config
    }

    /// The YAML `osm env` prints, keys in upstream's order.
    public func yaml() -> String {
        func scalar(_ s: String) -> String {
            let text = (try? YAML.encode(.string(s))) ?? "\"\""
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
        return
            "install:\n  kind: \(scalar(kind))\n  distribution: \(scalar(distribution))\n  namespace: \(scalar(namespace))\n"
    }
}
