import LookoutCore
import Synchronization

/// Remembers what the header scan made of recent lines by the whole rest of each line (from
/// where the scan starts to the line's end, digits folded: `DigitFolding`), and names each
/// rest it keeps with an id (`lineID`, never 0) that later stages may key what they make of
/// the message on.
///
/// One probe a line, where `HeaderMemo`'s prefixes take several; and the id lets the
/// classifier find the message's shape without folding and hashing it again. Two lines with
/// the same id have the same rest, digits folded, and the same scan condition (a timestamp
/// or not, the level so far), so the same answer, so the same message first line, digits
/// folded. The answer is the scan's: a rest is kept only when its answer came from bytes of
/// the rest read as `HeaderMemo` reads them (digits only as digits, nothing before the start).
///
/// Ids are unique in the process: each memo, and each start over, takes a fresh epoch.
/// Bounded like `ShapeMemo`: rests of up to 512 bytes; at 8,192 rests or 1 MiB of them it
/// starts over. Where few rests repeat, it steps aside for a while (`pause`).
struct RestMemo {
    static let maxRest = 512
    static let maxRests = 8192
    static let maxBytes = 1 << 20

    /// Small at first (it grows as rests come): a memo is made for every source and handed
    /// on between a worker's segments, and each new one must cost little.
    private var rests = ShapeTable(capacity: 16)
    private struct Answer {
        var level: UInt8
        var bodyOffset: Int32
    }
    private var answers: [Answer] = []
    private var bytes = 0
    private var epoch = RestMemo.newEpoch()
    /// The folded rest of the last `find`, its condition byte after it, with its length and
    /// hash, for `remember` (length -1: not to be remembered).
    private var folded = [UInt8](repeating: 0, count: RestMemo.maxRest + 16)
    private var pendingLength = -1
    private var pendingHash: UInt64 = 0

    /// Lookups and hits in the current stretch, and lookups left to skip after a stretch in
    /// which fewer than a quarter hit: where rests never repeat (an id in letters or hex on
    /// every line), a lookup costs a fold, a hash and a kept rest for nothing (1 M such lines
    /// took 13–16% longer without the pause).
    private var looked = 0
    private var hits = 0
    private var paused = 0
    static let stretch = 256
    static let pause = 4096

    private static let epochs = Atomic<UInt64>(1)
    private static func newEpoch() -> UInt64 { epochs.wrappingAdd(1, ordering: .relaxed).oldValue }

    /// The id of a kept rest.
    private func id(_ index: Int) -> UInt64 { epoch << 32 | UInt64(index) }

    /// The answer and id kept for the rest of `b` from `start` under `condition`, or nil
    /// (then `remember` may follow).
    mutating func find(_ b: UnsafeRawBufferPointer, from start: Int, condition: UInt8) -> (level: UInt8, bodyStart: Int, id: UInt64)? {
        let n = b.count - start
        guard paused == 0, n <= RestMemo.maxRest, let base = b.baseAddress else {
            if paused > 0 { paused -= 1 }
            pendingLength = -1
            return nil
        }
        let rest = UnsafeRawBufferPointer(start: base + start, count: n)
        // The key is the folded rest and the condition after it; the condition is mixed into
        // the hash, which places keys only. (Folded in one closure, looked up in another: a
        // table read inside the closure that writes `folded` would be copied for the call.)
        let hash = folded.withUnsafeMutableBytes { out in
            let hash = DigitFolding.foldAndHash(rest, into: out.baseAddress!)
            out[n] = condition
            return hash
        } ^ (UInt64(condition) &* 0x9E37_79B9_7F4A_7C15)
        pendingHash = hash
        let found = folded.withUnsafeBytes { rests.find(UnsafeRawBufferPointer(rebasing: $0[0...n]), hash: hash) }
        looked += 1
        if found != nil { hits += 1 }
        if looked == RestMemo.stretch {
            if 4 * hits < looked { paused = RestMemo.pause }
            looked = 0
            hits = 0
        }
        guard let found else {
            pendingLength = n
            return nil
        }
        pendingLength = -1
        let answer = answers[found]
        return (answer.level, start + Int(answer.bodyOffset), id(found))
    }

    /// Keeps the answer for the rest of the last `find` that answered nil, and returns its id
    /// (0 when that rest is not kept).
    mutating func remember(level: UInt8, bodyOffset: Int) -> UInt64 {
        guard pendingLength >= 0 else { return 0 }
        if rests.count == RestMemo.maxRests || bytes + pendingLength > RestMemo.maxBytes {
            rests = ShapeTable(capacity: 16)
            answers.removeAll(keepingCapacity: true)
            bytes = 0
            epoch = RestMemo.newEpoch()
        }
        let index = folded.withUnsafeBytes { rests.insert(UnsafeRawBufferPointer(rebasing: $0[0...pendingLength]), hash: pendingHash) }
        answers.append(Answer(level: level, bodyOffset: Int32(bodyOffset)))
        bytes += pendingLength + 1
        pendingLength = -1
        return id(index)
    }
}
