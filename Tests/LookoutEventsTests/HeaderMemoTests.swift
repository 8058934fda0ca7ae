import Testing
import LookoutCore
@testable import LookoutEvents

/// `HeaderParser.parse(line, memo:)` must give exactly `HeaderParser.parse(line)`, whatever
/// the memo saw before. Each line is checked after lines that share a key with it up to a
/// point: the same line, its digits changed, cut short at every byte, with text added, and
/// with the case of a letter flipped (a level word or a tag that stops being one).
@Suite struct HeaderMemoTests {
    /// Lines of other header shapes than `headerCases`: a numeric level (never remembered),
    /// levels and tags that end where the line ends, and lines that are only a header.
    static let extraLines = [
        "2026-11-30 08:55:19 level=3 msg=disk full",
        "2026-11-30 08:55:19 level=warn msg=disk full",
        "2026-11-30 08:55:19 ERROR",
        "2026-11-30 08:55:19 ERROR ",
        "2026-11-30 08:55:19 INFO [main] com.example.Service: started",
        "2026-11-30 08:55:19 INFO [main] com.example.Service - started",
        "2026-11-30 08:55:19 INFO com.example.Service [req-1] - started",
        "2026-11-30 08:55:19,123 WARN  [pool-1-thread-7] o.a.k.Consumer: lag 12",
        "Nov 30 08:55:19 host sshd[4242]: Accepted publickey for root",
        "Nov 30 08:55:19 host kernel: [12345.678] Out of memory",
        "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579",
        "03-17 16:13:38.811  1702  2395 E AndroidRuntime: FATAL EXCEPTION: main",
        "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
        "E1130 08:55:19.123456   42 server.go:123] listen failed",
        "<34>1 2026-11-30T08:55:19Z host app 42 ID47 - message",
        "08:55:19 just text after a time",
        "2026-11-30 08:55:19 -",
        "2026-11-30 08:55:19",
        // The same rest after the timestamp, with another level so far (the priority's).
        "<11>2026-11-30 08:55:19 host started x",
        "<14>2026-11-30 08:55:19 host started x",
    ]

    static func variants(of line: String) -> [String] {
        let bytes = Array(line.utf8)
        var out = [line, line]
        var digits = 0
        for (k, c) in bytes.enumerated() where c &- 0x30 < 10 && digits < 40 {
            var changed = bytes
            changed[k] = 0x30 + (c - 0x30 + 3) % 10
            out.append(String(decoding: changed, as: UTF8.self))
            digits += 1
        }
        for n in 0...bytes.count { out.append(String(decoding: bytes[0..<n], as: UTF8.self)) }
        out.append(line + " and more words")
        out.append(line + "x")
        for (k, c) in bytes.prefix(80).enumerated() where (c | 0x20) &- 0x61 < 26 {
            var flipped = bytes
            flipped[k] = c ^ 0x20
            out.append(String(decoding: flipped, as: UTF8.self))
        }
        out.append(line)
        return out
    }

    static func parse(_ line: String, memo: inout HeaderMemo) -> (memo: HeaderParser.Header, plain: HeaderParser.Header) {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBytes { raw in
            let b = UnsafeRawBufferPointer(raw)
            return (HeaderParser.parse(b, memo: &memo), HeaderParser.parse(b))
        }
    }

    @Test func theMemoGivesTheParsersAnswerForEveryVariant() {
        var memo = HeaderMemo()
        var checked = 0
        for line in headerCases.map(\.line) + HeaderMemoTests.extraLines {
            for variant in HeaderMemoTests.variants(of: line) {
                let (remembered, plain) = HeaderMemoTests.parse(variant, memo: &memo)
                #expect(remembered.bodyStart == plain.bodyStart, "body start of \(variant)")
                #expect(remembered.level == plain.level, "level of \(variant)")
                #expect(remembered.time == plain.time, "time of \(variant)")
                checked += 1
            }
        }
        // The memo did answer (else this test would check the parser against itself).
        #expect(memo.answered > checked / 4)
    }

    @Test func aNumericLevelIsReadAgainEveryTime() {
        var memo = HeaderMemo()
        for d in 0...7 {
            let (remembered, plain) = HeaderMemoTests.parse("2026-11-30 08:55:19 level=\(d) msg=x", memo: &memo)
            #expect(remembered.level == plain.level)
            #expect(remembered.level == Level(syslogPriority: d))
            #expect(memo.lineID == 0)   // nor kept whole
        }
    }

    /// The promise later stages rely on: lines given the same id have the same message,
    /// digits folded. Checked over every variant, with the ids given by one memo.
    @Test func linesWithTheSameIDHaveTheSameMessageFoldedAlike() {
        var memo = HeaderMemo()
        var messageOfID: [UInt64: [UInt8]] = [:]
        var repeated = 0
        for line in headerCases.map(\.line) + HeaderMemoTests.extraLines {
            for variant in HeaderMemoTests.variants(of: line) {
                let (header, _) = HeaderMemoTests.parse(variant, memo: &memo)
                guard memo.lineID != 0 else { continue }
                let message = Array(variant.utf8)[header.bodyStart...].map(DigitFolding.fold)
                if let earlier = messageOfID[memo.lineID] {
                    #expect(earlier == message, "message of \(variant)")
                    repeated += 1
                } else {
                    messageOfID[memo.lineID] = message
                }
            }
        }
        #expect(repeated > 100)
    }

