import Foundation
import GoTemplate

/// A Go time.Time: an instant (seconds + nanoseconds since 1970 UTC) seen in a zone, with Go's
/// layout-based Format and Parse ("Mon Jan 2 15:04:05 MST 2006").
public struct GoTime: Sendable, Equatable {
    public var seconds: Int64
    public var nanoseconds: Int32
    public var zone: Zone

    public struct Zone: Sendable, Equatable {
        public var name: String
        public var abbreviation: String
        public var offset: Int  // seconds east of UTC
        public static let utc = Zone(name: "UTC", abbreviation: "UTC", offset: 0)
    }

    public init(seconds: Int64, nanoseconds: Int32 = 0, zone: Zone = .utc) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.zone = zone
    }

    /// Go's zero time: January 1, year 1, 00:00:00 UTC.
    public static let zero = GoTime(seconds: -62_135_596_800)

    /// time.LoadLocation: "UTC", "" (UTC), "Local", or an IANA name known to the system.
    public static func zone(named name: String, at seconds: Int64) -> Zone? {
        switch name {
        case "", "UTC": return .utc
        case "Local":
            let tz = TimeZone.current
            return zone(of: tz, displayName: "Local", at: seconds)
        default:
            guard let tz = TimeZone(identifier: name) else { return nil }
            return zone(of: tz, displayName: name, at: seconds)
        }
    }

    private static func zone(of tz: TimeZone, displayName: String, at seconds: Int64) -> Zone {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let offset = tz.secondsFromGMT(for: date)
        var abbreviation = tz.abbreviation(for: date) ?? ""
        if tz.identifier == "UTC" || tz.identifier == "GMT" && offset == 0 { abbreviation = "UTC" }
        if abbreviation.hasPrefix("GMT") && abbreviation != "GMT" { abbreviation = numericAbbreviation(offset) }
        return Zone(name: displayName, abbreviation: abbreviation, offset: offset)
    }

    /// Go names zones without an abbreviation by their offset: "+0530", "-03".
    static func numericAbbreviation(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let h = abs(offset) / 3600, m = abs(offset) % 3600 / 60
        return sign + two(h) + (m == 0 ? "" : two(m))
    }

    public func `in`(_ zone: Zone) -> GoTime { GoTime(seconds: seconds, nanoseconds: nanoseconds, zone: zone) }

    // MARK: calendar

    struct Civil {
        var year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int, yearDay: Int
    }

    var civil: Civil {
        let local = seconds + Int64(zone.offset)
        var days = local.floorDiv(86_400)
        let secs = Int(local - days * 86_400)
        let weekday = Int((days + 4).floorMod(7))  // 1970-01-01 was a Thursday
        days += 719_468
        let era = days.floorDiv(146_097)
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        var year = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        if month <= 2 { year += 1 }
        let yearDay = Self.daysBefore(month: month, year: year) + day
        return Civil(
            year: year, month: month, day: day, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60,
            weekday: weekday, yearDay: yearDay)
    }

    static func isLeap(_ y: Int64) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }
    static func daysIn(month: Int, year: Int64) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
    static func daysBefore(month: Int, year: Int64) -> Int {
        (1..<month).reduce(0) { $0 + daysIn(month: $1, year: year) }
    }

    /// Days from 1970-01-01 to the civil date.
    static func daysFromCivil(_ y0: Int64, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let mp = Int64(m > 2 ? m - 3 : m + 9)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    // MARK: formatting

    static let longMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// time.Time.Format.
    public func format(_ layout: String) -> String {
        let c = civil
        var out = ""
        for chunk in GoLayout.chunks(layout) {
            switch chunk {
            case .literal(let s): out += s
            case .longMonth: out += Self.longMonths[c.month - 1]
            case .month: out += String(Self.longMonths[c.month - 1].prefix(3))
            case .numMonth: out += "\(c.month)"
            case .zeroMonth: out += Self.two(c.month)
            case .longWeekDay: out += Self.longDays[c.weekday]
            case .weekDay: out += String(Self.longDays[c.weekday].prefix(3))
            case .day: out += "\(c.day)"
            case .underDay: out += (c.day < 10 ? " " : "") + "\(c.day)"
            case .zeroDay: out += Self.two(c.day)
            case .underYearDay:
                out += String(repeating: " ", count: c.yearDay < 10 ? 2 : c.yearDay < 100 ? 1 : 0) + "\(c.yearDay)"
            case .zeroYearDay:
                out += String(repeating: "0", count: c.yearDay < 10 ? 2 : c.yearDay < 100 ? 1 : 0) + "\(c.yearDay)"
            case .hour: out += Self.two(c.hour)
            case .hour12: out += "\(c.hour % 12 == 0 ? 12 : c.hour % 12)"
            case .zeroHour12: out += Self.two(c.hour % 12 == 0 ? 12 : c.hour % 12)
            case .minute: out += "\(c.minute)"
            case .zeroMinute: out += Self.two(c.minute)
            case .second: out += "\(c.second)"
            case .zeroSecond: out += Self.two(c.second)
            case .longYear:
                let y = c.year
                out += y < 0 ? "-" + String(format: "%04lld", -y) : String(format: "%04lld", y)
            case .year: out += Self.two(Int((c.year % 100 + 100) % 100))
            case .pm: out += c.hour >= 12 ? "PM" : "AM"
            case .lowerPM: out += c.hour >= 12 ? "pm" : "am"
            case .tz:
                if zone.abbreviation.isEmpty {
                    // A zone without a name prints as -0700.
                    let o = zone.offset
                    out += (o < 0 ? "-" : "+") + Self.two(abs(o) / 3600) + Self.two(abs(o) % 3600 / 60)
                } else {
                    out += zone.abbreviation
                }
            case .numTZ(let z, let colon, let withMinutes, let withSeconds):
                if z && zone.offset == 0 { out += "Z"; continue }
                let o = zone.offset
                out += o < 0 ? "-" : "+"
                out += Self.two(abs(o) / 3600)
                if withMinutes { out += (colon ? ":" : "") + Self.two(abs(o) % 3600 / 60) }
                if withSeconds { out += (colon ? ":" : "") + Self.two(abs(o) % 60) }
            case .fraction(let separator, let digits, let trim):
                var frac = String(format: "%09d", Int(nanoseconds))
                frac = String(frac.prefix(digits))
                if trim {
                    while frac.hasSuffix("0") { frac.removeLast() }
                    if frac.isEmpty { continue }
                }
                out += String(separator) + frac
            }
        }
        return out
    }

    /// time.Time.String (without the monotonic clock reading).
    public var description: String { format("2006-01-02 15:04:05.999999999 -0700 MST") }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : (self - d + 1) / d }
    func floorMod(_ d: Int64) -> Int64 { self - floorDiv(d) * d }
}

