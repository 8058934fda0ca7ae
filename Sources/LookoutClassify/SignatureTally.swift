import LookoutCore

/// Counts events per signature in one pass, keyed by shape (not template), so that the
/// signatures can be named at the end by the templates built from every shape: the same
/// answer as two passes, for one read of the input. Memory: one entry per distinct
/// (shape, rule, split values), at most `capacity`; events beyond are counted as overflow.
public final class SignatureTally {
    struct Key: Hashable {
        var shape: Int
        var rule: Int
        var split: [String]
    }

    struct Entry {
        var index = 0
        var count = 0
        var first: Timestamp?
        var last: Timestamp?
        var highestLevel: Level?
        /// Events per level (`Level.rawValue`), those without a level counted as info.
        var levels = [Int](repeating: 0, count: Level.allCases.count)
        var examples: [String] = []
    }

    /// The level of the median event of `levels` (counts per `Level.rawValue`).
    static func medianLevel(_ levels: [Int]) -> Level {
        let total = levels.reduce(0, +)
        var below = 0
        for (raw, n) in levels.enumerated() {
            below += n
            if 2 * below >= total { return Level(rawValue: raw)! }
        }
        return .info
    }

    public let capacity: Int
    /// The keys and entries, by entry index. The per-event properties are
    /// `@exclusivity(unchecked)` (as in `TemplateMiner`): no run-time access checks; the
    /// tally is used from one thread and none of its methods re-enter another.
    @exclusivity(unchecked) private var keys: [Key] = []
    @exclusivity(unchecked) private var entries: [Entry] = []
    /// Entry index of each key that has split values.
    @exclusivity(unchecked) private var splitIndex: [Key: Int] = [:]
    /// Entry index of each key without split values (nearly every event's): an open-addressing
    /// table of packed (shape, rule), so such an event costs a multiply and a compare or two,
    /// not a `Hasher` pass over the key.
    @exclusivity(unchecked) private var plain = PackedIndex()
    @exclusivity(unchecked) private var overflow = Entry()

    public init(capacity: Int = 100_000) { self.capacity = max(1, capacity) }

    /// The entry index of `key`, if it has one.
    private func index(of key: Key) -> Int? {
        key.split.isEmpty ? plain.find(PackedIndex.pack(shape: key.shape, rule: key.rule)) : splitIndex[key]
    }

    /// Adds an entry for `key` (which has none) and returns its index.
    private func insert(_ key: Key) -> Int {
        let i = entries.count
        if key.split.isEmpty { plain.insert(PackedIndex.pack(shape: key.shape, rule: key.rule), index: i) } else { splitIndex[key] = i }
        keys.append(key)
        entries.append(Entry(index: i))
        return i
    }

    /// Counts one classified event and returns its entry's index (dense, from 0; -1 for
    /// overflow), which later stages can key per-entry data by. `example` is called only
    /// while the signature still wants examples (the first few events of each).
    @discardableResult
    public func add(_ c: Classification, time: Timestamp?, level: Level?, example: () -> String) -> Int {
        let shape = c.shape ?? -1, rule = c.ruleIndex ?? -1
        var found: Int?
        if c.split.isEmpty {
            found = plain.find(PackedIndex.pack(shape: shape, rule: rule))
        } else {
            found = splitIndex[Key(shape: shape, rule: rule, split: c.split)]
        }
        let i: Int
        if let found {
            i = found
        } else {
            if entries.count >= capacity {
                SignatureTally.count(&overflow, time: time, level: level, example: example)
                return -1
            }
            i = insert(Key(shape: shape, rule: rule, split: c.split))
        }
        return SignatureTally.count(&entries[i], time: time, level: level, example: example)
    }

    @discardableResult
    private static func count(_ e: inout Entry, time: Timestamp?, level: Level?, example: () -> String) -> Int {
        e.count += 1
        if let time {
            if e.first.map({ time < $0 }) ?? true { e.first = time }
            if e.last.map({ time > $0 }) ?? true { e.last = time }
        }
        if let level, e.highestLevel.map({ level > $0 }) ?? true { e.highestLevel = level }
        e.levels[(level ?? .info).rawValue] += 1
        if e.examples.count < SignatureSummary.maxExamples { e.examples.append(example()) }
        return e.index
    }

    /// Folds `other`'s entries into this tally, in `other`'s entry order, exactly as if
    /// `other`'s events had been added here after this tally's own (a parallel scan merges
    /// its per-file tallies in source order): counts add (in all and per level), first and last seen widen (an
    /// earlier entry wins a tie, as the first event does), examples are kept from the first.
    /// `shape` maps a shape index of `other` (with the number of events of that entry) to
    /// one here. Returns, for each of `other`'s entries by index, its entry here; nil when
    /// that is not possible — a shape that does not map, this tally full, or events that
    /// `other` counted as overflow — and this tally must then be thrown away.
    public func absorb(_ other: SignatureTally, shape: (_ shape: Int, _ count: Int) -> Int?) -> [Int]? {
        guard other.overflow.count == 0 else { return nil }
        var indices = Array(repeating: -1, count: other.entries.count)
        for (key, e) in zip(other.keys, other.entries) {
            var mapped = key
            if key.shape >= 0 {
                guard let s = shape(key.shape, e.count) else { return nil }
                mapped.shape = s
            }
            let i: Int
            if let found = index(of: mapped) {
                i = found
            } else {
                guard entries.count < capacity else { return nil }
                i = insert(mapped)
            }
            SignatureTally.fold(e, into: &entries[i])
            indices[e.index] = i
        }
        return indices
    }

