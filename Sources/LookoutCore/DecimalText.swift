/// Numbers in words for digests and reasons, safe on any value (a hand-made baseline can
/// hold anything; `Int(Double)` would trap beyond Int's range or on NaN).
public enum DecimalText {
    /// `3.5`, `-2.5`, `41.0`: one decimal; beyond 1e14 the plain value, `?` when not finite.
    public static func one(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e14 else { return v.isFinite ? "\(v)" : "?" }
        let tenths = Int((v * 10).rounded())
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}

/// Floor division of a time in ms by a width: the index of the bucket holding it (times
/// before 1970 included).
@inline(__always)
public func bucketIndex(_ milliseconds: Int64, width: Int64) -> Int64 {
    milliseconds >= 0 ? milliseconds / width : (milliseconds - width + 1) / width
}
