import KubeClient
import ValueKit

/// The newest osm release on GitHub, asked with a short timeout; nil on any failure.
public enum LatestRelease {
    public static let url = "https://api.github.com/repos/openservicemesh/osm/releases/latest"

    public static func fetch(timeout: Double = 2) async -> String? {
        let transport = CurlTransport(timeoutSeconds: timeout, connectTimeoutSeconds: timeout)
        var request = HTTPRequest(
            url: url, headers: [("Accept", "application/vnd.github.v3+json"), ("User-Agent", "osm")])
        request.timeout = timeout
        guard let response = try? await transport.send(request), response.status == 200,
            let info = try? GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self))
        else { return nil }
        return info["tag_name"]?.stringValue
    }

    /// Upstream's notice when `current` is older than `latest`; nil when not (or either is not a version).
    public static func notice(current: String, latest: String) -> String? {
        guard let a = ReleaseVersion(current), let b = ReleaseVersion(latest), a < b else { return nil }
        return
            "\nOSM \(latest) is now available. Please see https://github.com/openservicemesh/osm/releases/latest.\nWARNING: upgrading could introduce breaking changes. Please review the release notes.\n\n"
    }
}
