import LookoutCore

/// Remembers what `HeaderParser.scanHeaderTokens` made of recent lines, so that a line whose
/// header tokens read the same as one of them gets the same answer without the scan (which
/// reads tokens, levels and tags at some 1,400 instructions a line: a sixth of `classify`).
///
/// The answer is exactly the scan's. The scan decides from the bytes between its start and
/// the furthest byte it reads, from whether the line ends right there, from whether a
/// timestamp was found and the level so far, and from nothing else: it tests digits only for
/// being digits (a numeric `level=3` is the exception, and such a scan is not remembered).
/// So an entry keeps those bytes (its key) with every digit written as `0`, and whether the
/// line ended right after them; a line matches when its bytes from the scan's start, digits
/// written the same way, are the key, it ends there or goes on as that line did, and the
/// timestamp and level so far are the same. The scan that makes an entry reads through
/// `ReadExtent`, which records what it read.
///
/// First, the whole rest of the line from the scan's start is looked up (`RestMemo`): one
/// probe, and an id for the line that the classifier keys the message's shape on. A rest is
/// kept there when its answer came from an entry here, or from a scan that could make one.
///
/// Finding the entry: the keys of one system's lines mostly share their start (the header)
/// and differ in length and at their end (the message's first word). So the lengths of the
/// keys seen are listed by the first eight bytes, and for each length that the line allows
/// the key's last eight bytes are looked up in a hash table: a few probes a line, and one
/// comparison of the whole key when one answers.
///
/// One per source reader (not shared between threads). Bounded: up to 1,024 entries with keys
/// of up to 128 bytes (a longer read is not remembered); a full memo starts over. Where most
/// lines of a group miss (headers whose scan reads into changing text, such as node names),
/// the memo steps aside for that group for a while: a miss costs a scan that records its
/// reads and an entry written, more than a plain scan.
public struct HeaderMemo {
    static let capacity = 1024
    static let buckets = 2048
    static let ways = 4
    static let maxKey = 128
    static let groups = 256
    static let lengthsPerGroup = 8
    /// A group's lines looked up between two checks of its hit rate, and how many of its
    /// lines go unmemoized after a stretch in which fewer than half hit.
    static let stretchLength: UInt16 = 64
    static let pause: UInt16 = 1024

    private struct Entry {
        var length: Int
        var exact: Bool
        var condition: UInt8
        var level: UInt8
        var bodyOffset: Int
        var tail: UInt64
    }

    private var entries: [Entry] = []
    /// Entry `e`'s key (digits as `0`) is `keys[e * maxKey ..< e * maxKey + length]`.
    private var keys: [UInt8] = []
    /// Entry indices by the hash of a key's start, length and last bytes, `ways` a bucket
    /// (-1: none).
    private var table: [Int16] = []
    /// Per group: lines looked up and hits in the current stretch, and lines left to go
    /// unmemoized (one entry a group, so a line updates one array).
    private struct Stretch {
        var looked: UInt16 = 0
        var hits: UInt16 = 0
        var paused: UInt16 = 0
    }
    private var stretches: [Stretch] = []
    /// Per group, the entry that answered last (tried first: a log's lines come in runs).
    private var recent: [Int16] = []
    /// Per group (a key's first eight bytes and condition), the key lengths seen, most
    /// recent first, each as `length << 1 | exact` (0: none).
    private var lengths: [UInt16] = []

    /// Lines the memo answered.
    private(set) var answered = 0

    public init() {}

    /// Whole rests of recent lines, looked up first.
    private var rests = RestMemo()
    /// The `RestMemo` id of the last line scanned, 0 when its rest is not kept: lines with
    /// the same id have the same message first line, digits folded.
    public internal(set) var lineID: UInt64 = 0

