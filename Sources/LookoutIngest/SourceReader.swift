#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LookoutCore

/// Settings that bound what ingest holds in memory.
public struct IngestOptions: Sendable {
    /// Lines longer than this are cut to this many bytes for later stages, and counted.
    public var maxLineBytes = 64 * 1024
    /// A NUL within this many leading bytes of a file (after decompression) makes it binary.
    public var binaryProbeBytes = 64 * 1024
    /// gzip content may grow to this many times its compressed size (past the first 64 MiB)
    /// before reading stops as a likely gzip bomb.
    public var maxGzipRatio: Int64 = 1000
    /// The gzip decoder: ISA-L when it can be loaded, unless `LOOKOUT_INFLATE=zlib` (see `GzipReader`).
    public var inflate = InflateBackend.preferred

    public init() {}
}

/// Reads one planned source from end to end: opens it, tells its format by its first
/// bytes, decompresses gzip, skips binary files, frames lines and pushes them to a sink,
/// and accounts for every byte and line in a `SourceReport`.
///
/// One reader is reused for many sources: its line buffer is allocated once.
public final class SourceReader {
    public let options: IngestOptions
    private let framer: LineFramer
    /// Earlier runs' checkpoints: files resume where they stopped, and each report carries
    /// the checkpoint for the next run. Nil: every file is read from its start.
    public var checkpoints: CheckpointBook?
    /// Told, after each read from storage, how many stored bytes of the current source have
    /// been read (for a progress display).
    public var progress: ((Int64) -> Void)?
    /// Asked before each read of content: true stops the reading there, as SIGINT does
    /// (a caller that will read the source again another way).
    public var stopWhen: (() -> Bool)?
    /// Set when a resume failed: the checkpoint the next run gets, unchanged from the last.
    private var settledCheckpoint: Checkpoint?
    /// The open path of the source being read (its turn with the checkpoints, in parallel runs).
    private var openPath = ""

    public init(options: IngestOptions = IngestOptions()) {
        self.options = options
        framer = LineFramer(maxLineBytes: options.maxLineBytes)
    }

    /// Reads `source` into `sink`. Failures are recorded in the report, never thrown:
    /// whatever was read before a fault has reached the sink and is counted.
    public func read<S: LineSink>(_ source: PlannedSource, into sink: inout S) -> SourceReport {
        var report = SourceReport(path: source.displayPath, kind: source.kind)
        report.rotationSet = source.rotationSet
        framer.reset()
        settledCheckpoint = nil
        openPath = source.openPath
        readContent(source, report: &report, into: &sink)
        report.lines = framer.lines - report.resumedLines
        report.truncatedLines = framer.truncatedLines
        report.bytes = framer.bytes - report.resumedBytes
        if report.compression == nil { report.storedBytes = report.bytes }
        if let settled = settledCheckpoint {
            report.checkpoint = settled
        } else if report.checkpoint != nil {
            report.checkpoint!.offset = framer.bytes
            report.checkpoint!.lines = framer.lines
            report.checkpoint!.midLine = framer.endedMidLine
        }
        return report
    }

