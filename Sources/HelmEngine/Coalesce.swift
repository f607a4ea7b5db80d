import ValueKit

/// Helm's value coalescing (chartutil.CoalesceValues): user values over chart defaults, subchart
/// sections and globals pushed down, `null` deleting a default.
enum Coalesce {
    static func values(_ chart: Chart, _ user: OrderedMap) -> OrderedMap {
        var dest = user
        coalesce(chart, &dest)
        return dest
    }

    static func coalesce(_ chart: Chart, _ dest: inout OrderedMap) {
        coalesceValues(chart, &dest)
        coalesceDependencies(chart, &dest)
    }

    static func coalesceDependencies(_ chart: Chart, _ dest: inout OrderedMap) {
        for sub in chart.dependencies {
            var section: OrderedMap
            switch dest[sub.name] {
            case nil: section = OrderedMap()
            case .map(let m)?: section = m
            default: continue  // Helm reports a type mismatch; the section is left alone
            }
            coalesceGlobals(&section, dest)
            coalesce(sub, &section)
            dest[sub.name] = .map(section)
        }
    }

    static func coalesceValues(_ chart: Chart, _ v: inout OrderedMap) {
        for (key, defaultValue) in chart.values.entries {
            if let value = v[key] {
                if value == .null {
                    v[key] = nil
                } else if case .map(var dst) = value, case .map(let src) = defaultValue {
                    coalesceTables(&dst, src)
                    v[key] = .map(dst)
                }
            } else {
                v[key] = defaultValue
            }
        }
    }

    /// dst wins; src fills in; a null in dst deletes the key.
    static func coalesceTables(_ dst: inout OrderedMap, _ src: OrderedMap) {
        for (key, val) in src.entries {
            if let dv = dst[key] {
                if dv == .null {
                    dst[key] = nil
                } else if case .map(let srcTable) = val, case .map(var dstTable) = dv {
                    coalesceTables(&dstTable, srcTable)
                    dst[key] = .map(dstTable)
                }
            } else {
                dst[key] = val
            }
        }
    }

    static func coalesceGlobals(_ dest: inout OrderedMap, _ src: OrderedMap) {
        var dg: OrderedMap
        switch dest["global"] {
        case nil: dg = OrderedMap()
        case .map(let m)?: dg = m
        default: return
        }
        var sg: OrderedMap
        switch src["global"] {
        case nil: sg = OrderedMap()
        case .map(let m)?: sg = m
        default: return
        }
        for (key, val) in sg.entries {
            if case .map(let table) = val {
                var copy = table
                if let existing = dg[key] {
                    guard case .map(let existingTable) = existing else { continue }
                    coalesceTables(&copy, existingTable)
                }
                dg[key] = .map(copy)
            } else if case .map = dg[key] ?? .null {
                continue
            } else {
                dg[key] = val
            }
        }
        dest["global"] = .map(dg)
    }

    /// Helm's mergeMaps for successive -f files: later files win, maps merge.
    static func merge(_ base: OrderedMap, _ top: OrderedMap) -> OrderedMap {
        var out = base
        for (k, v) in top.entries {
            if case .map(let vm) = v, case .map(let bm)? = out[k] {
                out[k] = .map(merge(bm, vm))
            } else {
                out[k] = v
            }
        }
        return out
    }

    /// Values.PathValue: a dotted path to a non-table value.
    static func pathValue(_ values: OrderedMap, _ path: String) -> Value? {
        let parts = path.split(separator: ".").map(String.init)
        guard !parts.isEmpty else { return nil }
        var table = values
        for p in parts.dropLast() {
            guard case .map(let next)? = table[p] else { return nil }
            table = next
        }
        guard let v = table[parts[parts.count - 1]] else { return nil }
        if case .map = v { return nil }
        return v
    }
}
