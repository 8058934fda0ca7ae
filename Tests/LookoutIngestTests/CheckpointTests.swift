import Testing
import Foundation
import LookoutCore
@testable import LookoutIngest

/// Reads `path` as one run would with a state store holding `known`; returns the lines
/// read, the report (with the checkpoint for the next run) and the book (for `retired`).
func readResuming(_ path: String, known: [Checkpoint], planned: [String]? = nil) -> (LineCollector, SourceReport, CheckpointBook) {
    var sink = LineCollector()
    let source = PlannedSource(displayPath: path, openPath: path, kind: .file, rotationSet: nil, modificationTime: 0)
    let reader = SourceReader()
    let book = CheckpointBook(known: known, plannedPaths: planned ?? [path])
    reader.checkpoints = book
    let report = reader.read(source, into: &sink)
    return (sink, report, book)
}

func numbered(_ range: ClosedRange<Int>) -> String { range.map { "line \($0) of the log" }.joined(separator: "\n") + "\n" }

func append(_ path: String, _ text: String) throws {
    let h = try #require(FileHandle(forWritingAtPath: path))
    h.seekToEndOfFile()
    h.write(Data(text.utf8))
    try h.close()
}

@Test func aGrowingFileResumesWhereTheLastRunStopped() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("app.log", numbered(1...3))
    let (first, r1, _) = readResuming(p, known: [])
    #expect(first.lines.count == 3)
    let c1 = try #require(r1.checkpoint)
    #expect(c1.offset == Int64(numbered(1...3).utf8.count) && c1.lines == 3 && !c1.midLine)

    try append(p, numbered(4...5))
    let (second, r2, _) = readResuming(p, known: [c1])
    #expect(second.lines == ["line 4 of the log", "line 5 of the log"])
    #expect(second.numbers == [4, 5])          // numbering continues
    #expect(r2.lines == 2 && r2.resumedLines == 3 && r2.bytes == Int64(numbered(4...5).utf8.count))
    #expect(r2.checkpoint?.lines == 5)

    // Nothing new: nothing read.
    let (third, r3, _) = readResuming(p, known: [r2.checkpoint!])
    #expect(third.lines.isEmpty && r3.lines == 0 && r3.resumedLines == 5)
}

/// Past the 64 KiB probe the reader seeks instead of reading what it skips.
@Test func aLargeFileResumesByte_exactBeyondTheProbe() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("big.log", numbered(1...20_000))
    let (_, r1, _) = readResuming(p, known: [])
    try append(p, numbered(20_001...20_002))
    let (sink, r2, _) = readResuming(p, known: [r1.checkpoint!])
    #expect(sink.lines == ["line 20001 of the log", "line 20002 of the log"])
    #expect(sink.numbers == [20_001, 20_002] && r2.resumedLines == 20_000)
}

/// A last line without a newline is counted when read; when its writer finishes it, the
/// rest is not counted again.
@Test func anUnfinishedLastLineIsCountedOnce() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("app.log", "one\ntwo, half")
    let (s1, r1, _) = readResuming(p, known: [])
    #expect(s1.lines == ["one", "two, half"] && r1.checkpoint?.midLine == true)
    try append(p, " and the rest\nthree\n")
    let (s2, r2, _) = readResuming(p, known: [r1.checkpoint!])
    #expect(s2.lines == ["three"] && s2.numbers == [3])
    #expect(r2.checkpoint?.midLine == false && r2.checkpoint?.lines == 3)
}

@Test func aTruncatedOrReplacedFileIsReadFromTheStart() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("app.log", numbered(1...10))
    let (_, r1, _) = readResuming(p, known: [])
    // Truncated in place (same inode) and rewritten with other content.
    try Data("fresh start\n".utf8).write(to: URL(fileURLWithPath: p))
    let (s2, r2, _) = readResuming(p, known: [r1.checkpoint!])
    #expect(s2.lines == ["fresh start"] && r2.resumedLines == 0)
    #expect(r2.problems.contains { $0.message.contains("truncated or replaced, so read from the start") })
    // Truncated to fewer bytes than were read, same first 4 KiB: read from the start, with a notice.
    try Data(numbered(1...300).utf8).write(to: URL(fileURLWithPath: p))
    let (_, r3, _) = readResuming(p, known: [])
    let h = try #require(FileHandle(forUpdatingAtPath: p))
    h.truncateFile(atOffset: 5000)
    try h.close()
    let (s4, r4, _) = readResuming(p, known: [r3.checkpoint!])
    #expect(s4.lines.first == "line 1 of the log" && r4.resumedLines == 0)
    #expect(r4.problems.contains { $0.message.contains("truncated, so read from the start") })
}

/// logrotate without copytruncate: renamed (same inode), then compressed (new inode,
/// same content) with the original deleted. Neither is read again.
@Test func aRotatedAndCompressedFileIsNotReadAgain() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let live = try dir.write("app.log", numbered(1...100))
    let (_, r1, _) = readResuming(live, known: [])
    try append(live, numbered(101...102))
    let rotated = dir.file("app.log.1")
    try FileManager.default.moveItem(atPath: live, toPath: rotated)
    let (s2, r2, _) = readResuming(rotated, known: [r1.checkpoint!])
    #expect(s2.numbers == [101, 102])

    let compressed = try dir.write("app.log.2.gz", try gzip(numbered(1...102)))
    try FileManager.default.removeItem(atPath: rotated)
    let (s3, r3, book) = readResuming(compressed, known: [r2.checkpoint!])
    #expect(s3.lines.isEmpty && r3.resumedLines == 102 && r3.lines == 0)
    #expect(book.retired == [r2.checkpoint!])    // the deleted inode's checkpoint is taken over
    #expect(r3.checkpoint?.lines == 102)
}

/// copytruncate: the copy holds what was read; the live file (same inode) starts afresh.
@Test func aCopyTruncatedFileIsReadOnceInItsCopy() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let live = try dir.write("app.log", numbered(1...50))
    let (_, r1, _) = readResuming(live, known: [])
    try append(live, numbered(51...52))
    let copy = try dir.write("app.log.1", numbered(1...52))
    try Data("after rotation, line one of a new life\n".utf8).write(to: URL(fileURLWithPath: live))
    let planned = [copy, live]
    let (s2, _, book) = readResuming(copy, known: [r1.checkpoint!], planned: planned)
    #expect(s2.numbers == [51, 52])
    #expect(book.retired.count == 1)
    let (s3, r3, _) = readResuming(live, known: [r1.checkpoint!], planned: planned)
    #expect(s3.lines == ["after rotation, line one of a new life"] && r3.resumedLines == 0)
}

/// A copy whose original still holds the same content is another file: read in full.
@Test func aCopyOfAFileThatStillExistsIsReadInFull() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let live = try dir.write("app.log", numbered(1...20))
    let (_, r1, _) = readResuming(live, known: [])
    let backup = try dir.write("backup.log", numbered(1...20))
    let (s2, r2, book) = readResuming(backup, known: [r1.checkpoint!], planned: [live, backup])
    #expect(s2.lines.count == 20 && r2.resumedLines == 0 && book.retired.isEmpty)
}

@Test func anEmptyFileLeavesNoCheckpoint() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let p = try dir.write("empty.log", "")
    #expect(readResuming(p, known: []).1.checkpoint == nil)
}