    private func readContent<S: LineSink>(_ source: PlannedSource, report: inout SourceReport, into sink: inout S) {

        let file: FileDescriptor
        if source.kind == .stdin {
            file = FileDescriptor(raw: 0)
        } else {
            switch FileDescriptor.openForReading(source.openPath) {
            case .success(let fd): file = fd
            case .failure(let e):
                report.problems.append(InputProblem(.error, source: source.displayPath, "cannot open: \(e)." + (e.isPermissionDenied ? " Give the user running lookout read permission, or leave the file out with --exclude." : "")))
                return
            }
        }
        let path = source.displayPath
        // Identity for checkpoints: regular files only (a FIFO or device has no resumable offset).
        var identity: (device: UInt64, inode: UInt64, size: Int64)?
        if checkpoints != nil, source.kind == .file, let st = file.status(), (st.st_mode & S_IFMT) == S_IFREG {
            identity = (UInt64(st.st_dev), UInt64(st.st_ino), Int64(st.st_size))
        }

        // Probe: enough bytes to tell the format (or a newline: plainly text).
        var eof = false
        while framer.end < ContentFormat.probeLength {
            switch file.read(into: framer.freeSpace) {
            case .failure(let e):
                report.problems.append(InputProblem(.error, source: path, offset: framer.bytes, "read failed: \(e)."))
                return
            case .success(0): eof = true
            case .success(let n): framer.append(n)
            }
            if eof || memchr(framer.buffer.baseAddress!, 0x0A, framer.end) != nil { break }
        }

        switch ContentFormat(prefix: framer.unframed) {
        case .plain:
            let progress = self.progress
            var stored = Int64(framer.end)
            let resume = identity.map { id in Resume(device: id.device, inode: id.inode, size: id.size) { offset in
                stored = offset   // the progress counts the bytes skipped as done
                return lseek(file.raw, off_t(offset), SEEK_SET) == off_t(offset)
            } }
            drain(readingWith: { buffer in
                let r = file.read(into: buffer)
                if let progress, case .success(let n) = r { stored += Int64(n); progress(stored) }
                return r.mapError { ReadFault.io($0) }
            },
                  alreadyEnded: eof, checkBinary: source.kind != .stdin, path: path, resume: resume, report: &report, into: &sink)
            noteChangesWhileReading(file, source: source, report: &report)
        case .gzip:
            let gzip = GzipReader(file: file, prefix: framer.unframed, backend: options.inflate)
            gzip.maxRatio = options.maxGzipRatio
            framer.reset()
            report.compression = .gzip
            let resume = identity.map { Resume(device: $0.device, inode: $0.inode, size: nil, seek: nil) }
            let progress = self.progress
            // A regular file is inflated on a thread of its own; a pipe or FIFO is not: its
            // reads block for input, and SIGINT must be able to end them on this thread.
            let ahead = InflateAhead(gzip, threaded: source.kind == .file)
            drain(readingWith: { buffer in
                let r = ahead.read(into: buffer)
                progress?(ahead.storedBytes)
                return r.mapError { ReadFault.gzip($0) }
            },
                  alreadyEnded: false, checkBinary: source.kind != .stdin, path: path, resume: resume, report: &report, into: &sink)
            let done = ahead.finishedReader   // the inflate thread stopped: its figures are final
            report.storedBytes = done.storedBytes
            if let at = done.trailingGarbageOffset {
                report.problems.append(InputProblem(.notice, source: path, offset: at, "bytes after the last gzip member are not gzip data; ignored, as gzip -d ignores them."))
            }
        case .unsupported(let name):
            report.storedBytes = framer.bytes
            framer.reset()
            report.problems.append(InputProblem(.error, source: path, offset: 0, "unsupported compression (\(name)): Lookout reads plain text and gzip. Decompress it first, for example `\(ContentFormat.decoderHint(name)) \(path) | lookout scan -`."))
        }
        return
    }

    /// A regular file that another process truncated or deleted while it was read: what was
    /// read is counted, and the digest says what happened.
    private func noteChangesWhileReading(_ file: FileDescriptor, source: PlannedSource, report: inout SourceReport) {
        guard source.kind == .file, report.skipped == nil, !StopRequest.isRequested, let st = file.status(),
              (st.st_mode & S_IFMT) == S_IFREG else { return }
        if st.st_nlink == 0 {
            report.problems.append(InputProblem(.notice, source: source.displayPath, "deleted while being read (rotated away?); what it held was read to its end."))
        }
        if Int64(st.st_size) < framer.bytes {
            report.problems.append(InputProblem(.notice, source: source.displayPath, offset: Int64(st.st_size), "shrank while being read (truncated by another process?) to \(st.st_size) bytes; the \(framer.bytes) bytes read before are counted."))
        }
    }

    private enum ReadFault: Error {
        case io(SystemError)
        case gzip(GzipReader.Fault)
    }

