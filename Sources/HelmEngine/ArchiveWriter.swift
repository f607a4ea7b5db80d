internal import CZlib

/// Writes archives in the formats `osm support bug-report` offers: tar (ustar), tar.gz and zip
/// (stored). Entries are files with mode 0600 under their given paths; folders are implied.
public enum ArchiveWriter {
    public enum Format: String, Sendable { case tarGz = ".tar.gz", tgz = ".tgz", tar = ".tar", zip = ".zip" }

    public static let supported: [Format] = [.tarGz, .tgz, .tar, .zip]

    /// The format a file name asks for, or nil when its extension is not supported.
    public static func format(for path: String) -> Format? {
        supported.first { path.hasSuffix($0.rawValue) }
    }

    public struct Failure: Error, CustomStringConvertible { public let description: String }

    public static func write(
        _ entries: [(path: String, bytes: [UInt8])], format: Format, modified: Int = 0
    ) throws -> [UInt8] {
        switch format {
        case .tar: return try tar(entries, modified: modified)
        case .tarGz, .tgz:
            do { return try ChartArchive.gzip(try tar(entries, modified: modified)) } catch {
                throw Failure(description: "\(error)")
            }
        case .zip: return zip(entries)
        }
    }

    static func octal(_ value: Int, width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
    }

    static func tar(_ entries: [(path: String, bytes: [UInt8])], modified: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        for (path, bytes) in entries {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ field: [UInt8], at offset: Int) {
                header.replaceSubrange(offset..<(offset + field.count), with: field)
            }
            var name = Array(path.utf8), prefix: [UInt8] = []
            if name.count > 100 {
                // ustar splits long names at a slash: prefix (155) + name (100).
                guard
                    let cut = name.indices.reversed().first(where: {
                        name[$0] == UInt8(ascii: "/") && $0 <= 155 && name.count - $0 - 1 <= 100
                    })
                else {
                    throw Failure(description: "path too long for a tar archive: \(path)")
                }
                prefix = Array(name[..<cut])
                name = Array(name[(cut + 1)...])
            }
            put(name, at: 0)
            put(octal(0o600, width: 8), at: 100)
            put(octal(0, width: 8), at: 108)
            put(octal(0, width: 8), at: 116)
            put(octal(bytes.count, width: 12), at: 124)
            put(octal(modified, width: 12), at: 136)
            put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148)
            header[156] = UInt8(ascii: "0")
            put(Array("ustar".utf8) + [0] + Array("00".utf8), at: 257)
            put(prefix, at: 345)
            let sum = header.reduce(0) { $0 + Int($1) }
            put(octal(sum, width: 7) + [UInt8(ascii: " ")], at: 148)
            out += header
            out += bytes
            out += [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
    static func le32(_ v: UInt32) -> [UInt8] {
        [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24 & 0xff)]
    }

    /// A zip archive with every entry stored (no compression), readable by unzip and every zip tool.
    static func zip(_ entries: [(path: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for (path, bytes) in entries {
            let name = Array(path.utf8)
            let crc = UInt32(bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
            let offset = UInt32(out.count)
            let common =
                le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(UInt32(bytes.count))
                + le32(UInt32(bytes.count)) + le16(name.count) + le16(0)
            out += le32(0x04034b50) + common + name + bytes
            central +=
                le32(0x02014b50) + le16(0x0314) + common + le16(0) + le16(0) + le16(0) + le32(0o100600 << 16)
                + le32(offset) + name
        }
        let start = UInt32(out.count)
        return out + central + le32(0x06054b50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(UInt32(central.count)) + le32(start) + le16(0)
    }
}