    /// `HeaderParser.scanHeaderTokens(b, from: start, hasTime: hasTime, level: level)`.
    mutating func scanHeaderTokens(_ b: UnsafeRawBufferPointer, from start: Int, hasTime: Bool, level: Level?) -> (level: Level?, bodyStart: Int) {
        guard start <= b.count else { return HeaderParser.scanHeaderTokens(b, from: start, hasTime: hasTime, level: level) }
        let condition = (hasTime ? 0x80 : 0) | HeaderMemo.code(level)
        if let kept = rests.find(b, from: start, condition: condition) {
            lineID = kept.id
            answered += 1
            return (HeaderMemo.level(kept.level), kept.bodyStart)
        }
        let (answer, settled) = scanByPrefix(b, from: start, condition: condition, hasTime: hasTime, level: level)
        if settled { lineID = rests.remember(level: HeaderMemo.code(answer.level), bodyOffset: answer.bodyStart - start) }
        return answer
    }

    /// The scan's answer, through the prefix memo; `settled`: the answer depends only on the
    /// line from `start` (digits folded) and `condition` (it came from an entry, or from a
    /// scan that could make one).
    private mutating func scanByPrefix(_ b: UnsafeRawBufferPointer, from start: Int, condition: UInt8, hasTime: Bool, level: Level?)
        -> (answer: (level: Level?, bodyStart: Int), settled: Bool) {
        let rest = b.count - start
        let first = HeaderMemo.word(b, start, 0, min(8, rest))
        let group = Int(((first ^ UInt64(condition)) &* 0x9E37_79B9_7F4A_7C15) >> 56)   // 256 groups
        if !lengths.isEmpty {
            var stretch = stretches[group]
            defer { stretches[group] = stretch }
            if stretch.paused > 0 {
                stretch.paused -= 1
                return (HeaderParser.scanHeaderTokens(b, from: start, hasTime: hasTime, level: level), false)
            }
            if stretch.looked == HeaderMemo.stretchLength {
                let hit = stretch.hits
                stretch.looked = 0
                stretch.hits = 0
                if 2 * hit < HeaderMemo.stretchLength {
                    stretch.paused = HeaderMemo.pause
                    return (HeaderParser.scanHeaderTokens(b, from: start, hasTime: hasTime, level: level), false)
                }
            }
            stretch.looked += 1
            if let e = find(group, first, condition, b, start) {
                stretch.hits += 1
                answered += 1
                return ((HeaderMemo.level(entries[e].level), start + entries[e].bodyOffset), true)
            }
        }
        var marks = ReadExtent.Marks(furthest: start - 1, earliest: start, usesDigitValue: false)
        let answer = withUnsafeMutablePointer(to: &marks) { m in
            HeaderParser.scanHeaderTokens(ReadExtent(text: b, marks: m), from: start, hasTime: hasTime, level: level)
        }
        let end = min(marks.furthest + 1, b.count)
        let settled = !marks.usesDigitValue && marks.earliest >= start && answer.bodyStart >= start
        if settled && end - start <= HeaderMemo.maxKey {
            let length = end - start
            remember(Entry(length: length, exact: end == b.count, condition: condition, level: HeaderMemo.code(answer.level),
                           bodyOffset: answer.bodyStart - start, tail: HeaderMemo.tail(b, start, length)), b, start, group: group, first: first)
        }
        return (answer, settled)
    }

    /// The entry that matches the line, if one does.
    private mutating func find(_ group: Int, _ first: UInt64, _ condition: UInt8, _ b: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let rest = b.count - start
        let last = Int(recent[group])
        if last >= 0 && fits(last, condition, rest) && holds(last, b, start, tail: HeaderMemo.tail(b, start, entries[last].length)) { return last }
        let base = group * HeaderMemo.lengthsPerGroup
        for k in 0..<HeaderMemo.lengthsPerGroup {
            let seen = Int(lengths[base + k])
            if seen == 0 { break }
            let length = seen >> 1, exact = seen & 1 != 0
            guard exact ? rest == length : rest > length else { continue }
            let tail = HeaderMemo.tail(b, start, length)
            let bucket = HeaderMemo.bucket(first, condition, seen, tail) * HeaderMemo.ways
            for w in 0..<HeaderMemo.ways {
                let e = Int(table[bucket + w])
                if e < 0 { break }   // a bucket fills in order
                guard entries[e].length == length && fits(e, condition, rest) && holds(e, b, start, tail: tail) else { continue }
                moveToFront(UInt16(seen), at: k, base)
                recent[group] = Int16(e)
                return e
            }
        }
        return nil
    }

