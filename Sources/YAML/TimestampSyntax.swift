/// The four layouts go-yaml v2 hands to time.Parse when a plain scalar starts like a date:
/// `2006-1-2T15:4:5.999999999Z07:00` (also with `t`), `2006-1-2 15:4:5.999999999` and `2006-1-2`.
enum TimestampSyntax {
    static func matches(_ b: [UInt8]) -> Bool {
        var i = 0
        func number(maxDigits: Int) -> Int? {
            var n = 0
            var count = 0
            while i < b.count, count < maxDigits, b[i] >= 0x30, b[i] <= 0x39 {
                n = n * 10 + Int(b[i] - 0x30)
                i += 1
                count += 1
            }
            return count == 0 ? nil : n
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = number(maxDigits: 4), expect("-"), let month = number(maxDigits: 2), expect("-"),
            let day = number(maxDigits: 2), (1...12).contains(month), day >= 1, day <= daysIn(month, year)
        else { return false }
        if i == b.count { return true }
        let separator = b[i]
        let withZone: Bool
        switch separator {
        case UInt8(ascii: "T"), UInt8(ascii: "t"): withZone = true
        case UInt8(ascii: " "): withZone = false
        default: return false
        }
        i += 1
        guard let hour = number(maxDigits: 2), hour < 24, expect(":"), let minute = number(maxDigits: 2), minute < 60,
            expect(":"), let second = number(maxDigits: 2), second < 60
        else { return false }
        if i + 1 < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ","), b[i + 1] >= 0x30, b[i + 1] <= 0x39 {
            i += 1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        }
        if !withZone { return i == b.count }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        let start = i
        guard number(maxDigits: 2) != nil, i - start == 2, expect(":") else { return false }
        let minuteStart = i
        guard number(maxDigits: 2) != nil, i - minuteStart == 2 else { return false }
        return i == b.count
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
