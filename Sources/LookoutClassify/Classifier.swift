/// What an event is: the template of its first line and, when a rule names it, the rule
/// and the values of the rule's split-by groups.
public struct Classification: Sendable, Equatable {
    /// Index of the shape in the miner; nil when it overflowed the cap.
    public var shape: Int?
    /// Index of the template in the miner (as of its last build); nil when the shape overflowed.
    public var template: Int?
    /// Index into the rule set's rules.
    public var ruleIndex: Int?
    public var split: [String]

    public init(shape: Int?, template: Int?, ruleIndex: Int?, split: [String]) {
        self.shape = shape
        self.template = template
        self.ruleIndex = ruleIndex
        self.split = split
    }
}

/// The classify stage's façade: rules first, then templates for every event.
///
/// `classify` learns each event's shape as it names it. A file's events can all get the
/// template their shape has among all of them: classify every event and keep its
/// classification, `finishLearning`, then take each through `withCurrentTemplate`
/// (`lookout classify` holds the lines meanwhile). A stream (stdin) keeps each event's
/// template as it was when the event came (templates are rebuilt as shapes double).
///
/// Signatures (`signature(of:)`): `t…` (a template's id) for events no rule names;
/// `rule-id:value,…` for a rule with `split-by` (its author chose the grouping);
/// `rule-id/t…` for other rules, so a rule names and grades a family of messages while
/// different messages it shares (`Failed password for root` and `… for invalid user x`)
/// stay different signals.
public final class Classifier {
    public let rules: RuleSet
    public let miner: TemplateMiner
    private let matcher: PCRE2Matcher
    /// Scratch state of the hot path, kept behind a pointer: stored properties of a class
    /// are checked for exclusive access at run time on every use (`swift_beginAccess`, a
    /// few percent of the whole run when they were used per event); memory reached through
    /// a pointer is not. Owned by this classifier (freed in `deinit`), never shared.
    private let hot: UnsafeMutablePointer<Hot>
    private struct Hot {
        var scratch = Masker.Scratch()
        var shapes: ShapeMemo
        var maskRanges: [Range<Int>] = []
        var limitHits: [Int: (count: Int, reason: String)] = [:]
    }
    /// Per rule: how many events hit a match limit, and PCRE2's reason the first time.
    public private(set) var limitHits: [Int: (count: Int, reason: String)] {
        get { hot.pointee.limitHits }
        set { hot.pointee.limitHits = newValue }
    }

    public init(rules: RuleSet, templateCapacity: Int = 50_000, limits: MatchLimits = MatchLimits()) {
        self.rules = rules
        miner = TemplateMiner(capacity: templateCapacity)
        matcher = PCRE2Matcher(limits: limits)
        hot = .allocate(capacity: 1)
        hot.initialize(to: Hot(shapes: ShapeMemo(candidateWords: rules.candidateWords)))
    }

    deinit {
        hot.deinitialize(count: 1)
        hot.deallocate()
    }

    /// The hot path's closures capture `hot` (a pointer) and unmanaged references, not
    /// `self`: a closure that captures a class reference retains and releases it, two
    /// atomic operations an event each (7% of a one-thread run, measured).
    private func ruleVerdict(_ body: UnsafeRawBufferPointer, _ found: UnsafeMutableBufferPointer<UInt64>, _ sameForOtherDigits: inout Bool) -> RuleSet.Verdict {
        let hot = self.hot
        return rules.verdict(body, candidates: found, matcher: matcher, sameForOtherDigits: &sameForOtherDigits) { index, reason in
            let previous = hot.pointee.limitHits[index]
            hot.pointee.limitHits[index] = ((previous?.count ?? 0) + 1, previous?.reason ?? reason)
        }
    }

    /// Calls `body` with the shape of the first line (user masks applied first).
    private func withShape<R>(_ firstLine: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let hot = self.hot
        // No masks (the usual case): no mask ranges to pass, so no array to retain for the call.
        if rules.masks.isEmpty { return Masker.withShape(of: firstLine, masked: [], scratch: &hot.pointee.scratch, body) }
        hot.pointee.maskRanges.removeAll(keepingCapacity: true)
        for mask in rules.masks {
            var start = 0
            while start <= firstLine.count {
                guard case .match(let groups) = matcher.match(mask.pattern, in: UnsafeRawBufferPointer(rebasing: firstLine[start...])),
                      let whole = groups[0] else { break }
                let range = (whole.lowerBound + start)..<(whole.upperBound + start)
                if !range.isEmpty { hot.pointee.maskRanges.append(range) }
                start = range.upperBound + (range.isEmpty ? 1 : 0)
            }
        }
        hot.pointee.maskRanges.sort { $0.lowerBound < $1.lowerBound }
        return Masker.withShape(of: firstLine, masked: hot.pointee.maskRanges, scratch: &hot.pointee.scratch, body)
    }

