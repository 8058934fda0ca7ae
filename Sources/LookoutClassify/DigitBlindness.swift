/// Whether a PCRE2 pattern cannot tell one ASCII digit from another. Such a pattern matches
/// a text exactly when it matches the same text with other digits in the same places, and
/// takes the same steps to say so (so it hits a limit on both or on neither): every test it
/// makes of a character puts all ten digits on the same side. A rule's verdict on a message
/// can then be kept for messages that fold alike (`DigitFolding`, `ShapeMemo`).
///
/// Read on the pattern's text, and conservative: the answer is no when the pattern writes a
/// digit (outside a `{n}`, `{n,}` or `{n,m}` quantifier), has a class or range that holds
/// some digits but not all, sets extended mode (its comments would be misread), or uses
/// anything not understood here: code-point escapes (`\x`, `\o`, `\0`…`\9`, `\c`, `\N{…}`),
/// Unicode properties (`\p`, `\P`), back references and calls (`\g`, `\k`, `(?P=…)`,
/// `(?1)`, `(?R)`), callouts, conditions, `\Q…\E` around a digit or in a class, `\E` in a
/// class, a `[:` in a class that does not begin a POSIX class, and `(*…:…)` groups.
/// `\d`, `\w`, `\s`, `.`, `\b`, POSIX classes and ranges between two non-digits treat every
/// digit alike, as do letters and punctuation.
enum DigitBlindness {
    static func holds(for pattern: String) -> Bool {
        var reader = Reader(bytes: Array(pattern.utf8))
        return reader.blind()
    }

    private struct Reader {
        let bytes: [UInt8]
        var i = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
        static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }

        func at(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }

        mutating func blind() -> Bool {
            if RequiredLiterals.setsOption(in: bytes, { $0 | 0x20 == UInt8(ascii: "x") }) { return false }
            while let c = at(i) {
                switch c {
                case UInt8(ascii: "\\"):
                    guard escape(inClass: false) != .unknown else { return false }
                case UInt8(ascii: "["):
                    i += 1
                    guard classBlind() else { return false }
                case UInt8(ascii: "{"):
                    skipQuantifier()
                case UInt8(ascii: "("):
                    guard group() else { return false }
                default:
                    if Reader.isDigit(c) { return false }
                    i += 1
                }
            }
            return true
        }

        enum Atom: Equatable {
            /// A character that is no digit, or a shorthand class (`\d`, `\w`) that holds all digits or none.
            case uniform
            /// One literal character (its byte: a multi-byte character's first, which is no digit).
            case literal(UInt8)
            case unknown
        }

