import ValueKit
import YAML

/// One kubeconfig file (or several merged), with the fields client-go reads. Paths inside an entry are
/// already resolved against the folder of the file the entry came from.
public struct KubeConfig: Sendable, Equatable {
    public struct Cluster: Sendable, Equatable {
        public var server = ""
        public var certificateAuthority: String?
        public var certificateAuthorityData: [UInt8]?
        public var insecureSkipTLSVerify = false
        public var tlsServerName: String?
        public var proxyURL: String?
        /// The file this entry was read from, named in error messages.
        public var origin = ""
    }

    public struct ExecConfig: Sendable, Equatable {
        public var command = ""
        public var args: [String] = []
        public var env: [(name: String, value: String)] = []
        public var apiVersion = ""
        public var installHint: String?
        public var provideClusterInfo = false
        /// `Never`, `IfAvailable` or `Always`; empty when the file does not say.
        public var interactiveMode = ""

        public static func == (a: ExecConfig, b: ExecConfig) -> Bool {
            a.command == b.command && a.args == b.args && a.apiVersion == b.apiVersion
                && a.env.map { "\($0.name)=\($0.value)" } == b.env.map { "\($0.name)=\($0.value)" }
                && a.provideClusterInfo == b.provideClusterInfo && a.interactiveMode == b.interactiveMode
        }
    }

    public struct User: Sendable, Equatable {
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        public var clientKey: String?
        public var clientKeyData: [UInt8]?
        public var token: String?
        public var tokenFile: String?
        public var username: String?
        public var password: String?
        public var exec: ExecConfig?
        public var authProvider: String?
        public var impersonate: String?
        public var impersonateUID: String?
        public var impersonateGroups: [String] = []
        public var origin = ""
    }

    public struct Context: Sendable, Equatable {
        public var cluster = ""
        public var user = ""
        public var namespace: String?
    }

    public var clusters: [String: Cluster] = [:]
    public var users: [String: User] = [:]
    public var contexts: [String: Context] = [:]
    public var currentContext = ""

    public init() {}

    /// Adds the entries of `other` that this configuration does not have yet: the first file to
    /// define a name wins, as in client-go's merge of a KUBECONFIG list.
    public mutating func merge(_ other: KubeConfig) {
        for (name, cluster) in other.clusters where clusters[name] == nil { clusters[name] = cluster }
        for (name, user) in other.users where users[name] == nil { users[name] = user }
        for (name, context) in other.contexts where contexts[name] == nil { contexts[name] = context }
        if currentContext.isEmpty { currentContext = other.currentContext }
    }
}

extension KubeConfig {
    /// Reads one kubeconfig document. `path` names the file in errors and anchors relative paths.
    public static func parse(_ text: String, path: String) throws(KubeConfigError) -> KubeConfig {
        let root: Value
        do {
            root = try YAML.decodeJSONCompatible(text)
        } catch {
            // kubectl shows go-yaml's own message (`yaml: line 3: …`), without the YAML→JSON prefix.
            let prefix = "error converting YAML to JSON: "
            let reason =
                error.description.hasPrefix(prefix)
                ? String(error.description.dropFirst(prefix.count)) : error.description
            throw KubeConfigError("error loading config file \"\(path)\": \(reason)")
        }
        var config = KubeConfig()
        if case .null = root { return config }
        guard let map = root.mapValue else {
            throw KubeConfigError("error loading config file \"\(path)\": the file is not a YAML mapping")
        }
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let reader = FieldReader(path: path, folder: folder)
        config.currentContext = try reader.string(map["current-context"], "current-context") ?? ""
        for (name, body) in try reader.namedList(map["clusters"], "clusters", entry: "cluster") {
            config.clusters[name] = try reader.cluster(body, name)
        }
        for (name, body) in try reader.namedList(map["users"], "users", entry: "user") {
            config.users[name] = try reader.user(body, name)
        }
        for (name, body) in try reader.namedList(map["contexts"], "contexts", entry: "context") {
            var context = Context()
            context.cluster = try reader.string(body["cluster"], "contexts[\(name)].cluster") ?? ""
            context.user = try reader.string(body["user"], "contexts[\(name)].user") ?? ""
            context.namespace = try reader.string(body["namespace"], "contexts[\(name)].namespace")
            config.contexts[name] = context
        }
        return config
    }
}

/// Typed access to kubeconfig fields with errors that name the file and the field.
private struct FieldReader {
    let path: String
    let folder: String

    func fail(_ field: String, _ problem: String) -> KubeConfigError {
        KubeConfigError("error loading config file \"\(path)\": \(field): \(problem)")
    }

