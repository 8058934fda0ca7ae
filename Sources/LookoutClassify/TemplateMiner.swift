/// Remembers the distinct shapes of messages (bounded), and the templates built from them.
///
/// Memory is bounded by `capacity` shapes: a message of a new shape beyond it is counted
/// under the overflow signature, never dropped. Templates are rebuilt from all shapes by
/// `TemplateBuilder` (order-independent); ids are content-derived (`signatureID`).
public final class TemplateMiner {
    public let capacity: Int
    private var index: [[UInt8]: Int] = [:]
    private var shapes: [[UInt8]] = []
    private var counts: [Int] = []
    private var templates: [[UInt8]: [UInt8]] = [:]
    private var shapesAtLastBuild = 0
    /// Messages whose shape did not fit under `capacity`.
    public private(set) var overflowCount = 0

    public static let overflowSignature = "overflow"
    public static let overflowTemplate = "<overflow: template capacity reached>"

    public init(capacity: Int = 50_000) {
        self.capacity = max(1, capacity)
    }

    public var shapeCount: Int { shapes.count }

    /// Counts one message of this shape; false when the shape is new and there is no room.
    @discardableResult
    public func learn(_ shape: [UInt8]) -> Bool {
        if let i = index[shape] {
            counts[i] += 1
            return true
        }
        guard shapes.count < capacity else {
            overflowCount += 1
            return false
        }
        index[shape] = shapes.count
        shapes.append(shape)
        counts.append(1)
        return true
    }

    public func isKnown(_ shape: [UInt8]) -> Bool { index[shape] != nil }

    /// Builds templates from every shape learnt so far.
    public func rebuild() {
        templates = TemplateBuilder.build(zip(shapes, counts).map { TemplateBuilder.Shape(bytes: $0, count: $1) })
        shapesAtLastBuild = shapes.count
    }

    /// Rebuilds when the shapes have doubled since the last build (streaming: amortised cost).
    public func rebuildIfGrown() {
        if shapes.count >= max(16, 2 * shapesAtLastBuild) { rebuild() }
    }

    /// The template of a learnt shape as of the last build; a shape learnt since is its own template.
    public func template(for shape: [UInt8]) -> [UInt8]? {
        if let t = templates[shape] { return t }
        return index[shape] != nil ? shape : nil
    }

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
        for (shape, count) in zip(shapes, counts) {
            out += "\(count)\t" + String(decoding: shape, as: UTF8.self).replacingOccurrences(of: "\u{1}", with: "\\1") + "\n"
        }
        return out
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public func load(_ text: String) throws(LoadError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first, header == "lookout-templates \(TemplateMiner.formatVersion)" else {
            throw LoadError(line: 1, message: "not a version-\(TemplateMiner.formatVersion) template set (first line `\(lines.first ?? "")`).")
        }
        lines.removeFirst()
        for (n, line) in lines.enumerated() where !line.isEmpty {
            guard let tab = line.firstIndex(of: "\t"), let count = Int(line[..<tab]), count > 0 else {
                throw LoadError(line: n + 2, message: "expected `count<TAB>shape`.")
            }
            let shape = Array(String(line[line.index(after: tab)...]).replacingOccurrences(of: "\\1", with: "\u{1}").utf8)
            if let i = index[shape] { counts[i] += count; continue }
            guard shapes.count < capacity else { overflowCount += count; continue }
            index[shape] = shapes.count
            shapes.append(shape)
            counts.append(count)
        }
        rebuild()
    }
}
