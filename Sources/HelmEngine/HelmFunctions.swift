import GoTemplate
import Sprig
import ValueKit
import YAML

/// Helm's additions to the template function map: include, tpl, required, toYaml/fromYaml,
/// toJson/fromJson and friends, lookup. They need the template set they run in, so they are
/// installed into it.
public enum HelmFunctions {
    /// Helm's limit on nested includes of one template name.
    static let recursionLimit = 1000

    /// Where `lookup` gets cluster objects; without a cluster it answers with an empty map.
    public typealias Lookup =
        @Sendable (_ apiVersion: String, _ kind: String, _ namespace: String, _ name: String) throws -> Value

    // @unchecked Sendable, sound: used on the render thread only (a result is read after that thread is joined).
    private final class IncludeCounter: @unchecked Sendable {
        var depth: [String: Int] = [:]
        /// Nested `tpl` calls: Helm counts none and overflows Go's stack on a `tpl` that calls
        /// itself; here they stop at the include limit with an error.
        var tplDepth = 0
    }

    /// Helm marks the messages of fail/required so its error cleanup can find them in a chain.
    public static let errorStart = "HELM_ERR_START"
    public static let errorEnd = "HELM_ERR_END"

    /// The full function map (Sprig + Helm) installed into `set`, which must use missingkey=zero.
    /// With `helmErrorMarkers`, fail/required wrap their messages as Helm's engine does.
    public static func install(into set: TemplateSet, lookup: Lookup? = nil, helmErrorMarkers: Bool = false) {
        var functions = baseFunctions
        if helmErrorMarkers {
            functions["required"] = TemplateFunction([.string, .any]) { a in
                switch a[1] {
                case .invalid, .null(GoType.interface), .string(""):
                    throw FunctionError(errorStart + a[0].stringValue! + errorEnd)
                default: return a[1]
                }
            }
            functions["fail"] = TemplateFunction([.string]) { a in
                throw FunctionError(errorStart + a[0].stringValue! + errorEnd)
            }
        }
        functions["lookup"] = TemplateFunction([.string, .string, .string, .string]) { a in
            let args = a.map { $0.stringValue ?? "" }
            guard let lookup else { return .map(TemplateMap()) }
            do {
                return TemplateValue(try lookup(args[0], args[1], args[2], args[3]))
            } catch {
                throw FunctionError("\(error)")
            }
        }
        set.addFunctions(functions)
        installRecursive(into: set, counter: IncludeCounter())
    }

    private static func installRecursive(into set: TemplateSet, counter: IncludeCounter) {
        set.addFunctions([
            "include": TemplateFunction([.string, .any]) { [unowned set] a in
                let name = a[0].stringValue!
                let current = counter.depth[name, default: 0]
                if current > recursionLimit {
                    throw FunctionError(
                        "rendering template has a nested reference name: \(name): unable to execute template")
                }
                counter.depth[name] = current + 1
                defer { counter.depth[name]! -= 1 }
                do {
                    return .string(try set.execute(name: name, data: goData(a[1])))
                } catch let error as TemplateError where error.isTerminal {
                    throw error
                } catch {
                    throw FunctionError("\(error)")
                }
            },
            "tpl": TemplateFunction([.string, .any]) { [unowned set] a in
                let text = a[0].stringValue!
                if counter.tplDepth > recursionLimit {
                    throw FunctionError(
                        "rendering template has a nested tpl call: \(set.rootName): unable to execute template")
                }
                counter.tplDepth += 1
                defer { counter.tplDepth -= 1 }
                let clone = set.clone()
                clone.missingKey = .zero
                installRecursive(into: clone, counter: counter)
                // Helm parses the text under its root template's name ("gotpl") and runs the tree
                // just parsed, also when it is empty (then a same-named tree already in the set stays
                // in the set but is not what runs).
                let parsed: TemplateSet.Template
                do {
                    parsed = try clone.parse(name: set.rootName, text: text)
                } catch {
                    throw FunctionError("cannot parse template \(GoSyntax.quote(text)): \(error)")
                }
                do {
                    return .string(try clone.execute(parsed, data: goData(a[1])).replacingNoValue())
                } catch let error as TemplateError where error.isTerminal {
                    throw error
                } catch {
                    throw FunctionError("error during tpl function execution for \(GoSyntax.quote(text)): \(error)")
                }
            },
        ])
    }

    /// What Go's Execute makes of its data argument: reflect.ValueOf(nil) is no value at all, so
    /// fields of it read as missing instead of failing as a nil pointer.
    private static func goData(_ value: TemplateValue) -> TemplateValue {
        if case .null(let t) = value, t.kind == .interface { return .invalid }
        return value
    }

