import ValueKit

/// Helm's value coalescing (CoalesceValues, and MergeValues when `merge` is set): user values over
/// chart defaults, subchart sections and globals pushed down.
///
/// Nulls, as current Helm (4.x) treats them: when coalescing, a user's null deletes the default it
/// overrides, a null among a chart's defaults is dropped (at every depth, also in a subchart's), and
/// a user's null for a key no chart defines stays. Merging (the pass Helm runs over each chart with
/// dependencies before rendering, and every subchart section) keeps every null.
enum Coalesce {
    static func values(_ chart: Chart, _ user: OrderedMap, merge: Bool = false) -> OrderedMap {
        var dest = user
        coalesce(chart, &dest, merge: merge)
        return dest
    }

    static func coalesce(_ chart: Chart, _ dest: inout OrderedMap, merge: Bool) {
        coalesceValues(chart, &dest, merge: merge)
        coalesceDependencies(chart, &dest, merge: merge)
    }

    static func coalesceDependencies(_ chart: Chart, _ dest: inout OrderedMap, merge: Bool) {
        for sub in chart.dependencies {
            var section: OrderedMap
            switch dest[sub.name] {
            case nil: section = OrderedMap()
            case .map(let m)?: section = m
            default: continue  // Helm reports a type mismatch; the section is left alone
            }
            coalesceGlobals(&section, dest)
            coalesce(sub, &section, merge: merge)
            dest[sub.name] = .map(section)
        }
    }

    static func coalesceValues(_ chart: Chart, _ v: inout OrderedMap, merge: Bool) {
        for (key, defaultValue) in chart.values.entries {
            if let value = v[key] {
                if value == .null && !merge {
                    v[key] = nil
                } else if case .map(var dst) = value, case .map(var src) = defaultValue {
                    // A subchart's section is always merged here; its own coalescing comes later.
                    let keepNulls = merge || chart.dependencies.contains { $0.name == key }
                    if !keepNulls { src = withoutNulls(src) }
                    coalesceTables(&dst, src, merge: keepNulls)
                    v[key] = .map(dst)
                }
            } else if merge {
                v[key] = defaultValue
            } else if case .map(let table) = defaultValue {
                v[key] = .map(withoutNulls(table))
            } else if defaultValue != .null {
                v[key] = defaultValue
            }
        }
    }

    /// dst wins; src fills in. Coalescing, a null in dst deletes what src had there (a null over a
    /// key src lacks, or holds as null, stays); merging keeps every null.
    static func coalesceTables(_ dst: inout OrderedMap, _ src: OrderedMap, merge: Bool = false) {
        var src = src
        var srcHadValue = Set<String>()
        for (key, val) in src.entries where val != .null { srcHadValue.insert(key) }
        for (key, val) in dst.entries where val == .null { src[key] = .null }
        for (key, val) in src.entries {
            guard let dv = dst[key] else {
                dst[key] = val
                continue
            }
            if dv == .null {
                if !merge && srcHadValue.contains(key) { dst[key] = nil }
            } else if case .map(let srcTable) = val, case .map(var dstTable) = dv {
                coalesceTables(&dstTable, srcTable, merge: merge)
                dst[key] = .map(dstTable)
            }
        }
    }

    /// A table with its nulls removed at every depth (lists keep theirs).
    static func withoutNulls(_ table: OrderedMap) -> OrderedMap {
        var out = OrderedMap()
        for (key, val) in table.entries {
            switch val {
            case .null: continue
            case .map(let inner): out[key] = .map(withoutNulls(inner))
            default: out[key] = val
            }
        }
        return out
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
                    coalesceTables(&copy, existingTable, merge: true)
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
