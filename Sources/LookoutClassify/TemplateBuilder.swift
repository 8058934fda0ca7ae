/// Builds templates from the distinct shapes seen and their counts, order-independently:
/// the same multiset of shapes gives the same templates whatever order the lines came in.
///
/// After masking (`Masker`), what remains variable are words without digits: user names,
/// host names, identifiers. They are found by statistics over shapes of equal length, in
/// the manner of Brain (Yu et al., 2023) on shapes rather than lines:
/// 1. Count, per column, how many lines hold each token.
/// 2. A shape's root pattern is its tokens that share the most common of those counts:
///    the constant skeleton it shares with its siblings. Shapes are grouped by root pattern.
///    The count is chosen on words alone: punctuation is shared by most messages and says
///    little about which one this is (`[instance: <*>] Total disk: <*>, used: <*>` would
///    otherwise take its root from the prefix it shares with every message of a service).
/// 3. In a group, a column outside the root is a constant when its token is more frequent
///    than the root (a "parent" word: part of a larger family), or when it is a key (the
///    token before `=` or `:`) that is not a dotted name (a job, logger or property name,
///    `com.example.sync.daily:` or `java.home=`, is a value like any other). Otherwise it
///    is a variable when some shape of the group already has `<*>` there, or when its
///    values look variable (`isVariableColumn`); else a constant that tells templates
///    apart (`opened` / `closed`).
/// 4. A template that holds a compound (`LOCAL(<*>)`) where a sibling of the same words
///    holds a bare `<*>` joins that sibling (`foldCompoundValues`): shapes of different
///    lengths meet here, which the columns above cannot see.
public enum TemplateBuilder {
    public static let minimumDistinctValues = 3

    /// A column of tokens looks variable when it holds many values, or several values none
    /// of which holds most of the lines; a few values ruled by one are an enumeration
    /// (`state=LOOKING`, `action:…TIME_TICK`), and so are a few values ruled by two
    /// (`normal`, `warning` and now and then `critical`), and so are a few upper-case or
    /// capitalized names (`maxStates`).
    ///
    /// In the `leading` column, a message's first token, "a few" is up to `maxStates` rather
    /// than below `manyValues`: a message opens with the name of its event (`boot (command 7)`,
    /// `wait (command 7)`, `cupsd startup succeeded`), as Drain's tree assumes when it
    /// descends by leading tokens. Values spread evenly there (user names) are still variable.
    /// A message that opens with punctuation or a masked value gets no such column.
    static func isVariableColumn(_ values: [[UInt8]: Int], leading: Bool = false) -> Bool {
        guard values.count >= minimumDistinctValues else { return false }
        if values.count <= maxStates && values.keys.allSatisfy(isStateName) { return false }
        if values.count >= (leading ? maxStates + 1 : manyValues) { return true }
        let counts = values.values.sorted(by: >)
        let total = Double(counts.reduce(0, +))
        if Double(counts[0]) >= dominantShare * total || Double(counts[0] + counts[1]) >= dominantPairShare * total { return false }
        return true
    }

    /// From this many values on, a column is variable whatever their spread (user names).
    public static let manyValues = 5
    /// Below `manyValues` (in the leading column, up to `maxStates`), a column whose
    /// commonest value holds at least this share of the lines is an enumeration, not a
    /// variable.
    public static let dominantShare = 0.5
    /// Where `dominantShare` applies, a column whose two commonest values hold at least this
    /// share of the lines is an enumeration too.
    public static let dominantPairShare = 0.9

    /// A column of up to this many upper-case or capitalized names (`NEW`, `INITED`,
    /// `RUNNING`; `Started`, `Paused`) is an enumeration whatever their spread: states and
    /// codes, as enums print. More are data (tickers, host names in capitals). A few
    /// capitalized person names would be kept apart too; user and host names are written in
    /// lower case far more often.
    public static let maxStates = 16

    /// Three or more of `A`–`Z` and `_`, or a capital and two or more of `a`–`z`.
    static func isStateName(_ token: [UInt8]) -> Bool {
        guard token.count >= 3 else { return false }
        if token.allSatisfy({ ($0 &- 0x41) < 26 || $0 == 0x5F }) { return true }                    // RUNNING, FAIL_TASK
        return (token[0] &- 0x41) < 26 && token.dropFirst().allSatisfy { ($0 &- 0x61) < 26 }     // Started
    }

    /// A delimiter token (`=`, `:`, `[`, …).
    @inline(__always) static func isPunctuation(_ token: [UInt8]) -> Bool {
        token.count == 1 && Masker.isDelimiter(token[0])
    }

