import Testing
import Foundation
@testable import LookoutIngest

/// `GzipReader` on each decoder (zlib, and ISA-L where it loads): the same bytes, the same
/// faults at the same offsets. Where the two differ, the test says so and why.
struct GzipReaderTests {
    /// What the read buffer holds before each read: no test text has it.
    static let unwritten: UInt8 = 0xEE

    /// Everything `GzipReader` hands out, `chunk` bytes at most per read, and how it ended.
    func gunzip(_ bytes: [UInt8], _ backend: InflateBackend, chunk: Int = 65536, inputBuffer: Int = 64 * 1024,
                maxRatio: Int64 = 1000) throws -> (bytes: [UInt8], fault: GzipReader.Fault?, garbageAt: Int64?, stored: Int64) {
        let dir = try TemporaryDirectory(); defer { dir.cleanup() }
        guard case .success(let fd) = FileDescriptor.openForReading(try dir.write("f.gz", bytes)) else { throw CocoaError(.fileReadUnknown) }
        let reader = GzipReader(file: fd, prefix: UnsafeRawBufferPointer(start: nil, count: 0), inputBufferSize: inputBuffer, backend: backend)
        #expect(reader.backend == backend)
        reader.maxRatio = maxRatio
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: GzipReaderTests.unwritten, count: chunk)
        while true {
            // so that bytes handed out but never written show (see `damagedDataKeepsEveryByteBeforeIt`)
            for i in buffer.indices { buffer[i] = GzipReaderTests.unwritten }
            switch buffer.withUnsafeMutableBytes({ reader.read(into: $0) }) {
            case .success(0): return (out, nil, reader.trailingGarbageOffset, reader.storedBytes)
            case .success(let n): out += buffer[0..<n]
            case .failure(let f): return (out, f, reader.trailingGarbageOffset, reader.storedBytes)
            }
        }
    }

    func text(_ lines: Int) -> String {
        (1...lines).map { "2026-11-30T08:00:00Z INFO request \($0) served in \($0 % 97) ms" }.joined(separator: "\n") + "\n"
    }

    func corruptOffset(_ fault: GzipReader.Fault?) -> Int64? {
        if case .corrupt(let offset, _)? = fault { return offset }
        return nil
    }

    /// Members one after another, empty ones among them, read through tiny output and input
    /// buffers too (a header split across reads; ISA-L's own buffer drained a byte at a time).
    @Test(arguments: inflateBackends, [(65536, 64 * 1024), (1, 64 * 1024), (977, 16)])
    func everyMemberIsReadEmptyOnesToo(backend: InflateBackend, buffers: (chunk: Int, input: Int)) throws {
        let content = text(3000)
        let file = try gzip("") + gzip(String(content.prefix(70_000))) + gzip("") + gzip(String(content.dropFirst(70_000))) + gzip("")
        let r = try gunzip(file, backend, chunk: buffers.chunk, inputBuffer: buffers.input)
        #expect(r.fault == nil && r.garbageAt == nil)
        #expect(r.bytes == Array(content.utf8))
        #expect(r.stored == Int64(file.count))
        let empty = try gunzip(try gzip(""), backend)
        #expect(empty.bytes.isEmpty && empty.fault == nil && empty.garbageAt == nil)
    }

    @Test(arguments: inflateBackends, [[0, 0, 0, 0, 0x41], [0x1F], [0x1F, 0x8C, 0, 0]] as [[UInt8]])
    func trailingGarbageIsIgnoredAndLocated(backend: InflateBackend, garbage: [UInt8]) throws {
        let member = try gzip("ok\n")
        let r = try gunzip(member + garbage, backend)
        #expect(r.bytes == Array("ok\n".utf8) && r.fault == nil)
        #expect(r.garbageAt == Int64(member.count))
    }

    /// Cut anywhere, the fault is `.truncated` at the file's end, after the bytes inflated
    /// before the cut. ISA-L may give one or two bytes fewer than zlib there: it decodes up
    /// to three symbols per table lookup and will not use a lookup whose bits the cut left
    /// incomplete, where zlib decodes symbol by symbol. Everything before is the same.
    @Test(arguments: inflateBackends)
    func aCutAnywhereIsTruncatedAtTheEnd(backend: InflateBackend) throws {
        let content = Array(text(2000).utf8)
        let full = try gzip(content)
        for cut in Array(2..<40) + Array(stride(from: 40, to: full.count, by: 997)) + Array((full.count - 12)..<full.count) {
            let r = try gunzip(Array(full[0..<cut]), backend, chunk: 4096)
            guard case .truncated(let offset)? = r.fault else { Issue.record("cut at \(cut): \(String(describing: r.fault))"); continue }
            #expect(offset == Int64(cut))
            #expect(content.starts(with: r.bytes), "cut at \(cut)")
            if backend == .isal {
                let zlib = try gunzip(Array(full[0..<cut]), .zlib, chunk: 4096)
                #expect(zlib.bytes.count - r.bytes.count <= 2, "cut at \(cut): zlib \(zlib.bytes.count), ISA-L \(r.bytes.count)")
            }
        }
    }

    /// A trailer that does not match: every byte comes out, then the fault where the trailer
    /// begins. zlib says which field is wrong; ISA-L checks both at once.
    @Test(arguments: inflateBackends, [-8, -5, -4, -1])
    func aBadTrailerIsNamedWhereItBegins(backend: InflateBackend, at: Int) throws {
        let content = Array(text(500).utf8)
        var file = try gzip(content)
        file[file.count + at] ^= 0x40
        let r = try gunzip(file, backend)
        #expect(r.bytes == content)
        guard case .corrupt(let offset, let detail)? = r.fault else { Issue.record("\(String(describing: r.fault))"); return }
        #expect(offset == Int64(file.count - 8))
        switch backend {
        case .zlib: #expect(detail == (at < -4 ? "incorrect data check" : "incorrect length check"))
        case .isal: #expect(detail == "incorrect data or length check")
        }
    }

    @Test(arguments: inflateBackends, [(2, 0x09 as UInt8, "unknown compression method"), (3, 0x20, "unknown header flags set")])
    func aBadHeaderIsNamed(backend: InflateBackend, damage: (at: Int, value: UInt8, detail: String)) throws {
        var file = try gzip("ok\n")
        file[damage.at] = damage.value
        let r = try gunzip(file, backend)
        #expect(r.bytes.isEmpty)
        guard case .corrupt(let offset, let detail)? = r.fault else { Issue.record("\(String(describing: r.fault))"); return }
        #expect(offset == 4 && detail == damage.detail)
        // named as soon as the 4th byte is in, not before (ISA-L itself reads 10 bytes first)
        guard case .corrupt(4, damage.detail)? = try gunzip(Array(file.prefix(4)), backend).fault else { Issue.record("cut to 4"); return }
        guard case .truncated(3)? = try gunzip(Array(file.prefix(3)), backend).fault else { Issue.record("cut to 3"); return }
    }

    /// Damage in the deflate data: a corrupt fault after the bytes inflated before it, the
    /// same whatever the size of the reads (the bytes ISA-L holds in its own buffer when it
    /// meets bad data are handed out, not lost), and never a byte that was not inflated.
    /// Which damaged code trips the decoder, and so the offset and how many garbage bytes
    /// come out before the fault, is each decoder's own: zlib refuses incomplete Huffman
    /// code sets that ISA-L takes, and each reports its own read position. Early damage
    /// makes distances reach back before the start (a fault in the deflate data); later
    /// damage is mostly caught by the CRC-32.
    @Test(arguments: inflateBackends)
    func damagedDataKeepsEveryByteBeforeIt(backend: InflateBackend) throws {
        let content = Array(text(5000).utf8)
        let full = try gzip(content)
        var inTheData = 0
        for (i, at) in ([24, 60, 120, 200, 400] + Array(stride(from: 1000, to: full.count - 100, by: full.count / 7))).enumerated() {
            var file = full
            for k in at..<(at + 8) { file[k] = UInt8(truncatingIfNeeded: k &* 37 &+ i) }
            let whole = try gunzip(file, backend)
            let small = try gunzip(file, backend, chunk: 100)
            #expect(whole.bytes == small.bytes, "damage at \(at)")
            // The text's code tables have no code for NUL, 0xEE or 0xFF: each is a byte never
            // written (the read buffer holds 0xEE, CIsal fills ISA-L's buffers with 0xFF).
            #expect(!whole.bytes.contains { $0 == 0 || $0 == 0xFF || $0 == GzipReaderTests.unwritten },
                    "damage at \(at): bytes handed out that were never inflated")
            #expect(corruptOffset(whole.fault) == corruptOffset(small.fault))
            guard let offset = corruptOffset(whole.fault) else { Issue.record("damage at \(at): \(String(describing: whole.fault))"); continue }
            #expect(offset >= Int64(at) && offset <= Int64(file.count))
            if offset < Int64(file.count - 8) { inTheData += 1 }
            // The content's bytes before the damage: ISA-L may give up to 258 fewer than zlib.
            // Its fast decoder moves past a match (up to 258 bytes) before checking the
            // match's distance, so on a bad distance the end of its output was never
            // written; IsalInflater drops that much rather than hand out stale memory.
            if backend == .isal {
                let zlib = try gunzip(file, .zlib)
                let agreeing = zip(whole.bytes, content).prefix { $0 == $1 }.count
                let zlibAgreeing = zip(zlib.bytes, content).prefix { $0 == $1 }.count
                #expect(agreeing <= zlibAgreeing && agreeing >= zlibAgreeing - 258, "damage at \(at): zlib \(zlibAgreeing), ISA-L \(agreeing)")
            }
        }
        #expect(inTheData >= 3)
    }

    /// A fixed-Huffman block (BTYPE 01) of `literals` letters, then `matches` copies of 258
    /// bytes at distance code `distanceCode`, in a gzip member whose trailer is zero.
    func fixedHuffmanMember(literals: Int, matches: Int, distanceCode: Int) -> [UInt8] {
        var bits: [UInt8] = []
        func field(_ v: Int, _ n: Int) { for i in 0..<n { bits.append(UInt8((v >> i) & 1)) } }
        func code(_ v: Int, _ n: Int) { for i in (0..<n).reversed() { bits.append(UInt8((v >> i) & 1)) } }
        field(1, 1); field(1, 2)                                     // last block, fixed Huffman
        for i in 0..<literals { code(0x30 + 0x61 + i % 26, 8) }      // 'a'...'z'
        for _ in 0..<matches { code(0xC5, 8); code(distanceCode, 5) } // length 258 (symbol 285), no extra bits
        code(0, 7)                                                   // end of block
        var deflate = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (i, b) in bits.enumerated() { deflate[i / 8] |= b << (i % 8) }
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + deflate + [UInt8](repeating: 0, count: 8)
    }

    /// The reserved distance codes 30 and 31 (a fixed-Huffman block has codes for them):
    /// both decoders stop there, after the bytes before. ISA-L's fast decoder has moved past
    /// the match's 258 bytes, never written, when it finds the code invalid; they are not
    /// handed out.
    @Test(arguments: inflateBackends, [(30, 65536), (31, 65536), (30, 1 << 20), (31, 3000)])
    func reservedDistanceCodesAreAFault(backend: InflateBackend, use: (distanceCode: Int, chunk: Int)) throws {
        let r = try gunzip(fixedHuffmanMember(literals: 40, matches: 2000, distanceCode: use.distanceCode), backend, chunk: use.chunk)
        #expect(r.bytes == (0..<40).map { UInt8(0x61 + $0 % 26) })
        guard case .corrupt(_, let detail)? = r.fault else { Issue.record("\(String(describing: r.fault))"); return }
        #expect(detail == (backend == .zlib ? "invalid distance code" : "invalid code in a deflate block"))
        // a valid distance code in the same block is read whole by both, up to the zero trailer
        let valid = try gunzip(fixedHuffmanMember(literals: 40, matches: 2000, distanceCode: 0), backend, chunk: use.chunk)
        #expect(valid.bytes.count == 40 + 2000 * 258 && valid.bytes.allSatisfy { $0 >= 0x61 && $0 <= 0x7A })
        guard case .corrupt? = valid.fault else { Issue.record("\(String(describing: valid.fault))"); return }
    }

    /// Content beyond `maxRatio` times the compressed bytes read (past 64 MiB) stops with
    /// `.bomb`, after the bytes before it.
    @Test(arguments: inflateBackends)
    func aBombIsStopped(backend: InflateBackend) throws {
        let member = try gzip([UInt8](repeating: 0x61, count: 1 << 20))   // 1 MiB in about 1 KiB
        let file = Array([[UInt8]](repeating: member, count: 100).joined())
        let r = try gunzip(file, backend, chunk: 256 * 1024, maxRatio: 50)
        guard case .bomb(_, let content)? = r.fault else { Issue.record("\(String(describing: r.fault))"); return }
        #expect(content > GzipReader.bombAllowance && content < GzipReader.bombAllowance + (2 << 20))
        #expect(Int64(r.bytes.count) == content && r.bytes.allSatisfy { $0 == 0x61 })
    }
}

/// CI (LOOKOUT_REQUIRE_CHECKERS=1) installs libisal-dev: there the ISA-L tests must run.
@Test func ciHasIsal() {
    if ProcessInfo.processInfo.environment["LOOKOUT_REQUIRE_CHECKERS"] != nil {
        #expect(InflateBackend.isal.isAvailable, "libisal.so.2 cannot be loaded: install libisal-dev (or libisal2)")
    }
}