    func string(_ value: Value?, _ field: String) throws(KubeConfigError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .bool(let b)?: return String(b)
        case .float(let d)?: return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .int(let i)?: return String(i)
        default: throw fail(field, "expected a string")
        }
    }

    func bool(_ value: Value?, _ field: String) throws(KubeConfigError) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let b)?: return b
        default: throw fail(field, "expected true or false")
        }
    }

    func file(_ value: Value?, _ field: String) throws(KubeConfigError) -> String? {
        guard let p = try string(value, field), !p.isEmpty else { return nil }
        return p.hasPrefix("/") ? p : folder + "/" + p
    }

    func base64(_ value: Value?, _ field: String) throws(KubeConfigError) -> [UInt8]? {
        guard let text = try string(value, field), !text.isEmpty else { return nil }
        guard let bytes = Base64.decode(text.filter { !$0.isWhitespace }) else {
            throw fail(field, "illegal base64 data")
        }
        return bytes
    }

    func namedList(_ value: Value?, _ field: String, entry: String) throws(KubeConfigError) -> [(String, OrderedMap)] {
        guard let value, value != .null else { return [] }
        guard let items = value.arrayValue else { throw fail(field, "expected a list") }
        var out: [(String, OrderedMap)] = []
        for (index, item) in items.enumerated() {
            guard let name = try string(item["name"], "\(field)[\(index)].name"), !name.isEmpty else {
                throw fail("\(field)[\(index)]", "an entry without a name")
            }
            let body = item[entry]?.mapValue ?? OrderedMap()
            out.append((name, body))
        }
        return out
    }

    func cluster(_ body: OrderedMap, _ name: String) throws(KubeConfigError) -> KubeConfig.Cluster {
        let f = "clusters[\(name)]"
        var c = KubeConfig.Cluster()
        c.origin = path
        c.server = try string(body["server"], "\(f).server") ?? ""
        c.certificateAuthority = try file(body["certificate-authority"], "\(f).certificate-authority")
        c.certificateAuthorityData = try base64(body["certificate-authority-data"], "\(f).certificate-authority-data")
        c.insecureSkipTLSVerify = try bool(body["insecure-skip-tls-verify"], "\(f).insecure-skip-tls-verify")
        c.tlsServerName = try string(body["tls-server-name"], "\(f).tls-server-name")
        c.proxyURL = try string(body["proxy-url"], "\(f).proxy-url")
        return c
    }

    func user(_ body: OrderedMap, _ name: String) throws(KubeConfigError) -> KubeConfig.User {
        let f = "users[\(name)]"
        var u = KubeConfig.User()
        u.origin = path
        u.clientCertificate = try file(body["client-certificate"], "\(f).client-certificate")
        u.clientCertificateData = try base64(body["client-certificate-data"], "\(f).client-certificate-data")
        u.clientKey = try file(body["client-key"], "\(f).client-key")
        u.clientKeyData = try base64(body["client-key-data"], "\(f).client-key-data")
        u.token = try string(body["token"], "\(f).token")
        u.tokenFile = try file(body["tokenFile"], "\(f).tokenFile")
        u.username = try string(body["username"], "\(f).username")
        u.password = try string(body["password"], "\(f).password")
        u.impersonate = try string(body["as"], "\(f).as")
        u.impersonateUID = try string(body["as-uid"], "\(f).as-uid")
        if let groups = body["as-groups"]?.arrayValue {
            u.impersonateGroups = try groups.enumerated().map { (i, g) throws(KubeConfigError) in
                try string(g, "\(f).as-groups[\(i)]") ?? ""
            }
        }
        if let provider = body["auth-provider"]?.mapValue {
            u.authProvider = try string(provider["name"], "\(f).auth-provider.name") ?? ""
        }
        if let exec = body["exec"]?.mapValue {
            var e = KubeConfig.ExecConfig()
            e.command = try string(exec["command"], "\(f).exec.command") ?? ""
            e.apiVersion = try string(exec["apiVersion"], "\(f).exec.apiVersion") ?? ""
            e.installHint = try string(exec["installHint"], "\(f).exec.installHint")
            e.provideClusterInfo = try bool(exec["provideClusterInfo"], "\(f).exec.provideClusterInfo")
            e.interactiveMode = try string(exec["interactiveMode"], "\(f).exec.interactiveMode") ?? ""
            for (i, a) in (exec["args"]?.arrayValue ?? []).enumerated() {
                e.args.append(try string(a, "\(f).exec.args[\(i)]") ?? "")
            }
            for (i, pair) in (exec["env"]?.arrayValue ?? []).enumerated() {
                let n = try string(pair["name"], "\(f).exec.env[\(i)].name") ?? ""
                let v = try string(pair["value"], "\(f).exec.env[\(i)].value") ?? ""
                e.env.append((n, v))
            }
            // A relative command with a slash is relative to the kubeconfig's folder, as in client-go.
            if e.command.contains("/"), !e.command.hasPrefix("/") { e.command = folder + "/" + e.command }
            u.exec = e
        }
        return u
    }
}

/// A kubeconfig that cannot be used; the message names the file, context or field.
public struct KubeConfigError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