/// The pieces of a Go time layout.
enum GoLayout {
    enum Chunk: Equatable {
        case literal(String)
        case longMonth, month, numMonth, zeroMonth, longWeekDay, weekDay, day, underDay, zeroDay, underYearDay,
            zeroYearDay
        case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond, longYear, year, pm, lowerPM, tz
        case numTZ(z: Bool, colon: Bool, minutes: Bool, seconds: Bool)
        case fraction(separator: Character, digits: Int, trim: Bool)
    }

    static func chunks(_ layout: String) -> [Chunk] { chunksWithText(layout).map(\.0) }

    /// The chunks with the layout text each came from (for parse errors).
    static func chunksWithText(_ layout: String) -> [(Chunk, String)] {
        let s = Array(layout)
        var out: [(Chunk, String)] = []
        var literal = ""
        var i = 0
        func has(_ p: String) -> Bool {
            let p = Array(p)
            return i + p.count <= s.count && Array(s[i..<(i + p.count)]) == p
        }
        func emit(_ c: Chunk, _ length: Int) {
            if !literal.isEmpty { out.append((.literal(literal), literal)); literal = "" }
            out.append((c, String(s[i..<(i + length)])))
            i += length
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case "J" where has("January"): emit(.longMonth, 7); continue
            case "J" where has("Jan"): emit(.month, 3); continue
            case "M" where has("Monday"): emit(.longWeekDay, 6); continue
            case "M" where has("Mon"): emit(.weekDay, 3); continue
            case "M" where has("MST"): emit(.tz, 3); continue
            case "0" where has("002"): emit(.zeroYearDay, 3); continue
            case "0" where i + 1 < s.count && ("1"..."6").contains(s[i + 1]):
                let map: [Character: Chunk] = [
                    "1": .zeroMonth, "2": .zeroDay, "3": .zeroHour12, "4": .zeroMinute, "5": .zeroSecond, "6": .year,
                ]
                emit(map[s[i + 1]]!, 2); continue
            case "1" where has("15"): emit(.hour, 2); continue
            case "1": emit(.numMonth, 1); continue
            case "2" where has("2006"): emit(.longYear, 4); continue
            case "2": emit(.day, 1); continue
            case "_" where has("__2"): emit(.underYearDay, 3); continue
            case "_" where has("_2") && !has("_2006"): emit(.underDay, 2); continue
            case "3": emit(.hour12, 1); continue
            case "4": emit(.minute, 1); continue
            case "5": emit(.second, 1); continue
            case "P" where has("PM"): emit(.pm, 2); continue
            case "p" where has("pm"): emit(.lowerPM, 2); continue
            case "-", "Z":
                let z = c == "Z"
                if has("\(c)070000") { emit(.numTZ(z: z, colon: false, minutes: true, seconds: true), 7); continue }
                if has("\(c)07:00:00") { emit(.numTZ(z: z, colon: true, minutes: true, seconds: true), 9); continue }
                if has("\(c)0700") { emit(.numTZ(z: z, colon: false, minutes: true, seconds: false), 5); continue }
                if has("\(c)07:00") { emit(.numTZ(z: z, colon: true, minutes: true, seconds: false), 6); continue }
                if has("\(c)07") { emit(.numTZ(z: z, colon: false, minutes: false, seconds: false), 3); continue }
            case ".", ",":
                if i + 1 < s.count, s[i + 1] == "0" || s[i + 1] == "9" {
                    let digit = s[i + 1]
                    var j = i + 1
                    while j < s.count && s[j] == digit { j += 1 }
                    if j >= s.count || !s[j].isNumber {
                        emit(.fraction(separator: c, digits: j - i - 1, trim: digit == "9"), j - i)
                        continue
                    }
                }
            default: break
            }
            literal.append(c)
            i += 1
        }
        if !literal.isEmpty { out.append((.literal(literal), literal)) }
        return out
    }

    /// time.ParseInLocation for these layouts; nil when the text does not fit.
    static func parse(_ layout: String, _ value: String, zone defaultZone: GoTime.Zone) -> GoTime? {
        try? parseOrFail(layout, value, zone: defaultZone).get()
    }

    /// time.ParseInLocation with Go's error text.
    static func parseOrFail(
        _ layout: String, _ value: String, zone defaultZone: GoTime.Zone
    ) -> Result<GoTime, FunctionError> {
        func q(_ s: String) -> String { "\"" + s + "\"" }
        let v = Array(value)
        var i = 0
        var rangeError: String?
        var failedElement: String?
        var failedAt = 0
        var year: Int64 = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0
        var pm: Bool?
        var offset: Int?
        func number(min minDigits: Int, max maxDigits: Int) -> Int? {
            var n = 0, count = 0
            while i < v.count, count < maxDigits, let d = v[i].wholeNumberValue, v[i].isASCII {
                n = n * 10 + d
                count += 1
                i += 1
            }
            return count >= minDigits ? n : nil
        }
        func word(_ options: [String]) -> Int? {
            for (k, o) in options.enumerated()
            where i + o.count <= v.count && String(v[i..<(i + o.count)]).lowercased() == o.lowercased() {
                i += o.count
                return k
            }
            return nil
        }
        func cannotParse() -> Result<GoTime, FunctionError> {
            .failure(
                FunctionError(
                    "parsing time \(q(value)) as \(q(layout)): cannot parse \(q(String(v[min(failedAt, v.count)...]))) as \(q(failedElement ?? ""))"
                ))
        }
        chunkLoop: for (chunk, chunkText) in chunksWithText(layout) {
            let elementStart = i
            failedElement = chunkText
            failedAt = elementStart
            switch chunk {
            case .literal(let s):
                for ch in s {
                    guard i < v.count, v[i] == ch else {
                        return .failure(
                            FunctionError(
                                "parsing time \(q(value)) as \(q(layout)): cannot parse \(q(String(v[elementStart...]))) as \(q(chunkText))"
                            ))
                    }
                    i += 1
                }
            case .longMonth: guard let m = word(GoTime.longMonths) else { return cannotParse() }; month = m + 1
            case .month:
                guard let m = word(GoTime.longMonths.map { String($0.prefix(3)) }) else { return cannotParse() };
                month = m + 1
            case .numMonth:
                guard let m = number(min: 1, max: 2) else { return cannotParse() }; month = m;
                if !(1...12).contains(m) { rangeError = rangeError ?? "month" }
            case .zeroMonth:
                guard let m = number(min: 2, max: 2) else { return cannotParse() }; month = m;
                if !(1...12).contains(m) { rangeError = rangeError ?? "month" }
            case .longWeekDay: guard word(GoTime.longDays) != nil else { return cannotParse() }
            case .weekDay: guard word(GoTime.longDays.map { String($0.prefix(3)) }) != nil else { return cannotParse() }
            case .day, .underDay:
                if case .underDay = chunk, i < v.count, v[i] == " " { i += 1 }
                guard let d = number(min: 1, max: 2) else { return cannotParse() }; day = d
            case .zeroDay: guard let d = number(min: 2, max: 2) else { return cannotParse() }; day = d
            case .underYearDay, .zeroYearDay: guard number(min: 3, max: 3) != nil else { return cannotParse() }
            case .hour:
                guard let h = number(min: 2, max: 2) else { return cannotParse() }; hour = h;
                if h >= 24 { rangeError = rangeError ?? "hour" }
            case .hour12: guard let h = number(min: 1, max: 2), h <= 12 else { return cannotParse() }; hour = h
            case .zeroHour12: guard let h = number(min: 2, max: 2), h <= 12 else { return cannotParse() }; hour = h
            case .minute:
                guard let m = number(min: 1, max: 2) else { return cannotParse() }; minute = m;
                if m >= 60 { rangeError = rangeError ?? "minute" }
            case .zeroMinute:
                guard let m = number(min: 2, max: 2) else { return cannotParse() }; minute = m;
                if m >= 60 { rangeError = rangeError ?? "minute" }
            case .second:
                guard let s = number(min: 1, max: 2) else { return cannotParse() }; second = s;
                if s >= 60 { rangeError = rangeError ?? "second" }
            case .zeroSecond:
                guard let s = number(min: 2, max: 2) else { return cannotParse() }; second = s;
                if s >= 60 { rangeError = rangeError ?? "second" }
            case .longYear: guard let y = number(min: 4, max: 4) else { return cannotParse() }; year = Int64(y)
            case .year:
                guard let y = number(min: 2, max: 2) else { return cannotParse() };
                year = Int64(y >= 69 ? 1900 + y : 2000 + y)
            case .pm, .lowerPM: guard let p = word(["AM", "PM"]) else { return cannotParse() }; pm = p == 1
            case .tz:
                if i + 3 <= v.count, String(v[i..<(i + 3)]) == "UTC" {
                    i += 3; offset = 0
                } else {
                    return cannotParse()
                }
            case .numTZ(let z, let colon, let withMinutes, let withSeconds):
                if z, i < v.count, v[i] == "Z" { i += 1; offset = 0; continue }
                guard i < v.count, v[i] == "+" || v[i] == "-" else { return cannotParse() }
                let sign = v[i] == "-" ? -1 : 1
                i += 1
                guard let h = number(min: 2, max: 2) else { return cannotParse() }
                var m = 0, sec = 0
                if withMinutes {
                    if colon { guard i < v.count, v[i] == ":" else { return cannotParse() }; i += 1 }
                    guard let mm = number(min: 2, max: 2) else { return cannotParse() }; m = mm
                }
                if withSeconds {
                    if colon { guard i < v.count, v[i] == ":" else { return cannotParse() }; i += 1 }
                    guard let ss = number(min: 2, max: 2) else { return cannotParse() }; sec = ss
                }
                offset = sign * (h * 3600 + m * 60 + sec)
            case .fraction(let separator, let digits, let trim):
                guard i < v.count, v[i] == separator else {
                    if trim { continue }
                    return cannotParse()
                }
                i += 1
                let start = i
                guard let f = number(min: trim ? 1 : digits, max: trim ? 9 : digits) else { return cannotParse() }
                nanos = f * Int(pow(10, Double(9 - (i - start))))
            }
        }
        _ = failedElement
        if let rangeError { return .failure(FunctionError("parsing time \(q(value)): \(rangeError) out of range")) }
        if i != v.count {
            return .failure(FunctionError("parsing time \(q(value)): extra text: \(q(String(v[i...])))"))
        }
        guard day >= 1, day <= GoTime.daysIn(month: month, year: year) else {
            return .failure(FunctionError("parsing time \(q(value)): day out of range"))
        }
        if let pm {
            if pm && hour < 12 { hour += 12 } else if !pm && hour == 12 { hour = 0 }
        }
        let days = GoTime.daysFromCivil(year, month, day)
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        if let offset {
            let zone = offset == 0 ? GoTime.Zone.utc : GoTime.Zone(name: "", abbreviation: "", offset: offset)
            return .success(GoTime(seconds: local - Int64(offset), nanoseconds: Int32(nanos), zone: zone))
        }
        return .success(
            GoTime(seconds: local - Int64(defaultZone.offset), nanoseconds: Int32(nanos), zone: defaultZone))
    }
}

