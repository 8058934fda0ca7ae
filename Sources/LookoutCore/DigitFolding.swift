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
}
