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
        /// Events per level (`Level.rawValue`), those without a level counted as info.
        var levels = [Int](repeating: 0, count: Level.allCases.count)
        var examples: [String] = []
    }

    /// Per-level counts added up.
    static func sum(_ a: [Int], _ b: [Int]) -> [Int] { zip(a, b).map { $0 + $1 } }

    /// The highest level with events in `levels` (info when none: no level reads as info).
    static func highestLevel(_ levels: [Int]) -> Level {
        Level(rawValue: levels.lastIndex { $0 > 0 } ?? Level.info.rawValue)!
    }

    /// The severity a signature's events give it (`SignatureSummary.severity`, highest) and
    /// usually have (`usualSeverity`, the median event's), from its per-level counts.
    static func severities(_ levels: [Int]) -> (highest: Severity, usual: Severity) {
        (Severity(level: highestLevel(levels)), Severity(level: medianLevel(levels)))
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

    /// The entry index of (shape, rule, split), if it has one.
    private func index(shape: Int, rule: Int, split: [String]) -> Int? {
        split.isEmpty ? plain.find(PackedIndex.pack(shape: shape, rule: rule)) : splitIndex[Key(shape: shape, rule: rule, split: split)]
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
        let i: Int
        if let found = index(shape: shape, rule: rule, split: c.split) {
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
            if let found = index(shape: mapped.shape, rule: mapped.rule, split: mapped.split) {
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
        t.levels = sum(t.levels, e.levels)
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
            levels[id] = levels[id].map { SignatureTally.sum($0, entry.levels) } ?? entry.levels
            if var s = merged[id] {
                s.count += entry.count
                if let f = entry.first, s.firstSeen.map({ f < $0 }) ?? true { s.firstSeen = f }
                if let l = entry.last, s.lastSeen.map({ l > $0 }) ?? true { s.lastSeen = l }
                s.examples = Array((s.examples + entry.examples).prefix(SignatureSummary.maxExamples))
                merged[id] = s
            } else {
                // Severity: the rule's (one rule per id), else from the events' levels, below.
                let rule = c.ruleIndex.map { classifier.rules.rules[$0] }
                merged[id] = SignatureSummary(id: id, template: classifier.templateText(of: c), rule: rule?.id, severity: rule?.severity ?? .info,
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
                severity: .info, count: overflow.count,
                firstSeen: overflow.first, lastSeen: overflow.last, examples: overflow.examples)
            members[TemplateMiner.overflowSignature, default: []].append(-1)
            levels[TemplateMiner.overflowSignature] = overflow.levels
        }
        for (id, counts) in levels where merged[id]?.rule == nil {
            let (highest, usual) = SignatureTally.severities(counts)
            merged[id]?.severity = highest
            merged[id]?.usualSeverity = usual
        }
        return merged.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.id < $1.id }.map { ($0, members[$0.id] ?? []) }
    }
}