    public struct Shape {
        public var bytes: [UInt8]
        public var count: Int
        public init(bytes: [UInt8], count: Int) { self.bytes = bytes; self.count = count }
    }

    /// The template (as shape bytes, with `<*>` for variables) of every shape.
    public static func build(_ shapes: [Shape]) -> [[UInt8]: [UInt8]] {
        var byLength: [Int: [(shape: Shape, tokens: [(text: [UInt8], glued: Bool)])]] = [:]
        for s in shapes {
            let tokens = Masker.tokens(s.bytes)
            byLength[tokens.count, default: []].append((s, tokens))
        }
        var result: [[UInt8]: [UInt8]] = [:]
        for length in byLength.keys.sorted() {
            let group = byLength[length]!.sorted { $0.shape.bytes.lexicographicallyPrecedes($1.shape.bytes) }
            for (shape, template) in buildGroup(group, length: length) { result[shape] = template }
        }
        var templateCounts: [[UInt8]: Int] = [:]
        for s in shapes { templateCounts[result[s.bytes]!, default: 0] += s.count }
        let folded = foldCompoundValues(templateCounts)
        for (shape, template) in result { result[shape] = folded[template]! }
        return result
    }

    private static func buildGroup(_ group: [(shape: Shape, tokens: [(text: [UInt8], glued: Bool)])], length: Int) -> [([UInt8], [UInt8])] {
        if length == 0 { return group.map { ($0.shape.bytes, $0.shape.bytes) } }
        var frequency = Array(repeating: [[UInt8]: Int](), count: length)
        for (shape, tokens) in group {
            for c in 0..<length { frequency[c][tokens[c].text, default: 0] += shape.count }
        }
        // Root pattern of each shape: the columns whose token count is the shape's most common count.
        struct Rooted { var index: Int; var rootCount: Int; var rootColumns: [Int] }
        var rooted: [Rooted] = []
        var groups: [[UInt8]: [Int]] = [:]
        var groupOrder: [[UInt8]] = []
        for (index, entry) in group.enumerated() {
            var tally: [Int: Int] = [:]
            for c in 0..<length where entry.tokens[c].text != Masker.variable && !isPunctuation(entry.tokens[c].text) {
                tally[frequency[c][entry.tokens[c].text]!, default: 0] += 1
            }
            let root = tally.max { a, b in a.value != b.value ? a.value < b.value : a.key < b.key }?.key ?? 0
            let columns = (0..<length).filter { entry.tokens[$0].text != Masker.variable && frequency[$0][entry.tokens[$0].text]! == root }
            rooted.append(Rooted(index: index, rootCount: root, rootColumns: columns))
            var key: [UInt8] = []
            for c in columns { key += Array(String(c).utf8); key.append(0x1F); key += entry.tokens[c].text; key.append(0x1E) }
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append(rooted.count - 1)
        }
        var out: [([UInt8], [UInt8])] = []
        for key in groupOrder {
            let members = groups[key]!
            let rootColumns = Set(rooted[members[0]].rootColumns)
            // Child-direction tokens per column: at or below the root's count.
            var childValues = Array(repeating: [[UInt8]: Int](), count: length)
            var hasVariable = Array(repeating: false, count: length)
            for m in members {
                let r = rooted[m]
                let tokens = group[r.index].tokens
                for c in 0..<length where !rootColumns.contains(c) {
                    let t = tokens[c].text
                    if t == Masker.variable { hasVariable[c] = true }
                    else if frequency[c][t]! <= r.rootCount { childValues[c][t, default: 0] += group[r.index].shape.count }
                }
            }
            for m in members {
                let r = rooted[m]
                let entry = group[r.index]
                var template: [UInt8] = []
                for c in 0..<length {
                    let token = entry.tokens[c]
                    template.append(c == 0 ? 0x20 : (token.glued ? Masker.glued : Masker.spaced))
                    let t = token.text
                    let isKey = c + 1 < length && (entry.tokens[c + 1].text == [0x3D] || entry.tokens[c + 1].text == [0x3A])
                        && !t.contains(0x2E)
                    let isVariable = t == Masker.variable
                        || (!rootColumns.contains(c) && !isKey && frequency[c][t]! <= r.rootCount
                            && (hasVariable[c] || isVariableColumn(childValues[c], leading: c == 0)))
                    template += isVariable ? Masker.variable : t
                }
                out.append((entry.shape.bytes, template))
            }
        }
        return out
    }
}
