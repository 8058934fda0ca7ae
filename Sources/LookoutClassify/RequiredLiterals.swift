/// Finds literal strings that every match of a PCRE2 pattern must contain, so a cheap
/// scan for literals can pick the few rules worth running (ripgrep's candidate-line idea).
///
/// The answer is a set of alternatives — any match contains at least one of them, compared
/// ASCII case-insensitively (or, for a pattern that never ignores case, byte for byte:
/// `keepingCase`) — or nil when nothing can be proven (the rule is then always a
/// candidate). It must never miss: when in doubt, it returns less (shorter runs, or nil).
///
/// Understood: literal characters and escaped punctuation; `.`, classes and `\d`-style
/// escapes (which break a literal run); groups of every kind; `|` at any depth; quantifiers
/// (an optional item breaks the run; `+` keeps one copy and breaks it); option settings;
/// comments and verbs. Lookarounds, backreferences and non-ASCII letters give up on the run
/// they touch; `\Q…\E`, a lone `\E` (which, at a class's start, makes the `]` after it a
/// member) and extended mode give up on the whole pattern.
public enum RequiredLiterals {
    /// Literals shorter than this select too many lines to be worth scanning for.
    public static let minimumLength = 3

    public static func extract(_ pattern: String) -> [String]? {
        facts(of: pattern).flatMap(first)
    }

    /// Whether `pattern` may set caseless matching itself: an option setting (`(?i)`,
    /// `(?mi:`, `(?-i)`, …) with an `i` anywhere. Read on the text alone, so it may say yes
    /// where no setting is (`\(?i)` escaped, in a class): then the rule's literals are
    /// compared ignoring case, which never loses a match.
    public static func setsCaselessOption(_ pattern: String) -> Bool {
        setsOption(in: Array(pattern.utf8)) { $0 == UInt8(ascii: "i") }
    }

