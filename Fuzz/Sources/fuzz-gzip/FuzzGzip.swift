// Fuzz target: the gzip reader, driven as in a run — SourceReader over a file that
// begins with the gzip magic — checked against a plain reference decoder.
//
// Input: one mode byte, then:
//   mode & 0x80 == 0 (raw): the rest is the file (the magic is put in front when it is
//     missing, so every input reaches the gzip path).
//   mode & 0x80 != 0 (built): 6 more parameter bytes, then a payload; the file is the
//     payload repeated 1–48 times, deflated as 1–4 gzip members at a fuzzed level and
//     strategy, optionally cut short and followed by 0–3 bytes of trailing garbage.
//     Large repeats make compressed files over the reader's 64 KiB input buffer.
//   mode bit 0: binaryProbeBytes 64 KiB (as in a run) instead of 0 (no binary skip).
// Oracle: the lines given are those of the reference decoder's output (zlib driven over
// the whole file at once, member by member, stopping where gzip -d stops), the byte
// count matches, and the fault reported (none, truncated, corrupt) is the reference's.
// The same file is read again with ISA-L's inflate where libisal.so.2 loads: on a file
// gzip -d reads whole, the same lines, bytes and ending; on a damaged one, a fault too
// (ISA-L takes some code sets zlib refuses, so truncated and corrupt may trade places),
// and when both say truncated, at most 2 bytes fewer (ISA-L decodes up to three symbols
// per table lookup and does not use one whose bits the cut left incomplete).
#if canImport(Glibc)
import Glibc
#endif
import LookoutCore
import LookoutIngest
import FuzzSupport
import FuzzZlib

nonisolated(unsafe) let path = ScratchFile.path("gzip")
nonisolated(unsafe) let readers: [SourceReader] = [0, 64 * 1024].map { probe in
    var o = IngestOptions()
    o.binaryProbeBytes = probe
    o.inflate = .zlib   // the reference is zlib: exact
    return SourceReader(options: o)
}
nonisolated(unsafe) let isalReaders: [SourceReader] = InflateBackend.isal.isAvailable ? readers.map { r in
    var o = r.options
    o.inflate = .isal
    return SourceReader(options: o)
} : []

struct DiscardingSink: LineSink {
    mutating func consume(line: UnsafeRawBufferPointer, number: Int, truncated: Bool) {}
}

/// The file read with ISA-L's inflate, against zlib's reading of it (see the top).
func checkIsal(_ reader: SourceReader, reference: (output: [UInt8], ending: Ending), zlibSkipped: Bool, fileCount: Int) {
    let whole = reference.ending == .clean || reference.ending == .trailingGarbage
    let report = reference.output.withUnsafeBytes { out -> SourceReport in
        if whole {
            var sink = CheckingSink(expected: splitLines(out), maxLineBytes: reader.options.maxLineBytes)
            return reader.read(plannedFile(path), into: &sink)
        }
        var sink = DiscardingSink()
        return reader.read(plannedFile(path), into: &sink)
    }
    check(report.compression == .gzip, "ISA-L: a file with the gzip magic was not read as gzip")
    check(report.storedBytes <= Int64(fileCount), "ISA-L: storedBytes \(report.storedBytes) beyond the file's \(fileCount)")
    let got = ending(of: report)
    if whole {
        check((report.skipped != nil) == zlibSkipped, "ISA-L: skipped as binary \(report.skipped != nil), with zlib \(zlibSkipped)")
        if report.skipped != nil { return }
        check(report.bytes == Int64(reference.output.count), "ISA-L: inflated \(report.bytes) bytes; the reference decoder gives \(reference.output.count)")
        check(got == reference.ending, "ISA-L: reported ending \(got), reference \(reference.ending): \(messages(report))")
    } else if report.skipped == nil {
        check(got == .truncated || got == .corrupt, "ISA-L: reported ending \(got), reference \(reference.ending): \(messages(report))")
        if got == .truncated && reference.ending == .truncated {
            check(report.bytes <= Int64(reference.output.count) && report.bytes >= Int64(reference.output.count) - 2,
                  "ISA-L: inflated \(report.bytes) bytes before the cut; the reference decoder gives \(reference.output.count)")
        }
    }
}

enum Ending: Equatable { case clean, trailingGarbage, truncated, corrupt }

/// gzip -d's reading of `input`: every member in turn until the input ends, a member is
/// cut short, the data is corrupt, or what follows a member is not a gzip header.
func referenceGunzip(_ input: [UInt8]) -> (output: [UInt8], ending: Ending) {
    var out: [UInt8] = []
    var strm = z_stream()
    var initialised = false
    defer { if initialised { inflateEnd(&strm) } }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    return input.withUnsafeBufferPointer { inBuf -> ([UInt8], Ending) in
        var pos = 0
        while true {
            let remaining = inBuf.count - pos
            if remaining == 0 { return (out, .clean) }
            if remaining < 2 || inBuf[pos] != 0x1F || inBuf[pos + 1] != 0x8B {
                return (out, pos == 0 ? .corrupt : .trailingGarbage)
            }
            let rc0 = initialised ? inflateReset(&strm) : fuzz_inflate_init_gzip(&strm)
            check(rc0 == Z_OK, "reference inflate init failed")
            initialised = true
            strm.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + pos)
            strm.avail_in = UInt32(remaining)
            while true {
                let rc = chunk.withUnsafeMutableBufferPointer { c -> Int32 in
                    strm.next_out = c.baseAddress
                    strm.avail_out = UInt32(c.count)
                    return inflate(&strm, Z_NO_FLUSH)
                }
                out.append(contentsOf: chunk[0..<(chunk.count - Int(strm.avail_out))])
                if rc == Z_STREAM_END { break }
                if rc == Z_OK { continue }
                if rc == Z_BUF_ERROR { return (out, strm.avail_in == 0 ? .truncated : .corrupt) }
                return (out, .corrupt)
            }
            pos = inBuf.count - Int(strm.avail_in)
        }
    }
}

