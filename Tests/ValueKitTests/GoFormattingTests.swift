import Testing
import ValueKit

/// Expected values are Go's own output (fmt's %v, encoding/json, strconv), recorded from Go 1.19.
struct GoFormattingTests {
    @Test(arguments: [
        (1e6, "1e+06", "1000000"), (3, "3", "3"), (0.1, "0.1", "0.1"), (123456789, "1.23456789e+08", "123456789"),
        (1e-5, "1e-05", "0.00001"), (0.0001, "0.0001", "0.0001"), (100000, "100000", "100000"), (-0.0, "-0", "-0"),
        (1e21, "1e+21", "1e+21"), (1e20, "1e+20", "100000000000000000000"), (Double.leastNonzeroMagnitude, "5e-324", "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308", "1.7976931348623157e+308"), (1e-7, "1e-07", "1e-7"),
        (0.000001, "1e-06", "0.000001"), (1.5e-7, "1.5e-07", "1.5e-7"),
    ])
    func floats(value: Double, printed: String, json: String) throws {
        #expect(GoFloat.shortestG(value) == printed)
        #expect(try GoJSONEncoder.formatFloat(value) == json)
    }

    @Test func specialFloats() {
        #expect(GoFloat.shortestG(.nan) == "NaN")
        #expect(GoFloat.shortestG(.infinity) == "+Inf")
        #expect(GoFloat.shortestG(-.infinity) == "-Inf")
        #expect(throws: (any Error).self) { try GoJSONEncoder.encode(.float(.nan)) }
        #expect((try? GoJSONEncoder.encode(.float(.nan))) == nil)
        // Must throw, with Go's words (a do/catch alone would pass when nothing is thrown).
        let error = #expect(throws: GoJSONEncoder.EncodingError.self) { _ = try GoJSONEncoder.encode(["a": .float(.infinity)]) }
        #expect(error?.description == "json: unsupported value: +Inf")
    }

    @Test func jsonSortsKeysAndEscapesLikeGo() throws {
        let value: Value = ["b": "<&>\u{2028}\u{01}\n\t\u{7f}", "a": [nil, true]]
        #expect(try GoJSONEncoder.encode(value) == "{\"a\":[null,true],\"b\":\"\\u003c\\u0026\\u003e\\u2028\\u0001\\n\\t\u{7f}\"}")
    }

    @Test func float32MapKeysAsSigsYAMLSpellsThem() {
        #expect(GoFloat.shortestG32(Float(3.14159265358979)) == "3.1415927")
        #expect(GoFloat.shortestG32(Float(1.5)) == "1.5")
        #expect(GoFloat.shortestG32(.infinity) == ".inf")
    }

    @Test func goQuote() {
        #expect(GoSyntax.quote("a\"b\\c\n\u{01}é") == "\"a\\\"b\\\\c\\n\\x01é\"")
    }
}

struct GoJSONDecoderTests {
    @Test(arguments: [
        ("{", "unexpected end of JSON input"),
        ("[1,]", "invalid character ']' looking for beginning of value"),
        ("{\"a\" 1}", "invalid character '1' after object key"),
        ("nul x", "invalid character ' ' in literal null (expecting 'l')"),
        ("{\"a\":1}x", "invalid character 'x' after top-level value"),
        ("\"a\\qb\"", "invalid character 'q' in string escape code"),
        ("01", "invalid character '1' after top-level value"),
        ("-", "invalid character ' ' in numeric literal"),
        ("1.", "invalid character ' ' after decimal point in numeric literal"),
        ("1e", "invalid character ' ' in exponent of numeric literal"),
        ("{1:2}", "invalid character '1' looking for beginning of object key string"),
        ("[1 2]", "invalid character '2' after array element"),
        ("{\"a\":1 \"b\"}", "invalid character '\"' after object key:value pair"),
        ("\"a\u{01}\"", "invalid character '\\x01' in string literal"),
        ("\"\\u12\"", "invalid character '\"' in \\u hexadecimal character escape"),
        ("1e400", "json: cannot unmarshal number 1e400 into Go value of type float64"),
        (" ", "unexpected end of JSON input"),
    ])
    func errorsMatchEncodingJSON(input: String, message: String) {
        #expect(throws: (any Error).self) { try GoJSONDecoder.decode(input) }
        do {
            _ = try GoJSONDecoder.decode(input)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func numbersAreFloat64AndLaterKeysWin() throws {
        let v = try GoJSONDecoder.decode("{\"a\": 1, \"b\": [true, null, \"x\\u00e9\\ud83d\\ude00\"], \"a\": 2.5}")
        #expect(v == ["a": 2.5, "b": [true, nil, "xé😀"]])
    }
}