        /// The escape at `i` (a backslash), and `i` moved past it.
        mutating func escape(inClass: Bool) -> Atom {
            guard let e = at(i + 1) else { return .unknown }
            i += 2
            switch e {
            case UInt8(ascii: "d"), UInt8(ascii: "D"), UInt8(ascii: "w"), UInt8(ascii: "W"), UInt8(ascii: "s"), UInt8(ascii: "S"),
                 UInt8(ascii: "h"), UInt8(ascii: "H"), UInt8(ascii: "v"), UInt8(ascii: "V"):
                return .uniform
            case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "f"), UInt8(ascii: "e"), UInt8(ascii: "a"):
                return .literal(0x0A)   // a control character: no digit
            case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: "G"),
                 UInt8(ascii: "K"), UInt8(ascii: "X"), UInt8(ascii: "R"), UInt8(ascii: "E"):
                // In a class, `\E` (and `\Q\E`) at its start is skipped, and the `]` after it is
                // then a member: not understood here.
                return inClass && e != UInt8(ascii: "b") ? .unknown : .uniform
            case UInt8(ascii: "N"):
                return at(i) == UInt8(ascii: "{") || inClass ? .unknown : .uniform
            case UInt8(ascii: "Q"):
                if inClass { return .unknown }
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\\") && at(i + 1) == UInt8(ascii: "E") { i += 2; return .uniform }
                    if Reader.isDigit(bytes[i]) { return .unknown }
                    i += 1
                }
                return .uniform
            default:
                // Escaped punctuation (or a non-ASCII byte) stands for itself; other letters and
                // digits are code points, properties or references.
                return Reader.isLetter(e) || Reader.isDigit(e) ? .unknown : .literal(e)
            }
        }

        /// A class from just after its `[`, to just after its `]`.
        mutating func classBlind() -> Bool {
            if at(i) == UInt8(ascii: "^") { i += 1 }
            var first = true
            while let c = at(i) {
                if c == UInt8(ascii: "]") && !first { i += 1; return true }
                first = false
                if c == UInt8(ascii: "["), at(i + 1) == UInt8(ascii: ":") {
                    // [:alpha:], [:^digit:]: a name of letters between `[:` and `:]`; anything
                    // else (`[:x[:]`, which PCRE2 reads as plain members) is not understood here.
                    var j = i + 2
                    if at(j) == UInt8(ascii: "^") { j += 1 }
                    let name = j
                    while let d = at(j), Reader.isLetter(d) { j += 1 }
                    guard j > name, at(j) == UInt8(ascii: ":"), at(j + 1) == UInt8(ascii: "]") else { return false }
                    i = j + 2
                    continue
                }
                let low = classAtom()
                if low == .unknown { return false }
                if at(i) == UInt8(ascii: "-"), let next = at(i + 1), next != UInt8(ascii: "]") {
                    i += 1
                    let high = classAtom()
                    guard case .literal(let lo) = low, case .literal(let hi) = high else { return false }
                    if Reader.isDigit(lo) || Reader.isDigit(hi) {
                        guard lo == UInt8(ascii: "0") && hi == UInt8(ascii: "9") else { return false }
                    }
                    // Two non-digits: the ten digits, which are contiguous, are all between them or none is.
                } else if case .literal(let c) = low, Reader.isDigit(c) {
                    return false
                }
            }
            return false   // not closed
        }

        mutating func classAtom() -> Atom {
            guard let c = at(i) else { return .unknown }
            if c == UInt8(ascii: "\\") { return escape(inClass: true) }
            i += 1
            return .literal(c)
        }

        /// Past a `{n}`, `{n,}` or `{n,m}` quantifier at `i`; past the `{` alone when it is a literal.
        mutating func skipQuantifier() {
            var j = i + 1
            let digitsStart = j
            while let d = at(j), Reader.isDigit(d) { j += 1 }
            guard j > digitsStart else { i += 1; return }
            if at(j) == UInt8(ascii: ",") {
                j += 1
                while let d = at(j), Reader.isDigit(d) { j += 1 }
            }
            i = at(j) == UInt8(ascii: "}") ? j + 1 : i + 1
        }

        /// A group's opening at `i`, and `i` past it (the group's contents are read as the rest of the pattern).
        mutating func group() -> Bool {
            i += 1
            if at(i) == UInt8(ascii: "*") {   // a verb: (*UTF), (*SKIP), (*LIMIT_MATCH=…)
                var j = i
                while let d = at(j), d != UInt8(ascii: ")") {
                    if d == UInt8(ascii: ":") { return false }   // (*MARK:…), (*pla:…): left alone
                    j += 1
                }
                i = j + 1
                return true
            }
            guard at(i) == UInt8(ascii: "?") else { return true }
            i += 1
            guard let c = at(i) else { return false }
            switch c {
            case UInt8(ascii: ":"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "!"):
                i += 1
                return true
            case UInt8(ascii: "#"):
                while let d = at(i), d != UInt8(ascii: ")") { i += 1 }
                i += 1
                return true
            case UInt8(ascii: "<"), UInt8(ascii: "'"), UInt8(ascii: "P"):
                if c == UInt8(ascii: "<"), let n = at(i + 1), n == UInt8(ascii: "=") || n == UInt8(ascii: "!") {
                    i += 2
                    return true
                }
                if c == UInt8(ascii: "P") {
                    guard at(i + 1) == UInt8(ascii: "<") else { return false }   // (?P=name), (?P>name)
                    i += 1
                }
                let close = bytes[i] == UInt8(ascii: "'") ? UInt8(ascii: "'") : UInt8(ascii: ">")
                i += 1
                while let d = at(i), d != close {
                    guard Reader.isLetter(d) || Reader.isDigit(d) || d == UInt8(ascii: "_") else { return false }
                    i += 1
                }
                i += 1
                return true
            default:
                // Option settings: (?i), (?-i), (?^), (?i: … (not (?R), a recursion, nor (?C), a callout)
                while let d = at(i), (Reader.isLetter(d) && d != UInt8(ascii: "R") && d != UInt8(ascii: "C")) || d == UInt8(ascii: "-") || d == UInt8(ascii: "^") { i += 1 }
                guard let end = at(i), end == UInt8(ascii: ")") || end == UInt8(ascii: ":") else { return false }
                i += 1
                return true
            }
        }
    }
}
