import GoTemplate
import ValueKit

/// Sprig's defaults, flow control, reflection and JSON helpers.
enum DefaultFunctions {
    static var functions: [String: TemplateFunction] {
        [
            "default": TemplateFunction([.any], variadic: .any) { a in
                if a.count < 2 || Cast.isEmpty(a[1]) { return a[0] }
                return a[1]
            },
            "empty": TemplateFunction([.any]) { .bool(Cast.isEmpty($0[0])) },
            "coalesce": TemplateFunction([], variadic: .any) { a in a.first { !Cast.isEmpty($0) } ?? .nilInterface },
            "all": TemplateFunction([], variadic: .any) { a in .bool(a.allSatisfy { !Cast.isEmpty($0) }) },
            "any": TemplateFunction([], variadic: .any) { a in .bool(a.contains { !Cast.isEmpty($0) }) },
            "ternary": TemplateFunction([.any, .any, .bool]) { a in
                if case .bool(true) = a[2] { return a[0] }
                return a[1]
            },
            "fail": TemplateFunction([.string]) { a in throw FunctionError(a[0].stringValue!) },
            "typeOf": TemplateFunction([.any]) { .string($0[0].typeName) },
            "typeIs": TemplateFunction([.string, .any]) { a in .bool(a[0].stringValue! == a[1].typeName) },
            "typeIsLike": TemplateFunction([.string, .any]) { a in
                let t = a[1].typeName
                return .bool(a[0].stringValue! == t || "*" + a[0].stringValue! == t)
            },
            "kindOf": TemplateFunction([.any]) { .string(Cast.kindName($0[0])) },
            "kindIs": TemplateFunction([.string, .any]) { a in .bool(a[0].stringValue! == Cast.kindName(a[1])) },
            "deepEqual": TemplateFunction([.any, .any]) { a in .bool(CollectionFunctions.deepEqual(a[0], a[1])) },
            "toJson": TemplateFunction([.any]) { a in .string((try? GoJSONEncoder.encode(a[0].dataValue)) ?? "") },
            "mustToJson": TemplateFunction([.any]) { a in
                .string(try jsonOrError { try GoJSONEncoder.encode(a[0].dataValue) })
            },
            "toPrettyJson": TemplateFunction([.any]) { a in
                .string((try? GoJSONEncoder.encode(a[0].dataValue, indent: "  ")) ?? "")
            },
            "mustToPrettyJson": TemplateFunction([.any]) { a in
                .string(try jsonOrError { try GoJSONEncoder.encode(a[0].dataValue, indent: "  ") })
            },
            "toRawJson": TemplateFunction([.any]) { a in
                .string(try jsonOrError { try GoJSONEncoder.encode(a[0].dataValue, escapeHTML: false) })
            },
            "mustToRawJson": TemplateFunction([.any]) { a in
                .string(try jsonOrError { try GoJSONEncoder.encode(a[0].dataValue, escapeHTML: false) })
            },
            "fromJson": TemplateFunction([.string]) { a in
                (try? GoJSONDecoder.decode(a[0].stringValue!)).map(TemplateValue.init) ?? .nilInterface
            },
            "mustFromJson": TemplateFunction([.string]) { a in
                do {
                    return TemplateValue(try GoJSONDecoder.decode(a[0].stringValue!))
                } catch {
                    throw FunctionError("\(error)")
                }
            },
        ]
    }

    static func jsonOrError(_ body: () throws -> String) throws -> String {
        do {
            return try body()
        } catch {
            throw FunctionError("\(error)")
        }
    }
}
