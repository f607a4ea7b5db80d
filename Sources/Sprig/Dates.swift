import Foundation
import GoTemplate
import ValueKit

/// Sprig's date functions. The clock is injected (`now`), so tests can fix it.
enum DateFunctions {
    static func localZone(_ seconds: Int64) -> GoTime.Zone { GoTime.zone(named: "Local", at: seconds) ?? .utc }

    static func current(_ now: @Sendable () -> Date) -> GoTime {
        let d = now().timeIntervalSince1970
        let secs = Int64(d.rounded(.down))
        return GoTime(seconds: secs, nanoseconds: Int32((d - Double(secs)) * 1e9), zone: localZone(secs))
    }

    /// Sprig's formatDate argument: a time, or Unix seconds as int/int64/int32; anything else means now.
    static func time(of v: TemplateValue, now: @Sendable () -> Date) -> GoTime {
        switch v {
        case .object(let o as TimeObject): return o.time
        case .int(let i, let t) where t == .int || t == .int64 || t == .int32:
            return GoTime(seconds: i, zone: localZone(i))
        default: return current(now)
        }
    }

    static func format(_ layout: String, _ v: TemplateValue, zone: String, now: @Sendable () -> Date) -> String {
        let t = time(of: v, now: now)
        let z = GoTime.zone(named: zone, at: t.seconds) ?? .utc
        return t.in(z).format(layout)
    }

    static func functions(now: @escaping @Sendable () -> Date) -> [String: TemplateFunction] {
        let timeParam = ParamType.typed(GoType("time.Time", .structure))
        @Sendable func asTime(_ v: TemplateValue) -> GoTime {
            if case .object(let o as TimeObject) = v { return o.time }
            return GoTime.zero
        }
        let dateModify: @Sendable ([TemplateValue]) throws -> TemplateValue = { a in
            let t = asTime(a[1])
            guard let d = goDuration(a[0].stringValue!) else {
                throw FunctionError("time: invalid duration \"\(a[0].stringValue!)\"")
            }
            var secs = t.seconds + d / 1_000_000_000
            var nanos = Int64(t.nanoseconds) + d % 1_000_000_000
            if nanos < 0 {
                nanos += 1_000_000_000; secs -= 1
            } else if nanos >= 1_000_000_000 {
                nanos -= 1_000_000_000; secs += 1
            }
            return .object(TimeObject(GoTime(seconds: secs, nanoseconds: Int32(nanos), zone: t.zone)))
        }
        let toDate: @Sendable ([TemplateValue]) throws -> TemplateValue = { a in
            let zone = localZone(0)
            return .object(TimeObject(try GoLayout.parseOrFail(a[0].stringValue!, a[1].stringValue!, zone: zone).get()))
        }
        return [
            "now": TemplateFunction([]) { _ in .object(TimeObject(current(now))) },
            "date": TemplateFunction([.string, .any]) { a in
                .string(format(a[0].stringValue!, a[1], zone: "Local", now: now))
            },
            "dateInZone": TemplateFunction([.string, .any, .string]) { a in
                .string(format(a[0].stringValue!, a[1], zone: a[2].stringValue!, now: now))
            },
            "date_in_zone": TemplateFunction([.string, .any, .string]) { a in
                .string(format(a[0].stringValue!, a[1], zone: a[2].stringValue!, now: now))
            },
            "htmlDate": TemplateFunction([.any]) { a in .string(format("2006-01-02", a[0], zone: "Local", now: now)) },
            "htmlDateInZone": TemplateFunction([.any, .string]) { a in
                .string(format("2006-01-02", a[0], zone: a[1].stringValue!, now: now))
            },
            "dateModify": TemplateFunction([.string, timeParam]) { a in (try? dateModify(a)) ?? a[1] },
            "date_modify": TemplateFunction([.string, timeParam]) { a in (try? dateModify(a)) ?? a[1] },
            "mustDateModify": TemplateFunction([.string, timeParam], dateModify),
            "must_date_modify": TemplateFunction([.string, timeParam], dateModify),
            "toDate": TemplateFunction([.string, .string]) { a in (try? toDate(a)) ?? .object(TimeObject(.zero)) },
            "mustToDate": TemplateFunction([.string, .string], toDate),
            "unixEpoch": TemplateFunction([timeParam]) { a in .string(String(asTime(a[0]).seconds)) },
            "duration": TemplateFunction([.any]) { a in
                var n: Int64 = 0
                switch a[0] {
                case .string(let s): n = Int64(s) ?? 0
                case .int(let i, let t) where t == .int64: n = i
                default: n = 0
                }
                let (ns, overflow) = n.multipliedReportingOverflow(by: 1_000_000_000)
                return .string(DurationText.string(overflow ? Int64.max : ns))
            },
            "durationRound": TemplateFunction([.any]) { a in
                var d: Int64 = 0
                switch a[0] {
                case .string(let s): d = goDuration(s) ?? 0
                case .int(let i, let t) where t == .int64: d = i
                case .object(let o as TimeObject):
                    let nowT = current(now)
                    d = (nowT.seconds - o.time.seconds) * 1_000_000_000 + Int64(nowT.nanoseconds - o.time.nanoseconds)
                default: d = 0
                }
                let u = d.magnitude
                let hour: UInt64 = 3_600_000_000_000
                for (size, suffix) in [
                    (hour * 24 * 365, "y"), (hour * 24 * 30, "mo"), (hour * 24, "d"), (hour, "h"),
                    (60_000_000_000, "m"), (1_000_000_000, "s"),
                ] as [(UInt64, String)]
                where u > size {
                    return .string(String(u / size) + suffix)
                }
                return .string("0s")
            },
            "ago": TemplateFunction([.any]) { a in
                let t = time(of: a[0], now: now)
                let nowT = current(now)
                var ns = (nowT.seconds - t.seconds) * 1_000_000_000 + Int64(nowT.nanoseconds - t.nanoseconds)
                // Round to whole seconds, halves away from zero.
                let r = ns % 1_000_000_000
                ns -= r
                if abs(r) * 2 >= 1_000_000_000 { ns += r > 0 ? 1_000_000_000 : -1_000_000_000 }
                return .string(DurationText.string(ns))
            },
        ]
    }

    /// time.ParseDuration in nanoseconds; nil when malformed.
    static func goDuration(_ s: String) -> Int64? {
        (try? GoDuration.parse(s))?.nanoseconds
    }
}

/// time.Duration.String for nanoseconds.
enum DurationText {
    static func string(_ ns: Int64) -> String { GoDuration(nanoseconds: ns).description }
}
