#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of byte strings with dense indices: open addressing on a stable 64-bit hash, the
/// bytes kept in one arena. Looking up a shape hashes it once and compares bytes only on
/// a hash hit — no per-lookup allocation (a `[UInt8]`-keyed `Dictionary` allocates and
/// hashes byte by byte).
public struct ShapeTable {
    @usableFromInline var slots: [Int32]            // index + 1; 0 is empty
    @usableFromInline var slotHashes: [UInt64]
    @usableFromInline var arena: [UInt8] = []
    @usableFromInline var starts: [Int] = []
    private var hashes: [UInt64] = []

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        slotHashes = Array(repeating: 0, count: size)
    }

    public var count: Int { starts.count }

    /// The table's hash of a shape: 8 bytes at a time (a shape is hashed on every lookup, and
    /// FNV's byte-at-a-time chain of multiplications cost 4 instructions a byte). Only slot
    /// positions depend on it, never an id or an order that is shown; a table may be given
    /// other hashes (`ShapeMemo` and `RestMemo` give `DigitFolding.foldAndHash`'s), as long
    /// as one table is given one kind.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        guard let base = bytes.baseAddress else { return mix(h) }
        var i = 0
        while i + 8 <= n {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xff51_afd7_ed55_8ccd
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            if n >= 8 {
                // The last eight bytes in one load, those already hashed shifted out.
                shift = UInt64(8 * (n - i))
                tail = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) >> (64 - shift)
            } else {
                while i < n {
                    tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                    shift += 8
                    i += 1
                }
            }
            h = (h ^ tail) &* 0xc4ce_b9fe_1a85_ec53
        }
        return mix(h)
    }

    @usableFromInline @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33; x &*= 0xff51_afd7_ed55_8ccd; x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53; x ^= x >> 33
        return x
    }

    public func bytes(at index: Int) -> ArraySlice<UInt8> {
        let end = index + 1 < starts.count ? starts[index + 1] : arena.count
        return arena[starts[index]..<end]
    }

    /// The index of `key`, or nil.
    @inlinable @inline(__always)
    public func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if slotHashes[slot] == hash && equals(entry - 1, key) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Whether shape `index` holds exactly the bytes of `key` (one `memcmp`, not a generic
    /// element-by-element comparison).
    @inlinable @inline(__always)
    func equals(_ index: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = starts[index]
        let end = index + 1 < starts.count ? starts[index + 1] : arena.count
        guard end - start == key.count else { return false }
        guard key.count > 0, let keyBase = key.baseAddress else { return true }
        return arena.withUnsafeBytes { memcmp($0.baseAddress! + start, keyBase, key.count) == 0 }
    }

    /// Adds `key` (which must not be present) and returns its index.
    public mutating func insert(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        if (starts.count + 1) * 2 > slots.count { grow() }
        let index = starts.count
        starts.append(arena.count)
        arena.append(contentsOf: key)
        hashes.append(hash)
        place(index: index, hash: hash)
        return index
    }

    private mutating func place(index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
        slotHashes[slot] = hash
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        slotHashes = Array(repeating: 0, count: slots.count)
        for (index, hash) in hashes.enumerated() { place(index: index, hash: hash) }
    }
}
