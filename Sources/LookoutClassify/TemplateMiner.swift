import LookoutCore

/// Remembers the distinct shapes of messages (bounded), and the templates built from them.
///
/// Memory is bounded by `capacity` shapes: a message of a new shape beyond it is counted
/// under the overflow signature, never dropped. Templates are rebuilt from all shapes by
/// `TemplateBuilder` (order-independent); ids are content-derived (`signatureID`).
/// Shapes and templates have dense indices, so later stages can cache per template.
///
/// The properties used for every event are `@exclusivity(unchecked)`: a class's stored
/// properties are otherwise checked for overlapping access at run time on each use
/// (`swift_beginAccess`, ~80 instructions), and no access to them here can overlap another
/// (no callbacks run during one; a miner is used from one thread at a time).
public final class TemplateMiner {
    public let capacity: Int
    @exclusivity(unchecked) private var shapes = ShapeTable()
    @exclusivity(unchecked) private var counts: [Int] = []
    /// The template index of each shape.
    @exclusivity(unchecked) private var shapeTemplate: [Int] = []
    private var templateIndex: [[UInt8]: Int] = [:]
    private var templates: [[UInt8]] = []
    private var templateIDs: [String] = []
    @exclusivity(unchecked) private var shapesAtLastBuild = 0
    /// Messages whose shape did not fit under `capacity`.
    public private(set) var overflowCount = 0
    /// Changes whenever template indices are reassigned (a rebuild): caches keyed by
    /// template index must be dropped then.
    public var generation: Int { generationCount }
    /// `generation`'s storage: a client module reading a public stored property directly
    /// checks the access at run time whatever the attribute says (one `swift_beginAccess`
    /// per event in `classify`'s output); through this getter it does not.
    @exclusivity(unchecked) private var generationCount = 0

    public static let overflowSignature = "overflow"
    public static let overflowTemplate = "<overflow: template capacity reached>"

    public init(capacity: Int = 50_000) {
        self.capacity = max(1, capacity)
    }

    public var shapeCount: Int { shapes.count }
    public var templateCount: Int { templates.count }

    /// Counts one message of this shape and returns the shape's index; nil when the shape
    /// is new and there is no room (the message is counted as overflow).
    @discardableResult
    public func learn(_ shape: UnsafeRawBufferPointer) -> Int? {
        let hash = ShapeTable.hash(shape)
        if let i = shapes.find(shape, hash: hash) {
            counts[i] += 1
            return i
        }
        guard shapes.count < capacity else {
            overflowCount += 1
            return nil
        }
        let i = shapes.insert(shape, hash: hash)
        counts.append(1)
        shapeTemplate.append(template(for: Array(shape)))   // its own template until the next build
        return i
    }

    @discardableResult
    public func learn(_ shape: [UInt8]) -> Int? { shape.withUnsafeBytes { learn($0) } }

    private func template(for bytes: [UInt8]) -> Int {
        if let t = templateIndex[bytes] { return t }
        templates.append(bytes)
        templateIDs.append(TemplateMiner.signatureID(of: bytes))
        templateIndex[bytes] = templates.count - 1
        return templates.count - 1
    }

    /// Builds templates from every shape learnt so far.
    public func rebuild() {
        let all = (0..<shapes.count).map { TemplateBuilder.Shape(bytes: Array(shapes.bytes(at: $0)), count: counts[$0]) }
        let built = TemplateBuilder.build(all)
        templateIndex = [:]
        templates = []
        templateIDs = []
        shapeTemplate = all.map { template(for: built[$0.bytes] ?? $0.bytes) }
        shapesAtLastBuild = shapes.count
        generationCount += 1
    }

    /// Rebuilds when the shapes have doubled since the last build (streaming: amortised cost).
    public func rebuildIfGrown() {
        if shapes.count >= max(16, 2 * shapesAtLastBuild) { rebuild() }
    }

    /// The template index of shape `index`.
    public func templateIndex(ofShape index: Int) -> Int { shapeTemplate[index] }

    public func templateBytes(_ t: Int) -> [UInt8] { templates[t] }
    public func templateID(_ t: Int) -> String { templateIDs[t] }
    public func templateText(_ t: Int) -> String { Masker.display(templates[t]) }

    /// A signature id from template bytes: `t` and 12 hex digits of a stable hash.
    public static func signatureID(of template: [UInt8]) -> String {
        var h = StableHash()
        for b in template { h.add(b == Masker.glued ? Masker.spaced : b) }
        return "t" + StableHash.hex(h.value, digits: 12)
    }

    // MARK: - Saving and loading

    /// Format version of `saved()`; `load` refuses any other.
    public static let formatVersion = 1

    /// The learnt shapes and counts as text: a header line, then one `count<TAB>shape` line
    /// per shape (shape bytes with `\u{1}` glue markers written as `\1`).
    public func saved() -> String {
        var out = "lookout-templates \(TemplateMiner.formatVersion)\n"
        for i in 0..<shapes.count {
            let text = String(decoding: shapes.bytes(at: i), as: UTF8.self)
            out += "\(counts[i])\t" + text.replacingOccurrences(of: "\u{1}", with: "\\1") + "\n"
        }
        return out
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// A shape's count, at most (a count in a saved set beyond it is refused; sums saturate).
    /// 2^40 (a trillion) leaves room for the builder to sum the counts of every shape.
    public static let maxCount = 1 << 40

    public func load(_ text: String) throws(LoadError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first, header == "lookout-templates \(TemplateMiner.formatVersion)" else {
            throw LoadError(line: 1, message: "not a version-\(TemplateMiner.formatVersion) template set (first line `\(lines.first ?? "")`).")
        }
        lines.removeFirst()
        for (n, line) in lines.enumerated() where !line.isEmpty {
            guard let tab = line.firstIndex(of: "\t"), let count = Int(line[..<tab]), count > 0, count <= TemplateMiner.maxCount else {
                throw LoadError(line: n + 2, message: "expected `count<TAB>shape` with a count from 1 to \(TemplateMiner.maxCount).")
            }
            let shape = Array(String(line[line.index(after: tab)...]).replacingOccurrences(of: "\\1", with: "\u{1}").utf8)
            // Saturating: a damaged or hostile file must not overflow a counter.
            if let i = learn(shape) { counts[i] = min(TemplateMiner.maxCount, counts[i] + count - 1) }
            else { overflowCount = min(TemplateMiner.maxCount, overflowCount + count - 1) }
        }
        rebuild()
    }
}

// MARK: - Merging (a parallel scan folds its workers' shapes into one miner)

extension TemplateMiner {
    /// The bytes of learnt shape `index`.
    public func shapeBytes(at index: Int) -> [UInt8] { Array(shapes.bytes(at: index)) }

    /// Counts `count` more messages of learnt shape `index` (a merge that already knows
    /// which shape it is).
    public func addCount(_ count: Int, toShape index: Int) { counts[index] += count }

    /// Counts `count` messages of this shape at once, as `count` calls of `learn` would;
    /// nil when the shape is new and there is no room (nothing is counted then: the caller
    /// that merges must not go on as if the messages had been learnt).
    public func learn(_ shape: [UInt8], count: Int) -> Int? {
        shape.withUnsafeBytes { bytes in
            let hash = ShapeTable.hash(bytes)
            if let i = shapes.find(bytes, hash: hash) {
                counts[i] += count
                return i
            }
            guard shapes.count < capacity else { return nil }
            let i = shapes.insert(bytes, hash: hash)
            counts.append(count)
            shapeTemplate.append(template(for: shape))
            return i
        }
    }
}