    public func finishLearning() { miner.rebuild() }

    /// Whether `classify` rebuilds the templates as shapes grow, so that each classification
    /// names a current template (a stream). Workers whose shapes are merged into a run's
    /// miner, and `lookout classify` holding a file's lines, turn it off: the templates are
    /// built once, at the end.
    @exclusivity(unchecked) public var buildsWhileLearning = true

    /// Classifies one event, and learns its shape.
    /// `lineID`: the event's `firstLineID` (events with the same nonzero id have first lines
    /// that fold alike), which spares the shape memo folding and hashing the line.
    public func classify(body: UnsafeRawBufferPointer, firstLineLength: Int, lineID: UInt64 = 0) -> Classification {
        let learner = Unmanaged.passUnretained(miner)   // `self` keeps it alive
        let hot = self.hot
        let firstLine = UnsafeRawBufferPointer(rebasing: body[0..<firstLineLength])
        let whole = firstLineLength == body.count
        let memo = rules.masks.isEmpty   // `ShapeMemo`: not with user masks, which read values
        // The candidate bits live on the stack (no allocation per event).
        let (verdict, shapeIndex) = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: rules.candidateWords) { found -> (RuleSet.Verdict, Int?) in
            let entry = memo ? hot.pointee.shapes.find(firstLine, lineID: lineID) : nil
            if let entry, whole, let verdict = hot.pointee.shapes.keptVerdict(entry) {
                let shapeIndex = hot.pointee.shapes.shape(entry)
                learner._withUnsafeGuaranteedRef { $0.addCount(1, toShape: shapeIndex) }   // as `learn` counts a shape it knows
                return (verdict, shapeIndex)
            }
            var kept = false
            if let entry, whole { kept = hot.pointee.shapes.copyCandidates(entry, into: found) }
            if !kept { rules.candidates(body, into: found) }
            var sameForOtherDigits = false
            let verdict = ruleVerdict(body, found, &sameForOtherDigits)
            let shapeIndex: Int?
            if let entry {
                shapeIndex = hot.pointee.shapes.shape(entry)
                learner._withUnsafeGuaranteedRef { $0.addCount(1, toShape: shapeIndex!) }   // as `learn` counts a shape it knows
                if whole && !kept { hot.pointee.shapes.setCandidates(entry, from: found) }
                if whole && sameForOtherDigits { hot.pointee.shapes.keep(verdict, for: entry) }
            } else {
                shapeIndex = withShape(firstLine) { shape in
                    learner._withUnsafeGuaranteedRef { $0.learn(shape) }   // `unowned(unsafe)` still retained it for the call
                }
                if memo, let learnt = shapeIndex, let entry = hot.pointee.shapes.remember(learnt), whole {
                    hot.pointee.shapes.setCandidates(entry, from: found)
                    if sameForOtherDigits { hot.pointee.shapes.keep(verdict, for: entry) }
                }
            }
            return (verdict, shapeIndex)
        }
        if buildsWhileLearning { miner.rebuildIfGrown() }
        let template = shapeIndex.map { miner.templateIndex(ofShape: $0) }
        switch verdict {
        case .none: return Classification(shape: shapeIndex, template: template, ruleIndex: nil, split: [])
        case .rule(let index, let split): return Classification(shape: shapeIndex, template: template, ruleIndex: index, split: split)
        }
    }

    /// `c` with the template its shape has now: after `finishLearning`, the one it has among
    /// every shape learnt.
    public func withCurrentTemplate(_ c: Classification) -> Classification {
        var named = c
        named.template = c.shape.map { miner.templateIndex(ofShape: $0) }
        return named
    }

    /// The limit hits counted so far, which are then forgotten (a parallel scan takes them
    /// per file, to add them up in source order with `addLimitHits`).
    public func takeLimitHits() -> [Int: (count: Int, reason: String)] {
        defer { limitHits = [:] }
        return limitHits
    }

    /// Counts limit hits taken from another classifier, as if they had happened here after
    /// this one's own (the reason kept is the first one's).
    public func addLimitHits(_ hits: [Int: (count: Int, reason: String)]) {
        for (index, hit) in hits {
            let previous = limitHits[index]
            limitHits[index] = ((previous?.count ?? 0) + hit.count, previous?.reason ?? hit.reason)
        }
    }

    /// The signature id of a classification.
    public func signature(of c: Classification) -> String {
        let templateID = c.template.map(miner.templateID) ?? TemplateMiner.overflowSignature
        guard let index = c.ruleIndex else { return templateID }
        let id = rules.rules[index].id
        return c.split.isEmpty ? id + "/" + templateID : id + ":" + c.split.joined(separator: ",")
    }

    /// The template text of a classification.
    public func templateText(of c: Classification) -> String {
        c.template.map(miner.templateText) ?? TemplateMiner.overflowTemplate
    }
}
