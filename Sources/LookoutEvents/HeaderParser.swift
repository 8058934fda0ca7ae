import LookoutCore

/// Finds the header of a plain-text log line: its timestamp, its level, and where the
/// message body starts.
///
/// No per-format configuration: the same rules read syslog, log4j, Apache, glog, epoch-
/// stamped and the Loghub systems' headers. The steps:
/// 1. An RFC 5424/3164 priority `<PRI>` (and a version digit) at the start gives a level.
/// 2. A timestamp is looked for at the start of each of the first tokens (`TimestampParser`),
///    inside `[...]` too; weak forms (bare digit runs, month-day) only at the very start.
///    Running text (two lower-case words) before it means there is none, unless the line
///    starts with a record number and a numeric field follows the timestamp (HPC's
///    `2286759 node-D1 node status 1060340885 1 …`).
/// 3. From the end of the timestamp a bounded window of header tokens is read: level words
///    (`ERROR`, `[notice]`, `level=warn`, Android's `E`), separators (`-`, `|`), bracketed
///    thread or component names, process ids and flags (`-1`), and a `tag:` (`sshd[42]:`,
///    `dfs.DataNode$PacketResponder:`) which ends the header. After a level, a plain word
///    ends it, unless it is a logger name followed by ` - `.
public enum HeaderParser {
    public typealias Bytes = UnsafeRawBufferPointer

    public struct Header: Sendable {
        public var time: PartialTime?
        public var level: Level?
        /// Index of the first byte of the message body.
        public var bodyStart: Int
    }

    /// How many tokens from the start a timestamp may begin at (`- 1117838570 …` puts it second,
    /// some put it after a node name and a sequence number).
    static let timestampTokenLimit = 6
    /// How far past the timestamp header tokens are looked for: room for a level, a bracketed
    /// thread name of up to 256 bytes (`tokenEnd`) and a logger name.
    static let headerWindowBytes = 320
    static let headerWindowTokens = 10

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    @inline(__always)
    private static func parse(_ b: Bytes, _ scanTokens: (Bytes, Int, Bool, Level?) -> (level: Level?, bodyStart: Int)) -> Header {
        var level: Level?
        var p = 0
        var rfc5424 = false
        // <PRI> and RFC 5424's version
        if TimestampParser.byte(b, 0) == 0x3C {
            let run = TimestampParser.digitRun(b, 1)
            if run >= 1 && run <= 3 && TimestampParser.byte(b, 1 + run) == 0x3E, let pri = TimestampParser.digits(b, 1, run), pri <= 191 {
                level = Level(syslogPriority: pri)
                p = 2 + run
                if TimestampParser.isDigit(TimestampParser.byte(b, p)) && TimestampParser.byte(b, p + 1) == 0x20 { p += 2; rfc5424 = true }
            }
        }

        // Timestamp in the first tokens.
        var time: PartialTime?
        var cursor = p
        var tokenIndex = 0
        var startsWithRecordNumber = false
        var pastRunningText = false
        var q = p
        while q < b.count && isSpace(b[q]) { q += 1 }
        while q < b.count && tokenIndex < timestampTokenLimit && q < 160 {
            var start = q
            let opener = b[q]
            if opener == 0x5B || opener == 0x28 { start += 1 }   // [ (
            if let m = TimestampParser.parse(b, at: start, allowWeak: tokenIndex == 0) {
                var end = m.end
                if opener == 0x5B && TimestampParser.byte(b, end) == 0x5D { end += 1 }
                if opener == 0x28 && TimestampParser.byte(b, end) == 0x29 { end += 1 }
                if pastRunningText && !isNumberField(b, nextToken(b, end)) { break }
                time = m.time
                if let letter = m.glogLetter, level == nil { level = glogLevel(letter) }
                cursor = end
                break
            }
            // key=value timestamps: time=…, ts=…, timestamp=…
            if !pastRunningText, let eq = keyValueSplit(b, q), isTimeKey(b, q, eq), let m = TimestampParser.parse(b, at: valueStart(b, eq), allowWeak: false) {
                time = m.time
                cursor = m.end
                if TimestampParser.byte(b, cursor) == 0x22 { cursor += 1 }
                break
            }
            // Tokens before a timestamp are labels, node or file names; a token with `=`
            // or running text means the line is a message, not a header. A line that starts
            // with a record number (`2286759 node-D1 node status 1060340885 1 running`) may be
            // a record whose fields read like words: a timestamp past them counts only if a
            // numeric field follows it, as the record's next column (`3 files deleted at
            // 2024-01-01 10:00:00 by cron` stays a message).
            let end = tokenEnd(b, q)
            if (q..<end).contains(where: { b[$0] == 0x3D }) { break }
            if tokenIndex == 0 && isNumber(b, q, end) { startsWithRecordNumber = true }
            let next = nextToken(b, end)
            if isLowercaseWord(b, q, end) && next < b.count && isLowercaseWord(b, next, tokenEnd(b, next)) {
                guard startsWithRecordNumber else { break }
                pastRunningText = true
            }
            q = next
            tokenIndex += 1
        }

        if rfc5424 && time != nil { return Header(time: time, level: level, bodyStart: rfc5424Body(b, from: cursor)) }
        let scan = scanTokens(b, cursor, time != nil, level)
        return Header(time: time, level: scan.level, bodyStart: scan.bodyStart)
    }

