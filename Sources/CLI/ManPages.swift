/// roff man pages generated from the command tree: one page per command, `osm-mesh-list.1` style.
public enum ManPages {
    /// File name → page text, for every visible command.
    public static func pages(root: Command, section: Int = 1) -> [(name: String, text: String)] {
        var out: [(String, String)] = []
        root.walk { c in
            let pageName = c.path.replacingAll(" ", with: "-")
            out.append(("\(pageName).\(section)", page(c, pageName: pageName, section: section)))
        }
        return out
    }

    static func page(_ c: Command, pageName: String, section: Int) -> String {
        var s =
            ".TH \"\(pageName.uppercased())\" \"\(section)\" \"\" \"\(c.path.split(separator: " ")[0])\" \"User Commands\"\n"
        s += ".SH NAME\n\(escape(pageName)) \\- \(escape(c.short))\n"
        s += ".SH SYNOPSIS\n"
        if c.isRunnable {
            let use = c.parent.map { "\($0.path) \(c.use)" } ?? c.use
            s += ".B \(escape(use))\n.RI [ flags ]\n"
        } else {
            s += ".B \(escape(c.path))\n.I command\n.RI [ flags ]\n"
        }
        let description = c.long.isEmpty ? c.short : c.long
        s += ".SH DESCRIPTION\n" + paragraphs(description)
        if !c.aliases.isEmpty {
            s += ".SH ALIASES\n" + escape(([c.name] + c.aliases).joined(separator: ", ")) + "\n"
        }
        let local = (c.flags + c.persistentFlags + [c.helpFlag]).filter { !$0.hidden }.sorted { $0.name < $1.name }
        if !local.isEmpty { s += ".SH OPTIONS\n" + options(local) }
        let inherited = c.inheritedFlags.filter { !$0.hidden }.sorted { $0.name < $1.name }
        if !inherited.isEmpty { s += ".SH OPTIONS INHERITED FROM PARENT COMMANDS\n" + options(inherited) }
        if !c.example.isEmpty { s += ".SH EXAMPLES\n.nf\n" + escape(c.example) + "\n.fi\n" }
        var related: [String] = []
        if let parent = c.parent { related.append(parent.path.replacingAll(" ", with: "-")) }
        related += c.visibleSubcommands.map { $0.path.replacingAll(" ", with: "-") }
        if !related.isEmpty {
            s += ".SH SEE ALSO\n" + related.map { "\\fB\(escape($0))\\fR(\(section))" }.joined(separator: ", ") + "\n"
        }
        return s
    }

    private static func options(_ flags: [Flag]) -> String {
        flags.map { f in
            var head = f.shorthand.map { "\\fB\\-\($0)\\fR, " } ?? ""
            head += "\\fB\\-\\-\(escape(f.name))\\fR"
            if !f.typeDisplay.isEmpty { head += " \\fI\(escape(f.typeDisplay))\\fR" }
            var body = escape(f.usage)
            if !f.defaultIsZero {
                body += " (default " + escape(f.kind == .string ? "\"\(f.defaultText)\"" : f.defaultText) + ")"
            }
            return ".TP\n\(head)\n\(body)\n"
        }.joined()
    }

    private static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n\n", omittingEmptySubsequences: true).map { ".PP\n" + escape(String($0)) + "\n" }
            .joined()
    }

    /// roff escaping: backslashes and dashes, and lines that would start with a control character.
    static func escape(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = String(line).replacingAll("\\", with: "\\e").replacingAll("-", with: "\\-")
            if l.hasPrefix(".") || l.hasPrefix("'") { l = "\\&" + l }
            return l
        }.joined(separator: "\n")
    }
}
