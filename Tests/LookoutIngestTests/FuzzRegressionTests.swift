import Testing
import Foundation
import LookoutCore
@testable import LookoutIngest

/// Framing findings of the fuzz targets (Fuzz/), saved in Fixtures/fuzz/regressions/framer/.
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
}