    public static func parse(_ b: Bytes) -> Header {
        parse(b) { b, start, hasTime, level in scanHeaderTokens(b, from: start, hasTime: hasTime, level: level) }
    }

    /// `parse(b)`, with the header tokens after the timestamp read through `memo` (the same
    /// answer; less work when a recent line's header tokens read the same).
    public static func parse(_ b: Bytes, memo: inout HeaderMemo) -> Header {
        memo.lineID = 0   // set again when the scan goes through the memo
        return parse(b) { b, start, hasTime, level in memo.scanHeaderTokens(b, from: start, hasTime: hasTime, level: level) }
    }

    /// RFC 5424 after the timestamp: HOSTNAME APP-NAME PROCID MSGID, then structured data
    /// (`-` or `[…]` elements), then the message.
    static func rfc5424Body(_ b: Bytes, from start: Int) -> Int {
        var i = start
        for _ in 0..<4 {
            i = nextToken(b, i)
            guard i < b.count else { return b.count }
            while i < b.count && !isSpace(b[i]) { i += 1 }
        }
        i = nextToken(b, i)
        if i < b.count && b[i] == 0x2D { return nextToken(b, i + 1) }
        while i < b.count && b[i] == 0x5B {   // SD-ELEMENTs; `]` inside values is escaped as `\]`
            i += 1
            while i < b.count && b[i] != 0x5D { i += b[i] == 0x5C ? 2 : 1 }
            i += 1
        }
        return nextToken(b, min(i, b.count))
    }

    static func glogLevel(_ letter: UInt8) -> Level {
        switch letter {
        case 0x45: .error
        case 0x57: .warning
        case 0x46: .critical
        default: .info
        }
    }

    /// The end of the token at `i`: a `[...]` token runs to its matching bracket (nesting,
    /// spaces allowed, up to 256 bytes: a log4j thread name can hold a file path and a block
    /// id, `[DataStreamer for file /… block BP-…:blk_…]`); any other token runs to the next space.
    static func tokenEnd<Text: HeaderText>(_ b: Text, _ i: Int) -> Int {
        let n = b.count   // b[i] exists
        if b[i] == 0x5B {
            var depth = 0
            var j = i
            let limit = min(n, i + 256)
            while j < limit {
                let c = b[j]
                if c == 0x5B { depth += 1 } else if c == 0x5D { depth -= 1; if depth == 0 { return j + 1 } }
                j += 1
            }
        }
        var j = i
        while j < n && !isSpace(b[j]) { j += 1 }
        return j
    }

    /// The `=` of a `key=value` token whose key is letters, digits, `_`, `.` or `@`.
    static func keyValueSplit<Text: HeaderText>(_ b: Text, _ i: Int) -> Int? {
        let limit = min(b.count, i + 24)
        guard i < limit else { return nil }
        var j = i
        while j < limit {
            let c = b[j]
            if TimestampParser.isLetter(c) || TimestampParser.isDigit(c) { j += 1; continue }
            if c == 0x3D { return j > i ? j : nil }
            guard c == 0x5F || c == 0x2E || c == 0x40 else { return nil }
            j += 1
        }
        return nil
    }

    static func valueStart<Text: HeaderText>(_ b: Text, _ eq: Int) -> Int {
        b.byte(eq + 1) == 0x22 ? eq + 2 : eq + 1
    }

