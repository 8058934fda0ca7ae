#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LookoutCore

/// Splits a byte stream into lines in one fixed buffer that rolls and refills.
///
/// Invariants, between calls to `fill`:
/// - `buffer[start..<end]` holds the pending bytes of the current, unfinished line; it has
///   no `\n` (every complete line has been handed to the sink) and is at most `maxLineBytes` long.
/// - `capacity = maxLineBytes + chunkBytes`, so after compaction at least `chunkBytes` are free.
/// - `discarding` is true inside a line that was already cut at `maxLineBytes`, emitted and
///   counted: its remaining bytes are dropped up to the next `\n`.
/// Memory is `capacity`, fixed by configuration, whatever the input holds.
final class LineFramer {
    let maxLineBytes: Int
    let chunkBytes: Int
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var start = 0
    private(set) var end = 0
    private var discarding = false
    /// Lines handed to the sink so far (the number of the last one).
    private(set) var lines = 0
    private(set) var truncatedLines = 0
    /// Content bytes taken in so far.
    private(set) var bytes: Int64 = 0

    init(maxLineBytes: Int, chunkBytes: Int = 64 * 1024) {
        self.maxLineBytes = max(maxLineBytes, 1)
        self.chunkBytes = max(chunkBytes, 4096)
        buffer = .allocate(byteCount: self.maxLineBytes + self.chunkBytes, alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// Forgets the previous source.
    func reset() {
        start = 0; end = 0; discarding = false
        lines = 0; truncatedLines = 0; bytes = 0; endedMidLine = false
    }

    /// The free space after the pending bytes, compacting first when it is short.
    var freeSpace: UnsafeMutableRawBufferPointer {
        if buffer.count - end < chunkBytes && start > 0 {
            let pending = end - start
            if pending > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending) }
            start = 0
            end = pending
        }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[end...])
    }

    /// Bytes taken in but not yet framed (the probe looks at these before any line goes out).
    var unframed: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[start..<end]) }

    /// Records `n` bytes written into `freeSpace` without framing them yet.
    func append(_ n: Int) {
        end += n
        bytes += Int64(n)
    }

    /// Frames the bytes appended since the last call, sending each complete line to `sink`.
    func frame<S: LineSink>(from scanStart: Int, into sink: inout S) {
        let base = buffer.baseAddress!
        var p = scanStart
        while p < end, let hit = memchr(base + p, 0x0A, end - p) {
            let nl = base.distance(to: hit)
            if discarding {
                discarding = false
            } else if nl - start > maxLineBytes {
                emit(from: start, to: start + maxLineBytes, truncated: true, into: &sink)
            } else {
                emit(from: start, to: nl, truncated: false, into: &sink)
            }
            start = nl + 1
            p = start
        }
        if discarding {
            start = end
        } else if end - start > maxLineBytes {
            // Longer than the bound with no newline yet: cut. A line of exactly the bound
            // waits, as its newline may come in the next read (then it is not truncated).
            emit(from: start, to: start + maxLineBytes, truncated: true, into: &sink)
            discarding = true
            start = end
        }
    }

    /// Takes `n` new bytes written into `freeSpace` and frames them.
    func take<S: LineSink>(_ n: Int, into sink: inout S) {
        let scanFrom = end
        append(n)
        frame(from: scanFrom, into: &sink)
    }

    /// Frames everything appended but not yet framed (after a probe that held lines back).
    func frameAll<S: LineSink>(into sink: inout S) { frame(from: start, into: &sink) }

    /// At end of input: a last line without a newline is still a line.
    func finish<S: LineSink>(into sink: inout S) {
        endedMidLine = discarding || end > start
        if !discarding && end > start { emit(from: start, to: end, truncated: false, into: &sink) }
        start = end
        discarding = false
    }

    /// After `finish`: whether the input ended inside a line (its last byte was not `\n`).
    private(set) var endedMidLine = false

    /// Drops every byte taken in but not framed (content an earlier run read).
    func dropUnframed() { start = end }

    /// The input was repositioned at content offset `offset` (a seek past what was taken in).
    func seeked(to offset: Int64) {
        start = 0; end = 0
        bytes = offset
    }

    /// Continues where an earlier run stopped: `lines` were counted up to content offset
    /// `offset`, which the bytes taken in so far have reached (any beyond it are kept, the
    /// ones before it dropped). `midLine`: that run ended inside a line, which it counted,
    /// so the rest of that line is dropped up to its newline.
    func resume(lines: Int, offset: Int64, midLine: Bool) {
        let beyond = Int(bytes - offset)
        precondition(beyond >= 0 && beyond <= end - start)
        start = end - beyond
        self.lines = lines
        discarding = midLine
    }

    private func emit<S: LineSink>(from: Int, to: Int, truncated: Bool, into sink: inout S) {
        var stop = to
        if !truncated && stop > from && buffer[stop - 1] == 0x0D { stop -= 1 }  // CRLF
        lines += 1
        if truncated { truncatedLines += 1 }
        sink.consume(line: UnsafeRawBufferPointer(rebasing: buffer[from..<stop]), number: lines, truncated: truncated)
    }
}
