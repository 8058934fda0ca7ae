import LookoutCore

/// What the Markdown and HTML digests list beyond the anomalies, chosen in one place so
/// that both show the same.
extension Digest {
    /// How many of the most frequent signatures the human-readable digests list.
    static let topShown = TextDigest.signaturesShown

    /// The most frequent signatures, at most `topShown`.
    var topSignatures: ArraySlice<SignatureSummary> { signatures.prefix(Digest.topShown) }

    /// `Signatures (top 10 of 14, by count)`, or `Signatures (3, by count)` when all are shown.
    var topSignaturesHeading: String {
        let shown = topSignatures.count
        return "Signatures (" + (shown < signatures.count ? "top \(shown) of \(signatures.count)" : "\(shown)") + ", by count)"
    }

    /// The signatures of the `new` anomalies, highest score first, each once.
    var newSignatures: [SignatureSummary] {
        var seen: Set<String> = []
        return anomalies.filter { $0.kind == .new && seen.insert($0.signature).inserted }.compactMap { signature(of: $0) }
    }

    /// What an anomaly is about, in words: its signature's template, or `all events` for `*`
    /// (a level shift). Raw log text: escape it.
    func template(of anomaly: Anomaly) -> String {
        signature(of: anomaly)?.template ?? (anomaly.signature == "*" ? "all events" : anomaly.signature)
    }

    /// The rule that names an anomaly's signature, if one does.
    func rule(of anomaly: Anomaly) -> String? { signature(of: anomaly)?.rule }
}
