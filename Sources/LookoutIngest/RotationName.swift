/// What a file name says about its place in a rotation set.
///
/// `app.log`, `app.log.1`, `app.log.2.gz`, `app.log-20261129`, `app.log-20261129.gz`,
/// `app-2026-11-29.log.gz` and `app.1.log` all belong to the set whose live file is
/// `app.log`. The name only groups and orders files; content is told by its bytes.
struct RotationName: Equatable {
    enum Position: Equatable {
        /// The file being written to now: read last.
        case live
        /// logrotate's numbering: a higher number is older.
        case numbered(Int)
        /// logrotate's dateext and similar: `yyyymmddHHMMSS` as a number, earlier is older.
        case dated(Int64)
        /// Rotated (compressed) but with nothing in the name to order it by: modification time orders it.
        case unordered
    }

    /// The live file's name.
    var stem: String
    var position: Position

    init(stem: String, position: Position) {
        self.stem = stem
        self.position = position
    }

    private static let compressionSuffixes = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".Z"]

    init(_ name: String) {
        var base = Substring(name)
        var compressed = false
        for suffix in RotationName.compressionSuffixes where base.hasSuffix(suffix) && base.count > suffix.count {
            base = base.dropLast(suffix.count)
            compressed = true
            break
        }
        // `stem.N`
        if let (stem, n) = RotationName.splitNumber(base) {
            self.init(stem: String(stem), position: .numbered(n)); return
        }
        // `stem-DATE`, `stem_DATE`, `stem.DATE`
        if let (stem, date) = RotationName.splitDate(base) {
            self.init(stem: String(stem), position: .dated(date)); return
        }
        // `prefix-DATE.ext` and `prefix.N.ext`: the live file is `prefix.ext`.
        if let dot = base.lastIndex(of: "."), dot != base.startIndex {
            let ext = base[base.index(after: dot)...]
            let head = base[..<dot]
            if !ext.isEmpty, ext.count <= 8, ext.allSatisfy({ $0.isLetter }) {
                if let (prefix, date) = RotationName.splitDate(head) {
                    self.init(stem: prefix + "." + ext, position: .dated(date)); return
                }
                if let (prefix, n) = RotationName.splitNumber(head) {
                    self.init(stem: prefix + "." + ext, position: .numbered(n)); return
                }
            }
        }
        self.init(stem: String(base), position: compressed ? .unordered : .live)
    }

    /// `stem.N` with N of one to six digits.
    private static func splitNumber(_ s: Substring) -> (Substring, Int)? {
        guard let dot = s.lastIndex(of: "."), dot != s.startIndex else { return nil }
        let digits = s[s.index(after: dot)...]
        guard (1...6).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
        return (s[..<dot], n)
    }

    /// `stem<sep>YYYYMMDD[HH[MM[SS]]]` or `stem<sep>YYYY-MM-DD`, sep one of `-`, `_`, `.`.
    private static func splitDate(_ s: Substring) -> (Substring, Int64)? {
        let chars = Array(s.utf8)
        func isDigit(_ i: Int) -> Bool { chars[i] >= 0x30 && chars[i] <= 0x39 }
        func isSeparator(_ i: Int) -> Bool { chars[i] == 0x2D || chars[i] == 0x5F || chars[i] == 0x2E }
        var digits: [UInt8]
        var sepIndex: Int
        let n = chars.count
        if n >= 12, chars[n - 3] == 0x2D, chars[n - 6] == 0x2D,
           [n - 10, n - 9, n - 8, n - 7, n - 5, n - 4, n - 2, n - 1].allSatisfy(isDigit) {
            digits = Array(chars[(n - 10)..<(n - 6)] + chars[(n - 5)..<(n - 3)] + chars[(n - 2)..<n])
            sepIndex = n - 11
        } else {
            var i = n
            while i > 0 && isDigit(i - 1) { i -= 1 }
            guard [8, 10, 12, 14].contains(n - i) else { return nil }
            digits = Array(chars[i..<n])
            sepIndex = i - 1
        }
        guard sepIndex >= 1, isSeparator(sepIndex) else { return nil }
        var value: Int64 = 0
        for d in digits { value = value * 10 + Int64(d - 0x30) }
        let ymd = Int(value / RotationName.divisor(digits.count))
        let (y, m, d) = (ymd / 10_000, (ymd / 100) % 100, ymd % 100)
        guard (1970...2200).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let stem = Substring(String(decoding: chars[0..<sepIndex], as: UTF8.self))
        return (stem, value * RotationName.scale(digits.count))
    }

    /// Divides a date of `digits` digits down to yyyymmdd.
    private static func divisor(_ digits: Int) -> Int64 {
        switch digits {
        case 10: 100
        case 12: 10_000
        case 14: 1_000_000
        default: 1
        }
    }

    /// Brings every date form to yyyymmddHHMMSS so that forms compare.
    private static func scale(_ digits: Int) -> Int64 {
        switch digits {
        case 8: 1_000_000
        case 10: 10_000
        case 12: 100
        default: 1
        }
    }
}