    /// A file that may resume from a checkpoint: its identity, its stored size (plain
    /// files; a checkpoint beyond it means the file was truncated), and how to seek in its
    /// content (plain files; gzip content is inflated and dropped up to the offset).
    private struct Resume {
        var device: UInt64
        var inode: UInt64
        var size: Int64?
        var seek: ((Int64) -> Bool)?
    }

    /// After the probe (the file's first bytes are taken in, none framed): finds the
    /// checkpoint this file resumes from and moves past what it covers. Returns a fault
    /// met while skipping. `report.checkpoint` is set either way (for the next run).
    private func skipReadContent(
        _ resume: Resume, readingWith read: (UnsafeMutableRawBufferPointer) -> Result<Int, ReadFault>,
        path: String, ended: inout Bool, report: inout SourceReport
    ) -> ReadFault? {
        let prefix = framer.unframed
        let fp = Checkpoint.fingerprint(of: prefix)
        guard fp.length > 0 else { return nil }   // empty: nothing to resume, nothing to remember
        report.checkpoint = Checkpoint(device: resume.device, inode: resume.inode, fingerprint: fp.hash, fingerprintLength: fp.length,
                                       offset: 0, lines: 0, midLine: false, path: path)
        guard let book = checkpoints else { return nil }
        book.turns?.wait(for: openPath)
        let resumed = book.resumePoint(device: resume.device, inode: resume.inode, prefix: prefix)
        let known = resumed == nil && book.knows(device: resume.device, inode: resume.inode)
        book.turns?.pass(openPath)
        guard let from = resumed else {
            if known {
                report.problems.append(InputProblem(.notice, source: path, "begins otherwise than when an earlier run read it: truncated or replaced, so read from the start."))
            }
            return nil
        }
        guard from.offset > 0 else { return nil }
        if let size = resume.size, size < from.offset {
            report.problems.append(InputProblem(.notice, source: path, "shorter than when an earlier run read it (\(size) bytes, \(from.offset) read then): truncated, so read from the start."))
            return nil
        }
        if from.offset <= framer.bytes {
            framer.resume(lines: from.lines, offset: from.offset, midLine: from.midLine)
        } else if let seek = resume.seek, seek(from.offset) {
            framer.seeked(to: from.offset)
            framer.resume(lines: from.lines, offset: from.offset, midLine: from.midLine)
        } else {
            framer.dropUnframed()
            while framer.bytes < from.offset {
                let space = framer.freeSpace
                let want = Int(min(Int64(space.count), from.offset - framer.bytes))
                switch read(UnsafeMutableRawBufferPointer(rebasing: space[0..<want])) {
                case .success(0):
                    ended = true
                    report.problems.append(InputProblem(.notice, source: path, offset: framer.bytes, "its content ends before where an earlier run stopped reading it (\(from.offset) bytes); nothing new was read."))
                    keepCheckpoint(from, of: resume, fingerprint: fp, path: path, report: &report)
                    return nil
                case .success(let n):
                    framer.append(n)
                    framer.dropUnframed()
                case .failure(let f):
                    ended = true
                    keepCheckpoint(from, of: resume, fingerprint: fp, path: path, report: &report)
                    return f
                }
            }
            framer.resume(lines: from.lines, offset: from.offset, midLine: from.midLine)
        }
        report.resumedLines = from.lines
        report.resumedBytes = from.offset
        return nil
    }

    /// The skip to an earlier run's offset failed (a fault, or less content than then): that
    /// run's checkpoint stands for the next run, and nothing was read in this one.
    private func keepCheckpoint(_ from: Checkpoint, of resume: Resume, fingerprint fp: (hash: UInt64, length: Int), path: String,
                                report: inout SourceReport) {
        settledCheckpoint = Checkpoint(device: resume.device, inode: resume.inode, fingerprint: fp.hash, fingerprintLength: fp.length,
                                       offset: from.offset, lines: from.lines, midLine: from.midLine, path: path)
        framer.resume(lines: from.lines, offset: framer.bytes, midLine: true)
        report.resumedLines = from.lines
        report.resumedBytes = framer.bytes
    }

