import Foundation
import GoTemplate
import ValueKit

/// Sprig's arithmetic and number conversions.
enum NumberFunctions {
    static func i64(_ v: Int64) -> TemplateValue { .int(v, .int64) }
    static func f64(_ v: Double) -> TemplateValue { .float(v, .float64) }

    /// shopspring/decimal arithmetic as Sprig's *f functions use it: operands enter as their shortest
    /// decimal text, division keeps 16 decimal places.
    static func decimalOp(
        _ first: TemplateValue, _ rest: [TemplateValue], _ op: (Decimal, Decimal) -> Decimal
    ) -> TemplateValue {
        func decimal(_ v: TemplateValue) -> Decimal {
            let d = Cast.float64(v)
            return Decimal(string: GoFloat.format(d, "f")) ?? 0
        }
        var acc = decimal(first)
        for r in rest { acc = op(acc, decimal(r)) }
        return f64(Double(NSDecimalNumber(decimal: acc).stringValue) ?? 0)
    }

    static var functions: [String: TemplateFunction] {
        [
            "atoi": TemplateFunction([.string]) { a in
                let s = a[0].stringValue!
                return .int(Int(Cast.parseDecimalInt(s) ?? 0))
            },
            "int64": TemplateFunction([.any]) { i64(Cast.int64($0[0])) },
            "int": TemplateFunction([.any]) { .int(Cast.int64($0[0]), .int) },
            "float64": TemplateFunction([.any]) { f64(Cast.float64($0[0])) },
            "toDecimal": TemplateFunction([.any]) { a in
                i64(Int64(GoFormat.value(a[0]), radix: 8) ?? 0)
            },
            "add1": TemplateFunction([.any]) { i64(Cast.int64($0[0]) &+ 1) },
            "add": TemplateFunction([], variadic: .any) { a in i64(a.reduce(Int64(0)) { $0 &+ Cast.int64($1) }) },
            "sub": TemplateFunction([.any, .any]) { a in i64(Cast.int64(a[0]) &- Cast.int64(a[1])) },
            "mul": TemplateFunction([.any], variadic: .any) { a in
                i64(a.dropFirst().reduce(Cast.int64(a[0])) { $0 &* Cast.int64($1) })
            },
            "div": TemplateFunction([.any, .any]) { a in
                let d = Cast.int64(a[1])
                if d == 0 { throw FunctionError("runtime error: integer divide by zero") }
                return i64(Cast.int64(a[0]).dividedReportingOverflow(by: d).partialValue)
            },
            "mod": TemplateFunction([.any, .any]) { a in
                let d = Cast.int64(a[1])
                if d == 0 { throw FunctionError("runtime error: integer divide by zero") }
                return i64(Cast.int64(a[0]).remainderReportingOverflow(dividingBy: d).partialValue)
            },
            "max": TemplateFunction([.any], variadic: .any) { a in i64(a.map(Cast.int64).max()!) },
            "biggest": TemplateFunction([.any], variadic: .any) { a in i64(a.map(Cast.int64).max()!) },
            "min": TemplateFunction([.any], variadic: .any) { a in i64(a.map(Cast.int64).min()!) },
            "maxf": TemplateFunction([.any], variadic: .any) { a in
                f64(a.dropFirst().reduce(Cast.float64(a[0])) { acc, v in goMax(acc, Cast.float64(v)) })
            },
            "minf": TemplateFunction([.any], variadic: .any) { a in
                f64(a.dropFirst().reduce(Cast.float64(a[0])) { acc, v in goMin(acc, Cast.float64(v)) })
            },
            "floor": TemplateFunction([.any]) { f64(Foundation.floor(Cast.float64($0[0]))) },
            "ceil": TemplateFunction([.any]) { f64(Foundation.ceil(Cast.float64($0[0]))) },
            "round": TemplateFunction([.any, .int], variadic: .float64) { a in
                let roundOn: Double
                if a.count > 2, case .float(let r, _) = a[2] { roundOn = r } else { roundOn = 0.5 }
                let val = Cast.float64(a[0])
                let pow = Foundation.pow(10, Double(F.intValue(a[1])))
                let digit = pow * val
                let fraction = digit - digit.rounded(.towardZero)
                let r = fraction >= roundOn ? Foundation.ceil(digit) : Foundation.floor(digit)
                return f64(r / pow)
            },
            "add1f": TemplateFunction([.any]) { a in decimalOp(a[0], [.int(1)], +) },
            "addf": TemplateFunction([], variadic: .any) { a in decimalOp(f64(0), a, +) },
            "subf": TemplateFunction([.any], variadic: .any) { a in decimalOp(a[0], Array(a.dropFirst()), -) },
            "mulf": TemplateFunction([.any], variadic: .any) { a in decimalOp(a[0], Array(a.dropFirst()), *) },
            "divf": TemplateFunction([.any], variadic: .any) { a in
                decimalOp(a[0], Array(a.dropFirst())) { x, y in
                    if y == 0 { return 0 }
                    var q = x / y
                    var rounded = Decimal()
                    NSDecimalRound(&rounded, &q, 16, .plain)
                    return rounded
                }
            },
            "randInt": TemplateFunction([.int, .int]) { a in
                let lo = F.intValue(a[0]), hi = F.intValue(a[1])
                guard hi > lo else { throw FunctionError("invalid argument to Intn") }
                return .int(Int.random(in: lo..<hi))
            },
        ]
    }

    /// math.Max: NaN wins, +0 beats -0.
    static func goMax(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? b : a }
        return Swift.max(a, b)
    }

    static func goMin(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? a : b }
        return Swift.min(a, b)
    }
}

extension Cast {
    /// strconv.Atoi: optional sign and decimal digits only.
    static func parseDecimalInt(_ s: String) -> Int64? {
        var body = Substring(s)
        var negative = false
        if body.hasPrefix("+") || body.hasPrefix("-") {
            negative = body.hasPrefix("-")
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // Out of range: strconv returns the nearest limit along with its error, and atoi keeps it.
        guard let m = UInt64(body) else { return negative ? Int64.min : Int64.max }
        if negative { return m <= UInt64(Int64.max) + 1 ? Int64(bitPattern: 0 &- m) : Int64.min }
        return m <= UInt64(Int64.max) ? Int64(m) : Int64.max
    }
}
