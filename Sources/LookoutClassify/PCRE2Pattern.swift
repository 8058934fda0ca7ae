import CPCRE2

/// A compiled PCRE2 pattern: owns one `pcre2_code`, freed when the pattern goes.
///
/// Compiled with `PCRE2_UTF | PCRE2_MATCH_INVALID_UTF`, so any bytes are a valid subject
/// (log lines are not guaranteed UTF-8), and JIT-compiled when the platform allows (in
/// `init`, or later by `compileJIT` for a pattern made with `jit: false`). The compiled code
/// is immutable after that and PCRE2 documents it as safe to share between threads; each
/// thread matches with its own `PCRE2Matcher`.
public final class PCRE2Pattern: @unchecked Sendable {
    let code: OpaquePointer
    /// Pattern text, as written.
    public let source: String
    public private(set) var isJITCompiled = false
    /// Compiled with `PCRE2_CASELESS` (the pattern may also set `(?i)` itself).
    public let caseless: Bool
    /// Number of capture groups.
    public let captureCount: Int

    /// A pattern that does not compile: PCRE2's message and the byte offset in the pattern.
    public struct CompileError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at pattern offset \(offset)" }
    }

    public init(_ pattern: String, caseless: Bool = false, jit: Bool = true) throws(CompileError) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        var options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF
        if caseless { options |= PCRE2_CASELESS }
        let compiled: OpaquePointer? = pattern.utf8CString.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buffer.count) {
                pcre2_compile_8($0, buffer.count - 1, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw CompileError(message: PCRE2Pattern.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        source = pattern
        self.caseless = caseless
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        if jit { compileJIT() }
    }

    /// JIT-compiles the pattern, if it was made with `jit: false`: before any thread matches
    /// with it, and on one thread (PCRE2 writes the machine code into the compiled pattern).
    public func compileJIT() {
        if !isJITCompiled { isJITCompiled = pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE) == 0 }
    }

    deinit { pcre2_code_free_8(code) }

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(code)"
    }

    /// The capture group number of a named group, or nil.
    public func groupNumber(named name: String) -> Int? {
        let n = name.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1) { pcre2_substring_number_from_name_8(code, $0) } }
        return n > 0 ? Int(n) : nil
    }
}

/// Bounds that stop any pattern, however badly written, from hanging a run.
public struct MatchLimits: Sendable, Equatable {
    /// Calls of PCRE2's internal match function (backtracking steps) per match attempt.
    public var matchLimit: UInt32 = 1_000_000
    /// Backtracking depth (interpreter only; the JIT is bounded by its stack).
    public var depthLimit: UInt32 = 10_000
    /// Heap used by one match, in KiB.
    public var heapLimitKiB: UInt32 = 20_000
    /// The JIT's stack, in bytes.
    public var jitStackBytes = 512 * 1024
    public init() {}
}

/// What one match attempt found.
public enum MatchOutcome: Equatable, Sendable {
    case noMatch
    /// Matched; byte ranges of the groups (index 0: the whole match), nil for unset groups.
    case match([Range<Int>?])
    /// A limit stopped the attempt: the pattern is too costly on this subject.
    case limitExceeded(String)
}

/// Matches patterns against byte subjects: owns one match context, one JIT stack and one
/// match data block, reused for every match (never allocated per match). One per thread.
public final class PCRE2Matcher {
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?
    private var data: OpaquePointer
    private var dataPairs: UInt32

    public init(limits: MatchLimits = MatchLimits()) {
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        pcre2_set_heap_limit_8(context, limits.heapLimitKiB)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, max(32 * 1024, limits.jitStackBytes), nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        dataPairs = 16
        data = pcre2_match_data_create_8(dataPairs, nil)
    }

    deinit {
        pcre2_match_data_free_8(data)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
        pcre2_match_context_free_8(context)
    }

    /// Searches `subject` for `pattern` (unanchored).
    public func match(_ pattern: PCRE2Pattern, in subject: UnsafeRawBufferPointer) -> MatchOutcome {
        if pattern.captureCount + 1 > Int(dataPairs) {
            pcre2_match_data_free_8(data)
            dataPairs = UInt32(pattern.captureCount + 1)
            data = pcre2_match_data_create_8(dataPairs, nil)
        }
        let empty: StaticString = ""
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? empty.utf8Start
        let rc = pcre2_match_8(pattern.code, base, subject.count, 0, 0, data, context)
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        // Match, depth, heap and JIT-stack limits, and any other failure: the attempt is abandoned.
        if rc < 0 { return .limitExceeded(PCRE2Pattern.message(for: rc)) }
        let ovector = pcre2_get_ovector_pointer_8(data)!
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(pattern.captureCount + 1)
        for i in 0...pattern.captureCount {
            let start = ovector[2 * i], end = ovector[2 * i + 1]
            // PCRE2_UNSET is ~(size_t)0, which is -1 as an Int; groups past `rc` are unset.
            groups.append(i >= Int(rc) || start < 0 || end < start ? nil : start..<end)
        }
        return .match(groups)
    }

    /// True when `pattern` matches somewhere in `subject`; limit hits count as no match.
    public func matches(_ pattern: PCRE2Pattern, in subject: UnsafeRawBufferPointer) -> Bool {
        if case .match = match(pattern, in: subject) { return true }
        return false
    }

    public func matches(_ pattern: PCRE2Pattern, in subject: String) -> Bool {
        var bytes = Array(subject.utf8)
        return bytes.withUnsafeMutableBytes { matches(pattern, in: UnsafeRawBufferPointer($0)) }
    }
}
