import Testing
import Foundation
import LookoutCore
@testable import LookoutIngest

/// Framing and gzip findings of the fuzz targets (Fuzz/), saved in Fixtures/fuzz/regressions/.
@Suite struct FuzzRegressionTests {
    /// A last line of exactly `maxLineBytes` bytes with no newline after it is given whole
    /// but flagged truncated and counted in `truncatedLines` ("longer than the line
    /// bound"), though it is not longer; the same line followed by `\n` is not. On stdin the
    /// same happens to any line of exactly the bound whose `\n` comes in a later read, so
    /// the count depends on read timing. LineFramer.frame(from:into:) cuts when
    /// `end - start >= maxLineBytes` (LineFramer.swift), before it can know whether a
    /// newline follows.
    @Test func lineOfExactlyTheBoundIsNotTruncated() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Fixtures/fuzz/regressions/framer/exact-bound-no-newline.log").path
        var options = IngestOptions()
        options.maxLineBytes = 16
        let (lines, report) = readFile(path, options: options)
        #expect(lines.lines == ["0123456789abcdef"])
        #expect(lines.truncated == [false])
        #expect(report.truncatedLines == 0)
    }

    /// F8: two members, the second with a bad code. ISA-L said it had consumed one input
    /// byte more than it was given (the reader's count went negative and the next read
    /// trapped), and handed out the 258 bytes of a match it never wrote (NULs: the file
    /// looked binary). Both decoders: the first member's lines, then a corrupt fault.
    @Test(arguments: inflateBackends)
    func aBadCodeAfterAMemberIsAFault(backend: InflateBackend) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Fixtures/fuzz/regressions/gzip/isal-bad-code.gz").path
        let (lines, report) = readFile(path, options: ingestOptions(backend))
        #expect(report.skipped == nil && report.lines == lines.lines.count && lines.lines.count >= 1)
        #expect(!lines.lines.joined().utf8.contains { $0 == 0 || $0 == 0xFF })
        #expect(report.problems.map(\.message).contains { $0.hasPrefix("corrupt gzip data") }, "\(report.problems.map(\.message))")
    }
}
