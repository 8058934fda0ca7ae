/// Turns a message into its shape: a token sequence in which variable parts are `<*>`.
///
/// One pass over the bytes, by hand (no regex on the hot path). Tokens are separated by
/// white space, and the delimiters `= , ; : ( ) [ ] { } " ' |` are tokens of their own, so
/// `uid=0`, `batch:16` and `[10.0.0.1]` expose their values. A word is a variable when it
///   - holds a digit: numbers, hex, IPv4/IPv6 with ports, UUIDs, MAC addresses, ids like
///     `blk_-42`, versions, durations (`12ms`), sizes (`3.5MiB`), times and dates;
///   - is a path (`/var/log/x`, `./a`, `~/a`, `C:\x`) or a URL (`scheme://…`);
///   - is an e-mail address, a host name (`mail.example.com`), or 8+ hex digits (`deadbeef`);
///   - is a month or weekday name beside another variable (`Jul 10 03:55:15 2005`).
/// A run of variable tokens becomes one `<*>`; empty brackets standing alone hold one (` ()` → ` (<*>)`);
/// a run of dots separates (`instruction......0` → `instruction......<*>`).
/// User masks (PCRE2, from rule files) are applied to the text first.
///
/// The shape is written to a byte buffer: each token is preceded by a space (`0x20`) when
/// white space preceded it in the text, or by `0x01` when it was glued to the token before
/// (so a template can be shown as written: `uid=<*>`).
public enum Masker {
    public static let variable: [UInt8] = Array("<*>".utf8)
    static let spaced: UInt8 = 0x20
    static let glued: UInt8 = 0x01

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C }

    @inline(__always) static func isDelimiter(_ c: UInt8) -> Bool {
        switch c {
        case 0x3D, 0x2C, 0x3B, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x22, 0x27, 0x7C, 0x3A: return true
        default: return false
        }
    }

    /// A token found in the text: a byte range and what it is.
    struct Token {
        enum Kind { case word, variable, delimiter, calendarName }
        var start: Int
        var end: Int
        var kind: Kind
        var spaceBefore: Bool
        var isColon = false
    }

    /// Scratch space reused between calls (one per thread).
    public struct Scratch {
        var tokens: [Token] = []
        public init() {}
    }

    /// Writes the shape of `text` into `out` (cleared first). `masked` marks byte ranges
    /// of `text` already known to be variables (user masks), sorted by start.
    public static func shape(of text: UnsafeRawBufferPointer, masked: [Range<Int>] = [], into out: inout [UInt8]) {
        var scratch = Scratch()
        shape(of: text, masked: masked, into: &out, scratch: &scratch)
    }

    public static func shape(of text: UnsafeRawBufferPointer, masked: [Range<Int>] = [], into out: inout [UInt8], scratch: inout Scratch) {
        tokenize(text, masked: masked, into: &scratch.tokens)
        resolve(&scratch.tokens)
        let tokens = scratch.tokens
        out.removeAll(keepingCapacity: true)
        var previousWasVariable = false
        for t in tokens {
            if t.kind == .variable && previousWasVariable { continue }   // one <*> for a run of variable tokens
            out.append(out.isEmpty ? spaced : (t.spaceBefore ? spaced : glued))
            if t.kind == .variable {
                out += variable
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[t.start..<t.end]))
            }
            previousWasVariable = t.kind == .variable
        }
    }

    /// Settles what the tokenizer could not decide alone:
    /// - a month or weekday name beside a variable is part of a date (`Sun Jul 10 03:55:15`);
    /// - colons glued between variables join them (`10.1.2.3:8080`, `08:55:19`, `fe80::1`).
    static func resolve(_ tokens: inout [Token]) {
        var changed = true
        while changed {
            changed = false
            for k in tokens.indices where tokens[k].kind == .calendarName {
                let before = k > 0 && tokens[k - 1].kind == .variable
                let after = k + 1 < tokens.count && tokens[k + 1].kind == .variable
                if before || after { tokens[k].kind = .variable; changed = true }
            }
        }
        for k in tokens.indices where tokens[k].kind == .calendarName { tokens[k].kind = .word }
        var k = 1
        while k < tokens.count {
            guard tokens[k - 1].kind == .variable, isGluedColon(tokens[k]) else { k += 1; continue }
            var j = k
            while j < tokens.count && isGluedColon(tokens[j]) { j += 1 }
            if j < tokens.count && tokens[j].kind == .variable && !tokens[j].spaceBefore {
                for m in k..<j { tokens[m].kind = .variable; tokens[m].spaceBefore = false }
            }
            k = j + 1
        }
    }

    private static func isGluedColon(_ t: Token) -> Bool { t.kind == .delimiter && !t.spaceBefore && t.isColon }

    static func tokenize(_ text: UnsafeRawBufferPointer, masked: [Range<Int>], into tokens: inout [Token]) {
        tokens.removeAll(keepingCapacity: true)
        var i = 0
        let n = text.count
        var spaceBefore = true
        var nextMask = 0
        while i < n {
            let c = text[i]
            if isSpace(c) { spaceBefore = true; i += 1; continue }
            let space = spaceBefore
            spaceBefore = false
            if nextMask < masked.count, masked[nextMask].lowerBound <= i {
                let end = max(masked[nextMask].upperBound, i + 1)
                nextMask += 1
                tokens.append(Token(start: i, end: end, kind: .variable, spaceBefore: space))
                i = end
                continue
            }
            if isDelimiter(c) {
                tokens.append(Token(start: i, end: i + 1, kind: .delimiter, spaceBefore: space, isColon: c == 0x3A))
                // ` ()`, ` []` standing alone: an empty value between brackets is still a value
                // (`from 1.2.3.4 () at`); glued to a word they are a call (`init()`).
                if (c == 0x28 || c == 0x5B) && space && i + 1 < n && text[i + 1] == (c == 0x28 ? 0x29 : 0x5D) {
                    tokens.append(Token(start: i + 1, end: i + 1, kind: .variable, spaceBefore: false))
                }
                i += 1
                continue
            }
            // A run of two or more dots (`instruction......0`) separates like a delimiter.
            if c == 0x2E && i + 1 < n && text[i + 1] == 0x2E {
                var j = i
                while j < n && text[j] == 0x2E { j += 1 }
                tokens.append(Token(start: i, end: j, kind: .delimiter, spaceBefore: space))
                i = j
                continue
            }
            var j = i
            while j < n && !isSpace(text[j]) && !isDelimiter(text[j]) && !(text[j] == 0x2E && j + 1 < n && text[j + 1] == 0x2E) { j += 1 }
            // A URL (`scheme://…`) runs to the next white space, delimiters and all.
            if j + 2 < n && text[j] == 0x3A && text[j + 1] == 0x2F && text[j + 2] == 0x2F, let urlEnd = urlEnd(text, from: i) {
                tokens.append(Token(start: i, end: urlEnd, kind: .variable, spaceBefore: space))
                i = urlEnd
                continue
            }
            if nextMask < masked.count && masked[nextMask].lowerBound < j { j = max(masked[nextMask].lowerBound, i + 1) }
            let word = UnsafeRawBufferPointer(rebasing: text[i..<j])
            let kind: Token.Kind = isVariable(word) ? .variable : (isCalendarName(word) ? .calendarName : .word)
            tokens.append(Token(start: i, end: j, kind: kind, spaceBefore: space))
            i = j
        }
    }

    /// The end of a URL starting at `i` (`scheme://…` up to white space, a quote or a closing bracket).
    static func urlEnd(_ text: UnsafeRawBufferPointer, from i: Int) -> Int? {
        var j = i
        let n = text.count
        while j < n && j - i < 16 && ((text[j] | 0x20) &- 0x61 < 26 || text[j] &- 0x30 < 10 || text[j] == 0x2B || text[j] == 0x2E || text[j] == 0x2D) { j += 1 }
        guard j > i, j + 2 < n, text[j] == 0x3A, text[j + 1] == 0x2F, text[j + 2] == 0x2F else { return nil }
        j += 3
        while j < n && !isSpace(text[j]) && text[j] != 0x22 && text[j] != 0x27 && text[j] != 0x29 && text[j] != 0x5D && text[j] != 0x3E { j += 1 }
        return j
    }

    /// `Jan` … `Dec`, `Mon` … `Sun` (any case; a trailing `,` or `.` allowed).
    static func isCalendarName(_ w: UnsafeRawBufferPointer) -> Bool {
        var n = w.count
        if n == 4 && (w[3] == 0x2C || w[3] == 0x2E) { n = 3 }
        guard n == 3 else { return false }
        let key = (UInt32(w[0] | 0x20) << 16) | (UInt32(w[1] | 0x20) << 8) | UInt32(w[2] | 0x20)
        switch key {
        case 0x6A616E, 0x666562, 0x6D6172, 0x617072, 0x6D6179, 0x6A756E, 0x6A756C, 0x617567, 0x736570, 0x6F6374, 0x6E6F76, 0x646563,
             0x6D6F6E, 0x747565, 0x776564, 0x746875, 0x667269, 0x736174, 0x73756E:
            return true
        default:
            return false
        }
    }

    /// Top-level domains that end host names (`mail.example.com`); Java packages begin with
    /// them instead (`com.example.Mail`), so only the last label counts.
    static let topLevelDomains: Set<String> = [
        "com", "net", "org", "edu", "gov", "mil", "int", "io", "info", "biz", "local", "localdomain", "internal", "lan",
        "arpa", "cloud", "dev", "app", "us", "uk", "de", "fr", "jp", "cn", "ru", "br", "in", "it", "nl", "es", "ca", "au",
        "kr", "tw", "hk", "ch", "se", "no", "fi", "dk", "pl", "cz", "at", "be", "eu", "mx", "ar", "za", "tr", "il", "ie",
    ]

    /// A host name: two or more dot-separated labels of letters, digits and `-`, the last a
    /// known top-level domain.
    static func isHostName(_ w: UnsafeRawBufferPointer) -> Bool {
        guard w.count >= 4, let lastDot = w.lastIndex(of: 0x2E), lastDot > 0, lastDot < w.count - 1 else { return false }
        var dots = 0
        for k in 0..<w.count {
            let c = w[k]
            if c == 0x2E { dots += 1; continue }
            guard (c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10 || c == 0x2D else { return false }
        }
        guard dots >= 1 else { return false }
        let tld = String(decoding: UnsafeRawBufferPointer(rebasing: w[(lastDot + 1)...]), as: UTF8.self).lowercased()
        return topLevelDomains.contains(tld)
    }

    public static func isVariable(_ w: UnsafeRawBufferPointer) -> Bool {
        let n = w.count
        guard n > 0 else { return false }
        var hexDigits = 0
        var at = -1
        var dots = 0
        for k in 0..<n {
            let c = w[k]
            if c &- 0x30 < 10 { return true }
            if (c | 0x20) &- 0x61 < 6 { hexDigits += 1 }
            if c == 0x40 && at < 0 { at = k }
            if c == 0x2E { dots += 1 }
        }
        let first = w[0]
        if first == 0x2F && n > 1 { return true }                                       // /path
        if n > 2 && (first == 0x2E || first == 0x7E) && w[1] == 0x2F { return true }    // ./path ~/path
        if n > 2 && w[1] == 0x3A && w[2] == 0x5C { return true }                        // C:\path
        if n >= 8 && hexDigits == n { return true }                                     // deadbeef
        if at > 0 && at < n - 3 && (at + 1..<n).contains(where: { w[$0] == 0x2E }) { return true }  // user@host.tld
        if dots > 0 && isHostName(w) { return true }
        if n > 4 {
            for k in 1..<(n - 3) where w[k] == 0x3A && w[k + 1] == 0x2F && w[k + 2] == 0x2F { return true }  // scheme://
        }
        return false
    }

    /// The template text a shape shows: tokens joined as they were written.
    public static func display(_ shape: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(shape.count)
        for (k, c) in shape.enumerated() {
            if c == glued { continue }
            if c == spaced && k == 0 { continue }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The tokens of a shape, each with whether it was glued to the one before.
    public static func tokens(_ shape: [UInt8]) -> [(text: [UInt8], glued: Bool)] {
        var out: [(text: [UInt8], glued: Bool)] = []
        var current: [UInt8] = []
        var currentGlued = false
        var started = false
        for c in shape {
            if c == spaced || c == glued {
                if started { out.append((current, currentGlued)) }
                current = []
                currentGlued = c == glued
                started = true
            } else {
                current.append(c)
            }
        }
        if started { out.append((current, currentGlued)) }
        return out
    }
}