    private static func fold(_ e: Entry, into t: inout Entry) {
        t.count += e.count
        if let f = e.first, t.first.map({ f < $0 }) ?? true { t.first = f }
        if let l = e.last, t.last.map({ l > $0 }) ?? true { t.last = l }
        if let level = e.highestLevel, t.highestLevel.map({ level > $0 }) ?? true { t.highestLevel = level }
        t.levels = zip(t.levels, e.levels).map { $0 + $1 }
        if t.examples.count < SignatureSummary.maxExamples {
            t.examples += e.examples.prefix(SignatureSummary.maxExamples - t.examples.count)
        }
    }

    /// The signatures, named with `classifier`'s current templates (call `finishLearning`
    /// first), merged when several shapes share a template, most frequent first; with the
    /// entry indices (from `add`) that each one gathers (overflow: -1).
    public func summaries(_ classifier: Classifier) -> [(summary: SignatureSummary, entries: [Int])] {
        var merged: [String: SignatureSummary] = [:]
        var members: [String: [Int]] = [:]
        var levels: [String: [Int]] = [:]
        func fold(_ entry: Entry, _ c: Classification) {
            let id = classifier.signature(of: c)
            members[id, default: []].append(entry.index)
            levels[id] = zip(levels[id] ?? entry.levels.map { _ in 0 }, entry.levels).map { $0 + $1 }
            let rule = c.ruleIndex.map { classifier.rules.rules[$0] }
            let severity = rule?.severity ?? Severity(level: entry.highestLevel)
            if var s = merged[id] {
                s.count += entry.count
                if let f = entry.first, s.firstSeen.map({ f < $0 }) ?? true { s.firstSeen = f }
                if let l = entry.last, s.lastSeen.map({ l > $0 }) ?? true { s.lastSeen = l }
                if severity > s.severity { s.severity = severity }
                s.examples = Array((s.examples + entry.examples).prefix(SignatureSummary.maxExamples))
                merged[id] = s
            } else {
                merged[id] = SignatureSummary(id: id, template: classifier.templateText(of: c), rule: rule?.id, severity: severity,
                                              count: entry.count, firstSeen: entry.first, lastSeen: entry.last, examples: entry.examples)
            }
        }
        // Deterministic order of folding (examples come from the first keys), whatever the dictionary's order.
        for (key, entry) in zip(keys, entries).sorted(by: { ($0.0.shape, $0.0.rule, $0.0.split.joined(separator: "\u{1}")) < ($1.0.shape, $1.0.rule, $1.0.split.joined(separator: "\u{1}")) }) {
            let template = key.shape >= 0 ? classifier.miner.templateIndex(ofShape: key.shape) : nil
            fold(entry, Classification(shape: key.shape >= 0 ? key.shape : nil, template: template,
                                       ruleIndex: key.rule >= 0 ? key.rule : nil, split: key.split))
        }
        if overflow.count > 0 {
            merged[TemplateMiner.overflowSignature] = SignatureSummary(
                id: TemplateMiner.overflowSignature, template: TemplateMiner.overflowTemplate, rule: nil,
                severity: Severity(level: overflow.highestLevel), count: overflow.count,
                firstSeen: overflow.first, lastSeen: overflow.last, examples: overflow.examples)
            members[TemplateMiner.overflowSignature, default: []].append(-1)
        }
        for (id, counts) in levels where merged[id]?.rule == nil {
            merged[id]?.usualSeverity = Severity(level: SignatureTally.medianLevel(counts))
        }
        return merged.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.id < $1.id }.map { ($0, members[$0.id] ?? []) }
    }
}

/// A map from packed (shape, rule) pairs to entry indices: open addressing with linear
/// probing over a power-of-two table kept at most half full, hashed by one multiply.
struct PackedIndex {
    /// `shape` and `rule` are at least -1 and below 2^31; the result is at least 0.
    static func pack(shape: Int, rule: Int) -> Int { (shape &+ 1) << 32 | (rule &+ 1) }

    private var keys = [Int](repeating: -1, count: 64)   // -1: empty
    private var values = [Int](repeating: 0, count: 64)
    private var count = 0
    private var shift = 64 - 6

    private func slot(_ key: Int) -> Int { Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift)) }

    func find(_ key: Int) -> Int? {
        let mask = keys.count - 1
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k < 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Adds `key`, which must not be present.
    mutating func insert(_ key: Int, index: Int) {
        if 2 * (count + 1) > keys.count { grow() }
        let mask = keys.count - 1
        var i = slot(key)
        while keys[i] >= 0 { i = (i + 1) & mask }
        keys[i] = key
        values[i] = index
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int](repeating: -1, count: oldKeys.count * 2)
        values = [Int](repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k >= 0 { insert(k, index: v) }
    }
}
