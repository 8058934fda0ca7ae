#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to a file descriptor through a 64 KiB buffer: one `write(2)` per buffer, not per line.
///
/// The buffer is raw memory filled with `memcpy`: `classify` appends to it about ten times
/// per event, and `Array.append(contentsOf:)` (with its retain, release and uniqueness
/// check) cost more than the copying. The properties are `@exclusivity(unchecked)`, for the
/// same reason; an output is used from one thread at a time (unchecked `Sendable`: a
/// segment's output is handed from its worker to the merging thread, and back for reuse).
final class BufferedOutput: @unchecked Sendable {
    private let fd: Int32
    private let capacity = 64 * 1024
    @exclusivity(unchecked) private var storage: UnsafeMutableRawPointer
    /// Bytes allocated at `storage`: `capacity` and more when one record is longer.
    @exclusivity(unchecked) private var allocated: Int
    /// Bytes buffered.
    @exclusivity(unchecked) private var count = 0
    /// Set when a write failed (a closed pipe, a full disk): later writes are dropped.
    private(set) var failed: Int32?
    /// Bytes written to the file so far.
    private(set) var bytesWritten = 0
    /// Told, before each write, how many bytes the file will have had written to it after
    /// it (`HeldSpace` reserves room ahead).
    var willWrite: ((Int) -> Void)?

    /// `fd` -1: an output in memory, kept whole until `drain(into:)` (a segment's lines,
    /// written out in segment order by `SegmentedClassify`).
    init(fd: Int32) {
        self.fd = fd
        allocated = capacity
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        flush()
        storage.deallocate()
    }

    /// Copies `n` bytes from `bytes` to the end of the buffer.
    @inline(__always)
    private func appendBytes(_ bytes: UnsafeRawPointer?, _ n: Int) {
        guard n > 0, let bytes else { return }
        if count + n > allocated { grow(count + n) }
        (storage + count).copyMemory(from: bytes, byteCount: n)
        count += n
    }

    private func grow(_ needed: Int) {
        var size = allocated
        while size < needed { size *= 2 }
        let larger = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        larger.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = larger
        allocated = size
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { appendBytes($0.baseAddress, $0.count) }
        if count >= capacity { flush() }
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { appendBytes($0.baseAddress, $0.count) }
        if count >= capacity { flush() }
    }

    /// Appends without flushing (call `endRecord` after a record).
    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { appendBytes($0.baseAddress, $0.count) } }

    func append(_ text: StaticString) {
        appendBytes(UnsafeRawPointer(text.utf8Start), text.utf8CodeUnitCount)
    }

    /// Appends a non-negative integer in decimal, written straight into the buffer two
    /// digits at a time (`digitPairs`).
    func append(_ value: Int) {
        guard value >= 0 else { return }
        var digits = 1
        var rest = value
        while rest >= 100 { rest /= 100; digits += 2 }
        if rest >= 10 { digits += 1 }
        if count + digits > allocated { grow(count + digits) }
        var v = value
        var at = count + digits
        BufferedOutput.digitPairs.withUnsafeBytes { pairs in
            while v >= 10 {
                at -= 2
                (storage + at).storeBytes(of: pairs.loadUnaligned(fromByteOffset: 2 * (v % 100), as: UInt16.self), as: UInt16.self)
                v /= 100
            }
            if at > count { (storage + count).storeBytes(of: UInt8(truncatingIfNeeded: v) &+ 0x30, as: UInt8.self) }
        }
        count += digits
    }

    /// `00`, `01`, … `99`.
    private static let digitPairs: [UInt8] = (0..<100).flatMap { (n: Int) -> [UInt8] in [UInt8(0x30 + n / 10), UInt8(0x30 + n % 10)] }

    /// Appends the first `count` bytes of `value`, a small buffer of fixed size (a line
    /// number's or a time's text): all of its bytes are stored, a word at a time, rather
    /// than copied through a call to `memcpy`, and those past `count` are overwritten by
    /// what is appended next.
    @inline(__always)
    func append<T: BitwiseCopyable>(prefix count: Int, of value: T) {
        let size = MemoryLayout<T>.size
        precondition(count >= 0 && count <= size)
        if self.count + size > allocated { grow(self.count + size) }
        (storage + self.count).storeBytes(of: value, as: T.self)
        self.count += count
    }

    /// Appends raw bytes without flushing.
    func append(_ bytes: UnsafeRawBufferPointer) { appendBytes(bytes.baseAddress, bytes.count) }

    /// Appends `value` in this machine's byte order (held lines, read back by this process).
    func append(uint32 value: UInt32) {
        if count + 4 > allocated { grow(count + 4) }
        (storage + count).storeBytes(of: value, as: UInt32.self)
        count += 4
    }

    /// Bytes buffered and not yet written. Within a record (before `endRecord`) nothing is
    /// written, so an offset taken there stays valid until the record ends.
    var bufferedCount: Int { count }

    /// Sets the 4 bytes at `offset` (from `bufferedCount`, within the current record).
    func set(uint32 value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= count)
        (storage + offset).storeBytes(of: value, as: UInt32.self)
    }

    /// Calls `body` with the bytes buffered, to change them in place.
    func withBufferedBytes<R>(_ body: (UnsafeMutableRawBufferPointer) -> R) -> R {
        body(UnsafeMutableRawBufferPointer(start: storage, count: count))
    }

    /// Ends a record: flushes when the buffer is full.
    func endRecord() {
        if count >= capacity { flush() }
    }

    /// Moves what this output holds to the end of `other`: written straight from here when
    /// `other` writes to a file, so `other`'s buffer does not grow to this one's size.
    func drain(into other: BufferedOutput) {
        if other.fd >= 0 {
            other.flush()
            other.writeAll(storage, count)
        } else {
            other.appendBytes(storage, count)
        }
        count = 0
    }

    /// Drops what is buffered (its file is about to be closed, unwritten).
    func discard() { count = 0 }

    func flush() {
        guard fd >= 0 else { return }
        writeAll(storage, count)
        count = 0
    }

    /// Writes `n` bytes from `bytes` to the file (nothing once a write has failed).
    private func writeAll(_ bytes: UnsafeRawPointer, _ n: Int) {
        guard failed == nil else { return }
        willWrite?(bytesWritten + n)
        defer { bytesWritten += n }
        var offset = 0
        while offset < n {
            let written = Glibc.write(fd, bytes + offset, n - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failed = errno
                break
            }
            offset += written
        }
    }
}