    /// Whether `bytes` hold an option setting (`(?` letters, `-` or `^`, then `)` or `:`)
    /// with a letter that `letter` accepts.
    static func setsOption(in bytes: [UInt8], _ letter: (UInt8) -> Bool) -> Bool {
        var k = 0
        while k + 1 < bytes.count {
            defer { k += 1 }
            guard bytes[k] == UInt8(ascii: "(") && bytes[k + 1] == UInt8(ascii: "?") else { continue }
            var j = k + 2
            var found = false
            while j < bytes.count, (bytes[j] | 0x20) &- 0x61 < 26 || bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "^") {
                if letter(bytes[j]) { found = true }
                j += 1
            }
            if found && j < bytes.count && (bytes[j] == UInt8(ascii: ")") || bytes[j] == UInt8(ascii: ":")) { return true }
        }
        return false
    }

    /// What the whole of `pattern` guarantees (nil: nothing can be proven).
    private static func facts(of pattern: String, keepingCase: Bool = false) -> Facts? {
        // On bytes: `String.contains` (Foundation's, comparing Unicode) was most of what
        // finding the built-in rules' literals cost at start-up.
        let bytes = Array(pattern.utf8)
        // `\Q…\E`, and extended mode anywhere (`(?x)`, `(?sx:`, …: white space in the pattern
        // is then no text).
        // `\E` alone too: at a class's start it is skipped, and the `]` after it is a member.
        for k in bytes.indices.dropLast() where bytes[k] == UInt8(ascii: "\\") && (bytes[k + 1] == UInt8(ascii: "Q") || bytes[k + 1] == UInt8(ascii: "E")) {
            return nil
        }
        if setsOption(in: bytes, { $0 | 0x20 == UInt8(ascii: "x") }) { return nil }
        var parser = Parser(bytes: bytes, keepingCase: keepingCase)
        guard let facts = parser.alternation(), parser.i == parser.bytes.count else { return nil }
        return facts
    }

    /// `extract`'s answer from the facts of a whole pattern.
    private static func first(_ facts: Facts) -> [String]? {
        guard let best = facts.best else { return nil }
        let out = best.map { String(decoding: $0, as: UTF8.self) }
        return out.allSatisfy({ $0.utf8.count >= minimumLength }) ? Array(Set(out)).sorted() : nil
    }

    /// Every set of alternatives that a match must contain, not only the best: a match
    /// contains at least one literal of *each* set (ASCII case-insensitively). The first set
    /// is `extract`'s; the others narrow the candidates further (`(checksum|crc) .* failed`
    /// needs both a `checksum`/`crc` and a `failed`, where `extract` alone keeps one side).
    /// Nil when `extract` proves nothing. Sets with a literal shorter than `minimumLength`
    /// are left out (leaving a requirement out never loses a match).
    ///
    /// `keepingCase`: the literals as the pattern writes them, for a pattern that never ignores
    /// case (see `setsCaselessOption`), where a match holds them byte for byte.
    public static func extractAll(_ pattern: String, keepingCase: Bool = false) -> [[String]]? {
        guard let facts = facts(of: pattern, keepingCase: keepingCase), let first = first(facts) else { return nil }
        var sets = [first]
        for set in facts.all {
            let strings = Array(Set(set.map { String(decoding: $0, as: UTF8.self) })).sorted()
            guard strings.allSatisfy({ $0.utf8.count >= minimumLength }), !sets.contains(strings) else { continue }
            sets.append(strings)
        }
        return sets
    }

    /// What a sub-pattern guarantees: the best set of required literals, and whether the
    /// whole sub-pattern is one exact literal (so it can join the runs around it).
    struct Facts {
        /// Alternatives, one of which every match contains; nil: nothing known.
        var best: [[UInt8]]?
        /// The sub-pattern matches exactly this text and nothing else.
        var exact: [UInt8]?
        /// Every set of alternatives known to be required (each set: one of them is in every
        /// match; all sets hold at once). `best` is one of them when it is not nil.
        var all: [[[UInt8]]] = []
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0

        /// Literals as written, not in ASCII lower case (for a pattern that never ignores case).
        let keepingCase: Bool

        init(bytes: [UInt8], keepingCase: Bool) {
            self.bytes = bytes
            self.keepingCase = keepingCase
        }

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        /// `a|b|c` up to `)` or the end.
        mutating func alternation() -> Facts? {
            var branches: [Facts] = []
            while true {
                guard let branch = sequence() else { return nil }
                branches.append(branch)
                if peek == UInt8(ascii: "|") { i += 1; continue }
                break
            }
            if branches.count == 1 { return branches[0] }
            // Every branch must guarantee something; the union of their sets is guaranteed.
            var union: [[UInt8]] = []
            for b in branches {
                guard let set = b.best else { return Facts(best: nil, exact: nil) }
                union += set
            }
            // Further sets: any one required set per branch, joined, is required too (a
            // match follows some branch). Join each branch's k-th set (its last when it has
            // fewer), for the first few k.
            var all = [union]
            let most = min(4, branches.map(\.all.count).max() ?? 0)
            if branches.allSatisfy({ !$0.all.isEmpty }) {
                for k in 0..<most {
                    all.append(branches.flatMap { $0.all[min(k, $0.all.count - 1)] })
                }
            }
            return Facts(best: union, exact: nil, all: all)
        }

        /// Picks the better of two guarantees: longer shortest member first, then fewer members.
        static func better(_ a: [[UInt8]]?, _ b: [[UInt8]]?) -> [[UInt8]]? {
            guard let a else { return b }
            guard let b else { return a }
            let la = a.map(\.count).min() ?? 0, lb = b.map(\.count).min() ?? 0
            if la != lb { return la > lb ? a : b }
            return a.count <= b.count ? a : b
        }

        mutating func sequence() -> Facts? {
            var best: [[UInt8]]? = nil
            var run: [UInt8] = []
            var exact: [UInt8]? = []       // stays non-nil while everything so far was literal
            var all: [[[UInt8]]] = []      // every required set met so far (each atom of a sequence is required)
            func closeRun() {
                if !run.isEmpty { best = Parser.better(best, [run]); all.append([run]) }
                run = []
            }
            while let c = peek, c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
                // One atom: its facts, then its quantifier.
                var atomLiteral: [UInt8]? = nil   // the atom is exactly this text
                var atomByte: UInt8? = nil        // the atom is exactly this one character (no array made for it)
                var atomBest: [[UInt8]]? = nil
                var atomAll: [[[UInt8]]] = []
                switch c {
                case UInt8(ascii: "("):
                    i += 1
                    switch groupKind() {
                    case .invalid: return nil
                    case .noContent:
                        continue
                    case .lookaround, .opaque:
                        guard skipGroup() else { return nil }
                        closeRun(); exact = nil
                        _ = quantifier()
                        continue
                    case .capturing:
                        guard let inner = alternation(), peek == UInt8(ascii: ")") else { return nil }
                        i += 1
                        atomLiteral = inner.exact
                        atomBest = inner.best
                        atomAll = inner.all
                    }
                case UInt8(ascii: "\\"):
                    i += 1
                    guard let e = peek else { return nil }
                    i += 1
                    if isPunctuation(e) { atomByte = e }
                    else if e == UInt8(ascii: "x") || e == UInt8(ascii: "p") || e == UInt8(ascii: "P") || e == UInt8(ascii: "g") || e == UInt8(ascii: "k") || e == UInt8(ascii: "N") || e == UInt8(ascii: "o") {
                        if peek == UInt8(ascii: "{") || peek == UInt8(ascii: "<") || peek == UInt8(ascii: "'") {
                            let close: UInt8 = peek == UInt8(ascii: "{") ? UInt8(ascii: "}") : peek == UInt8(ascii: "<") ? UInt8(ascii: ">") : UInt8(ascii: "'")
                            while let d = peek, d != close { i += 1 }
                            i += 1
                        } else if e == UInt8(ascii: "x") {
                            var n = 0
                            while n < 2, let d = peek, isHex(d) { i += 1; n += 1 }
                        } else if e == UInt8(ascii: "p") || e == UInt8(ascii: "P") {
                            if peek != nil { i += 1 }   // a one-letter property: `\pL`
                        } else if e == UInt8(ascii: "g") {
                            // a back reference by number: `\g1`, `\g-1`, `\g+2`
                            if peek == UInt8(ascii: "-") || peek == UInt8(ascii: "+") { i += 1 }
                            while let d = peek, d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9") { i += 1 }
                        }
                    } else if e == UInt8(ascii: "c") {
                        if peek != nil { i += 1 }   // a control character: `\cA`
                    } else if e >= UInt8(ascii: "0") && e <= UInt8(ascii: "9") {
                        while let d = peek, d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9") { i += 1 }
                    } else if e == UInt8(ascii: "b") || e == UInt8(ascii: "B") || e == UInt8(ascii: "A") || e == UInt8(ascii: "z") || e == UInt8(ascii: "Z") || e == UInt8(ascii: "G") {
                        // zero-width assertions: nothing consumed, the run goes on
                        continue
                    }
                case UInt8(ascii: "["):
                    guard skipClass() else { return nil }
                case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"):
                    i += 1
                    if c != UInt8(ascii: ".") { continue }   // anchors consume nothing
                default:
                    i += 1
                    if c >= 0x80 { atomByte = nil }       // non-ASCII: case folding unknown, give up on it
                    else if c == UInt8(ascii: "*") || c == UInt8(ascii: "+") || c == UInt8(ascii: "?") || c == UInt8(ascii: "{") { return nil }
                    else { atomByte = keepingCase ? c : lower(c) }
                }
                let (minimum, maximumIsOne) = quantifier()
                if minimum >= 1, atomByte != nil || atomLiteral != nil {
                    let atomStart = run.count
                    if let byte = atomByte { run.append(byte) } else { run += atomLiteral! }
                    if maximumIsOne && minimum == 1 {
                        exact? += run[atomStart...]
                    } else {
                        // `x+`, `x{2,}`: the text holds the run up to one x, and the last x
                        // is adjacent to what follows, so it starts the next run.
                        let literal = Array(run[atomStart...])
                        closeRun()
                        run = literal
                        exact = nil
                    }
                } else {
                    closeRun()
                    exact = nil
                    if minimum >= 1 {
                        best = Parser.better(best, atomBest)
                        all += atomAll   // a required group: what it requires, the sequence requires
                    }
                }
            }
            closeRun()
            return Facts(best: best, exact: exact, all: all)
        }

        enum GroupKind { case capturing, noContent, lookaround, opaque, invalid }

        /// After `(`: reads the group's opening syntax.
        mutating func groupKind() -> GroupKind {
            if peek == UInt8(ascii: "*") {   // (*VERB)
                while let c = peek, c != UInt8(ascii: ")") { i += 1 }
                i += 1
                return .noContent
            }
            guard peek == UInt8(ascii: "?") else { return .capturing }
            i += 1
            guard let c = peek else { return .invalid }
            switch c {
            case UInt8(ascii: ":"), UInt8(ascii: ">"), UInt8(ascii: "|"):
                i += 1
                return c == UInt8(ascii: "|") ? .opaque : .capturing
            case UInt8(ascii: "="), UInt8(ascii: "!"): return .lookaround
            case UInt8(ascii: "#"):
                while let d = peek, d != UInt8(ascii: ")") { i += 1 }
                i += 1
                return .noContent
            case UInt8(ascii: "<"):
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "=") || bytes[i + 1] == UInt8(ascii: "!") { return .lookaround }
                while let d = peek, d != UInt8(ascii: ">") { i += 1 }
                i += 1
                return .capturing
            case UInt8(ascii: "P"):
                i += 1
                guard peek == UInt8(ascii: "<") else { return .opaque }
                while let d = peek, d != UInt8(ascii: ">") { i += 1 }
                i += 1
                return .capturing
            case UInt8(ascii: "'"):
                i += 1
                while let d = peek, d != UInt8(ascii: "'") { i += 1 }
                i += 1
                return .capturing
            default:
                // option settings: (?i) (?-i) (?i:...)
                var j = i
                while j < bytes.count, isOptionLetter(bytes[j]) { j += 1 }
                if j < bytes.count, j > i {
                    if bytes[j] == UInt8(ascii: ")") { i = j + 1; return .noContent }
                    if bytes[j] == UInt8(ascii: ":") { i = j + 1; return .capturing }
                }
                return .opaque
            }
        }

        /// Skips to the `)` closing the group whose `(` was just read (nested groups and classes too).
        mutating func skipGroup() -> Bool {
            var depth = 1
            while let c = peek {
                i += 1
                if c == UInt8(ascii: "\\") { i += 1 }
                else if c == UInt8(ascii: "[") { i -= 1; guard skipClass() else { return false } }
                else if c == UInt8(ascii: "(") { depth += 1 }
                else if c == UInt8(ascii: ")") { depth -= 1; if depth == 0 { return true } }
            }
            return false
        }

        /// Skips `[...]`, with `]` first, escapes and POSIX classes inside.
        mutating func skipClass() -> Bool {
            i += 1
            if peek == UInt8(ascii: "^") { i += 1 }
            if peek == UInt8(ascii: "]") { i += 1 }
            while let c = peek {
                i += 1
                if c == UInt8(ascii: "\\") { i += 1 }
                else if c == UInt8(ascii: "["), peek == UInt8(ascii: ":") {
                    while let d = peek, d != UInt8(ascii: "]") { i += 1 }
                    i += 1
                } else if c == UInt8(ascii: "]") { return true }
            }
            return false
        }

        /// Reads an optional quantifier: (minimum count, whether the maximum is 1).
        mutating func quantifier() -> (Int, Bool) {
            guard let c = peek else { return (1, true) }
            var result: (Int, Bool)
            switch c {
            case UInt8(ascii: "?"): i += 1; result = (0, true)
            case UInt8(ascii: "*"): i += 1; result = (0, false)
            case UInt8(ascii: "+"): i += 1; result = (1, false)
            case UInt8(ascii: "{"):
                var j = i + 1
                var low = 0, digits = 0
                while j < bytes.count, bytes[j] >= 0x30 && bytes[j] <= 0x39 { low = min(low * 10 + Int(bytes[j] - 0x30), 1000); j += 1; digits += 1 }
                guard digits > 0, j < bytes.count else { return (1, true) }   // a literal `{`
                if bytes[j] == UInt8(ascii: "}") { i = j + 1; result = (low, low == 1) }
                else if bytes[j] == UInt8(ascii: ",") {
                    j += 1
                    var high = 0, highDigits = 0
                    while j < bytes.count, bytes[j] >= 0x30 && bytes[j] <= 0x39 { high = min(high * 10 + Int(bytes[j] - 0x30), 1000); j += 1; highDigits += 1 }
                    guard j < bytes.count, bytes[j] == UInt8(ascii: "}") else { return (1, true) }
                    i = j + 1
                    result = (low, highDigits > 0 && high == 1)
                } else { return (1, true) }
            default: return (1, true)
            }
            if let d = peek, d == UInt8(ascii: "?") || d == UInt8(ascii: "+") { i += 1 }   // lazy, possessive
            return result
        }

        func isPunctuation(_ c: UInt8) -> Bool {
            c < 0x80 && !(c >= 0x30 && c <= 0x39) && !((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A)
        }
        func isHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) }
        func isOptionLetter(_ c: UInt8) -> Bool { "imnsxJU-^".utf8.contains(c) }
        func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
    }
}
