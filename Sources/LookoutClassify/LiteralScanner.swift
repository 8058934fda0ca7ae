import LookoutCore

/// Aho–Corasick over ASCII-case-folded bytes: one pass over a text finds every listed
/// literal in it, whatever the number of literals. Each literal carries a value (a rule
/// index); `scan` marks the values of the literals found in a bit set.
///
/// Digits are folded too: a literal with digits is found wherever digits stand in their
/// places (`401` in `status 403`; `RuleSet` checks such a rule's literals as written before
/// its pattern runs). In return, what a scan finds depends on digits only as digits, and
/// the classifier can keep it for messages that differ only in their numbers (`ShapeMemo`).
///
/// The automaton is a dense table over byte classes, built once: bytes that occur in no
/// literal share one class, and every other byte (ASCII case folded: `A` is `a`) has one of
/// its own, so a state's row is a few dozen entries, not 256. With the built-in rules
/// (about 1,000 literals, 4,900 states, 48 distinct bytes) that is under 1 MB instead of
/// 5 MB, and the rows of the states a scan mostly visits stay in the core's caches: the
/// 256-wide table missed them on most bytes. Each entry is the next state's row offset
/// (state × classes), so the scan costs two loads per byte (class, then transition) and
/// nothing else on the chain from one byte's step to the next. States that end a literal
/// are numbered last, so a row at or past `acceptRow` ends one (a compare beside the chain).
public struct LiteralScanner: Sendable {
    /// Transitions: `table[row + byteClass[byte]]` is the next state's row (state × classes).
    private var table: [Int32] = []
    /// The first row of a state that ends at least one literal.
    private var acceptRow = 0
    /// The class of each byte (0: in no literal).
    private var byteClass: [UInt8] = Array(repeating: 0, count: 256)
    private var classCount = 1
    /// For each state, the values whose literal ends there (failure links folded in),
    /// as a range of `outputValues`.
    private var outputStart: [Int32] = []
    private var outputValues: [Int32] = []
    private static let fold: [UInt8] = (0...255).map { (c: Int) -> UInt8 in
        let byte = UInt8(c)
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : DigitFolding.fold(byte)
    }

    /// Literals are cut to their first `maxLength` bytes: a text that holds a literal holds
    /// its prefix, so the scan still finds every value it must (and, rarely, one more: the
    /// rule's pattern decides). Short literals keep the automaton small and let `scan` split
    /// a long text in two with a short overlap.
    public static let maxLength = 16

    public init(literals: [(String, Int)]) {
        let literals = literals.map { ($0.0.utf8.prefix(LiteralScanner.maxLength).map { LiteralScanner.fold[Int($0)] }, $0.1) }   // bytes: a cut may split a character
        // Byte classes: one per folded byte that some literal holds, in byte order; class 0
        // for the bytes of no literal.
        var classOfFolded = Array(repeating: 0, count: 256)
        for (literal, _) in literals { for c in literal { classOfFolded[Int(c)] = 1 } }
        var classes = 1
        for c in 0..<256 where classOfFolded[c] != 0 {
            classOfFolded[c] = classes
            classes += 1
        }
        classCount = classes
        byteClass = (0..<256).map { UInt8(classOfFolded[Int(LiteralScanner.fold[$0])]) }
        // Trie over classes, a flat row of `classes` edges a state (-1: none).
        var goto: [Int32] = Array(repeating: -1, count: classes)
        var out: [[Int]] = [[]]
        for (literal, value) in literals {
            var state = 0
            for c in literal {
                let edge = state * classes + classOfFolded[Int(c)]
                if goto[edge] < 0 {
                    goto[edge] = Int32(out.count)
                    goto += repeatElement(-1, count: classes)
                    out.append([])
                }
                state = Int(goto[edge])
            }
            out[state].append(value)
        }
        // Failure links, breadth first; missing edges become transitions. Class 0 (a byte
        // in no literal) leads back to the root from every state: the root has no edge for
        // it, and failure links end there.
        // (The two loops over every state's row, about 175,000 entries with the built-in
        // rules, go through raw buffers: an array's checks on each cost 5 M instructions of
        // the start-up.)
        var failure = Array(repeating: 0, count: out.count)
        var queue: [Int] = []
        queue.reserveCapacity(out.count)
        goto.withUnsafeMutableBufferPointer { goto in
            failure.withUnsafeMutableBufferPointer { failure in
                for k in 0..<classes {
                    if goto[k] < 0 { goto[k] = 0 } else { queue.append(Int(goto[k])) }
                }
                var head = 0
                while head < queue.count {
                    let s = queue[head]; head += 1
                    if !out[failure[s]].isEmpty { out[s] += out[failure[s]] }
                    let row = s * classes, failureRow = failure[s] * classes
                    for k in 0..<classes {
                        let t = goto[row + k]
                        if t < 0 {
                            goto[row + k] = goto[failureRow + k]
                        } else {
                            failure[Int(t)] = Int(goto[failureRow + k])
                            queue.append(Int(t))
                        }
                    }
                }
            }
        }
        // Renumbered: the root first, then the states that end no literal, then those that
        // end one (when the root does, which only an empty literal makes so, every state is
        // taken as ending one: `mark` then finds nothing for most).
        let stateCount = out.count
        let order = out[0].isEmpty ? (0..<stateCount).filter { out[$0].isEmpty } + (0..<stateCount).filter { !out[$0].isEmpty }
                                   : Array(0..<stateCount)
        var renumbered = Array(repeating: 0, count: stateCount)
        for (new, old) in order.enumerated() { renumbered[old] = new }
        acceptRow = (out[0].isEmpty ? order.firstIndex { !out[$0].isEmpty } ?? stateCount : 0) * classes
        var table = [Int32](repeating: 0, count: goto.count)
        table.withUnsafeMutableBufferPointer { table in
            goto.withUnsafeBufferPointer { goto in
                renumbered.withUnsafeBufferPointer { renumbered in
                    for (new, old) in order.enumerated() {
                        for k in 0..<classes { table[new * classes + k] = Int32(renumbered[Int(goto[old * classes + k])] * classes) }
                    }
                }
            }
        }
        self.table = table
        outputStart.reserveCapacity(stateCount + 1)
        for old in order {
            outputStart.append(Int32(outputValues.count))
            outputValues += out[old].map { Int32($0) }
        }
        outputStart.append(Int32(outputValues.count))
    }

