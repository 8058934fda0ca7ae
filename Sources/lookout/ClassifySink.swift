import LookoutClassify
import LookoutCore
import LookoutEvents
import LookoutIngest
import LookoutReport

/// Classifies events as they come, one way or the other:
/// - `.stream` (stdin, read once): each event is learnt and written at once, a whole JSON
///   line with the template known at that moment (templates are rebuilt as shapes double);
/// - `.hold` (files): each event is learnt, and its line is held (`HeldLines`) with its
///   shape, for the template its shape has once every shape is known.
///
/// The hot path writes bytes: the fields an event decides (`EventFields`) are formatted
/// straight into the output, and the rest of a line (`LineTails`) is encoded once per
/// distinct (template, rule) pair.
struct ClassifySink: SourceSink {
    enum Mode { case stream, hold }

    let classifier: Classifier
    let out: BufferedOutput
    let mode: Mode
    private var sourceJSON: [UInt8] = []
    private var fields = EventFields()
    private var tails: LineTails

    init(classifier: Classifier, out: BufferedOutput, mode: Mode) {
        self.classifier = classifier
        self.out = out
        self.mode = mode
        tails = LineTails(classifier: classifier)
        // Held lines get their templates once at the end: building them as shapes grow
        // would be wasted.
        if mode == .hold { classifier.buildsWhileLearning = false }
    }

    mutating func begin(source: PlannedSource) {
        switch mode {
        case .stream: sourceJSON = LineTails.sourceJSON(source.displayPath)
        case .hold: HeldLines.markSource(source.displayPath, in: out)
        }
    }

    mutating func consume(event: EventView) {
        let c = classifier.classify(body: event.body, firstLineLength: event.firstLineBodyLength, lineID: event.firstLineID)
        switch mode {
        case .stream:
            out.append(sourceJSON)
            fields.append(event, to: out)
            tails.append(c, to: out)
        case .hold:
            HeldLines.hold(event, c, fields: &fields, in: out)
        }
        out.endRecord()
    }
}

/// The fields of a `classify` line that the event alone decides, from the line number to
/// the level: `17,"lines":1,"time":"…","level":"error"`.
struct EventFields {
    /// The time's text, quotes and all, in a fixed buffer (the first `timeCount` bytes): a
    /// clock is rewritten in it with two stores, and it is written out without an array's
    /// uniqueness checks. 48 bytes hold the longest text `appendRFC3339` writes: 22 and a
    /// year of up to 20 characters.
    private var timeBytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    private var timeCount = 0
    /// Where a time's whole text is spelt before it is copied in (kept: no allocation a day).
    private var spelt: [UInt8] = []
    /// The time the text spells.
    private var timeTextOf: Timestamp?
    /// The day (since 1970) whose date the text starts with (`"2026-11-30T`), when its
    /// year has four digits: times of that day only rewrite the clock after it.
    private var dayOf: Int64?

    mutating func append(_ event: EventView, to out: BufferedOutput) {
        appendLineNumber(event.line, to: out)
        if event.lines == 1 {   // most events: one append for the three parts
            oneLineThenTime.append(to: out)
        } else {
            out.append(",\"lines\":")
            out.append(event.lines)
            out.append(",\"time\":")
        }
        if let time = event.time { appendTime(time, to: out) } else { out.append("null") }
        levelKey.append(to: out)
        if let level = event.level {
            levelJSON[level.rawValue].append(to: out)
        } else {
            out.append("null")
        }
    }

    /// The last line number written, and its decimal text (the first `lineCount` bytes).
    private var lineOf = Int.min
    private var lineText: (UInt64, UInt64) = (0, 0)
    private var lineCount = 0

    /// Writes a line number: most follow the one before, so its text is counted up in place
    /// (as an odometer turns) rather than spelt afresh from the number, which took about a
    /// hundred instructions a line.
    mutating func appendLineNumber(_ line: Int, to out: BufferedOutput) {
        if line != lineOf &+ 1 || !countUp() {
            guard line >= 0 && line < 10_000_000_000_000_000 else { out.append(line); lineOf = Int.min; return }   // 16 digits fit
            var digits = 1
            var rest = line
            while rest >= 10 { rest /= 10; digits += 1 }
            rest = line
            withUnsafeMutableBytes(of: &lineText) { text in
                for at in stride(from: digits - 1, through: 0, by: -1) {
                    text[at] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
                    rest /= 10
                }
            }
            lineCount = digits
        }
        lineOf = line
        out.append(prefix: lineCount, of: lineText)
    }

    /// Adds one to the number in `lineText`; false when a digit would be carried past its
    /// first (`999`), which is then spelt afresh.
    private mutating func countUp() -> Bool {
        withUnsafeMutableBytes(of: &lineText) { text in
            var at = lineCount - 1
            while at >= 0 {
                if text[at] != 0x39 {
                    text[at] &+= 1
                    return true
                }
                text[at] = 0x30
                at -= 1
            }
            return false
        }
    }