    /// Whether entry `e` can be the line's, which has `rest` bytes from the scan's start: the
    /// same condition, and the line ends where the key does, or goes on past it, as the
    /// entry's did (so the line holds the key's bytes to compare).
    @inline(__always)
    private func fits(_ e: Int, _ condition: UInt8, _ rest: Int) -> Bool {
        let entry = entries[e]
        return entry.condition == condition && (entry.exact ? rest == entry.length : rest > entry.length)
    }

    /// Whether the line holds entry `e`'s key (the entry fits it); `tail` is the line's
    /// `tail` for the entry's length.
    @inline(__always)
    private func holds(_ e: Int, _ b: UnsafeRawBufferPointer, _ start: Int, tail: UInt64) -> Bool {
        entries[e].tail == tail && keys.withUnsafeBytes {
            HeaderMemo.equal(b.baseAddress! + start, $0.baseAddress! + e * HeaderMemo.maxKey, max(entries[e].length - 8, 0), b.count - start)
        }
    }

    /// A key's last (up to) eight bytes for a key of `length` bytes from `start`, folded.
    @inline(__always)
    static func tail(_ b: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> UInt64 {
        word(b, start, max(length - 8, 0), length)
    }

    /// Puts the key length `seen`, found at `k` of the group's list from `base`, first.
    private mutating func moveToFront(_ seen: UInt16, at k: Int, _ base: Int) {
        for m in stride(from: k, to: 0, by: -1) { lengths[base + m] = lengths[base + m - 1] }
        lengths[base] = seen
    }

    private mutating func remember(_ entry: Entry, _ b: UnsafeRawBufferPointer, _ start: Int, group: Int, first: UInt64) {
        if lengths.isEmpty {
            stretches = Array(repeating: Stretch(), count: HeaderMemo.groups)
        }
        if lengths.isEmpty || entries.count == HeaderMemo.capacity {   // the first entry, or a full memo starting over
            recent = Array(repeating: -1, count: HeaderMemo.groups)
            entries.removeAll(keepingCapacity: true)
            table = Array(repeating: -1, count: HeaderMemo.buckets * HeaderMemo.ways)
            lengths = Array(repeating: 0, count: HeaderMemo.groups * HeaderMemo.lengthsPerGroup)
        }
        let e = entries.count
        entries.append(entry)
        if keys.count < entries.count * HeaderMemo.maxKey { keys.append(contentsOf: repeatElement(0, count: HeaderMemo.maxKey)) }
        // The key, digits folded: its bounds checked once here, not at each byte.
        precondition(start >= 0 && start + entry.length <= b.count && entry.length <= HeaderMemo.maxKey)
        if entry.length > 0 {
            keys.withUnsafeMutableBytes { keys in
                let to = keys.baseAddress! + e * HeaderMemo.maxKey, from = b.baseAddress! + start
                for k in 0..<entry.length { to.storeBytes(of: DigitFolding.fold(from.load(fromByteOffset: k, as: UInt8.self)), toByteOffset: k, as: UInt8.self) }
            }
        }
        let seen = UInt16(entry.length << 1 | (entry.exact ? 1 : 0))
        // Into the bucket's first empty way; in a full bucket, the others move down and the
        // oldest goes.
        let bucket = HeaderMemo.bucket(first, entry.condition, Int(seen), entry.tail) * HeaderMemo.ways
        var w = 0
        while w < HeaderMemo.ways - 1 && table[bucket + w] >= 0 { w += 1 }
        if table[bucket + w] >= 0 {
            for m in 0..<(HeaderMemo.ways - 1) { table[bucket + m] = table[bucket + m + 1] }
        }
        table[bucket + w] = Int16(e)
        recent[group] = Int16(e)
        let base = group * HeaderMemo.lengthsPerGroup
        var k = 0   // where `seen` is, or the first empty place, or the last (which then goes)
        while k < HeaderMemo.lengthsPerGroup - 1 && lengths[base + k] != seen && lengths[base + k] != 0 { k += 1 }
        moveToFront(seen, at: k, base)
    }

    @inline(__always)
    private static func bucket(_ first: UInt64, _ condition: UInt8, _ seen: Int, _ tail: UInt64) -> Int {
        var h = (first &* 0x9E37_79B9_7F4A_7C15) ^ ((tail ^ (UInt64(seen) << 8) ^ UInt64(condition)) &* 0xC2B2_AE3D_27D4_EB4F)
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: (h >> 32) & UInt64(buckets - 1))
    }