    /// Reads to the end (or the first fault), framing as it goes. For files, the first
    /// `binaryProbeBytes` are held back and searched for a NUL before any line goes out.
    private func drain<S: LineSink>(
        readingWith read: (UnsafeMutableRawBufferPointer) -> Result<Int, ReadFault>,
        alreadyEnded: Bool, checkBinary: Bool, path: String, resume: Resume? = nil,
        report: inout SourceReport, into sink: inout S
    ) {
        var ended = alreadyEnded
        var fault: ReadFault?
        var lateNulReported = !checkBinary
        func lateNul(at offset: Int64) {
            lateNulReported = true
            report.problems.append(InputProblem(.notice, source: path, offset: offset, "NUL byte in a file that began as text; read as text (its lines are counted)."))
        }

        if checkBinary {
            while !ended && framer.end < options.binaryProbeBytes {
                let space = framer.freeSpace
                if space.count == 0 { break }
                switch read(space) {
                case .success(0): ended = true
                case .success(let n): framer.append(n)
                case .failure(let f): fault = f; ended = true
                }
            }
            let probe = framer.unframed
            let probed = min(probe.count, options.binaryProbeBytes)
            if let hit = memchr(probe.baseAddress!, 0, probed) {
                let offset = probe.baseAddress!.distance(to: UnsafeRawPointer(hit))
                report.skipped = "binary file (NUL byte at offset \(offset))"
                report.problems.append(InputProblem(.notice, source: path, offset: Int64(offset), "binary file skipped, as grep skips it (a NUL byte within the first \(options.binaryProbeBytes) bytes). To read it anyway, pipe it in: `lookout scan - < \(path)`."))
                framer.reset()
                return
            }
            if let hit = memchr(probe.baseAddress! + probed, 0, probe.count - probed) {
                lateNul(at: Int64(probe.baseAddress!.distance(to: UnsafeRawPointer(hit))))
            }
            if let resume, fault == nil {
                fault = skipReadContent(resume, readingWith: read, path: path, ended: &ended, report: &report)
            }
        }
        framer.frameAll(into: &sink)

        while !ended && !StopRequest.isRequested && !(stopWhen?() ?? false) {
            let space = framer.freeSpace
            switch read(space) {
            case .success(0): ended = true
            case .success(let n):
                if !lateNulReported, let hit = memchr(space.baseAddress!, 0, n) {
                    lateNul(at: framer.bytes + Int64(space.baseAddress!.distance(to: UnsafeMutableRawPointer(hit))))
                }
                framer.take(n, into: &sink)
            case .failure(let f): fault = f; ended = true
            }
        }
        framer.finish(into: &sink)

        guard let fault else { return }
        let before = "the \(framer.lines) lines before it were read"
        switch fault {
        case .io(let e):
            report.problems.append(InputProblem(.error, source: path, offset: framer.bytes, "read failed: \(e); \(before)."))
        case .gzip(.io(let e, let offset)):
            report.problems.append(InputProblem(.error, source: path, offset: offset, "read failed: \(e); \(before)."))
        case .gzip(.truncated(let offset)):
            report.problems.append(InputProblem(.error, source: path, offset: offset, "gzip stream truncated: the file ends inside a compressed member; \(before). Was it copied while still being written? Re-copy it or check with `gzip -t`."))
        case .gzip(.bomb(let offset, let content)):
            report.problems.append(InputProblem(.error, source: path, offset: offset, "decompresses to more than \(options.maxGzipRatio) times its compressed size (a gzip bomb?): stopped after \(content) bytes of content; \(before). If the file is genuine, raise --max-gzip-ratio."))
        case .gzip(.corrupt(let offset, let detail)):
            report.problems.append(InputProblem(.error, source: path, offset: offset, "corrupt gzip data (\(detail)); \(before). Check it with `gzip -t` and restore it from a good copy."))
        }
    }
}