/// One gzip member holding `bytes`.
func gzipMember(_ bytes: ArraySlice<UInt8>, level: Int32, strategy: Int32) -> [UInt8] {
    var strm = z_stream()
    check(fuzz_deflate_init_gzip(&strm, level, strategy) == Z_OK, "deflateInit2 failed")
    defer { deflateEnd(&strm) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&strm, UInt(bytes.count))) + 64)
    let produced = bytes.withUnsafeBufferPointer { inBuf -> Int in
        out.withUnsafeMutableBufferPointer { o -> Int in
            strm.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            strm.avail_in = UInt32(inBuf.count)
            strm.next_out = o.baseAddress
            strm.avail_out = UInt32(o.count)
            let rc = deflate(&strm, Z_FINISH)
            check(rc == Z_STREAM_END, "deflate did not finish (\(rc))")
            return o.count - Int(strm.avail_out)
        }
    }
    return Array(out[0..<produced])
}

func build(_ p: inout FuzzParams) -> (file: [UInt8], content: [UInt8]?) {
    let copies = 1 + Int(p.byte() % 48)
    let members = 1 + Int(p.byte() % 4)
    let mode = p.byte()
    let level = Int32(mode % 10)
    let strategy = Int32((mode >> 4) % 5)
    let cutAt = p.uint16()
    let flags = p.byte()
    var content: [UInt8] = []
    for _ in 0..<copies { content.append(contentsOf: p.rest) }
    var file: [UInt8] = []
    let per = max(1, (content.count + members - 1) / members)
    var start = 0
    repeat {
        let end = min(content.count, start + per)
        file += gzipMember(content[start..<end], level: level, strategy: strategy)
        start = end
    } while start < content.count
    var intact = true
    if flags & 1 == 1 && file.count > 2 {
        file.removeLast(file.count - (2 + cutAt % (file.count - 1)))
        intact = false
    }
    let garbage = Int(flags >> 1) % 4
    if garbage > 0 { file += [UInt8](repeating: flags, count: garbage) }
    return (file, intact ? content : nil)
}

func ending(of report: SourceReport) -> Ending {
    let m = messages(report)
    if m.contains(where: { $0.hasPrefix("gzip stream truncated") }) { return .truncated }
    if m.contains(where: { $0.hasPrefix("corrupt gzip data") }) { return .corrupt }
    if m.contains(where: { $0.hasPrefix("bytes after the last gzip member") }) { return .trailingGarbage }
    return .clean
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var p = FuzzParams(data, size)
    let mode = p.byte()
    var file: [UInt8]
    var content: [UInt8]? = nil
    if mode & 0x80 != 0 {
        (file, content) = build(&p)
    } else {
        file = Array(p.rest)
        if !(file.count >= 2 && file[0] == 0x1F && file[1] == 0x8B) { file = [0x1F, 0x8B] + file }
    }
    let reference = referenceGunzip(file)
    if let content {
        check(reference.output == content && (reference.ending == .clean || reference.ending == .trailingGarbage),
              "harness: the reference decoder does not give back what was compressed")
    }
    ScratchFile.write(path, file)
    let reader = readers[Int(mode & 1)]
    let probe = reader.options.binaryProbeBytes
    let report = reference.output.withUnsafeBytes { out -> SourceReport in
        var sink = CheckingSink(expected: splitLines(out), maxLineBytes: reader.options.maxLineBytes)
        let report = reader.read(plannedFile(path), into: &sink)
        if report.skipped != nil { return report }
        check(sink.count == splitLines(out).count || reference.ending != .clean && reference.ending != .trailingGarbage,
              "gave \(sink.count) lines; the reference decoder's output has \(splitLines(out).count)")
        return report
    }
    check(report.compression == .gzip, "a file with the gzip magic was not read as gzip")
    check(report.storedBytes <= Int64(file.count), "storedBytes \(report.storedBytes) beyond the file's \(file.count)")
    if !isalReaders.isEmpty {
        checkIsal(isalReaders[Int(mode & 1)], reference: reference, zlibSkipped: report.skipped != nil, fileCount: file.count)
    }
    if report.skipped != nil {
        check(reference.output[0..<min(reference.output.count, probe)].contains(0),
              "skipped as binary, but the reference output has no NUL in its first \(probe) bytes")
        return 0
    }
    check(!reference.output[0..<min(reference.output.count, probe)].contains(0), "a NUL within the probe, yet read as text")
    check(report.bytes == Int64(reference.output.count),
          "inflated \(report.bytes) bytes; the reference decoder gives \(reference.output.count) (ending \(reference.ending)); problems: \(messages(report))")
    let got = ending(of: report)
    check(got == reference.ending, "reported ending \(got), reference \(reference.ending): \(messages(report))")
    return 0
}

@_cdecl("fuzz_gzip_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzz($0, $1) }
}
