/// FNV-1a, 64-bit: the same bytes give the same value on every run and every machine
/// (Swift's `Hasher` is seeded per process, so it cannot make stable ids).
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    @inline(__always)
    public mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        for b in bytes { add(b) }
    }

    public mutating func add(_ text: String) {
        for b in text.utf8 { add(b) }
    }

    public static func of(_ text: String) -> UInt64 {
        var h = StableHash()
        h.add(text)
        return h.value
    }

    /// `value` as 16 lower-case hex digits.
    public static func hex(_ v: UInt64, digits: Int = 16) -> String {
        let s = String(v, radix: 16)
        let full = String(repeating: "0", count: max(0, 16 - s.count)) + s
        return String(full.suffix(digits))
    }
}
