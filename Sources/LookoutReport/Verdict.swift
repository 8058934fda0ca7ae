/// What a digest leads with, in a few words: `clean`, `2 anomalies`, `1 anomaly, 1 input error`,
/// `no anomalies, 2 input errors`.
///
/// A run with an input that could not be read is never called clean (SPEC §3: an unread
/// input must never look like a clean run), even when it found no anomaly.
enum Verdict {
    static func inputErrors(_ digest: Digest) -> Int {
        digest.input.allProblems.filter { $0.severity == .error }.count
    }

    static func isClean(_ digest: Digest) -> Bool { digest.anomalies.isEmpty && inputErrors(digest) == 0 }

    static func words(_ digest: Digest) -> String {
        if isClean(digest) { return "clean" }
        let n = digest.anomalies.count
        var s = n == 0 ? "no anomalies" : Coverage.count(n, "anomaly", plural: "anomalies")
        let errors = inputErrors(digest)
        if errors > 0 { s += ", " + Coverage.count(errors, "input error") }
        return s
    }
}
