// Fuzz target: the line framer, driven as in a run — SourceReader over a plain file —
// with small line bounds so that long-line cutting happens on most inputs.
//
// Input: 4 parameter bytes, then the file's content.
//   b0: maxLineBytes = 1 + b0 % 64
//   b1: bits 0-1 binaryProbeBytes ∈ {0, 1, 16, 65536}; bits 2-7 ≥ 56: the content is
//       repeated 8–64 times (files over the 64 KiB read chunk, so the buffer rolls)
//   b2 bit 0: resume — a first run reads a prefix of the content (checkpoints on), the
//       file then grows to the full content, and a second run resumes from the
//       checkpoint; cut point from b2 >> 1 and b3.
// Oracle (CheckingSink): every line equals the content's line by number (cut to the
// bound when truncated), numbers are consecutive, the report counts lines and bytes as
// given, and a resumed run ends at the same line count as one full read.
#if canImport(Glibc)
import Glibc
#endif
import LookoutCore
import LookoutIngest
import FuzzSupport

nonisolated(unsafe) let path = ScratchFile.path("framer")
nonisolated(unsafe) var readers: [Int: SourceReader] = [:]
let probeSizes = [0, 1, 16, 65536]

func reader(maxLine: Int, probe: Int) -> SourceReader {
    let key = maxLine * 4 + probe
    if let r = readers[key] { return r }
    var options = IngestOptions()
    options.maxLineBytes = maxLine
    options.binaryProbeBytes = probeSizes[probe]
    let r = SourceReader(options: options)
    readers[key] = r
    return r
}

/// As ContentFormat (internal to LookoutIngest) tells a compressed file by its first bytes.
func isPlain(_ c: [UInt8]) -> Bool {
    func starts(_ m: [UInt8]) -> Bool { c.count >= m.count && Array(c[0..<m.count]) == m }
    if starts([0x1F, 0x8B]) || starts([0x1F, 0x9D]) { return false }
    if starts([0x42, 0x5A, 0x68]) && c.count > 3 && (0x31...0x39).contains(c[3]) { return false }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) || starts([0x28, 0xB5, 0x2F, 0xFD]) { return false }
    if starts([0x04, 0x22, 0x4D, 0x18]) || starts([0x50, 0x4B, 0x03, 0x04]) { return false }
    return true
}

/// Reads `content` (already written to `path`) and checks every line and the counts.
func readAndCheck(_ r: SourceReader, content: [UInt8], plain: Bool, probe: Int, resumedFrom: Checkpoint?) -> SourceReport {
    content.withUnsafeBytes { bytes in
        let expected = splitLines(bytes)
        var sink = CheckingSink(expected: expected, maxLineBytes: r.options.maxLineBytes,
                                firstNumber: (resumedFrom?.lines ?? 0) + 1)
        let report = r.read(plannedFile(path), into: &sink)
        guard plain else { return report }
        check(!report.hasErrors, "errors reading a plain file: \(messages(report))")
        let probed = min(content.count, probeSizes[probe])
        let nulInProbe = content[0..<probed].contains(0)
        if report.skipped != nil {
            check(nulInProbe, "skipped as binary without a NUL in the first \(probed) bytes: \(report.skipped!)")
            check(sink.count == 0, "a skipped file gave lines")
            return report
        }
        check(!nulInProbe, "a NUL within the first \(probed) bytes, yet read as text")
        check(report.lines == sink.count, "report says \(report.lines) lines, sink got \(sink.count)")
        check(report.truncatedLines == sink.truncatedCount, "report says \(report.truncatedLines) truncated, sink saw \(sink.truncatedCount)")
        if let from = resumedFrom {
            check(report.resumedLines == from.lines && report.resumedBytes == from.offset,
                  "did not resume from the checkpoint (offset \(from.offset), lines \(from.lines)); resumed \(report.resumedBytes)/\(report.resumedLines): \(messages(report))")
            check(report.bytes == Int64(content.count) - from.offset, "bytes \(report.bytes) after resuming at \(from.offset) of \(content.count)")
        } else {
            check(report.bytes == Int64(content.count), "report says \(report.bytes) bytes of \(content.count)")
        }
        check(report.resumedLines + report.lines == expected.count,
              "ended at line \(report.resumedLines + report.lines); the content has \(expected.count) lines")
        return report
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var p = FuzzParams(data, size)
    let b0 = p.byte(), b1 = p.byte(), b2 = p.byte(), b3 = p.byte()
    let maxLine = 1 + Int(b0 % 64)
    let probe = Int(b1 & 3)
    let rep = Int(b1 >> 2)
    let copies = rep >= 56 ? (rep - 55) * 8 : 1
    var content: [UInt8] = []
    content.reserveCapacity(p.rest.count * copies)
    for _ in 0..<copies { content.append(contentsOf: p.rest) }
    let r = reader(maxLine: maxLine, probe: probe)
    let plain = isPlain(content)

    if b2 & 1 == 1 && plain {
        let cut = (Int(b3) | Int(b2 >> 1) << 8) % (content.count + 1)
        let prefix = Array(content[0..<cut])
        ScratchFile.write(path, prefix)
        r.checkpoints = CheckpointBook(known: [], plannedPaths: [path])
        let first = readAndCheck(r, content: prefix, plain: isPlain(prefix), probe: probe, resumedFrom: nil)
        ScratchFile.write(path, content)   // the file grows in place (same inode)
        r.checkpoints = CheckpointBook(known: first.checkpoint.map { [$0] } ?? [], plannedPaths: [path])
        let resumable = first.checkpoint != nil && first.skipped == nil && isPlain(prefix) && first.checkpoint!.offset > 0
        _ = readAndCheck(r, content: content, plain: true, probe: probe, resumedFrom: resumable ? first.checkpoint : nil)
        r.checkpoints = nil
    } else {
        ScratchFile.write(path, content)
        _ = readAndCheck(r, content: content, plain: plain, probe: probe, resumedFrom: nil)
    }
    return 0
}

@_cdecl("fuzz_framer_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzz($0, $1) }
}
