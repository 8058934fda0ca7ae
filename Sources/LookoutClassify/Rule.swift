import LookoutCore

/// Where a rule or mask was written: a file (or `<default>` for the built-in pack) and a line.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) { self.file = file; self.line = line }
    public var description: String { "\(file):\(line)" }
}

/// A named signature: events whose text matches `pattern` belong to it.
public struct Rule: Sendable {
    public var id: String
    public var title: String
    public var pattern: PCRE2Pattern
    public var severity: Severity
    public var tags: [String]
    /// Named groups whose values split the signature (`java-exception:java.io.IOException`).
    public var splitBy: [String]
    /// Group numbers of `splitBy`, in the same order.
    public var splitGroups: [Int]
    public var examples: [String]
    public var counterexamples: [String]
    public var location: SourceLocation
}

/// A user-defined kind of variable for template mining (`ORD-\d{8}`), masked as `<*>`.
public struct Mask: Sendable {
    public var name: String
    public var pattern: PCRE2Pattern
    public var location: SourceLocation
}
