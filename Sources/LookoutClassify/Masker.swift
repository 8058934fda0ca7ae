/// Turns a message into its shape: a token sequence in which variable parts are `<*>`.
///
/// One pass over the bytes, by hand (no regex on the hot path). Tokens are separated by
/// white space, and the delimiters `= , ; : ( ) [ ] { } " ' |` are tokens of their own, so
/// `uid=0`, `batch:16` and `[10.0.0.1]` expose their values. A word is a variable when it
///   - holds a digit: numbers, hex, IPv4/IPv6 with ports, UUIDs, MAC addresses, ids like
///     `blk_-42`, versions, durations (`12ms`), sizes (`3.5MiB`), times and dates. A name
///     numbered by one digit (`eth0`, `ssh2`) keeps its letters: `eth<*>` (`isNumberedName`);
///   - is a path (`/var/log/x`, `./a`, `~/a`, `conf/app.yaml`: a `/` and a `.`; so is
///     Android's `com.example.app/.MainActivity`) or a URL (`scheme://…`). A Windows path
///     is not found yet: its `:` splits it (`C:\logs\a.txt` stays as it is);
///   - is an e-mail address, a host name (`mail.example.com`), or 8+ hex digits (`deadbeef`);
///   - is a month or weekday name beside another variable (`Jul 10 03:55:15 2005`);
///   - is a boolean or null (`true`, `false`, `null`, any case), as Loghub's reference
///     templates have them;
///   - is a unit of size or time written apart after a variable (`2.1 KB`, `1190 bytes`,
///     `<1 sec`: an amount is one value whatever its unit, as `2.1KB` is);
///   - is a parenthesis around variables after an amount with its unit (`1190 bytes (1.16 KB)`:
///     the same amount written twice is one value);
///   - is a comma glued between two variables (`10.0.0.1,10.0.0.2`: one list of values).
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
        enum Kind: UInt8 { case word, variable, delimiter, calendarName, numberedName }
        var start: Int
        var end: Int
        var kind: Kind
        var spaceBefore: Bool
        var isColon = false
    }

    /// Scratch space reused between calls (one per thread): the tokens of a line and the
    /// shape being written. Both only grow (to the longest line seen), so a line costs no
    /// allocation once the scratch is warm.
    public struct Scratch {
        var tokens: [Token] = []
        var bytes: [UInt8] = []
        public init() {}

        /// Room for the tokens and the shape of a text of `n` bytes: a token takes at least
        /// one byte except the `<*>` of ` ()`, which follows a `(` (so at most 2n tokens), and
        /// a byte becomes at most 6 in the shape (` (` and ` <*>` for the `(` of ` ()`), plus 16
        /// for `write`'s word moves, which may run up to 15 bytes past the last word.
        @inline(__always) mutating func reserve(textBytes n: Int) {
            if tokens.count < 2 * n + 2 {
                tokens = Array(repeating: Token(start: 0, end: 0, kind: .word, spaceBefore: false), count: max(2 * n + 2, 2 * tokens.count))
            }
            if bytes.count < 6 * n + 16 {
                bytes = Array(repeating: 0, count: max(6 * n + 16, 2 * bytes.count))
            }
        }
    }

    /// Writes the shape of `text` into `out` (cleared first). `masked` marks byte ranges
    /// of `text` already known to be variables (user masks), sorted by start.
    public static func shape(of text: UnsafeRawBufferPointer, masked: [Range<Int>] = [], into out: inout [UInt8]) {
        var scratch = Scratch()
        shape(of: text, masked: masked, into: &out, scratch: &scratch)
    }

    public static func shape(of text: UnsafeRawBufferPointer, masked: [Range<Int>] = [], into out: inout [UInt8], scratch: inout Scratch) {
        withShape(of: text, masked: masked, scratch: &scratch) { shape in
            out.removeAll(keepingCapacity: true)
            out.append(contentsOf: shape)
        }
    }

    /// Calls `body` with the shape of `text`, held in `scratch` (valid only during the call):
    /// the classifier hashes and looks it up without copying it.
    static func withShape<R>(of text: UnsafeRawBufferPointer, masked: [Range<Int>], scratch: inout Scratch,
                             _ body: (UnsafeRawBufferPointer) -> R) -> R {
        scratch.reserve(textBytes: text.count)
        return scratch.tokens.withUnsafeMutableBufferPointer { tokens in
            let found = tokenize(text, masked: masked, into: tokens)
            resolve(text, tokens, count: found.count, calendarNames: found.calendarNames, colons: found.colons)
            return scratch.bytes.withUnsafeMutableBufferPointer { out in
                let length = write(text, tokens: tokens, count: found.count, into: out.baseAddress!)
                return body(UnsafeRawBufferPointer(start: out.baseAddress!, count: length))
            }
        }
    }

    /// The shape bytes of `count` resolved tokens, written from `out` on; returns their length.
    private static func write(_ text: UnsafeRawBufferPointer, tokens: UnsafeMutableBufferPointer<Token>, count: Int,
                              into out: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        var previousWasVariable = false
        for k in 0..<count {
            let t = tokens[k]
            let isVariable = t.kind == .variable
            if isVariable && previousWasVariable { continue }   // one <*> for a run of variable tokens
            out[length] = length == 0 ? spaced : (t.spaceBefore ? spaced : glued)
            length += 1
            if isVariable {
                writeVariable(out, &length)
            } else {
                let numbered = t.kind == .numberedName   // its digit written as <*>
                let n = t.end - t.start - (numbered ? 1 : 0)
                let from = text.baseAddress!.assumingMemoryBound(to: UInt8.self) + t.start
                if n <= 16 && t.start + 16 <= text.count {
                    // Most words are short: two 8-byte moves cost less than a call to memmove.
                    // They may copy bytes past the word: the next token overwrites them, and
                    // `out` has room for them (`Scratch.reserve`).
                    let source = UnsafeRawPointer(from), target = UnsafeMutableRawPointer(out + length)
                    target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                    target.storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
                } else {
                    (out + length).update(from: from, count: n)
                }
                length += n
                if numbered { writeVariable(out, &length) }
            }
            previousWasVariable = isVariable
        }
        return length
    }

    @inline(__always) private static func writeVariable(_ out: UnsafeMutablePointer<UInt8>, _ length: inout Int) {
        out[length] = 0x3C; out[length + 1] = 0x2A; out[length + 2] = 0x3E   // <*>
        length += 3
    }

    /// Settles what the tokenizer could not decide alone:
    /// - a month or weekday name beside a variable is part of a date (`Sun Jul 10 03:55:15`);
    /// - an address written with colons is one variable: a MAC or an IPv6 address (three
    ///   colons or more between variables and groups of up to four hex letters, or a `::`
    ///   between groups an address can hold: `00:1A:2B:3C:4D:5E`, `fe80::abcd`; so is a
    ///   list of four values or more glued by colons, `/a.jar:/b.jar:/c.jar:/d.jar`). Other
    ///   colons between variables stay, as Drain3's masks and Loghub's reference templates
    ///   keep them: `10.1.2.3:8080` is `<*>:<*>`, `08:55:19` is `<*>:<*>:<*>`.
    /// `calendarNames`, `colons`: whether the tokens hold any (when not, there is nothing to settle).
    static func resolve(_ text: UnsafeRawBufferPointer, _ tokens: UnsafeMutableBufferPointer<Token>, count: Int, calendarNames: Bool, colons: Bool) {
        if calendarNames {
            var changed = true
            while changed {
                changed = false
                for k in 0..<count where tokens[k].kind == .calendarName {
                    let before = k > 0 && tokens[k - 1].kind == .variable
                    let after = k + 1 < count && tokens[k + 1].kind == .variable
                    if before || after { tokens[k].kind = .variable; changed = true }
                }
            }
            for k in 0..<count where tokens[k].kind == .calendarName { tokens[k].kind = .word }
        }
        guard colons else { return }
        /// A group of a chain: a variable, or up to four hex letters, the last perhaps a digit
        /// (`db8` of `2001:db8::1` is a numbered name to the tokenizer).
        func isGroup(_ t: Token) -> Bool {
            if t.kind == .variable { return true }
            guard (t.kind == .word || t.kind == .numberedName) && t.end - t.start <= 4 else { return false }
            let letters = t.kind == .numberedName ? t.end - 1 : t.end
            return (t.start..<letters).allSatisfy { byteClass[Int(text[$0])] & classHex != 0 }
        }
        /// A group an IPv6 address can hold: up to four hex digits, or an IPv4 address at its
        /// end (`::ffff:10.0.0.1`). A `::` joins only these: `Brcm43xx::platformWoWEnable` is
        /// a C++ name.
        func isAddressGroup(_ t: Token) -> Bool {
            if t.end - t.start > 4 { return t.kind == .variable && (t.start..<t.end).contains { text[$0] == 0x2E } }
            return (t.start..<t.end).allSatisfy { byteClass[Int(text[$0])] & (classHex | classDigit) != 0 }
        }
        /// Whether a group holds a digit (a chain of hex letters alone is not an address).
        func isValue(_ t: Token) -> Bool { t.kind == .variable || t.kind == .numberedName }
        var k = 0
        while k < count {
            // Only a token with a colon glued after it can start a chain: the hex test of
            // `isGroup` is not run on every token of a line that holds a colon.
            guard k + 1 < count, isGluedColon(tokens[k + 1]), isGroup(tokens[k]) else { k += 1; continue }
            // The glued chain from here: group (`:` or `::` group)*, perhaps ending in `::`.
            var end = k + 1, colonCount = 0, doubled = false
            var hasVariable = isValue(tokens[k]), addressGroups = isAddressGroup(tokens[k])
            while end < count && isGluedColon(tokens[end]) {
                let second = end + 1 < count && isGluedColon(tokens[end + 1])
                let next = end + (second ? 2 : 1)
                if next < count && !tokens[next].spaceBefore && isGroup(tokens[next]) {
                    hasVariable = hasVariable || isValue(tokens[next])
                    addressGroups = addressGroups && isAddressGroup(tokens[next])
                    colonCount += second ? 2 : 1
                    doubled = doubled || second
                    end = next + 1
                } else {
                    if second { doubled = true; colonCount += 2; end = next }   // `fe80::`
                    break
                }
            }
            if hasVariable && (doubled ? addressGroups : colonCount >= 3) {
                for m in k..<end {
                    tokens[m].kind = .variable
                    if m > k { tokens[m].spaceBefore = false }
                }
            }
            k = end
        }
    }

    @inline(__always) private static func isGluedColon(_ t: Token) -> Bool { t.kind == .delimiter && !t.spaceBefore && t.isColon }

    // Byte classes for the tokenizer, one table lookup per byte.
    private static let classSpace: UInt8 = 1 << 0       // white space
    private static let classDelimiter: UInt8 = 1 << 1   // = , ; : ( ) [ ] { } " ' |
    private static let classDot: UInt8 = 1 << 2         // .
    private static let classDigit: UInt8 = 1 << 3       // 0-9
    private static let classHex: UInt8 = 1 << 4         // a-f A-F (not digits: 8+ hex letters make a word variable)
    private static let classHost: UInt8 = 1 << 5        // letters, digits, `-` and `.`: what a host name is made of
    private static let classAt: UInt8 = 1 << 6          // @
    private static let byteClass: [UInt8] = (0...255).map { (v: Int) -> UInt8 in
        let c = UInt8(v)
        var k: UInt8 = 0
        if isSpace(c) { k |= classSpace }
        if isDelimiter(c) { k |= classDelimiter }
        if c == 0x2E { k |= classDot | classHost }
        if c &- 0x30 < 10 { k |= classDigit | classHost }
        if (c | 0x20) &- 0x61 < 6 { k |= classHex }
        if (c | 0x20) &- 0x61 < 26 || c == 0x2D { k |= classHost }
        if c == 0x40 { k |= classAt }
        return k
    }

    /// Splits `text` into tokens (written from `tokens[0]` on; the buffer holds at least
    /// `2 * text.count + 2`). Returns how many, and whether any is a calendar name or a colon.
    static func tokenize(_ text: UnsafeRawBufferPointer, masked: [Range<Int>], into tokens: UnsafeMutableBufferPointer<Token>)
        -> (count: Int, calendarNames: Bool, colons: Bool) {
        let n = text.count
        guard n > 0 else { return (0, false, false) }
        let p = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var count = 0
        var calendarNames = false
        var colons = false
        var i = 0
        var spaceBefore = true
        var nextMask = 0
        let maskCount = masked.count
        byteClass.withUnsafeBufferPointer { table in
            @inline(__always) func append(_ start: Int, _ end: Int, _ kind: Token.Kind, _ space: Bool, isColon: Bool = false) {
                tokens[count] = Token(start: start, end: end, kind: kind, spaceBefore: space, isColon: isColon)
                count += 1
            }
            while i < n {
                let c = p[i]
                let cc = table[Int(c)]
                if cc & classSpace != 0 { spaceBefore = true; i += 1; continue }
                let space = spaceBefore
                spaceBefore = false
                if nextMask < maskCount, masked[nextMask].lowerBound <= i {
                    let end = max(masked[nextMask].upperBound, i + 1)
                    nextMask += 1
                    append(i, end, .variable, space)
                    i = end
                    continue
                }
                if cc & classDelimiter != 0 {
                    let isColon = c == 0x3A
                    if isColon { colons = true }
                    if c == 0x29 && !space && marksRestatedValue(tokens, count: count, text: p) {
                        append(i, i + 1, .variable, false)
                        i += 1
                        continue
                    }
                    append(i, i + 1, .delimiter, space, isColon: isColon)
                    // ` ()`, ` []` standing alone: an empty value between brackets is still a value
                    // (`from 1.2.3.4 () at`); glued to a word they are a call (`init()`).
                    if (c == 0x28 || c == 0x5B) && space && i + 1 < n && p[i + 1] == (c == 0x28 ? 0x29 : 0x5D) {
                        append(i + 1, i + 1, .variable, false)
                    }
                    i += 1
                    continue
                }
                // A run of two or more dots (`instruction......0`) separates like a delimiter.
                if c == 0x2E && i + 1 < n && p[i + 1] == 0x2E {
                    var j = i
                    while j < n && p[j] == 0x2E { j += 1 }
                    append(i, j, .delimiter, space)
                    i = j
                    continue
                }
                // A word: to white space, a delimiter or a run of dots. Its byte classes are
                // gathered on the way, for `isVariableWithoutDigits`.
                var j = i
                var any: UInt8 = 0
                var all: UInt8 = 0xFF
                while j < n {
                    let k = table[Int(p[j])]
                    if k & (classSpace | classDelimiter | classDot) != 0 {
                        if k & classDot == 0 || (j + 1 < n && p[j + 1] == 0x2E) { break }
                    }
                    any |= k
                    all &= k
                    j += 1
                }
                // A URL (`scheme://…`) runs to the next white space, delimiters and all.
                if j + 2 < n && p[j] == 0x3A && p[j + 1] == 0x2F && p[j + 2] == 0x2F, let urlEnd = urlEnd(text, from: i) {
                    append(i, urlEnd, .variable, space)
                    i = urlEnd
                    continue
                }
                if nextMask < maskCount && masked[nextMask].lowerBound < j {
                    // Cut short by a user mask: judge the part before it, by its own bytes' classes.
                    j = max(masked[nextMask].lowerBound, i + 1)
                    any = 0
                    all = 0xFF
                    for k in i..<j { any |= table[Int(p[k])]; all &= table[Int(p[k])] }
                }
                let word = UnsafeRawBufferPointer(rebasing: text[i..<j])
                let variable = any & classDigit != 0 || isVariableWithoutDigits(word, any: any, all: all)
                let kind: Token.Kind
                if variable && isNumberedName(word) {
                    kind = .numberedName
                } else if variable || (space && count > 0 && tokens[count - 1].kind == .variable && isUnit(word)) {
                    kind = .variable
                    // A list of values glued by commas (`10.0.0.1,10.0.0.2`) is one variable,
                    // however many it holds.
                    if !space && count >= 2 && tokens[count - 1].kind == .delimiter && p[tokens[count - 1].start] == 0x2C
                        && !tokens[count - 1].spaceBefore && tokens[count - 2].kind == .variable {
                        tokens[count - 1].kind = .variable
                    }
                } else if (word.count == 3 || word.count == 4) && isCalendarName(word) {
                    kind = .calendarName
                    calendarNames = true
                } else {
                    kind = .word
                }
                append(i, j, kind, space)
                i = j
            }
        }
        return (count, calendarNames, colons)
    }

    /// A name numbered by one digit (`eth0`, `en1`, `ssh2`, `PSR0`): two to six ASCII letters,
    /// then the digit. Its letters say what it is (an interface, a protocol, a register), so
    /// the shape keeps them and masks the digit alone (`eth<*>`); the builder's columns then
    /// tell names that are values (`test1`, `test2`, … `test9`) from a few that are not.
    /// The digit's value is never read (`ShapeMemo`).
    @inline(__always) static func isNumberedName(_ w: UnsafeRawBufferPointer) -> Bool {
        let n = w.count
        guard n >= 3 && n <= 7, w[n - 1] &- 0x30 < 10 else { return false }
        for k in 0..<(n - 1) where (w[k] | 0x20) &- 0x61 >= 26 { return false }
        return true
    }

    /// When a `)` glued to the tokens before closes `<*> unit (<*>…` (variables in a
    /// parenthesis set apart after an amount with its unit, the same amount written again:
    /// `1190 bytes (1.16 KB)`, `took 1250 ms (1.2 s)`), marks the `(` a variable, so that the
    /// run is one `<*>`, and returns true: the `)` is to be a variable too. After other values
    /// the parenthesis stays: an address and its host name (`from 10.0.0.1 (db.example.com)`)
    /// are two.
    @inline(__always)
    private static func marksRestatedValue(_ tokens: UnsafeMutableBufferPointer<Token>, count: Int, text p: UnsafePointer<UInt8>) -> Bool {
        var k = count - 1
        while k >= 0 && tokens[k].kind == .variable { k -= 1 }
        // `tokens[k + 1]` empty: the value of ` ()`, which stays as it is.
        guard k >= 2, k < count - 1, tokens[k].kind == .delimiter, p[tokens[k].start] == 0x28, tokens[k].spaceBefore,
              tokens[k + 1].end > tokens[k + 1].start else { return false }
        let unit = tokens[k - 1]
        guard unit.kind == .variable, unit.spaceBefore, tokens[k - 2].kind == .variable,
              isUnit(UnsafeRawBufferPointer(start: p + unit.start, count: unit.end - unit.start)) else { return false }
        tokens[k].kind = .variable
        return true
    }

    /// Whether a word of the tokenizer that holds no digit is a variable, given the classes
    /// of its bytes (`any`: present in some byte, `all`: in every byte; all hex letters is 8+
    /// hex digits here). Such a word holds no white space and no delimiter (so no `:`: a URL
    /// is found before, by `urlEnd`).
    @inline(__always)
    private static func isVariableWithoutDigits(_ w: UnsafeRawBufferPointer, any: UInt8, all: UInt8) -> Bool {
        let n = w.count
        let first = w[0]
        if first == 0x2F && n > 1 { return true }                                       // /path
        if n > 2 && (first == 0x2E || first == 0x7E) && w[1] == 0x2F { return true }    // ./path ~/path
        if n >= 8 && all & classHex != 0 { return true }                               // deadbeef
        if (n == 4 || n == 5) && isLiteral(w) { return true }                           // true, false, null
        if any & classAt != 0 {                                                         // user@host.tld
            let at = w.firstIndex(of: 0x40)!
            if at > 0 && at < n - 3 && (at + 1..<n).contains(where: { w[$0] == 0x2E }) { return true }
        }
        if any & classDot != 0 {
            if all & classHost != 0 && isHostName(w) { return true }
            if n > 2 && w.firstIndex(of: 0x2F) != nil { return true }                    // a/b.txt, com.app/.Main
        }
        return false
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

    /// A unit written apart from its number, of size (`2.1 KB`, `16.0 B`, `1190 bytes`) or of
    /// time (`<1 sec`, `250 ms`, `3 minutes`): part of the variable, so that an amount is
    /// one `<*>` whatever its unit (as `2.1KB` and `250ms` are). Units that are also words in
    /// the singular (`second`, `minute`, `day`, `byte`, `min`) are not: `day 27 second member`
    /// keeps its word, and the shape may not depend on a digit's value (`ShapeMemo`), so
    /// `1 second` cannot be told from `27 second`.
    @inline(__always) static func isUnit(_ w: UnsafeRawBufferPointer) -> Bool {
        w.count <= 7 && units.contains(packed(w))   // no unit is longer; longer words skip the lookup
    }

    /// The words of `isUnit`, `packed`.
    static let units: Set<UInt64> = Set([
        "B", "KB", "kB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "bytes",
        "ns", "us", "µs", "ms", "s", "sec", "secs", "seconds", "mins", "minutes", "hours", "days",
    ].map { packed(Array($0.utf8)) })

    /// `true`, `false` or `null`, in any case: a flag's value (`isScreenOn true`,
    /// `overlap:false`) or a missing one (`ws=null`), which Loghub's reference templates
    /// write as a variable.
    @inline(__always) static func isLiteral(_ w: UnsafeRawBufferPointer) -> Bool {
        let word = packed(w, orBits: 0x20)
        return word == literals.true || word == literals.false || word == literals.null
    }

    private static let literals = (true: packed(Array("true".utf8)), false: packed(Array("false".utf8)), null: packed(Array("null".utf8)))

    /// A word of up to 7 bytes as one number: its bytes little-endian, each or-ed with
    /// `orBits` (`0x20`: ASCII letters in lower case), and its length in the top byte (so
    /// `B` and `B` followed by a NUL differ).
    @inline(__always) static func packed<W: Collection<UInt8>>(_ w: W, orBits: UInt8 = 0) -> UInt64 {
        var word = UInt64(w.count) << 56
        for (k, c) in w.enumerated() where k < 7 { word |= UInt64(c | orBits) << (8 * UInt64(k)) }
        return word
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
