/// Aho–Corasick over ASCII-case-folded bytes: one pass over a text finds every listed
/// literal in it, whatever the number of literals. Each literal carries a value (a rule
/// index); `scan` marks the values of the literals found in a bit set.
///
/// The automaton is a dense table (states × 256 `Int32`), built once. Case folding is built
/// into its columns (the column of `A` repeats that of `a`), and each entry holds the next
/// state's row offset (state × 256) with bit 0 set when that state ends a literal, so the
/// scan costs one load per byte and no multiplication.
public struct LiteralScanner: Sendable {
    /// Transitions: `table[row + byte]` is the next state's row (state × 256), bit 0 set when
    /// that state ends at least one literal.
    private var table: [Int32] = []
    /// For each state, the values whose literal ends there (failure links folded in),
    /// as a range of `outputValues`.
    private var outputStart: [Int32] = []
    private var outputValues: [Int32] = []
    private static let acceptBit: Int32 = 1
    private static let fold: [UInt8] = (0...255).map { (c: Int) -> UInt8 in
        let byte = UInt8(c)
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    public init(literals: [(String, Int)]) {
        // Trie
        var goto: [[Int32]] = [Array(repeating: -1, count: 256)]
        var out: [[Int]] = [[]]
        for (literal, value) in literals {
            var state = 0
            for raw in literal.utf8 {
                let c = Int(LiteralScanner.fold[Int(raw)])
                if goto[state][c] < 0 {
                    goto.append(Array(repeating: -1, count: 256))
                    out.append([])
                    goto[state][c] = Int32(goto.count - 1)
                }
                state = Int(goto[state][c])
            }
            out[state].append(value)
        }
        // Failure links, breadth first; missing edges become transitions.
        var failure = Array(repeating: 0, count: goto.count)
        var queue: [Int] = []
        for c in 0..<256 {
            if goto[0][c] < 0 { goto[0][c] = 0 } else { failure[Int(goto[0][c])] = 0; queue.append(Int(goto[0][c])) }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            out[s] += out[failure[s]]
            for c in 0..<256 {
                let t = goto[s][c]
                if t < 0 {
                    goto[s][c] = goto[failure[s]][c]
                } else {
                    failure[Int(t)] = Int(goto[failure[s]][c])
                    queue.append(Int(t))
                }
            }
        }
        table = goto.flatMap { row in
            (0..<256).map { c in
                let next = row[Int(LiteralScanner.fold[c])]
                return next * 256 | (out[Int(next)].isEmpty ? 0 : LiteralScanner.acceptBit)
            }
        }
        for values in out {
            outputStart.append(Int32(outputValues.count))
            outputValues += values.map { Int32($0) }
        }
        outputStart.append(Int32(outputValues.count))
    }

    /// Sets bit `value` in `found` for every literal that occurs in `text`.
    public func scan(_ text: UnsafeRawBufferPointer, into found: inout [UInt64]) {
        found.withUnsafeMutableBufferPointer { scan(text, into: $0) }
    }

    /// Sets bit `value` in `found` for every literal that occurs in `text`.
    public func scan(_ text: UnsafeRawBufferPointer, into bits: UnsafeMutableBufferPointer<UInt64>) {
        guard outputValues.count > 0 else { return }
        table.withUnsafeBufferPointer { t in
            var row = 0
            for byte in text {
                let next = t[row &+ Int(byte)]
                row = Int(next & ~LiteralScanner.acceptBit)
                if next & LiteralScanner.acceptBit != 0 {
                    let state = row >> 8
                    for k in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                        let v = Int(outputValues[k])
                        bits[v >> 6] |= 1 << UInt64(v & 63)
                    }
                }
            }
        }
    }
}
