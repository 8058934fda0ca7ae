import LookoutCore

/// A set of byte strings with dense indices: open addressing on a stable 64-bit hash, the
/// bytes kept in one arena. Looking up a shape hashes it once and compares bytes only on
/// a hash hit — no per-lookup allocation (a `[UInt8]`-keyed `Dictionary` allocates and
/// hashes byte by byte).
struct ShapeTable {
    private var slots: [Int32]            // index + 1; 0 is empty
    private var slotHashes: [UInt64]
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var hashes: [UInt64] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        slotHashes = Array(repeating: 0, count: size)
    }

    var count: Int { starts.count }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = StableHash()
        h.add(bytes)
        // FNV's low bits are weak; mix them before using them as a slot index.
        var x = h.value
        x ^= x >> 33; x &*= 0xff51_afd7_ed55_8ccd; x ^= x >> 33
        return x
    }

    func bytes(at index: Int) -> ArraySlice<UInt8> {
        let end = index + 1 < starts.count ? starts[index + 1] : arena.count
        return arena[starts[index]..<end]
    }

    /// The index of `key`, or nil.
    func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if slotHashes[slot] == hash {
                let stored = bytes(at: entry - 1)
                if stored.count == key.count && stored.withUnsafeBytes({ $0.elementsEqual(key) }) { return entry - 1 }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `key` (which must not be present) and returns its index.
    mutating func insert(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int {
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
