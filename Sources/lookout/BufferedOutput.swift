#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to a file descriptor through a 64 KiB buffer: one `write(2)` per buffer, not per line.
final class BufferedOutput {
    private let fd: Int32
    /// `@exclusivity(unchecked)`: appended to several times per record, and a run-time access
    /// check each time cost more than the append; an output is used from one thread.
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private let capacity = 64 * 1024
    /// Set when a write failed (a closed pipe, a full disk): later writes are dropped.
    private(set) var failed: Int32?

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    /// Appends without flushing (call `endRecord` after a record).
    func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    func append(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a non-negative integer in decimal.
    func append(_ value: Int) {
        var v = value
        if v == 0 { buffer.append(0x30); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 && n < 20 { d[n] = UInt8(v % 10) + 0x30; v /= 10; n += 1 }
            for k in stride(from: n - 1, through: 0, by: -1) { buffer.append(d[k]) }
        }
    }

    /// Ends a record: flushes when the buffer is full.
    func endRecord() {
        if buffer.count >= capacity { flush() }
    }

    func flush() {
        guard failed == nil else { buffer.removeAll(keepingCapacity: true); return }
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                failed = errno
                break
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