    private mutating func appendTime(_ t: Timestamp, to out: BufferedOutput) {
        // Consecutive events often share a time, and more often a day: the text is then
        // written as it was, or its clock alone is rewritten (`appendRFC3339` works out the
        // calendar date of each time).
        if t != timeTextOf {
            let ms = t.millisecondsSinceEpoch
            let day = ms >= 0 ? ms / 86_400_000 : -1
            if day >= 0 && day == dayOf {
                writeClock(Int(ms - day * 86_400_000))
            } else {
                spelt.removeAll(keepingCapacity: true)
                spelt.append(0x22)
                t.appendRFC3339(to: &spelt)
                spelt.append(0x22)
                dayOf = spelt.count >= 22 && spelt[11] == 0x54 ? day : nil   // `"YYYY-MM-DDT`
                timeCount = spelt.count
                withUnsafeMutableBytes(of: &timeBytes) { $0.copyBytes(from: spelt) }   // traps if longer than 48
            }
            timeTextOf = t
        }
        out.append(prefix: timeCount, of: timeBytes)
    }

    /// Writes `HH:MM:SS[.mmm]Z"` of a millisecond of the day after the text's date
    /// (`"YYYY-MM-DDT`, 12 bytes), as `appendRFC3339` writes it.
    private mutating func writeClock(_ msOfDay: Int) {
        let seconds = msOfDay / 1000, millisecond = msOfDay % 1000
        @inline(__always) func two(_ v: Int) -> UInt64 { UInt64(v / 10 + 0x30) | UInt64(v % 10 + 0x30) << 8 }
        // `HH:MM:SS`, least significant byte first.
        let clock = two(seconds / 3600) | 0x3A << 16 | two(seconds / 60 % 60) << 24 | 0x3A << 40 | two(seconds % 60) << 48
        let rest: UInt64
        if millisecond != 0 {
            rest = 0x2E | UInt64(millisecond / 100 + 0x30) << 8 | two(millisecond % 100) << 16 | 0x5A << 32 | 0x22 << 40   // `.mmmZ"`
            timeCount = 26
        } else {
            rest = 0x5A | 0x22 << 8   // `Z"`
            timeCount = 22
        }
        withUnsafeMutableBytes(of: &timeBytes) {
            $0.storeBytes(of: clock.littleEndian, toByteOffset: 12, as: UInt64.self)
            $0.storeBytes(of: rest.littleEndian, toByteOffset: 20, as: UInt64.self)
        }
    }

    /// `,"lines":1,"time":`, `,"level":` and each level's JSON text, written on every line:
    /// kept in words (`ShortText`) by each instance (a static constant is reached through a
    /// call to `swift_once` on each use; an array of arrays hands an element out with a
    /// retain and a release, and the two workers retaining the same one on every line made
    /// its count bounce between their cores, 9% of a two-thread run, measured).
    private let oneLineThenTime = ShortText(",\"lines\":1,\"time\":")
    private let levelKey = ShortText(",\"level\":")
    private let levelJSON = Level.allCases.map { ShortText("\"" + $0.name + "\"") }
}

/// The rest of a `classify` line, `,"signature":…,"rule":…,"template":…}` and a newline,
/// encoded once per (template, rule) pair. A streamed line finds its tail by template + 1 in
/// an array when it has no rule (most lines), else by a packed key; a held line (`appendHeld`)
/// by its shape, in an array per rule. Split-by values make a tail of their own each time.
///
/// The encoded tails lie one after another in one byte array, found by offset and length
/// (packed in an `Int`): an array of arrays hands each tail out with a retain and a release,
/// two atomic operations a line.
struct LineTails {
    let classifier: Classifier
    private var bytes: [UInt8] = []
    /// Per template + 1: where its tail is in `bytes` (offset << 32 | length), -1 when not yet encoded.
    private var plainTails: [Int] = []
    private var tails: [Int: Int] = [:]
    /// Per shape + 1 (0: the overflow), for `appendHeld`'s lines without a rule; and per rule,
    /// per shape + 1 below `ruleShapeSlots`, for those with one (an array lookup, not a
    /// dictionary's hashing; bounded, so rules × shapes cannot grow it: a rule-named line of
    /// a later shape goes through `tails`).
    private var shapeTails: [Int] = []
    private var ruleShapeTails: [[Int]] = []
    private static let ruleShapeSlots = 4096
    private var generation = -1

    init(classifier: Classifier) { self.classifier = classifier }

    /// `{"source":"…","line":`
    static func sourceJSON(_ displayPath: String) -> [UInt8] {
        var s = "{\"source\":"
        JSONValue.escape(displayPath, into: &s)
        s += ",\"line\":"
        return Array(s.utf8)
    }

