/// Text with every ASCII digit written as `0`. The stages that decide from digits only by
/// their being digits (the header scan after a timestamp, the masker: a word that holds a
/// digit is a variable, whatever the digit) give the same answer for two texts that fold
/// the same, so their memos (`HeaderMemo`, `ShapeMemo`) are keyed on folded text.
public enum DigitFolding {
    @inlinable @inline(__always)
    public static func fold(_ c: UInt8) -> UInt8 { c &- 0x30 < 10 ? 0x30 : c }

    /// `fold` on each byte of a word.
    @inlinable @inline(__always)
    public static func fold(word x: UInt64) -> UInt64 {
        let zeros: UInt64 = 0x3030_3030_3030_3030, high: UInt64 = 0x8080_8080_8080_8080
        let t = x ^ zeros   // a digit becomes 0...9
        // High bit of a byte: set unless it is 0...9 (adding 0x76 to its low seven bits
        // carries into bit 7 from 10 on, and cannot carry out of the byte).
        let notDigit = (((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | t) & high
        let digit = ((~notDigit & high) >> 7) &* 0xFF
        return (x & ~digit) | (zeros & digit)
    }

    /// Writes `bytes` folded to `out` (which needs room for `max(bytes.count, 16)` bytes) and
    /// returns a hash of the folded bytes and their count: sixteen bytes a step, in vector
    /// registers, for the memos that fold and hash text of every line (`RestMemo`,
    /// `ShapeMemo`). Only placing keys in a table depends on the hash (it is not
    /// `ShapeTable.hash`).
    @inlinable @inline(__always)
    public static func foldAndHash(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer) -> UInt64 {
        let n = bytes.count
        // Two lanes, one per half of a step, so that each step waits on one multiply, not two.
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n), b: UInt64 = 0xD6E8_FEB8_6659_FD93
        guard n > 0, let base = bytes.baseAddress else { return a }
        let zeros = SIMD16<UInt8>(repeating: 0x30), ten = SIMD16<UInt8>(repeating: 10)
        @inline(__always) func step(_ v: SIMD16<UInt8>, _ at: Int) {
            let folded = v.replacing(with: zeros, where: (v &- zeros) .< ten)
            out.storeBytes(of: folded, toByteOffset: at, as: SIMD16<UInt8>.self)
            let words = unsafeBitCast(folded, to: SIMD2<UInt64>.self)
            a = (a ^ words[0]) &* 0xff51_afd7_ed55_8ccd
            b = (b ^ words[1]) &* 0xc4ce_b9fe_1a85_ec53
            a ^= a >> 29
            b ^= b >> 32
        }
        if n < 16 {
            // Fewer than sixteen bytes: through a zeroed vector (the bytes may end a page).
            var v = SIMD16<UInt8>(repeating: 0)
            withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: base, byteCount: n) }
            step(v, 0)
        } else {
            var i = 0
            while i + 16 <= n {
                step(base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self), i)
                i += 16
            }
            // The last sixteen bytes, some of them again (the count is in the hash).
            if i < n { step(base.loadUnaligned(fromByteOffset: n - 16, as: SIMD16<UInt8>.self), n - 16) }
        }
        let h = (a ^ (b &<< 31 | b &>> 33)) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 32)
    }
}