    /// Sets bit `value` in `found` for every literal that occurs in `text`.
    public func scan(_ text: UnsafeRawBufferPointer, into found: inout [UInt64]) {
        found.withUnsafeMutableBufferPointer { scan(text, into: $0) }
    }

    /// Sets bit `value` in `found` for every literal that occurs in `text`.
    ///
    /// Each byte's step waits for the one before (the row comes from the last load), so one
    /// walk runs at the latency of a load a byte. A long text is walked as two halves (four
    /// quarters when longer) at once, whose steps overlap in the core: each part after the
    /// first starts `maxLength - 1` bytes early, so a literal across a boundary is found
    /// whole by the part after it.
    public func scan(_ text: UnsafeRawBufferPointer, into bits: UnsafeMutableBufferPointer<UInt64>) {
        guard outputValues.count > 0, let base = text.baseAddress else { return }
        let classes = classCount
        let acceptRow = self.acceptRow
        table.withUnsafeBufferPointer { t in
            byteClass.withUnsafeBufferPointer { byteClass in
                outputStart.withUnsafeBufferPointer { outputStart in
                    outputValues.withUnsafeBufferPointer { outputValues in
                        func mark(_ row: Int) {
                            let state = row / classes
                            for k in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                                let v = Int(outputValues[k])
                                bits[v >> 6] |= 1 << UInt64(v & 63)
                            }
                        }
                        let bytes = base.assumingMemoryBound(to: UInt8.self)
                        /// One byte of a walk: `row` moves on, and is returned to be tested (the parts
                        /// walked at once test theirs together, one branch a step).
                        @inline(__always) func step(_ row: inout Int, _ at: Int) -> Int {
                            row = Int(t[row &+ Int(byteClass[Int(bytes[at])])])
                            return row
                        }
                        @inline(__always) func accepts(_ row: Int) -> Bool { row >= acceptRow }
                        let n = text.count
                        let overlap = LiteralScanner.maxLength - 1
                        var row = 0, i = 0
                        if n >= 8 * LiteralScanner.maxLength {
                            // Four quarters at once; each after the first starts `overlap` early.
                            let quarter = n / 4
                            var j = quarter - overlap, k = 2 * quarter - overlap, l = 3 * quarter - overlap
                            var row2 = 0, row3 = 0, row4 = 0
                            while i < quarter {
                                let a = step(&row, i), b = step(&row2, j), c = step(&row3, k), d = step(&row4, l)
                                if accepts(Swift.max(Swift.max(a, b), Swift.max(c, d))) {
                                    if accepts(a) { mark(row) }
                                    if accepts(b) { mark(row2) }
                                    if accepts(c) { mark(row3) }
                                    if accepts(d) { mark(row4) }
                                }
                                i &+= 1; j &+= 1; k &+= 1; l &+= 1
                            }
                            // The first stopped where its quarter ends; the second and third
                            // still have the overlap to walk to the end of theirs, and the last
                            // goes on to the end of the text.
                            for _ in 0..<overlap {
                                let b = step(&row2, j), c = step(&row3, k), d = step(&row4, l)
                                if accepts(Swift.max(b, Swift.max(c, d))) {
                                    if accepts(b) { mark(row2) }
                                    if accepts(c) { mark(row3) }
                                    if accepts(d) { mark(row4) }
                                }
                                j &+= 1; k &+= 1; l &+= 1
                            }
                            (row, i) = (row4, l)
                        } else if n >= 3 * LiteralScanner.maxLength {
                            let half = n / 2
                            var j = half - overlap, row2 = 0
                            while i < half {
                                let a = step(&row, i), b = step(&row2, j)
                                if accepts(Swift.max(a, b)) {
                                    if accepts(a) { mark(row) }
                                    if accepts(b) { mark(row2) }
                                }
                                i &+= 1; j &+= 1
                            }
                            (row, i) = (row2, j)
                        }
                        while i < n {
                            if accepts(step(&row, i)) { mark(row) }
                            i &+= 1
                        }
                    }
                }
            }
        }
    }
}