    /// Whether the line's bytes `0..<to`, digits folded, are the key's (`line` has
    /// `lineBytes` bytes; a key has room for whole words up to `maxKey`).
    @inline(__always)
    private static func equal(_ line: UnsafeRawPointer, _ key: UnsafeRawPointer, _ n: Int, _ lineBytes: Int) -> Bool {
        var k = 0
        while k < n && k + 8 <= lineBytes {
            let mask: UInt64 = n - k >= 8 ? ~0 : (1 << UInt64(8 * (n - k))) - 1
            if (DigitFolding.fold(word: line.loadUnaligned(fromByteOffset: k, as: UInt64.self)) ^ key.loadUnaligned(fromByteOffset: k, as: UInt64.self)) & mask != 0 { return false }
            k += 8
        }
        while k < n {
            if DigitFolding.fold(line.load(fromByteOffset: k, as: UInt8.self)) != key.load(fromByteOffset: k, as: UInt8.self) { return false }
            k += 1
        }
        return true
    }

    /// The bytes `from..<to` (at most eight) after `start`, digits folded, in a word (the
    /// first in the low byte; the rest zero).
    @inline(__always)
    static func word(_ b: UnsafeRawBufferPointer, _ start: Int, _ from: Int, _ to: Int) -> UInt64 {
        let n = to - from
        if start + from + 8 <= b.count {
            let x = DigitFolding.fold(word: (b.baseAddress! + start + from).loadUnaligned(as: UInt64.self))
            return n >= 8 ? x : x & ((1 << UInt64(8 * n)) - 1)
        }
        var x: UInt64 = 0
        for k in 0..<n { x |= UInt64(DigitFolding.fold(b[start + from + k])) << UInt64(8 * k) }
        return x
    }

    static func code(_ level: Level?) -> UInt8 { level.map { UInt8($0.rawValue + 1) } ?? 0 }
    static func level(_ code: UInt8) -> Level? { code == 0 ? nil : Level(rawValue: Int(code) - 1) }
}

/// A line read by the header scan, recording the furthest and the earliest byte it read
/// (`byte` past the end counts as reading there), and whether a digit's value decided.
struct ReadExtent: HeaderText {
    struct Marks {
        var furthest: Int
        var earliest: Int
        var usesDigitValue: Bool
    }
    let text: UnsafeRawBufferPointer
    let marks: UnsafeMutablePointer<Marks>

    var count: Int { text.count }

    @inline(__always) private func note(_ i: Int) {
        if i > marks.pointee.furthest { marks.pointee.furthest = i }
        if i < marks.pointee.earliest { marks.pointee.earliest = i }
    }

    subscript(_ i: Int) -> UInt8 {
        note(i)
        return text[i]
    }

    func byte(_ i: Int) -> UInt8 {
        note(i)
        return i < text.count ? text[i] : 0
    }

    func bytes(_ s: Int, _ e: Int) -> UnsafeRawBufferPointer {
        if e > s { note(s); note(e - 1) }
        return UnsafeRawBufferPointer(rebasing: text[s..<e])
    }

    func usesDigitValue() { marks.pointee.usesDigitValue = true }
}
