/// A value written as a compound in some lines and bare in others is one value:
/// `synchronized to LOCAL(0), stratum 10` beside `synchronized to 10.0.0.1, stratum 3`,
/// `lifetime 00:02` beside `lifetime <1 sec`.
///
/// After the builder has made its templates, a template joins a sibling when the two have
/// the same words (runs of glued tokens) but for words where the sibling holds a bare `<*>`
/// and this template a compound holding a `<*>` in its place: `<*>,` against `LOCAL(<*>),`,
/// `domains:<*>` against `domains:node-[<*>]`. The sibling's bare `<*>` is the evidence that
/// the slot is a value. Left as they are: a compound made only of constants (`peer[a][b],`;
/// a lone constant, `LOCAL,`, is the builder's columns' to judge), and a template with no
/// constant word (`<*>=<*>` beside a register dump `<*>=<*>=<*>`: without a shared
/// skeleton, a compound is as likely another message).
/// Among several siblings the one with the most lines is taken, then the one with the
/// smaller bytes (only the `siblingsSearched` commonest are looked at): the result depends on
/// the set of templates and their counts only, not on the order lines came in. Joins are
/// followed to the end; each leaves fewer tokens, so they cannot loop.
extension TemplateBuilder {
    typealias Word = ArraySlice<(text: [UInt8], glued: Bool)>

    /// Siblings are looked for among this many of the commonest templates of the same
    /// skeleton, so that the work stays linear in the templates however many share one.
    static let siblingsSearched = 64

    /// Where each template (by its bytes) goes: itself, or the sibling it joins.
    static func foldCompoundValues(_ counts: [[UInt8]: Int]) -> [[UInt8]: [UInt8]] {
        // Templates with the same words where no `<*>` is, and as many words, are candidates.
        var buckets: [[UInt8]: [(bytes: [UInt8], words: [Word], tokenCount: Int)]] = [:]
        for template in counts.keys where template.firstRange(of: Masker.variable) != nil {
            let words = self.words(of: template)
            // A constant word is the skeleton the two share: without one (`<*>=<*>`, a
            // register dump), a compound is as likely another message as the same one.
            let holdsValue = words.map { $0.contains { $0.text == Masker.variable } }
            guard holdsValue.contains(true), holdsValue.contains(false) else { continue }
            var key = Array(String(words.count).utf8)
            for (w, value) in zip(words, holdsValue) {
                key.append(0x1E)
                if value { key.append(0x2A) } else { for t in w { key += t.text } }
            }
            buckets[key, default: []].append((template, words, words.reduce(0) { $0 + $1.count }))
        }
        var joins: [[UInt8]: [UInt8]] = [:]
        for (_, bucket) in buckets where bucket.count > 1 {
            // Commonest first (then smaller bytes): the first sibling found is the one taken.
            let ordered = bucket.sorted { x, y in
                let (cx, cy) = (counts[x.bytes]!, counts[y.bytes]!)
                return cx != cy ? cx > cy : x.bytes.lexicographicallyPrecedes(y.bytes)
            }
            let siblings = ordered.prefix(siblingsSearched)
            for b in ordered {
                if let a = siblings.first(where: { $0.tokenCount < b.tokenCount && isMoreGeneral($0.words, than: b.words) }) {
                    joins[b.bytes] = a.bytes
                }
            }
        }
        var result: [[UInt8]: [UInt8]] = [:]
        for template in counts.keys {
            var target = template
            while let next = joins[target] { target = next }
            result[template] = target
        }
        return result
    }

    /// A shape's or template's words: runs of tokens glued to one another.
    static func words(of bytes: [UInt8]) -> [Word] {
        let tokens = ArraySlice(Masker.tokens(bytes))
        var words: [Word] = []
        var start = tokens.startIndex
        for k in tokens.indices.dropFirst() where !tokens[k].glued {
            words.append(tokens[start..<k])
            start = k
        }
        if !tokens.isEmpty { words.append(tokens[start...]) }
        return words
    }

    /// Whether `a` is `b` with at least one compound value of `b` written as a bare `<*>`.
    static func isMoreGeneral(_ a: [Word], than b: [Word]) -> Bool {
        var generalises = false
        for (x, y) in zip(a, b) where !sameTokens(x, y) {
            guard holdsAsValue(x, y) else { return false }
            generalises = true
        }
        return generalises
    }

    /// Whether word `a` is `prefix <*> suffix` and word `b` is `prefix middle suffix` with a
    /// `<*>` in the middle (of two tokens or more, as `b` is longer than `a`).
    static func holdsAsValue(_ a: Word, _ b: Word) -> Bool {
        guard a.count < b.count else { return false }
        for i in a.indices where a[i].text == Masker.variable {
            let prefix = a[a.startIndex..<i], suffix = a[(i + 1)...]
            guard sameTokens(prefix, b.prefix(prefix.count)), sameTokens(suffix, b.suffix(suffix.count)) else { continue }
            if b.dropFirst(prefix.count).dropLast(suffix.count).contains(where: { $0.text == Masker.variable }) { return true }
        }
        return false
    }

    private static func sameTokens(_ x: Word, _ y: Word) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { $0.text == $1.text }
    }
}
