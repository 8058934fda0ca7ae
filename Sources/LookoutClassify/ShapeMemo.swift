import LookoutCore

/// Remembers which learnt shape recent message lines have, and which rules the prefilter
/// named for them, by their bytes with digits folded (`DigitFolding`): a line that folds
/// like an earlier one skips the masker, the shape lookup and the literal scan (most of the
/// messages of a log repeat but for their numbers: on Loghub-2k's messages, 78% to 99% of
/// each system's fold to an earlier one's).
///
/// The answers are exactly the masker's and the scan's. The masker decides from digits
/// only by their being digits: a word that holds one is a variable whatever its value (a
/// name numbered by one digit, `eth0`, keeps its letters and masks the digit), and no
/// digit is ever copied into a shape. User masks (PCRE2) do read values: with them, the
/// classifier does not use this memo. The literal scan folds digits itself
/// (`LiteralScanner`); its candidates are kept only for a line that was a whole message
/// (a longer message is scanned whole), and the rules' patterns decide on the line's own
/// bytes, unless every rule tried on a whole message is digit-blind (`DigitBlindness`):
/// then their verdict is kept for the lines that fold like it. Shapes are never renumbered
/// or removed from a miner, so an index stays right for the miner's life.
///
/// Bounded: lines of up to 512 bytes; at 8,192 lines or 1 MiB of them it starts over.
struct ShapeMemo {
    static let maxLine = 512
    static let maxLines = 8192
    static let maxBytes = 1 << 20

    let candidateWords: Int
    private var lines = ShapeTable()
    private var shapeOfLine: [Int32] = []
    /// Line `e`'s candidate bits are `candidates[e * candidateWords ..< (e + 1) * candidateWords]`
    /// when `scanned[e]`.
    private var candidates: [UInt64] = []
    private var scanned: [Bool] = []
    /// Line `e`'s rule verdict, kept when it is the same for every line that folds alike
    /// (`RuleSet.verdict(…sameForOtherDigits:)`): a rule's index, `noRule`, or `notKept`.
    private var verdicts: [Int32] = []
    private static let noRule: Int32 = -1
    private static let notKept: Int32 = -2
    private var bytes = 0
    /// The folded line of the last `find`, with its length and hash, for `remember` (length
    /// -1: not to be remembered).
    private var folded = [UInt8](repeating: 0, count: ShapeMemo.maxLine + 16)   // room for `foldAndHash`
    private var pendingLength = -1
    private var pendingHash: UInt64 = 0

    init(candidateWords: Int) { self.candidateWords = candidateWords }

    /// Entries by the events stage's line id (`EventView.firstLineID`): the entry of the id
    /// in slot `id % lineIDSlots` is `entryOfLineID[slot]` when `lineIDs[slot] == id`.
    private static let lineIDSlots = 16384
    private var lineIDs = [UInt64](repeating: 0, count: ShapeMemo.lineIDSlots)
    private var entryOfLineID = [Int32](repeating: 0, count: ShapeMemo.lineIDSlots)
    private var pendingLineID: UInt64 = 0

    /// The entry of `line`, or nil (then `remember` may follow, for this line). `lineID`:
    /// the line's `EventView.firstLineID` (lines with the same nonzero id fold alike), which
    /// finds the entry without folding and hashing the line.
    mutating func find(_ line: UnsafeRawBufferPointer, lineID: UInt64 = 0) -> Int? {
        let slot = Int(truncatingIfNeeded: lineID) & (ShapeMemo.lineIDSlots - 1)
        if lineID != 0 && lineIDs[slot] == lineID {
            pendingLength = -1
            return Int(entryOfLineID[slot])
        }
        pendingLineID = lineID
        guard line.count <= ShapeMemo.maxLine else {
            pendingLength = -1
            return nil
        }
        // Folded and hashed in one pass, sixteen bytes a step (as `RestMemo` keys rests).
        let hash = folded.withUnsafeMutableBytes { DigitFolding.foldAndHash(line, into: $0.baseAddress!) }
        let found = folded.withUnsafeBytes { lines.find(UnsafeRawBufferPointer(rebasing: $0[0..<line.count]), hash: hash) }
        pendingLength = found == nil ? line.count : -1
        pendingHash = hash
        if let found { noteLineID(of: found) }
        return found
    }

    /// Files entry `e` under the line id of the last `find`.
    private mutating func noteLineID(of e: Int) {
        guard pendingLineID != 0 else { return }
        let slot = Int(truncatingIfNeeded: pendingLineID) & (ShapeMemo.lineIDSlots - 1)
        lineIDs[slot] = pendingLineID
        entryOfLineID[slot] = Int32(e)
        pendingLineID = 0
    }

    func shape(_ entry: Int) -> Int { Int(shapeOfLine[entry]) }

    /// Copies the entry's candidate bits into `found`; false when it has none.
    func copyCandidates(_ entry: Int, into found: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        guard scanned[entry] else { return false }
        let base = entry * candidateWords
        for k in 0..<candidateWords { found[k] = candidates[base + k] }
        return true
    }

    mutating func setCandidates(_ entry: Int, from found: UnsafeMutableBufferPointer<UInt64>) {
        let base = entry * candidateWords
        for k in 0..<candidateWords { candidates[base + k] = found[k] }
        scanned[entry] = true
    }

    /// The verdict kept for entry `e` (a whole message), if one is.
    func keptVerdict(_ e: Int) -> RuleSet.Verdict? {
        let v = verdicts[e]
        if v == ShapeMemo.notKept { return nil }
        return v == ShapeMemo.noRule ? RuleSet.Verdict.none : .rule(index: Int(v), split: [])
    }

    /// Keeps `verdict` for entry `e`, which must be the same for every line that folds like
    /// `e`'s and whose message is that line alone.
    mutating func keep(_ verdict: RuleSet.Verdict, for e: Int) {
        switch verdict {
        case .none: verdicts[e] = ShapeMemo.noRule
        case .rule(let index, let split):
            if split.isEmpty { verdicts[e] = Int32(index) }
        }
    }

    /// Remembers `shape` for the line of the last `find` that answered nil, and returns its
    /// entry (nil when that line is not remembered).
    mutating func remember(_ shape: Int) -> Int? {
        guard pendingLength >= 0 else { return nil }
        if lines.count == ShapeMemo.maxLines || bytes + pendingLength > ShapeMemo.maxBytes {
            lines = ShapeTable()
            shapeOfLine.removeAll(keepingCapacity: true)
            candidates.removeAll(keepingCapacity: true)
            scanned.removeAll(keepingCapacity: true)
            verdicts.removeAll(keepingCapacity: true)
            for slot in lineIDs.indices { lineIDs[slot] = 0 }
            bytes = 0
        }
        let e = folded.withUnsafeBytes { all in
            lines.insert(UnsafeRawBufferPointer(rebasing: all[0..<pendingLength]), hash: pendingHash)
        }
        shapeOfLine.append(Int32(shape))
        candidates.append(contentsOf: repeatElement(0, count: candidateWords))
        scanned.append(false)
        verdicts.append(ShapeMemo.notKept)
        bytes += pendingLength
        pendingLength = -1
        noteLineID(of: e)
        return e
    }
}
