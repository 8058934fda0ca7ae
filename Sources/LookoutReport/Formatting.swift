import LookoutCore

/// Number and size formats shared by the human-readable digests.
public enum Formatting {
    /// `512 B`, `1.5 KiB`, `3.2 MiB`, `1.0 GiB`.
    public static func bytes(_ n: Int64) -> String {
        if n < 1024 { return "\(n) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(n) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return oneDecimal(value) + " " + units[unit]
    }

    static func oneDecimal(_ v: Double) -> String { DecimalText.one(v) }

    /// `41`, or `3.5` when not whole: observed and expected counts.
    static func figure(_ v: Double) -> String {
        v.isFinite && v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : oneDecimal(v)
    }

    /// `0.87`: two decimals, for scores.
    static func twoDecimals(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return v.isFinite ? "\(v)" : "?" }
        let hundredths = Int((v * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// A round duration in its largest exact unit: `5m`, `12h`, `1d`, `30s`, `250ms`.
    static func exactDuration(milliseconds ms: Int64) -> String {
        if ms % 86_400_000 == 0 { return "\(ms / 86_400_000)d" }
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }

    /// A duration in the two largest units: `3d 22h`, `5h 12m`, `4m 3s`, `0s`.
    public static func duration(milliseconds ms: Int64) -> String {
        let s = ms / 1000
        let (d, h, m, sec) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60)
        if d > 0 { return "\(d)d \(h)h" }
        if h > 0 { return "\(h)h \(m)m" }
        if m > 0 { return "\(m)m \(sec)s" }
        return "\(sec)s"
    }

    static func padLeft(_ s: String, _ width: Int) -> String {
        let w = TerminalText.width(s)
        return w >= width ? s : String(repeating: " ", count: width - w) + s
    }

    static func padRight(_ s: String, _ width: Int) -> String {
        let w = TerminalText.width(s)
        return w >= width ? s : s + String(repeating: " ", count: width - w)
    }
}
