internal import CZlib

/// Reads a packaged chart (`.tgz`): gzip through zlib, then the tar stream, in memory.
enum ChartArchive {
    struct ArchiveError: Error, CustomStringConvertible, Sendable {
        let description: String
    }

    /// Helm's limits on a packaged chart (MaxDecompressedChartSize, MaxDecompressedFileSize): a gzip
    /// bomb or a huge entry is refused instead of filling memory.
    static let maxDecompressedSize = 100 * 1024 * 1024
    static let maxFileSize = 5 * 1024 * 1024

    /// Inflates gzip data (zlib with the gzip header; concatenated members are read too), at most
    /// `limit` bytes of output.
    /// `enough`, when given, is asked after each piece of output whether what came so far suffices:
    /// then the rest is not inflated (a subchart's first entries, without the whole archive).
    static func gunzip(
        _ data: [UInt8], limit: Int = maxDecompressedSize,
        enough: (([UInt8]) -> Bool)? = nil
    ) throws(ArchiveError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16: expect a gzip header.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ArchiveError(description: "gzip: cannot initialise zlib")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        // gzip's trailer holds the size of the (last member's) data: room for it up front spares the
        // copies (and the doubled peak) of a growing array. A wrong or huge hint only costs growth.
        if data.count >= 18 && enough == nil {
            let size = data.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
            if size > 0 && size <= limit { output.reserveCapacity(size) }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = data
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inBuffer) throws(ArchiveError) -> Void in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            repeat {
                try chunk.withUnsafeMutableBufferPointer { (outBuffer) throws(ArchiveError) -> Void in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    if status != Z_OK && status != Z_STREAM_END {
                        throw ArchiveError(
                            description: status == Z_DATA_ERROR
                                ? "gzip: invalid header" : "gzip: data is truncated or corrupt")
                    }
                    output.append(contentsOf: outBuffer[0..<(outBuffer.count - Int(stream.avail_out))])
                    if output.count > limit {
                        throw ArchiveError(
                            description: "decompressed data is larger than the maximum of \(limit) bytes")
                    }
                }
                if let enough, enough(output) { return }
                if status == Z_STREAM_END && stream.avail_in > 0 {
                    inflateReset(&stream)
                    status = Z_OK
                }
            } while status != Z_STREAM_END && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        if status != Z_STREAM_END, !(enough?(output) ?? false) {
            throw ArchiveError(description: "gzip: unexpected EOF")
        }
        return output
    }

    /// Compresses with a gzip header (zlib, default level), as Go's gzip.Writer does for Helm's records.
    static func gzip(_ data: [UInt8]) throws(ArchiveError) -> [UInt8] {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
            throw ArchiveError(description: "gzip: cannot initialise zlib")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 32)
        var input = data
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw ArchiveError(description: "gzip: compression failed") }
        return Array(output[0..<Int(stream.total_out)])
    }

    /// The regular files of a ustar/GNU tar stream, with their paths (PAX and GNU long names honoured).
    /// `partial`: the stream may end inside an entry (a prefix of an archive); the entries complete
    /// so far are returned.
    static func untar(_ data: [UInt8], partial: Bool = false) throws(ArchiveError) -> [(path: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        var offset = 0
        var longName: String?
        while offset + 512 <= data.count {
            let header = data[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { break }
            func field(_ start: Int, _ length: Int) -> String {
                let bytes = header[(offset + start)..<(offset + start + length)]
                let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
                return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
            }
            let sizeText = field(124, 12).trimmingCharacters(in: " \0")
            guard let size = Int(sizeText, radix: 8) else {
                throw ArchiveError(description: "archive/tar: invalid tar header")
            }
            let type = header[offset + 156]
            var name = field(0, 100)
            let prefix = field(345, 155)
            if field(257, 6).hasPrefix("ustar") && !prefix.isEmpty { name = prefix + "/" + name }
            let bodyStart = offset + 512
            guard bodyStart + size <= data.count else {
                if partial { break }
                throw ArchiveError(description: "archive/tar: unexpected EOF")
            }
            if (type == UInt8(ascii: "0") || type == 0) && size > maxFileSize {
                throw ArchiveError(
                    description:
                        "chart file \"\(longName ?? name)\" is larger than the maximum file size of \(maxFileSize) bytes"
                )
            }
            let body = Array(data[bodyStart..<(bodyStart + size)])
            offset = bodyStart + (size + 511) / 512 * 512
            switch type {
            case UInt8(ascii: "L"):
                longName = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "x"):
                for line in String(decoding: body, as: UTF8.self).split(separator: "\n") {
                    if let range = line.range(of: " path=") { longName = String(line[range.upperBound...]) }
                }
                continue
            case UInt8(ascii: "0"), 0:
                files.append((longName ?? name, body))
            default:
                break
            }
            longName = nil
        }
        return files
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let members = Set(set.unicodeScalars)
        var s = unicodeScalars[...]
        while let f = s.first, members.contains(f) { s = s.dropFirst() }
        while let l = s.last, members.contains(l) { s = s.dropLast() }
        return String(String.UnicodeScalarView(s))
    }
}
