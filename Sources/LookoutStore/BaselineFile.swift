import Foundation
import LookoutCore

/// A baseline made from known-good logs (`lookout baseline`), read by `scan --baseline`
/// (SPEC §2 "State": baseline files for CI are plain JSON). Version 1:
///
/// ```jsonc
/// {
///   "lookoutBaseline": 1,
///   "created": "2026-11-30T08:55:19Z",
///   "timeRange": {"start": "…", "end": "…"},         // of the logs it was made from, or null
///   "bucketSeconds": 300,                             // the width its per-bucket figures are for
///   "buckets": 288,
///   "events": 120000,
///   "errorShare": 0.004,                              // events at error level or above / all
///   "signatures": [{"id": "t3919f1ba8f40", "template": "GET <*> in <*> ms", "rule": null,
///                   "count": 52000, "mean": 180.5, "variance": 240.1, "presentShare": 1.0}],
///   "templates": "lookout-templates 1\n…"            // the message shapes learnt, so ids match
/// }
/// ```
/// `mean` and `variance` are per bucket of `bucketSeconds`; `presentShare` is the share of
/// buckets in which the signature occurred.
public struct BaselineFile: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public var id: String
        public var template: String
        public var rule: String?
        public var count: Int
        public var mean: Double
        public var variance: Double
        public var presentShare: Double

        public init(id: String, template: String, rule: String?, count: Int, mean: Double, variance: Double, presentShare: Double) {
            self.id = id; self.template = template; self.rule = rule; self.count = count
            self.mean = mean; self.variance = variance; self.presentShare = presentShare
        }
    }

    public static let version = 1

    public var created: Timestamp
    public var start: Timestamp?
    public var end: Timestamp?
    public var bucketMilliseconds: Int64
    public var buckets: Int
    public var events: Int
    public var errorShare: Double
    public var signatures: [Signature]
    /// `TemplateMiner.saved()` text.
    public var templates: String

    public init(created: Timestamp, start: Timestamp?, end: Timestamp?, bucketMilliseconds: Int64, buckets: Int, events: Int,
                errorShare: Double, signatures: [Signature], templates: String) {
        self.created = created; self.start = start; self.end = end
        self.bucketMilliseconds = bucketMilliseconds; self.buckets = buckets; self.events = events
        self.errorShare = errorShare; self.signatures = signatures; self.templates = templates
    }

    /// A baseline file that cannot be used, and why.
    public struct ReadError: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    public func encoded() -> Data {
        func time(_ t: Timestamp?) -> Any { t.map { $0.rfc3339 } ?? NSNull() }
        let object: [String: Any] = [
            "lookoutBaseline": BaselineFile.version,
            "created": created.rfc3339,
            "timeRange": start == nil ? NSNull() : ["start": time(start), "end": time(end)] as [String: Any],
            "bucketSeconds": Double(bucketMilliseconds) / 1000,
            "buckets": buckets,
            "events": events,
            "errorShare": errorShare,
            "signatures": signatures.map { s -> [String: Any] in
                ["id": s.id, "template": s.template, "rule": s.rule ?? NSNull(), "count": s.count,
                 "mean": s.mean, "variance": s.variance, "presentShare": s.presentShare]
            },
            "templates": templates,
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    }

    /// Parses a baseline file's bytes; `path` names it in errors.
    public static func decode(_ data: Data, path: String) throws(ReadError) -> BaselineFile {
        func fail(_ message: String) -> ReadError { ReadError(path: path, message: message) }
        guard let any = try? JSONSerialization.jsonObject(with: data), let o = any as? [String: Any] else {
            throw fail("not a JSON object; make a baseline with `lookout baseline LOGS -o FILE`.")
        }
        guard let version = o["lookoutBaseline"] as? Int else { throw fail("not a Lookout baseline (no `lookoutBaseline` version).") }
        guard version == BaselineFile.version else {
            throw fail("baseline version \(version); this lookout reads version \(BaselineFile.version). Make it again with this version's `lookout baseline`.")
        }
        func timestamp(_ v: Any?) -> Timestamp? {
            guard let s = v as? String else { return nil }
            var bytes = Array(s.utf8)
            return bytes.withUnsafeMutableBytes { RFC3339.parse(UnsafeRawBufferPointer($0)) }
        }
        guard let bucketSeconds = o["bucketSeconds"] as? Double,
              let buckets = o["buckets"] as? Int, let events = o["events"] as? Int,
              let errorShare = o["errorShare"] as? Double, let list = o["signatures"] as? [[String: Any]],
              let templates = o["templates"] as? String else {
            throw fail("a field is missing or of the wrong type (bucketSeconds, buckets, events, errorShare, signatures, templates).")
        }
        // Figures a detector can use: a width from a second to a year, counts not negative,
        // shares within 0…1 (a hand-edited or damaged file must not make arithmetic trap).
        guard bucketSeconds >= 0.001, bucketSeconds <= 366 * 86_400, buckets >= 0, events >= 0,
              errorShare.isFinite, errorShare >= 0, errorShare <= 1 else {
            throw fail("a figure is out of range (bucketSeconds 0.001 to 31622400, buckets and events not negative, errorShare 0 to 1).")
        }
        var signatures: [Signature] = []
        for (i, s) in list.enumerated() {
            guard let id = s["id"] as? String, let template = s["template"] as? String, let count = s["count"] as? Int,
                  let mean = s["mean"] as? Double, let variance = s["variance"] as? Double,
                  let present = s["presentShare"] as? Double else {
                throw fail("signature \(i + 1) lacks a field (id, template, count, mean, variance, presentShare).")
            }
            guard count >= 0, mean.isFinite, mean >= 0, mean <= 1e12, variance.isFinite, variance >= 0, variance <= 1e24,
                  present.isFinite, present >= 0, present <= 1 else {
                throw fail("signature \(i + 1) has a figure out of range (count not negative, mean 0 to 1e12, variance 0 to 1e24, presentShare 0 to 1).")
            }
            signatures.append(Signature(id: id, template: template, rule: s["rule"] as? String, count: count,
                                        mean: mean, variance: variance, presentShare: present))
        }
        let range = o["timeRange"] as? [String: Any]
        return BaselineFile(created: timestamp(o["created"]) ?? Timestamp(millisecondsSinceEpoch: 0),
                            start: timestamp(range?["start"]), end: timestamp(range?["end"]),
                            bucketMilliseconds: Int64((bucketSeconds * 1000).rounded()), buckets: buckets, events: events,
                            errorShare: errorShare, signatures: signatures, templates: templates)
    }
}

/// Reads back the RFC 3339 times Lookout writes (`2026-11-30T08:55:19.123Z`).
enum RFC3339 {
    static func parse(_ b: UnsafeRawBufferPointer) -> Timestamp? {
        func num(_ i: Int, _ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) { let c = b[k]; guard c >= 0x30 && c <= 0x39 else { return nil }; v = v * 10 + Int(c - 0x30) }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2) else { return nil }
        var ms = 0
        if b.count > 19 && b[19] == 0x2E, let f = num(20, 3) { ms = f }
        return Timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms)
    }
}
