import LookoutClassify
import LookoutEvents
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `classify`'s lines, held until every shape of the input is known.
///
/// A file is read once: each event is classified and learnt as it comes, and its line is
/// held here without its signature and template, only with its shape. Once every event was
/// learnt, the templates are built and `replay` writes each line with the template its
/// shape has among all of them. (Reading the file again instead cost a second time
/// everything but the rules: headers, masking, lookups, and inflating gzip.)
///
/// The lines wait in an unlinked temporary file under `$TMPDIR` (else `/tmp`), so memory
/// stays flat however long the input: about 80 bytes an event on disk, written and read
/// back in 64 KiB pieces.
///
/// A held line, in this machine's byte order:
/// `u32 n`, the `n` bytes of `EventFields` (`17,"lines":1,…,"level":"error"`), `i32` shape
/// (-1: overflow), `i32` rule index (-1: none), `u32 m` and the `m` bytes of the split-by
/// values joined by commas (as the signature joins them). A source starts with `u32.max`,
/// `u32 n` and its display path's `n` bytes.
final class HeldLines {
    /// Where the file is (for error messages).
    let directory: String
    private let fd: Int32
    let out: BufferedOutput

    init() throws {
        let tmp = getenv("TMPDIR").map { String(cString: $0) } ?? ""
        directory = tmp.isEmpty ? "/tmp" : tmp
        var path = Array((directory + "/lookout-classify-XXXXXX").utf8CString)
        fd = path.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw HeldLines.problem("create a temporary file in", directory, errno) }
        path.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        out = BufferedOutput(fd: fd)
    }

    deinit { close(fd) }

    private static func problem(_ what: String, _ directory: String, _ errorNumber: Int32) -> UsageError {
        UsageError(description: "cannot \(what) \(directory): \(String(cString: strerror(errorNumber))). classify holds each event's line there until every template is known (about 80 bytes an event); set TMPDIR to a writable directory with room.")
    }

    static let sourceMark = UInt32.max

    static func markSource(_ displayPath: String, in out: BufferedOutput) {
        var path = displayPath
        out.append(uint32: sourceMark)
        path.withUTF8 { bytes in
            out.append(uint32: UInt32(bytes.count))
            out.append(UnsafeRawBufferPointer(bytes))
        }
        out.endRecord()
    }

    /// Appends one event's held line to `out` (the caller ends the record).
    @inline(__always)
    static func hold(_ event: EventView, _ c: Classification, fields: inout EventFields, in out: BufferedOutput) {
        let at = out.bufferedCount
        out.append(uint32: 0)
        fields.append(event, to: out)
        out.set(uint32: UInt32(out.bufferedCount - at - 4), at: at)
        out.append(uint32: UInt32(bitPattern: Int32(c.shape ?? -1)))
        out.append(uint32: UInt32(bitPattern: Int32(c.ruleIndex ?? -1)))
        if c.split.isEmpty {
            out.append(uint32: 0)
        } else {
            var values = c.split.joined(separator: ",")
            values.withUTF8 { bytes in
                out.append(uint32: UInt32(bytes.count))
                out.append(UnsafeRawBufferPointer(bytes))
            }
        }
    }

    /// Renumbers the shapes of held lines in memory (a worker's, numbered by its own miner)
    /// with `runShape`, to the run's numbering.
    static func renumberShapes(in lines: BufferedOutput, _ runShape: (Int) -> Int) {
        lines.withBufferedBytes { bytes in
            var at = 0
            while at < bytes.count {
                let n = Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                if UInt32(n) == sourceMark {
                    at += 8 + Int(bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self))
                    continue
                }
                at += 4 + n
                let shape = Int(Int32(bitPattern: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                if shape >= 0 { bytes.storeBytes(of: UInt32(runShape(shape)), toByteOffset: at, as: UInt32.self) }
                at += 12 + Int(bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self))
            }
        }
    }

    /// Writes every held line to `output`, in the order held, with the template its shape
    /// has in `classifier` (done learning); or throws when the lines could not be held.
    func replay(into output: BufferedOutput, classifier: Classifier) throws {
        out.flush()
        if let errorNumber = out.failed { throw HeldLines.problem("write a temporary file in", directory, errorNumber) }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw HeldLines.problem("read back a temporary file in", directory, errno) }
        let reader = Reader(fd: fd)
        var tails = LineTails(classifier: classifier)
        var sourceJSON: [UInt8] = []
        do {
            while let n = try reader.next() {
                if n == HeldLines.sourceMark {
                    let path = try reader.bytes(Int(try reader.uint32())) { String(decoding: $0, as: UTF8.self) }
                    sourceJSON = LineTails.sourceJSON(path)
                    continue
                }
                output.append(sourceJSON)
                try reader.bytes(Int(n)) { output.append($0) }
                let shape = Int(Int32(bitPattern: try reader.uint32()))
                let rule = Int(Int32(bitPattern: try reader.uint32()))
                let splitLength = Int(try reader.uint32())
                let split = splitLength == 0 ? [] : [try reader.bytes(splitLength) { String(decoding: $0, as: UTF8.self) }]
                tails.append(Classification(shape: shape >= 0 ? shape : nil,
                                            template: shape >= 0 ? classifier.miner.templateIndex(ofShape: shape) : nil,
                                            ruleIndex: rule >= 0 ? rule : nil, split: split), to: output)
                output.endRecord()
            }
        } catch let errorNumber as ReadError {
            throw HeldLines.problem("read back a temporary file in", directory, errorNumber.number)
        }
    }

    private struct ReadError: Error { var number: Int32 }

    /// Reads the held file from its start through a buffer (1 MiB, larger for a longer line).
    private final class Reader {
        private let fd: Int32
        private var buffer: UnsafeMutableRawPointer
        private var capacity = 1 << 20
        private var start = 0
        private var end = 0

        init(fd: Int32) {
            self.fd = fd
            buffer = .allocate(byteCount: capacity, alignment: 16)
        }

        deinit { buffer.deallocate() }

        /// Makes `n` bytes available from `start`; false at the end of the file.
        private func fill(_ n: Int) throws -> Bool {
            if end - start >= n { return true }
            if start > 0 {
                (buffer).copyMemory(from: buffer + start, byteCount: end - start)
                end -= start
                start = 0
            }
            if n > capacity {
                let larger = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 16)
                larger.copyMemory(from: buffer, byteCount: end)
                buffer.deallocate()
                buffer = larger
                capacity = n
            }
            while end < n {
                let got = read(fd, buffer + end, capacity - end)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw ReadError(number: errno)
                }
                if got == 0 { return false }
                end += got
            }
            return true
        }

        /// The next `u32`, where a held line or source may start; nil at the end of the file.
        func next() throws -> UInt32? {
            guard try fill(4) else {
                if end > start { throw ReadError(number: EIO) }
                return nil
            }
            return try uint32()
        }

        /// The next `u32`, inside a held line (the file must not end there).
        func uint32() throws -> UInt32 {
            guard try fill(4) else { throw ReadError(number: EIO) }
            defer { start += 4 }
            return (buffer + start).loadUnaligned(as: UInt32.self)
        }

        /// Calls `body` with the next `n` bytes (valid only during the call).
        func bytes<R>(_ n: Int, _ body: (UnsafeRawBufferPointer) -> R) throws -> R {
            guard try fill(n) else { throw ReadError(number: EIO) }
            defer { start += n }
            return body(UnsafeRawBufferPointer(start: buffer + start, count: n))
        }
    }
}