/// time.Time in templates.
// @unchecked Sendable, sound: immutable: its stored properties are constants.
final class TimeObject: TemplateObject, @unchecked Sendable {
    let time: GoTime
    init(_ time: GoTime) { self.time = time }
    var goType: GoType { GoType("time.Time", .structure) }
    var formatted: String { time.description }
    func field(_ name: String) -> TemplateValue? {
        let c = time.civil
        switch name {
        case "Unix": return .int64(time.seconds)
        case "UnixNano": return .int64(time.seconds &* 1_000_000_000 &+ Int64(time.nanoseconds))
        case "Year": return .int(Int(c.year))
        case "Day": return .int(c.day)
        case "Hour": return .int(c.hour)
        case "Minute": return .int(c.minute)
        case "Second": return .int(c.second)
        case "YearDay": return .int(c.yearDay)
        case "String": return .string(time.description)
        case "UTC": return .object(TimeObject(time.in(.utc)))
        case "IsZero":
            return .bool(time == GoTime.zero || (time.seconds == GoTime.zero.seconds && time.nanoseconds == 0))
        default: return nil
        }
    }
    func method(_ name: String) -> TemplateFunction? {
        guard name == "Format" else { return nil }
        return TemplateFunction([.string]) { [time] a in .string(time.format(a[0].stringValue ?? "")) }
    }
}
