import Foundation
import GoTemplate

/// Sprig v3's text function map (without env/expandenv), as Helm installs it.
public enum Sprig {
    public static func functions() -> [String: TemplateFunction] { all }

    /// The same map with date functions reading the given clock instead of the system's.
    public static func functions(now: @escaping @Sendable () -> Date) -> [String: TemplateFunction] {
        all.merging(DateFunctions.functions(now: now)) { _, new in new }
    }

    /// Built once: the functions keep no state between calls.
    private static let all: [String: TemplateFunction] = {
        var all: [String: TemplateFunction] = [:]
        for family in [
            StringFunctions.functions, CollectionFunctions.functions, NumberFunctions.functions,
            DefaultFunctions.functions, EncodingFunctions.functions, RegexFunctions.functions,
            RandomFunctions.functions,
            Semver.functions, URLFunctions.functions, CertificateFunctions.functions, NetworkFunctions.functions,
            DateFunctions.functions(now: { Date() }),
        ] {
            all.merge(family) { _, new in new }
        }
        return all
    }()
}
