import LookoutClassify
import LookoutEvents
import LookoutIngest
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
/// The lines wait in an unlinked temporary file under `$TMPDIR` (else `/tmp`), about 80
/// bytes an event, so the process's memory stays flat however long the input (where
/// `/tmp` is a tmpfs, the file itself is in memory: point `TMPDIR` at a disk for inputs of
/// many millions of lines).
///
/// A held line, in this machine's byte order: `u32 n` and the `n` bytes of `EventFields`
/// (`17,"lines":1,…,"level":"error"`); `i32` shape (-1: overflow); `i32` rule index (-1:
/// none); `u32 m`: 0 without split-by values, else the `m - 1` bytes of the values joined by
/// commas (as the signature joins them; one value may be empty). A source starts with
/// `u32.max`, `u32 n` and its display path's `n` bytes.
final class HeldLines {
    /// Where the file is (for error messages).
    let directory: String
    private let fd: Int32
    let out: BufferedOutput
    private let space: HeldSpace

    init() throws {
        let tmp = getenv("TMPDIR").map { String(cString: $0) } ?? ""
        directory = tmp.isEmpty ? "/tmp" : tmp
        var path = Array((directory + "/lookout-classify-XXXXXX").utf8CString)
        fd = path.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw HeldLines.problem("create a temporary file in", directory, errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        path.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        out = BufferedOutput(fd: fd)
        let space = HeldSpace(fd: fd)
        out.willWrite = { space.willGrow(to: $0) }
        self.space = space
    }

    deinit {
        out.discard()   // `out` outlives this deinit: it must not write to the closed descriptor
        close(fd)
    }

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
                out.append(uint32: UInt32(bytes.count + 1))
                out.append(UnsafeRawBufferPointer(bytes))
            }
        }
    }

    /// A record found by `walk`.
    enum Record {
        case source(path: UnsafeRawBufferPointer)
        /// `shapeOffset`: where its shape is, from the start of the walk.
        case line(fields: UnsafeRawBufferPointer, shapeOffset: Int, shape: Int?, rule: Int?, split: UnsafeRawBufferPointer?)
    }

    /// Calls `body` with each whole record from the start of `bytes`, and returns how many
    /// bytes they take (a record cut short at the end is left for the caller).
    static func walk(_ bytes: UnsafeRawBufferPointer, _ body: (Record) -> Void) -> Int {
        let count = bytes.count
        var at = 0
        while at + 4 <= count {
            let n = Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            if UInt32(n) == sourceMark {
                guard at + 8 <= count else { break }
                let end = at + 8 + Int(bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self))
                guard end <= count else { break }
                body(.source(path: UnsafeRawBufferPointer(rebasing: bytes[(at + 8)..<end])))
                at = end
                continue
            }
            let tail = at + 4 + n
            guard tail + 12 <= count else { break }
            let m = Int(bytes.loadUnaligned(fromByteOffset: tail + 8, as: UInt32.self))
            let end = tail + 12 + max(m - 1, 0)
            guard end <= count else { break }
            let shape = Int(Int32(bitPattern: bytes.loadUnaligned(fromByteOffset: tail, as: UInt32.self)))
            let rule = Int(Int32(bitPattern: bytes.loadUnaligned(fromByteOffset: tail + 4, as: UInt32.self)))
            body(.line(fields: UnsafeRawBufferPointer(rebasing: bytes[(at + 4)..<tail]), shapeOffset: tail,
                       shape: shape >= 0 ? shape : nil, rule: rule >= 0 ? rule : nil,
                       split: m == 0 ? nil : UnsafeRawBufferPointer(rebasing: bytes[(tail + 12)..<end])))
            at = end
        }
        return at
    }

    /// Renumbers the shapes of held lines in memory (a worker's, numbered by its own miner)
    /// with `runShape`, to the run's numbering.
    static func renumberShapes(in lines: BufferedOutput, _ runShape: (Int) -> Int) {
        lines.withBufferedBytes { bytes in
            _ = walk(UnsafeRawBufferPointer(bytes)) { record in
                if case .line(_, let offset, let shape?, _, _) = record {
                    bytes.storeBytes(of: UInt32(runShape(shape)), toByteOffset: offset, as: UInt32.self)
                }
            }
        }
    }

    /// Writes every held line to `output`, in the order held, with the template its shape
    /// has in `classifier` (done learning); or throws when the lines could not be held. Stops
    /// early on SIGINT or SIGTERM, and once `output` failed.
    func replay(into output: BufferedOutput, classifier: Classifier) throws {
        out.flush()
        if let errorNumber = out.failed { throw HeldLines.problem("write a temporary file in", directory, errorNumber) }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw HeldLines.problem("read back a temporary file in", directory, errno) }
        var tails = LineTails(classifier: classifier)
        var sourceJSON: [UInt8] = []
        var capacity = 1 << 20
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        var readSoFar = 0
        space.startReleasing()
        defer { space.stopReleasing() }
        while !StopRequest.isRequested && output.failed == nil {
            let got = read(fd, buffer + filled, capacity - filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw HeldLines.problem("read back a temporary file in", directory, errno)
            }
            if got == 0 {
                if filled > 0 { throw HeldLines.problem("read back a temporary file in", directory, EIO) }   // cut short
                break
            }
            filled += got
            readSoFar += got
            let used = HeldLines.walk(UnsafeRawBufferPointer(start: buffer, count: filled)) { record in
                switch record {
                case .source(let path):
                    sourceJSON = LineTails.sourceJSON(String(decoding: path, as: UTF8.self))
                case .line(let fields, _, let shape, let rule, let split):
                    output.append(sourceJSON)
                    output.append(fields)
                    if let split {
                        let values = [String(decoding: split, as: UTF8.self)]
                        tails.append(classifier.withCurrentTemplate(Classification(shape: shape, template: nil, ruleIndex: rule, split: values)), to: output)
                    } else {
                        tails.appendHeld(shape: shape, rule: rule, to: output)
                    }
                    output.endRecord()
                }
            }
            // What is left is the start of a record: moved to the front, in a larger buffer
            // when it fills this one.
            filled -= used
            if filled > 0 { buffer.copyMemory(from: buffer + used, byteCount: filled) }
            space.consumed(upTo: readSoFar - filled)
            if filled == capacity {
                capacity *= 2
                let larger = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
                larger.copyMemory(from: buffer, byteCount: filled)
                buffer.deallocate()
                buffer = larger
            }
        }
    }
}