    /// A word of four letters for each number (rests that no digit folding merges).
    static func word(_ i: Int) -> String {
        String((0..<4).map { k in Character(UnicodeScalar(UInt8(0x61 + i / [1, 26, 676, 17_576][k] % 26))) })
    }

    /// Past 8,192 rests the rest memo starts over with a fresh epoch: a rest kept again gets an
    /// id it never had, and every answer stays the parser's. (Each line comes twice, so that
    /// half the lookups hit and the memo does not step aside.)
    @Test func aRestMemoThatStartsOverGivesNewIDs() {
        var memo = HeaderMemo()
        var firstID: UInt64 = 0
        var ids: Set<UInt64> = []
        for i in 0..<9_000 {
            for _ in 0..<2 {
                let (remembered, plain) = HeaderMemoTests.parse("2026-11-30 08:55:19 INFO job \(HeaderMemoTests.word(i)) done", memo: &memo)
                #expect(remembered.bodyStart == plain.bodyStart && remembered.level == plain.level)
            }
            if i == 0 { firstID = memo.lineID }
            ids.insert(memo.lineID)
        }
        #expect(ids.count == 9_000 && !ids.contains(0))
        _ = HeaderMemoTests.parse("2026-11-30 08:55:19 INFO job \(HeaderMemoTests.word(0)) done", memo: &memo)
        #expect(memo.lineID != 0 && memo.lineID != firstID && memo.lineID >> 32 != firstID >> 32)
    }

    /// Where rests never repeat, the rest memo steps aside after a stretch of lookups with
    /// fewer than a quarter hits, for `RestMemo.pause` lines (no ids then), and comes back
    /// after; the answers stay the parser's throughout.
    @Test func aRestMemoStepsAsideWhereRestsNeverRepeat() {
        var memo = HeaderMemo()
        var withID = 0
        for i in 0..<(RestMemo.stretch + RestMemo.pause) {
            let (remembered, plain) = HeaderMemoTests.parse("2026-11-30 08:55:19 INFO job \(HeaderMemoTests.word(i)) done", memo: &memo)
            #expect(remembered.bodyStart == plain.bodyStart && remembered.level == plain.level)
            if memo.lineID != 0 { withID += 1 }
        }
        #expect(withID == RestMemo.stretch)   // the first stretch's rests only
        _ = HeaderMemoTests.parse("2026-11-30 08:55:19 INFO job again done", memo: &memo)
        let id = memo.lineID
        _ = HeaderMemoTests.parse("2026-11-30 08:55:20 INFO job again done", memo: &memo)
        #expect(id != 0 && memo.lineID == id)
    }

    /// Ids are unique in the process: two memos never give the same id, even to the same line.
    @Test func twoMemosNeverGiveTheSameID() {
        var one = HeaderMemo(), other = HeaderMemo()
        var ids: Set<UInt64> = []
        for line in HeaderMemoTests.extraLines.dropFirst().prefix(4) {   // not the numeric level, never kept
            for _ in 0..<2 {
                _ = HeaderMemoTests.parse(line, memo: &one)
                let first = one.lineID
                _ = HeaderMemoTests.parse(line, memo: &other)
                #expect(first != 0 && other.lineID != 0 && first != other.lineID, "\(line)")
                ids.insert(first)
                ids.insert(other.lineID)
            }
        }
        #expect(ids.count == 8)
    }

    @Test func linesThatNeverRepeatTheirHeaderStillGetTheParsersAnswer() {
        // Node names that change every line: the memo misses, steps aside for the group,
        // and the answers stay the parser's.
        var memo = HeaderMemo()
        var seed: UInt64 = 42
        for _ in 0..<3000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let letters = (0..<4).map { k in Character(UnicodeScalar(UInt8(0x61 + (seed >> (8 * UInt64(k) + 20)) % 26))) }
            let line = "2026-11-30 08:55:19 node-\(String(letters)) app INFO started"
            let (remembered, plain) = HeaderMemoTests.parse(line, memo: &memo)
            #expect(remembered.bodyStart == plain.bodyStart && remembered.level == plain.level)
        }
        #expect(memo.answered < 1000)
    }
}

/// `DigitFolding.foldAndHash`, which `RestMemo` and `ShapeMemo` key lines with, sixteen bytes a step: at
/// every length around the step (the last sixteen bytes read again, fewer than sixteen
/// through a zeroed vector) it writes the bytes folded, and two texts that fold alike hash
/// alike whatever their digits.
@Test func foldingAndHashingSixteenBytesAStep() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("ab9 0:Z5.".utf8)
    for length in 0...70 {
        var hashes: Set<UInt64> = []
        for _ in 0..<20 {
            let line = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            let redrawn = line.map { $0 &- 0x30 < 10 ? UInt8.random(in: 0x30...0x39, using: &generator) : $0 }
            func foldAndHash(_ text: [UInt8]) -> (UInt64, [UInt8]) {
                var out = [UInt8](repeating: 0xEE, count: max(length, 16))
                let hash = text.withUnsafeBytes { bytes in out.withUnsafeMutableBytes { DigitFolding.foldAndHash(bytes, into: $0.baseAddress!) } }
                return (hash, Array(out[0..<length]))
            }
            let (hash, folded) = foldAndHash(line)
            #expect(folded == line.map(DigitFolding.fold), "\(line)")
            #expect(foldAndHash(redrawn).0 == hash, "\(line)")
            #expect(foldAndHash(folded).0 == hash, "\(line)")   // folding while hashing = hashing the folded text
            hashes.insert(hash)
        }
        #expect(length < 3 || hashes.count > 1)   // texts that differ (most of them) do not all hash alike
    }
}
