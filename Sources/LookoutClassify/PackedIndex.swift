/// A map from packed (shape, rule) pairs to entry indices: open addressing with linear
/// probing over a power-of-two table kept at most half full, hashed by one multiply.
struct PackedIndex {
    /// `shape` and `rule` are at least -1 and below 2^31; the result is at least 0.
    static func pack(shape: Int, rule: Int) -> Int { (shape &+ 1) << 32 | (rule &+ 1) }

    private var keys = [Int](repeating: -1, count: 64)   // -1: empty
    private var values = [Int](repeating: 0, count: 64)
    private var count = 0
    private var shift = 64 - 6

    private func slot(_ key: Int) -> Int { Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift)) }

    func find(_ key: Int) -> Int? {
        let mask = keys.count - 1
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k < 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Adds `key`, which must not be present.
    mutating func insert(_ key: Int, index: Int) {
        if 2 * (count + 1) > keys.count { grow() }
        let mask = keys.count - 1
        var i = slot(key)
        while keys[i] >= 0 { i = (i + 1) & mask }
        keys[i] = key
        values[i] = index
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int](repeating: -1, count: oldKeys.count * 2)
        values = [Int](repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k >= 0 { insert(k, index: v) }
    }
}
