#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LookoutCore

/// The checkpoints of earlier runs, and which one each file of this run resumes from.
///
/// A file resumes from:
/// 1. the checkpoint of its own inode, when its first bytes still match (it grew, or was
///    renamed by rotation); its inode with other first bytes was truncated or replaced:
///    it is read from the start;
/// 2. else the checkpoint of another inode whose first bytes it shares (at least
///    `Checkpoint.minimumCopyFingerprintBytes` of them), when that inode no longer holds
///    them — gone (compressed and deleted by logrotate) or rewritten (`copytruncate`) —
///    and no other file of this run claimed it: it is a copy of what was read there.
/// A copy whose original still holds the same content (`cp app.log backup.log`) is read
/// from the start: both are counted, as the user asked for both.
public final class CheckpointBook {
    private var known: [Checkpoint]
    private var claimed: Set<Int> = []
    /// Planned regular files by identity (for rule 2), filled on first use.
    private var plannedByIdentity: [FileIdentity: String]?
    private let plannedPaths: [String]
    /// Checkpoints that a copy took over and whose inode no longer holds their content:
    /// the store forgets them when the run commits.
    public private(set) var retired: [Checkpoint] = []
    /// Set when several files are read at once: their resume points are then still found
    /// in planned order (`ResumeTurns`).
    public var turns: ResumeTurns?

    struct FileIdentity: Hashable { var device: UInt64; var inode: UInt64 }

    public init(known: [Checkpoint], plannedPaths: [String]) {
        self.known = known
        self.plannedPaths = plannedPaths
    }

    /// The checkpoint that the file (`device`, `inode`), whose content begins with `prefix`, resumes from.
    public func resumePoint(device: UInt64, inode: UInt64, prefix: UnsafeRawBufferPointer) -> Checkpoint? {
        if let i = known.indices.first(where: { known[$0].sameFile(device: device, inode: inode) }) {
            if known[i].fingerprintMatches(prefix) {
                claimed.insert(i)
                return known[i]
            }
        }
        for i in known.indices where !claimed.contains(i) && !known[i].sameFile(device: device, inode: inode) {
            let c = known[i]
            guard c.fingerprintLength >= Checkpoint.minimumCopyFingerprintBytes, c.fingerprintMatches(prefix) else { continue }
            if stillHolds(c) { continue }
            claimed.insert(i)
            retired.append(c)
            return c
        }
        return nil
    }

    /// Whether an earlier run read a file at this identity.
    public func knows(device: UInt64, inode: UInt64) -> Bool { known.contains { $0.sameFile(device: device, inode: inode) } }

    /// Whether the checkpoint's own inode is a file of this run that still begins with its content.
    private func stillHolds(_ c: Checkpoint) -> Bool {
        if plannedByIdentity == nil {
            var map: [FileIdentity: String] = [:]
            for path in plannedPaths {
                var st = stat()
                if stat(path, &st) == 0 { map[FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))] = path }
            }
            plannedByIdentity = map
        }
        guard let path = plannedByIdentity?[FileIdentity(device: c.device, inode: c.inode)] else { return false }
        guard let prefix = CheckpointBook.contentPrefix(of: path) else { return false }
        return prefix.withUnsafeBytes { c.fingerprintMatches($0) }
    }

    /// The first `Checkpoint.fingerprintBytes` bytes of a file's content (decompressed when gzip).
    static func contentPrefix(of path: String) -> [UInt8]? {
        guard case .success(let file) = FileDescriptor.openForReading(path) else { return nil }
        let raw = firstBytes { file.read(into: $0).mapError { $0 as Error } }
        guard raw.count >= 2 && raw[0] == 0x1F && raw[1] == 0x8B else { return raw }
        let gzip = raw.withUnsafeBytes { GzipReader(file: file, prefix: $0) }
        return firstBytes { gzip.read(into: $0).mapError { $0 as Error } }
    }

    /// Up to `Checkpoint.fingerprintBytes` bytes from `read`, until its end or first fault.
    private static func firstBytes(_ read: (UnsafeMutableRawBufferPointer) -> Result<Int, Error>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Checkpoint.fingerprintBytes)
        var got = 0
        while got < out.count {
            let n = out.withUnsafeMutableBytes { read(UnsafeMutableRawBufferPointer(rebasing: $0[got...])) }
            guard case .success(let k) = n, k > 0 else { break }
            got += k
        }
        out.removeSubrange(got...)
        return out
    }
}