    /// Whether the key `b[i..<eq]`, each byte OR 0x20, spells `name` (no allocation: this
    /// runs on header tokens of every line).
    @inline(__always)
    static func keyIs<Text: HeaderText>(_ b: Text, _ i: Int, _ eq: Int, _ name: StaticString) -> Bool {
        let n = eq - i
        guard name.utf8CodeUnitCount == n else { return false }
        let p = name.utf8Start
        for k in 0..<n where b[i + k] | 0x20 != p[k] { return false }
        return true
    }

    static func isTimeKey(_ b: Bytes, _ i: Int, _ eq: Int) -> Bool {
        keyIs(b, i, eq, "time") || keyIs(b, i, eq, "ts") || keyIs(b, i, eq, "timestamp") || keyIs(b, i, eq, "t")
            || keyIs(b, i, eq, "@timestamp") || keyIs(b, i, eq, "date") || keyIs(b, i, eq, "datetime")
    }

    static func isLevelKey<Text: HeaderText>(_ b: Text, _ i: Int, _ eq: Int) -> Bool {
        keyIs(b, i, eq, "level") || keyIs(b, i, eq, "lvl") || keyIs(b, i, eq, "severity") || keyIs(b, i, eq, "loglevel")
            || keyIs(b, i, eq, "log.level") || keyIs(b, i, eq, "levelname")
    }