    mutating func append(_ c: Classification, to out: BufferedOutput) {
        guard c.split.isEmpty else { out.append(tail(for: c)); return }
        if generation != classifier.miner.generation {
            bytes.removeAll(keepingCapacity: true)
            tails.removeAll(keepingCapacity: true)
            plainTails.removeAll(keepingCapacity: true)
            shapeTails.removeAll(keepingCapacity: true)
            ruleShapeTails.removeAll(keepingCapacity: true)
            generation = classifier.miner.generation
        }
        if c.ruleIndex == nil {
            let slot = (c.template ?? -1) + 1
            var at = LineTails.entry(slot, of: &plainTails)
            if at < 0 { at = store(tail(for: c)); plainTails[slot] = at }
            write(at, to: out)
            return
        }
        let key = ((c.template ?? -1) + 1) &* 1_000_003 &+ ((c.ruleIndex ?? -1) + 1)
        if let cached = tails[key] { write(cached, to: out); return }
        let at = store(tail(for: c))
        tails[key] = at
        write(at, to: out)
    }

    /// Appends the tail of a held line without split-by values, by its shape and rule: only
    /// once the miner is done learning (so a shape's template stays as it is). A line costs
    /// an array lookup or two and a copy (`HeldLines.replay` runs alone, after every worker,
    /// so its cost per line is the run's).
    @inline(__always)
    mutating func appendHeld(shape: Int?, rule: Int?, to out: BufferedOutput) {
        let slot = (shape ?? -1) + 1
        var at: Int
        if let rule {
            guard slot < LineTails.ruleShapeSlots else { appendHeldBeyondSlots(shape: shape, rule: rule, to: out); return }
            if rule >= ruleShapeTails.count { ruleShapeTails += repeatElement([], count: rule + 1 - ruleShapeTails.count) }
            at = LineTails.entry(slot, of: &ruleShapeTails[rule])
            if at < 0 { at = storeHeld(shape, rule); ruleShapeTails[rule][slot] = at }
        } else {
            at = LineTails.entry(slot, of: &shapeTails)
            if at < 0 { at = storeHeld(shape, nil); shapeTails[slot] = at }
        }
        write(at, to: out)
    }

    /// `appendHeld` for a rule-named line whose shape has no slot in `ruleShapeTails` (kept
    /// out of line: the replay's loop inlines `appendHeld`).
    @inline(never)
    private mutating func appendHeldBeyondSlots(shape: Int?, rule: Int, to out: BufferedOutput) {
        append(classifier.withCurrentTemplate(Classification(shape: shape, template: nil, ruleIndex: rule, split: [])), to: out)
    }

    /// Encodes and stores the tail of a held line without split-by values.
    private mutating func storeHeld(_ shape: Int?, _ rule: Int?) -> Int {
        store(tail(for: classifier.withCurrentTemplate(Classification(shape: shape, template: nil, ruleIndex: rule, split: []))))
    }

    /// `slots[slot]`, the array grown with -1 (not yet encoded) to hold it.
    private static func entry(_ slot: Int, of slots: inout [Int]) -> Int {
        if slot >= slots.count { slots += repeatElement(-1, count: slot + 1 - slots.count) }
        return slots[slot]
    }

    /// Appends an encoded tail to `bytes`; returns where it is (offset << 32 | length).
    private mutating func store(_ tail: [UInt8]) -> Int {
        defer { bytes += tail }
        return bytes.count << 32 | tail.count
    }

    /// Mutating only so that `self` is not copied for the call (a copy retains every array).
    private mutating func write(_ at: Int, to out: BufferedOutput) {
        bytes.withUnsafeBytes { all in
            let start = at >> 32
            out.append(UnsafeRawBufferPointer(rebasing: all[start..<(start + at & 0xFFFF_FFFF)]))
        }
    }

    private func tail(for c: Classification) -> [UInt8] {
        var line = ",\"signature\":"
        JSONValue.escape(classifier.signature(of: c), into: &line)
        line += ",\"rule\":"
        if let index = c.ruleIndex { JSONValue.escape(classifier.rules.rules[index].id, into: &line) } else { line += "null" }
        line += ",\"template\":"
        JSONValue.escape(classifier.templateText(of: c), into: &line)
        line += "}\n"
        return Array(line.utf8)
    }
}

/// A text of up to 24 bytes in three words and a count, appended with three stores
/// (`BufferedOutput.append(prefix:of:)`) rather than a call to `memcpy`.
struct ShortText {
    private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private let count: Int

    init(_ text: String) {
        count = text.utf8.count
        withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: Array(text.utf8)) }   // traps past 24 bytes
    }

    @inline(__always)
    func append(to out: BufferedOutput) { out.append(prefix: count, of: words) }
}
