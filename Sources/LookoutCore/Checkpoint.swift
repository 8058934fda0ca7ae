
/// How far a file was read, so that the next run resumes there (SPEC §2 "State").
///
/// A file is known by two things: where it lives (`device`, `inode`) and what it begins
/// with (`fingerprint`: a stable hash of its first `fingerprintLength` bytes of content,
/// after decompression, at most `Checkpoint.fingerprintBytes`). The inode follows a file
/// through renames (`app.log` → `app.log.1`); the fingerprint follows its content into
/// copies (`copytruncate`) and compressed copies (`app.log.2.gz`), and tells a truncated
/// or replaced file (same inode, other first bytes) from a grown one — as Vector's file
/// source and logrotate-aware tailers do.
///
/// `offset` counts content bytes read (decompressed for gzip); `lines` the lines counted
/// up to it. `midLine` says the last line had no newline yet: it was counted then, so
/// the next run drops the rest of that line up to its newline instead of counting it again.
public struct Checkpoint: Sendable, Equatable {
    /// Content bytes hashed into a fingerprint, at most.
    public static let fingerprintBytes = 4096
    /// A match by content alone (another inode) needs at least this many bytes hashed, so
    /// that short, common beginnings do not make unrelated files look like copies.
    public static let minimumCopyFingerprintBytes = 32

    public var device: UInt64
    public var inode: UInt64
    public var fingerprint: UInt64
    public var fingerprintLength: Int
    public var offset: Int64
    public var lines: Int
    public var midLine: Bool
    /// Where it was read, for people reading the store.
    public var path: String

    public init(device: UInt64, inode: UInt64, fingerprint: UInt64, fingerprintLength: Int, offset: Int64, lines: Int,
                midLine: Bool, path: String) {
        self.device = device; self.inode = inode; self.fingerprint = fingerprint; self.fingerprintLength = fingerprintLength
        self.offset = offset; self.lines = lines; self.midLine = midLine; self.path = path
    }

    /// The fingerprint of content beginning with `prefix`: its first `fingerprintBytes` bytes.
    public static func fingerprint(of prefix: UnsafeRawBufferPointer) -> (hash: UInt64, length: Int) {
        let length = min(prefix.count, fingerprintBytes)
        var h = StableHash()
        h.add(UnsafeRawBufferPointer(rebasing: prefix[0..<length]))
        return (h.value, length)
    }

    /// Whether content beginning with `prefix` begins as the checkpointed file did.
    public func fingerprintMatches(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard fingerprintLength > 0, prefix.count >= fingerprintLength else { return false }
        var h = StableHash()
        h.add(UnsafeRawBufferPointer(rebasing: prefix[0..<fingerprintLength]))
        return h.value == fingerprint
    }

    public func sameFile(device: UInt64, inode: UInt64) -> Bool { self.device == device && self.inode == inode }
}