    /// The level named by the token `b[i..<end]`: `ERROR`, `[error]`, `<WARN>`, `INFO:`,
    /// `[core:error]` (Apache 2.4), `level=info`. Bare lower-case words count only when
    /// `lowercaseOK` (first token after the timestamp): in running text they are words.
    static func levelOfToken<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int, lowercaseOK: Bool) -> Level? {
        // A level token starts with a letter (a level key or word) or a bracket: numbers,
        // separators and the like are settled without the scans below (same answer: nil).
        let first = b[i]
        guard TimestampParser.isLetter(first) || first == 0x5B || first == 0x3C || first == 0x28 else { return nil }
        // Every level key starts with `l` or `s` (any case): other tokens skip the key scan.
        let folded = first | 0x20
        if folded == 0x6C || folded == 0x73, let eq = keyValueSplit(b, i), eq < end, isLevelKey(b, i, eq) {
            var s = valueStart(b, eq)
            var e = s
            while e < end && TimestampParser.isLetter(b[e]) { e += 1 }
            if e > s { return Level(word: b.bytes(s, e)) }
            // numeric syslog priority in level=3 form
            s = valueStart(b, eq)
            let d = b.byte(s)
            guard TimestampParser.isDigit(d) else { return nil }
            b.usesDigitValue()
            return Level(syslogPriority: Int(d - 0x30))
        }
        var s = i
        var e = end
        var bracketed = false
        let open = b[s]
        if open == 0x5B || open == 0x3C || open == 0x28 { s += 1; bracketed = true }   // [ < (
        while e > s {
            let c = b[e - 1]
            if c == 0x5D || c == 0x3E || c == 0x29 || c == 0x3A || c == 0x2C { e -= 1 } else { break }
        }
        // `[core:error]`: the part after the last colon
        if bracketed, let colon = (s..<e).last(where: { b[$0] == 0x3A }) { s = colon + 1 }
        // `ERROR:root:message` (Python's default format): the part before the first colon
        if !bracketed, let colon = (s..<e).first(where: { b[$0] == 0x3A }) { e = colon }
        guard e - s >= 3, e - s <= 16 else { return nil }   // no level word is longer (`Level(word:)`)
        var sawUpper = false
        for k in s..<e {
            let c = b[k]
            guard TimestampParser.isLetter(c) else { return nil }
            if c < 0x61 { sawUpper = true }
        }
        guard bracketed || sawUpper || lowercaseOK else { return nil }
        return Level(word: b.bytes(s, e))
    }

    /// A `tag:` token: ends in `:`, at least two bytes before it, none of them `=` or `"`,
    /// and not a URL scheme or a bare number.
    static func isTag<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int) -> Bool {
        // glog's `file.go:123]`
        if end - i >= 4, b[end - 1] == 0x5D, !(i..<end).contains(where: { b[$0] == 0x5B }),
           (i..<end).contains(where: { b[$0] == 0x3A }) { return true }
        guard end - i >= 3, b[end - 1] == 0x3A, b[end - 2] != 0x3A else { return false }
        var letters = 0
        for k in i..<(end - 1) {
            let c = b[k]
            if c == 0x3D || c == 0x22 || c == 0x27 { return false }
            if TimestampParser.isLetter(c) { letters += 1 }
        }
        return letters > 0
    }

    static func isSeparator<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int) -> Bool {
        end - i == 1 && (b[i] == 0x2D || b[i] == 0x7C || b[i] == 0x3A || b[i] == 0x2C)
    }

    static func isNumber<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int) -> Bool {
        (i..<end).allSatisfy { TimestampParser.isDigit(b[$0]) }
    }

    /// `-1`: a signed field (a flag, an exit status) among the header's numbers.
    static func isNegativeNumber<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int) -> Bool {
        end - i >= 2 && b[i] == 0x2D && isNumber(b, i + 1, end)
    }

    /// Whether a token starts at `i` (not the line's end) and is a number or `-1`.
    static func isNumberField(_ b: Bytes, _ i: Int) -> Bool {
        guard i < b.count else { return false }
        let end = tokenEnd(b, i)
        return isNumber(b, i, end) || isNegativeNumber(b, i, end)
    }

    /// One of Android's level letters followed by a `tag:`.
    static func androidLevel<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int) -> Level? {
        guard end - i == 1 else { return nil }
        switch b[i] {
        case 0x56: return .trace      // V
        case 0x44: return .debug      // D
        case 0x49: return .info       // I
        case 0x57: return .warning    // W
        case 0x45: return .error      // E
        case 0x46, 0x41: return .critical  // F, A
        default: return nil
        }
    }

    static func scanHeaderTokens<Text: HeaderText>(_ b: Text, from start: Int, hasTime: Bool, level initial: Level?) -> (level: Level?, bodyStart: Int) {
        var level = initial
        var levelFound = false
        var levelWord: Int?
        var sawWord = false
        var body = start
        var i = start
        var tokens = 0
        let limit = min(b.count, start + headerWindowBytes)
        // HealthApp-style `time|component|pid|message`: skip space-free `|` fields.
        if hasTime && b.byte(i) == 0x7C {
            var j = i
            var fields = 0
            while j < limit && b[j] == 0x7C && fields < 2 {
                var k = j + 1
                while k < b.count && b[k] != 0x7C && !isSpace(b[k]) { k += 1 }
                guard k < b.count && b[k] == 0x7C else { break }
                j = k
                fields += 1
            }
            return (level, j + 1 <= b.count ? min(j + 1, b.count) : b.count)
        }
        while i < limit && tokens < headerWindowTokens {
            while i < b.count && (isSpace(b[i]) || (b[i] == 0x2C && i == start)) { i += 1 }
            guard i < b.count else { body = b.count; break }
            let end = tokenEnd(b, i)
            tokens += 1
            if isSeparator(b, i, end) {
                body = end
                // `LEVEL [thread] - message`: a separator after the level ends the header.
                if levelFound { break }
            } else if !levelFound, let l = levelOfToken(b, i, end, lowercaseOK: tokens == 1 || !hasTime) {
                level = l   // a level word says more than a syslog priority
                levelFound = true
                levelWord = i
                body = end
                // `ERROR:root:msg`: the body is after the last colon of the level token
                if b[i] != 0x5B, let colon = (i..<end).last(where: { b[$0] == 0x3A }), colon + 1 < end {
                    body = colon + 1
                    break
                }
            } else if !levelFound, let l = androidLevel(b, i, end), isTag(b, nextToken(b, end), tokenEndOrStart(b, nextToken(b, end))) {
                level = l
                levelFound = true
                body = end
            } else if b[i] == 0x5B && b[end - 1] == 0x5D {
                // After a level, a bracket is header only if a separator or a tag follows it
                // (`INFO [main] a.b.C: msg`); else it starts the message (`[error] [client 1.2.3.4] …`).
                if !levelFound { if hasTime && !sawWord { body = end } else if !hasTime { break } }
            } else if isTag(b, i, end) {
                // After a level word, a lower-case `word:` is the message's own (`FATAL ciod: failed …`);
                // a qualified or capitalised one is a logger or component (`INFO dfs.DataNode$Responder: …`).
                if levelFound && (isLowercaseWord(b, i, end - 1) || isMessageCode(b, i, end - 1)) { break }
                body = end
                break
            } else if (isNumber(b, i, end) || isNegativeNumber(b, i, end)) && !levelFound {
                if hasTime && !sawWord { body = end } else if !hasTime { break }
            } else {
                // A plain word.
                if levelFound {
                    // A logger name (`com.example.Service`, `nova.api.server`) after the level is
                    // header, with one `[context]` after it; so is one before ` - `.
                    guard isQualifiedName(b, i, end) else { break }
                    var n = nextToken(b, end)
                    if n < b.count && b[n] == 0x5B {
                        let close = tokenEnd(b, n)
                        if b[close - 1] == 0x5D { n = nextToken(b, close); body = close }
                    } else {
                        body = end
                    }
                    if n < b.count && b[n] == 0x2D && (n + 1 == b.count || isSpace(b[n + 1])) { body = n + 1 }
                    break
                }
                if !hasTime { break }
                sawWord = true
                // Running text (two plain lower-case words in a row): no header follows.
                let n = nextToken(b, end)
                if isLowercaseWord(b, i, end) && n < b.count && isLowercaseWord(b, n, tokenEnd(b, n)) { break }
            }
            i = end
        }
        while body < b.count && isSpace(b[body]) { body += 1 }
        // A line whose header took all of it keeps its text from the level word on as its
        // message (`warning`, `2026-11-30 08:55:19 ERROR [main]`): `warning` and `critical`
        // alone are two messages, not one empty one.
        if body >= b.count, let w = levelWord { body = w }
        return (level, min(body, b.count))
    }

    /// The start of the token after position `i` (or the end of the line).
    static func nextToken<Text: HeaderText>(_ b: Text, _ i: Int) -> Int {
        var n = i
        while n < b.count && isSpace(b[n]) { n += 1 }
        return n
    }

    static func tokenEndOrStart<Text: HeaderText>(_ b: Text, _ i: Int) -> Int { i < b.count ? tokenEnd(b, i) : i }

    /// `a.b.C` or `a.b$C`: two or more dot-separated identifier parts.
    static func isQualifiedName<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int) -> Bool {
        var dots = 0
        var previous: UInt8 = 0x2E
        for k in i..<end {
            let c = b[k]
            if c == 0x2E {
                if previous == 0x2E { return false }
                dots += 1
            } else if !(TimestampParser.isLetter(c) || TimestampParser.isDigit(c) || c == 0x5F || c == 0x24) {
                return false
            }
            previous = c
        }
        return dots >= 1 && previous != 0x2E
    }

    /// `AH00124`, `ORA-00600`: upper-case letters and digits with at least one digit, an
    /// error code that belongs to the message.
    static func isMessageCode<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int) -> Bool {
        var digits = 0
        for k in i..<end {
            let c = b[k]
            if TimestampParser.isDigit(c) { digits += 1 } else if !(c &- 0x41 < 26 || c == 0x2D || c == 0x5F) { return false }
        }
        return digits > 0 && end > i
    }

    static func isLowercaseWord<Text: HeaderText>(_ b: Text, _ i: Int, _ end: Int) -> Bool {
        end - i >= 2 && (i..<end).allSatisfy { b[$0] &- 0x61 < 26 }
    }
}

/// How the header scan reads a line: byte by byte, and (`byte`) as 0 past its end.
/// `HeaderParser` reads plain lines; `HeaderMemo` passes one that records how far the scan
/// read, which is what the scan's answer can depend on.
protocol HeaderText {
    var count: Int { get }
    subscript(_ i: Int) -> UInt8 { get }
    /// `self[i]`, or 0 at or past the end.
    func byte(_ i: Int) -> UInt8
    /// The bytes `s..<e`, already read.
    func bytes(_ s: Int, _ e: Int) -> UnsafeRawBufferPointer
    /// Says that a digit's value (not only that it is a digit) decided the answer.
    func usesDigitValue()
}

extension UnsafeRawBufferPointer: HeaderText {
    @inline(__always) func byte(_ i: Int) -> UInt8 { i < count ? self[i] : 0 }
    @inline(__always) func bytes(_ s: Int, _ e: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: self[s..<e]) }
    @inline(__always) func usesDigitValue() {}
}
