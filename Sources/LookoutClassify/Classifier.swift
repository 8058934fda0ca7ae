/// What an event is: its signature, the rule that named it (if any), and its template.
public struct Classification: Sendable, Equatable {
    public var signature: String
    /// Index into the rule set's rules.
    public var ruleIndex: Int?
    public var template: String
}

/// The classify stage's façade: rules first, then templates for what no rule names.
///
/// Files can be classified in two passes — `learn` every event, `finishLearning`, then
/// `classify` each — so that every event gets the template its shape has once all were
/// seen. A stream (stdin) is classified in one pass: each event is learnt as it comes and
/// gets the template known at that moment (templates are rebuilt as shapes double).
public final class Classifier {
    public let rules: RuleSet
    public let miner: TemplateMiner
    private let matcher: PCRE2Matcher
    private var shape: [UInt8] = []
    private var maskRanges: [Range<Int>] = []
    /// Per rule: how many events hit a match limit, and PCRE2's reason the first time.
    public private(set) var limitHits: [Int: (count: Int, reason: String)] = [:]

    public init(rules: RuleSet, templateCapacity: Int = 50_000, limits: MatchLimits = MatchLimits()) {
        self.rules = rules
        miner = TemplateMiner(capacity: templateCapacity)
        matcher = PCRE2Matcher(limits: limits)
        shape.reserveCapacity(1024)
    }

    private func ruleVerdict(_ body: UnsafeRawBufferPointer) -> RuleSet.Verdict {
        rules.classify(body, matcher: matcher) { index, reason in
            let previous = self.limitHits[index]
            self.limitHits[index] = ((previous?.count ?? 0) + 1, previous?.reason ?? reason)
        }
    }

    private func computeShape(_ firstLine: UnsafeRawBufferPointer) {
        maskRanges.removeAll(keepingCapacity: true)
        for mask in rules.masks {
            var start = 0
            while start <= firstLine.count {
                guard case .match(let groups) = matcher.match(mask.pattern, in: UnsafeRawBufferPointer(rebasing: firstLine[start...])),
                      let whole = groups[0] else { break }
                let range = (whole.lowerBound + start)..<(whole.upperBound + start)
                if !range.isEmpty { maskRanges.append(range) }
                start = range.upperBound + (range.isEmpty ? 1 : 0)
            }
        }
        maskRanges.sort { $0.lowerBound < $1.lowerBound }
        Masker.shape(of: firstLine, masked: maskRanges, into: &shape)
    }

    /// Pass one: counts the event's shape.
    public func learn(body: UnsafeRawBufferPointer, firstLineLength: Int) {
        computeShape(UnsafeRawBufferPointer(rebasing: body[0..<firstLineLength]))
        miner.learn(shape)
    }

    public func finishLearning() { miner.rebuild() }

    /// Classifies one event. With `learning`, the event's shape is learnt first (one-pass mode).
    ///
    /// Signatures: `t…` (a template's id) for events no rule names; `rule-id:value,…` for a
    /// rule with `split-by` (its author chose the grouping); `rule-id/t…` for other rules, so a
    /// rule names and grades a family of messages while different messages it shares
    /// (`Failed password for root` and `… for invalid user x`) stay different signals.
    public func classify(body: UnsafeRawBufferPointer, firstLineLength: Int, learning: Bool) -> Classification {
        let verdict = ruleVerdict(body)
        computeShape(UnsafeRawBufferPointer(rebasing: body[0..<firstLineLength]))
        if learning {
            miner.learn(shape)
            miner.rebuildIfGrown()
        }
        let template = miner.template(for: shape)
        let templateID = template.map(TemplateMiner.signatureID(of:)) ?? TemplateMiner.overflowSignature
        let text = template.map(Masker.display) ?? TemplateMiner.overflowTemplate
        guard case .rule(let index, let split) = verdict else {
            return Classification(signature: templateID, ruleIndex: nil, template: text)
        }
        let id = rules.rules[index].id
        let signature = split.isEmpty ? id + "/" + templateID : id + ":" + split.joined(separator: ",")
        return Classification(signature: signature, ruleIndex: index, template: text)
    }
}
