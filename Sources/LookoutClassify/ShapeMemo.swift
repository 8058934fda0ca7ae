import LookoutCore

/// Remembers which learnt shape recent message lines have, by their bytes with digits
/// folded (`DigitFolding`), so that a line that folds like an earlier one skips the masker
/// and the shape lookup (most of the messages of a log repeat but for their numbers: on
/// Loghub-2k's messages, 78% to 99% of each system's fold to an earlier one's).
///
/// The answer is exactly the masker's. The masker decides from digits only by their being
/// digits: a word that holds one is a variable whatever its value, and no digit is ever
/// copied into a shape. User masks (PCRE2) do read values: with them, the classifier does
/// not use this memo. Shapes are never renumbered or removed from a miner, so an index
/// stays right for the miner's life.
///
/// Bounded: lines of up to 512 bytes; at 8,192 lines or 1 MiB of them it starts over.
struct ShapeMemo {
    static let maxLine = 512
    static let maxLines = 8192
    static let maxBytes = 1 << 20

    private var lines = ShapeTable()
    private var shapeOfLine: [Int32] = []
    private var bytes = 0
    /// The folded line of the last `shape(of:)`, with its length and hash, for `remember`
    /// (length -1: not to be remembered).
    private var folded = [UInt8](repeating: 0, count: ShapeMemo.maxLine + 8)
    private var pendingLength = -1
    private var pendingHash: UInt64 = 0

    /// The shape remembered for `line`, or nil (then `remember` may follow, for this line).
    mutating func shape(of line: UnsafeRawBufferPointer) -> Int? {
        guard line.count <= ShapeMemo.maxLine else {
            pendingLength = -1
            return nil
        }
        let key = folded.withUnsafeMutableBytes { out in
            DigitFolding.fold(line, into: out.baseAddress!)
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(out)[0..<line.count])
        }
        let hash = ShapeTable.hash(key)
        if let i = lines.find(key, hash: hash) {
            pendingLength = -1
            return Int(shapeOfLine[i])
        }
        pendingLength = line.count
        pendingHash = hash
        return nil
    }

    /// Remembers `shape` for the line of the last `shape(of:)` that answered nil.
    mutating func remember(_ shape: Int) {
        guard pendingLength >= 0 else { return }
        if lines.count == ShapeMemo.maxLines || bytes + pendingLength > ShapeMemo.maxBytes {
            lines = ShapeTable()
            shapeOfLine.removeAll(keepingCapacity: true)
            bytes = 0
        }
        folded.withUnsafeBytes { all in
            _ = lines.insert(UnsafeRawBufferPointer(rebasing: all[0..<pendingLength]), hash: pendingHash)
        }
        shapeOfLine.append(Int32(shape))
        bytes += pendingLength
        pendingLength = -1
    }
}
