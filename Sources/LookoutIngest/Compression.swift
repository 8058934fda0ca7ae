#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The container format of a file's content, told by its first bytes (never by its name).
enum ContentFormat: Equatable {
    case plain
    case gzip
    /// A compression Lookout does not decode; the associated value names it.
    case unsupported(String)

    /// The bytes needed to tell every format apart.
    static let probeLength = 6

    /// Classifies the first bytes of a stream. Fewer than `probeLength` bytes are only
    /// enough when the stream is that short.
    init(prefix p: UnsafeRawBufferPointer) {
        func starts(_ magic: [UInt8]) -> Bool {
            p.count >= magic.count && magic.indices.allSatisfy { p[$0] == magic[$0] }
        }
        if starts([0x1F, 0x8B]) { self = .gzip }
        else if starts([0x42, 0x5A, 0x68]) && p.count > 3 && (0x31...0x39).contains(p[3]) { self = .unsupported("bzip2") }
        else if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { self = .unsupported("xz") }
        else if starts([0x28, 0xB5, 0x2F, 0xFD]) { self = .unsupported("zstd") }
        else if starts([0x04, 0x22, 0x4D, 0x18]) { self = .unsupported("lz4") }
        else if starts([0x1F, 0x9D]) { self = .unsupported("compress (.Z)") }
        else if starts([0x50, 0x4B, 0x03, 0x04]) { self = .unsupported("zip") }
        else { self = .plain }
    }

    /// The command that decodes an unsupported format, for the error message.
    static func decoderHint(_ name: String) -> String {
        switch name {
        case "bzip2": "bzip2 -dc"
        case "xz": "xz -dc"
        case "zstd": "zstd -dc"
        case "lz4": "lz4 -dc"
        case "zip": "unzip -p"
        default: "uncompress -c"
        }
    }
}

extension PlannedSource {
    /// Whether the file starts as gzip data (its first bytes, as `SourceReader` tells; false
    /// when it cannot be read). Such a file is inflated on a thread of its own.
    public var startsAsGzip: Bool {
        let fd = open(openPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic: (UInt8, UInt8) = (0, 0)
        let got = withUnsafeMutableBytes(of: &magic) { read(fd, $0.baseAddress!, 2) }
        return got == 2 && withUnsafeBytes(of: &magic) { ContentFormat(prefix: $0) == .gzip }
    }
}