    /// Sprig without env/expandenv, plus Helm's stateless functions; built once.
    private static let baseFunctions: [String: TemplateFunction] = {
        var functions = Sprig.functions()
        functions["env"] = nil
        functions["expandenv"] = nil
        // Helm resolves names only with --enable-dns; otherwise getHostByName answers "".
        functions["getHostByName"] = TemplateFunction([.string]) { _ in .string("") }
        for (name, f) in dataFunctions { functions[name] = f }
        return functions
    }()

    static let dataFunctions: [String: TemplateFunction] = [
        "required": TemplateFunction([.string, .any]) { a in
            switch a[1] {
            case .invalid, .null(GoType.interface): throw FunctionError(a[0].stringValue!)
            case .string(""): throw FunctionError(a[0].stringValue!)
            default: return a[1]
            }
        },
        "fail": TemplateFunction([.string]) { a in throw FunctionError(a[0].stringValue!) },
        "toYaml": TemplateFunction([.any]) { a in
            guard let text = try? YAML.encode(a[0].dataValue) else { return .string("") }
            return .string(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        },
        "mustToYaml": TemplateFunction([.any]) { a in
            let text: String
            do { text = try YAML.encode(a[0].dataValue) } catch let failure as YAMLError {
                throw FunctionError(failure.description)
            }
            return .string(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        },
        "toYamlPretty": TemplateFunction([.any]) { a in
            guard let text = try? YAML.encodePretty(a[0].data(bytesAsBase64: false)) else { return .string("") }
            return .string(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        },
        "fromYaml": TemplateFunction([.string]) { a in
            do {
                return TemplateValue(.map(try YAML.decodeMap(a[0].stringValue!)))
            } catch {
                return .map(TemplateMap(["Error": .string("\(error)")]))
            }
        },
        "fromYamlArray": TemplateFunction([.string]) { a in
            do {
                return TemplateValue(.array(try YAML.decodeArray(a[0].stringValue!)))
            } catch {
                return .list([.string("\(error)")])
            }
        },
        "toJson": TemplateFunction([.any]) { a in .string((try? GoJSONEncoder.encode(a[0].dataValue)) ?? "") },
        "toToml": TemplateFunction([.any]) { a in
            // The TOML encoder asks a nil interface for its type: reflect refuses.
            if case .null(let t) = a[0], t.kind == .interface {
                throw FunctionError("reflect: call of reflect.Value.Type on zero Value")
            }
            do { return .string(try TOMLEncoder.encode(a[0].data(bytesAsBase64: false))) } catch let failure
                as TOMLEncoder.Failure
            { return .string(failure.message) }
        },
        "fromToml": TemplateFunction([.string]) { a in
            // Helm's fromToml: the table, or a map holding the parser's message under "Error".
            do {
                return TemplateValue(.map(try TOMLDecoder.decode(a[0].stringValue!)))
            } catch let failure as TOMLDecoder.Failure {
                return .map(TemplateMap(["Error": .string(failure.message)]))
            }
        },
        "mustToToml": TemplateFunction([.any]) { a in
            if case .null(let t) = a[0], t.kind == .interface {
                throw FunctionError("reflect: call of reflect.Value.Type on zero Value")
            }
            do { return .string(try TOMLEncoder.encode(a[0].data(bytesAsBase64: false))) } catch let failure
                as TOMLEncoder.Failure
            { throw FunctionError(failure.message) }
        },
        "fromJson": TemplateFunction([.string]) { a in
            do {
                let v = try GoJSONDecoder.decode(a[0].stringValue!)
                guard case .map = v else {
                    if case .null = v { return .map(TemplateMap()) }
                    return .map(
                        TemplateMap([
                            "Error": .string(
                                "json: cannot unmarshal \(v.jsonKind) into Go value of type map[string]interface {}")
                        ]))
                }
                return TemplateValue(v)
            } catch {
                return .map(TemplateMap(["Error": .string("\(error)")]))
            }
        },
        "fromJsonArray": TemplateFunction([.string]) { a in
            do {
                let v = try GoJSONDecoder.decode(a[0].stringValue!)
                guard case .array = v else {
                    if case .null = v { return .list([]) }
                    return .list([.string("json: cannot unmarshal \(v.jsonKind) into Go value of type []interface {}")])
                }
                return TemplateValue(v)
            } catch {
                return .list([.string("\(error)")])
            }
        },
    ]
}

extension String {
    /// Helm removes the "<no value>" that missing values print.
    public func replacingNoValue() -> String {
        replacingAllBytes("<no value>", with: "")
    }
}
