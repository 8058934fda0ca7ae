import Testing
import Foundation
import LookoutCore
@testable import LookoutIngest

@Test func plainFileLinesAndBytes() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("a.log", "one\r\ntwo\nthree")
    let (sink, report) = readFile(p)
    #expect(sink.lines == ["one", "two", "three"])
    #expect(report.lines == 3 && report.bytes == 14 && report.storedBytes == 14)
    #expect(report.problems.isEmpty && report.compression == nil)
}

@Test(arguments: inflateBackends)
func gzipIsToldByContentNotName(backend: InflateBackend) throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let text = (1...500).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let compressed = try gzip(text)
    let p = try dir.write("looks-plain.log", compressed)
    let (sink, report) = readFile(p, options: ingestOptions(backend))
    #expect(sink.lines.count == 500 && sink.lines.last == "line 500")
    #expect(report.compression == .gzip)
    #expect(report.bytes == Int64(text.utf8.count))
    #expect(report.storedBytes == Int64(compressed.count))
    // and a plain file named .gz is read as plain text
    let q = try dir.write("not-really.gz", "plain\n")
    #expect(readFile(q).0.lines == ["plain"])
}

@Test(arguments: inflateBackends)
func multiMemberGzipIsReadWhole(backend: InflateBackend) throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("c.gz", try gzip("a1\na2\n") + gzip("b1\nb2") + gzip("") + gzip("\nc1\n"))
    let (sink, report) = readFile(p, options: ingestOptions(backend))
    #expect(sink.lines == ["a1", "a2", "b1", "b2", "c1"])
    #expect(report.problems.isEmpty)
}

/// Truncation at several offsets: every line inflated before the cut is kept, the error
/// names the offset, and no offset crashes or hangs.
@Test(arguments: inflateBackends)
func truncatedGzipKeepsTheLinesBeforeTheFault(backend: InflateBackend) throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let text = (1...20_000).map { "2026-11-30T08:00:00Z INFO request \($0) served in \($0 % 97) ms" }.joined(separator: "\n") + "\n"
    let full = try gzip(text)
    var previous = -1
    for cut in [2, 10, full.count / 3, full.count / 2, full.count - 9, full.count - 1] {
        let p = try dir.write("t\(cut).gz", Array(full[0..<cut]))
        let (sink, report) = readFile(p, options: ingestOptions(backend))
        let errors = report.problems.filter { $0.severity == .error }
        #expect(errors.count == 1, "cut at \(cut)")
        #expect(report.lines == sink.lines.count)
        // lines before the fault are a prefix of the real lines (the last one may be partial)
        let expected = text.split(separator: "\n").map(String.init)
        for (i, line) in sink.lines.dropLast().enumerated() { #expect(line == expected[i]) }
        #expect(sink.lines.count >= previous, "more input never gives fewer lines")
        previous = sink.lines.count
        if cut >= 10 { #expect(errors.first?.message.contains("truncated") == true) }
        #expect(errors.first?.offset == Int64(cut))
    }
    #expect(previous > 19_000)
}

@Test(arguments: inflateBackends)
func corruptGzipIsReportedWithItsOffset(backend: InflateBackend) throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let text = (1...5000).map { "line \($0) with some words to compress" }.joined(separator: "\n")
    var bytes = try gzip(text)
    let at = bytes.count / 2
    for i in at..<(at + 64) { bytes[i] ^= 0x5A }
    let p = try dir.write("bad.gz", bytes)
    let (sink, report) = readFile(p, options: ingestOptions(backend))
    let error = try #require(report.problems.first { $0.severity == .error })
    #expect(error.message.contains("corrupt gzip") || error.message.contains("truncated"))
    #expect(error.offset != nil)
    #expect(sink.lines.count > 0 && sink.lines.count < 5000)
    #expect(report.lines == sink.lines.count)
}

@Test(arguments: inflateBackends)
func trailingGarbageAfterGzipIsANotice(backend: InflateBackend) throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let member = try gzip("ok\n")
    let p = try dir.write("g.gz", member + [0, 0, 0, 0, 0x41])
    let (sink, report) = readFile(p, options: ingestOptions(backend))
    #expect(sink.lines == ["ok"])
    #expect(report.problems.map(\.severity) == [.notice])
    #expect(report.problems.first?.offset == Int64(member.count))
}

@Test(arguments: [
    ("bzip2", [0x42, 0x5A, 0x68, 0x39, 0x31, 0x41] as [UInt8]),
    ("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]),
    ("zstd", [0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x00]),
])
func unsupportedCompressionIsNamed(name: String, magic: [UInt8]) throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("x", magic + [1, 2, 3])
    let (sink, report) = readFile(p)
    #expect(sink.lines.isEmpty)
    let error = try #require(report.problems.first)
    #expect(error.severity == .error)
    #expect(error.message.contains("unsupported compression (\(name))"))
}

@Test func binaryFilesAreSkippedWithANotice() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("b.bin", Array("text\n".utf8) + [0, 1, 2] + Array("more\n".utf8))
    let (sink, report) = readFile(p)
    #expect(sink.lines.isEmpty && report.lines == 0)
    #expect(report.skipped == "binary file (NUL byte at offset 5)")
    #expect(report.problems.map(\.severity) == [.notice])
}

/// A NUL after the first 64 KiB (the binary probe, ingest's first fill): the file began
/// as text, so it is read as text and every line is counted.
@Test func aNULLateInATextFileIsReadAsText() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let line = Array("2026-11-30T08:00:00Z INFO a line of text\n".utf8)
    var bytes: [UInt8] = []
    while bytes.count < 70_000 { bytes += line }
    let before = bytes.count / line.count
    bytes += [0, 0, 0x0A] + line
    let p = try dir.write("late-nul.log", bytes)
    let (sink, report) = readFile(p)
    #expect(sink.lines.count == before + 2)
    #expect(report.skipped == nil)
    #expect(report.problems.count == 1 && report.problems[0].severity == .notice && report.problems[0].offset == Int64(before * line.count))
}

@Test func unreadableFilesAreErrorsThatNameTheFile() throws {
    let (sink, report) = readFile("/nonexistent/lookout/file.log")
    #expect(sink.lines.isEmpty)
    #expect(report.problems.count == 1)
    #expect(report.problems[0].severity == .error)
    #expect(report.problems[0].description.hasPrefix("/nonexistent/lookout/file.log: cannot open"))
}

@Test func memoryIsBoundedByTheLineBound() throws {
    // A 20 MB line in a file: the reader's buffer stays maxLineBytes + 64 KiB.
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("long.log", [UInt8](repeating: 0x61, count: 20_000_000) + [0x0A, 0x62])
    var options = IngestOptions()
    options.maxLineBytes = 1000
    let (sink, report) = readFile(p, options: options)
    #expect(sink.lines.map(\.count) == [1000, 1])
    #expect(report.truncatedLines == 1 && report.lines == 2 && report.bytes == 20_000_002)
}
