// Helpers shared by the fuzz targets: a scratch file per process (ingest reads paths),
// a reader of parameter bytes taken off the front of an input, and a hard check.
#if canImport(Glibc)
import Glibc
#endif
import LookoutCore
import LookoutIngest

/// Reads parameter bytes off the front of a fuzz input; what is left is the payload.
/// Past the end it yields zeros, so every input is valid.
public struct FuzzParams {
    public private(set) var rest: UnsafeRawBufferPointer
    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        rest = UnsafeRawBufferPointer(start: size > 0 ? UnsafeRawPointer(data) : nil, count: size)
    }
    public init(_ bytes: UnsafeRawBufferPointer) { rest = bytes }
    public mutating func byte() -> UInt8 {
        guard let first = rest.first else { return 0 }
        rest = UnsafeRawBufferPointer(rebasing: rest[1...])
        return first
    }
    public mutating func uint16() -> Int { Int(byte()) | Int(byte()) << 8 }
}

/// A hard failure of a property the product promises: libFuzzer records it as a crash.
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                  file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fatalError("FUZZ CHECK FAILED: " + message(), file: file, line: line)
    }
}

/// One scratch file per process under /dev/shm (memory-backed), rewritten for each input
/// in place (O_TRUNC keeps the inode, as a growing log does).
public enum ScratchFile {
    /// A scratch file's path for this process, removed at exit.
    public static func path(_ tag: String) -> String {
        let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        let path = "\(dir)/lookout-fuzz-\(tag)-\(getpid())"
        removeAtExit(path)
        return path
    }

    /// Writes `bytes` to `path`, replacing its content; traps on failure (a harness fault).
    public static func write(_ path: String, _ bytes: UnsafeRawBufferPointer) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        check(fd >= 0, "cannot open scratch file \(path): errno \(errno)")
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            check(n > 0, "cannot write scratch file \(path): errno \(errno)")
            done += n
        }
        close(fd)
    }

    public static func write(_ path: String, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write(path, $0) }
    }

    private static func removeAtExit(_ path: String) {
        pathsToRemove.append(path)
        if pathsToRemove.count == 1 { atexit { for p in ScratchFile.pathsToRemove { unlink(p) } } }
    }
    nonisolated(unsafe) private static var pathsToRemove: [String] = []
}

/// A planned regular file at `path` (PlannedSource has no public memberwise init, so start
/// from the stdin plan and fill in the public fields).
public func plannedFile(_ path: String, modificationTime: Int64 = 1_764_489_600) -> PlannedSource {
    var source = PlannedSource.stdin(now: modificationTime)
    source.displayPath = path
    source.openPath = path
    source.kind = .file
    return source
}

/// Splits `bytes` into lines at `\n` (the last one may be unterminated; an empty tail is no line).
public func splitLines(_ bytes: UnsafeRawBufferPointer) -> [UnsafeRawBufferPointer] {
    var lines: [UnsafeRawBufferPointer] = []
    var start = 0
    for i in 0..<bytes.count where bytes[i] == 0x0A {
        lines.append(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
        start = i + 1
    }
    if start < bytes.count { lines.append(UnsafeRawBufferPointer(rebasing: bytes[start...])) }
    return lines
}

public func hex(_ bytes: some Sequence<UInt8>, limit: Int = 64) -> String {
    var s = ""
    for (i, b) in bytes.enumerated() {
        if i == limit { s += "…"; break }
        s += String(b, radix: 16).count == 1 ? "0" + String(b, radix: 16) : String(b, radix: 16)
    }
    return s
}

// MARK: - Entry point

/// libFuzzer's driver, for a `main` of our own.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// SwiftPM links each executable with `--defsym main=<module>_main` (so that tests can link
/// executables), which libFuzzer's own `main` cannot satisfy. Each target therefore defines
/// `<module>_main` and hands over to libFuzzer's driver here; the behaviour (flags, corpus
/// directories, artifacts) is libFuzzer's `main`, unchanged.
public func runLibFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}

// MARK: - Line framing oracle

/// Checks the lines ingest hands out against the content they came from.
///
/// `expected` holds the raw lines of the content (split at `\n`, terminators removed,
/// the unterminated tail counted as a line), indexed by line number - 1. Each line given
/// must be, by its number:
/// - not truncated: the raw line, less one trailing `\r`, and at most `maxLineBytes` long;
/// - truncated: exactly the first `maxLineBytes` bytes of a raw line at least that long
///   (a line of exactly the bound may be called truncated when its terminator had not
///   been read yet; that is allowed here).
/// Numbers run consecutively from `firstNumber`.
public struct CheckingSink: LineSink {
    public let expected: [UnsafeRawBufferPointer]
    public let maxLineBytes: Int
    public let firstNumber: Int
    public private(set) var count = 0
    public private(set) var bytes = 0
    public private(set) var truncatedCount = 0
    public private(set) var exactLengthTruncations = 0
    public private(set) var lastNumber = 0

    public init(expected: [UnsafeRawBufferPointer], maxLineBytes: Int, firstNumber: Int = 1) {
        self.expected = expected
        self.maxLineBytes = maxLineBytes
        self.firstNumber = firstNumber
    }

    public mutating func consume(line: UnsafeRawBufferPointer, number: Int, truncated: Bool) {
        check(number == firstNumber + count, "line number \(number), expected \(firstNumber + count)")
        check(number >= 1 && number <= expected.count, "line number \(number) beyond the \(expected.count) lines of the content")
        check(line.count <= maxLineBytes, "line \(number) is \(line.count) bytes, bound \(maxLineBytes)")
        check(memchr(line.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, 0x0A, line.count) == nil || line.count == 0,
              "line \(number) holds a newline")
        let raw = expected[number - 1]
        if truncated {
            check(raw.count >= maxLineBytes, "line \(number) called truncated but its \(raw.count) bytes fit the bound \(maxLineBytes)")
            check(line.elementsEqual(raw[raw.startIndex..<(raw.startIndex + maxLineBytes)]),
                  "truncated line \(number) is not the line's first \(maxLineBytes) bytes: got \(hex(line)) of \(hex(raw))")
            truncatedCount += 1
            if raw.count == maxLineBytes { exactLengthTruncations += 1 }
        } else {
            var want = raw
            if let last = want.last, last == 0x0D { want = UnsafeRawBufferPointer(rebasing: want[want.startIndex..<(want.endIndex - 1)]) }
            check(line.elementsEqual(want), "line \(number) is \(hex(line)), expected \(hex(want)) (raw \(hex(raw)))")
        }
        count += 1
        bytes += line.count
        lastNumber = number
    }
}

/// The message of each problem in a report, for checks on what was reported.
public func messages(_ report: SourceReport) -> [String] { report.problems.map(\.message) }
