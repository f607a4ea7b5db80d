/// A Go `time.Duration` (nanoseconds) with Go's parsing and printing, as pflag's duration flags show it.
public struct GoDuration: Sendable, Equatable, CustomStringConvertible {
    public var nanoseconds: Int64
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public static func seconds(_ s: Int64) -> GoDuration { GoDuration(nanoseconds: s * 1_000_000_000) }

    private static let units: [(String, Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// A duration that time.ParseDuration rejects; the text is Go's.
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// time.ParseDuration: `5m0s`, `1.5h`, `300ms`, `-2h45m`; errors worded as Go's.
    public static func parse(_ text: String) throws(ParseError) -> GoDuration {
        let quoted = "\"\(text)\""
        var s = Substring(text)
        var negative = false
        if let f = s.first, f == "-" || f == "+" {
            negative = f == "-"
            s = s.dropFirst()
        }
        if s == "0" { return GoDuration(nanoseconds: 0) }
        if s.isEmpty { throw ParseError("time: invalid duration \(quoted)") }
        var total = 0.0
        while !s.isEmpty {
            let numberPart = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !numberPart.isEmpty, numberPart != ".", let value = Double(numberPart) else {
                throw ParseError("time: invalid duration \(quoted)")
            }
            s = s.dropFirst(numberPart.count)
            let unitPart = s.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            if unitPart.isEmpty { throw ParseError("time: missing unit in duration \(quoted)") }
            guard let unit = units.first(where: { $0.0 == unitPart }) else {
                throw ParseError("time: unknown unit \"\(unitPart)\" in duration \(quoted)")
            }
            s = s.dropFirst(unitPart.count)
            total += value * unit.1
        }
        guard total < 9.223372036854775807e18 else { throw ParseError("time: invalid duration \(quoted)") }
        let ns = Int64(total.rounded(.towardZero))
        return GoDuration(nanoseconds: negative ? -ns : ns)
    }

    /// time.Duration.String: `5m0s`, `0s`, `1h0m0s`, `1.5s`, `300ms`.
    public var description: String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let u = nanoseconds.magnitude
        var out: String
        if u < 1_000_000_000 {
            let (unit, scale): (String, UInt64) =
                u < 1_000 ? ("ns", 1) : u < 1_000_000 ? ("µs", 1_000) : ("ms", 1_000_000)
            out = Self.fraction(u, scale) + unit
        } else {
            let totalSeconds = u / 1_000_000_000
            let seconds = Self.fraction(u % 60_000_000_000, 1_000_000_000) + "s"
            let minutes = totalSeconds / 60
            if minutes == 0 {
                out = seconds
            } else if minutes < 60 {
                out = "\(minutes)m" + seconds
            } else {
                out = "\(minutes / 60)h\(minutes % 60)m" + seconds
            }
        }
        return (negative ? "-" : "") + out
    }

    private static func fraction(_ value: UInt64, _ scale: UInt64) -> String {
        let whole = value / scale
        var rest = value % scale
        if rest == 0 { return String(whole) }
        var digits = ""
        var s = scale / 10
        while rest > 0 && s > 0 {
            digits.append(Character(String(rest / s)))
            rest %= s
            s /= 10
        }
        return "\(whole).\(digits)"
    }
}
