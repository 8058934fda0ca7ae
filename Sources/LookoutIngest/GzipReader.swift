/// Decompresses a gzip file, every member of it (`cat a.gz b.gz > c.gz` is one stream).
///
/// The decoding is ISA-L's when libisal.so.2 can be loaded, else zlib's; the environment
/// variable `LOOKOUT_INFLATE=zlib` forces zlib (`InflateBackend.preferred`). Either gives
/// the same bytes and the same kinds of fault. Owns one input buffer and one `Inflater`.
/// Reading stops at the first fault; everything inflated before it has been returned.
final class GzipReader {
    enum Fault: Error {
        /// The data is not valid deflate/gzip; `offset` is the compressed byte where inflate gave up.
        case corrupt(offset: Int64, detail: String)
        /// The file ended inside a member.
        case truncated(offset: Int64)
        case io(SystemError, offset: Int64)
        /// The content outgrew `maxRatio` times the compressed bytes read (a gzip bomb?).
        case bomb(offset: Int64, content: Int64)
    }

    /// Content may grow to this many times the compressed bytes read (at least
    /// `GzipReader.bombAllowance`); beyond, reading stops with `.bomb`. Deflate cannot pass
    /// about 1032:1; real logs, however repetitive, stay far below 1000:1.
    var maxRatio: Int64 = 1000
    static let bombAllowance: Int64 = 64 << 20
    /// Content bytes produced so far.
    private(set) var contentBytes: Int64 = 0
    /// The decoder in use (zlib when ISA-L was asked for but cannot be loaded).
    let backend: InflateBackend

    private let file: FileDescriptor
    private let inflater: any Inflater
    private let input: UnsafeMutableRawBufferPointer
    /// How much of `input` holds input; the rest is slack: on bad data ISA-L has been seen
    /// to read a byte beyond what it was given.
    private let inputCapacity: Int
    /// The input not yet consumed: `pending` bytes from `pendingStart`.
    private var pendingStart = 0
    private var pending = 0
    private var inputEnd = false
    private var inMember = false
    /// Compressed bytes read from the file so far.
    private(set) var storedBytes: Int64 = 0
    /// Where non-gzip bytes followed the last complete member (they are ignored, as gzip -d does).
    private(set) var trailingGarbageOffset: Int64?
    /// A fault met in a call that also produced bytes: those bytes go out first.
    private var pendingFault: Fault?

    /// `prefix` holds bytes already read from `file` (the format probe).
    init(file: FileDescriptor, prefix: UnsafeRawBufferPointer, inputBufferSize: Int = 64 * 1024,
         backend: InflateBackend = .preferred) {
        self.file = file
        if backend == .isal, let isal = IsalInflater() {
            inflater = isal
            self.backend = .isal
        } else {
            inflater = ZlibInflater()
            self.backend = .zlib
        }
        inputCapacity = max(inputBufferSize, prefix.count)
        input = .allocate(byteCount: inputCapacity + 64, alignment: 16)
        input.initializeMemory(as: UInt8.self, repeating: 0)
        if prefix.count > 0 { input.copyMemory(from: prefix) }
        pending = prefix.count
        storedBytes = Int64(prefix.count)
    }

    deinit { input.deallocate() }

    /// Compressed offset of the next byte inflate will consume.
    private var consumedOffset: Int64 { storedBytes - Int64(pending) }

    /// Moves unconsumed input to the front and reads more; false at end of file.
    private func refill() -> Result<Bool, Fault> {
        if inputEnd { return .success(false) }
        let base = input.baseAddress!
        if pending > 0 && pendingStart > 0 { base.copyMemory(from: base + pendingStart, byteCount: pending) }
        pendingStart = 0
        switch file.read(into: UnsafeMutableRawBufferPointer(rebasing: input[pending..<inputCapacity])) {
        case .failure(let e): return .failure(.io(e, offset: storedBytes))
        case .success(0):
            inputEnd = true
            return .success(false)
        case .success(let n):
            storedBytes += Int64(n)
            pending += n
            return .success(true)
        }
    }

    /// Starts the next member if the input holds one; false at a clean end.
    private func beginMember() -> Result<Bool, Fault> {
        while pending < 2 && !inputEnd {
            if case .failure(let f) = refill() { return .failure(f) }
        }
        if pending == 0 { return .success(false) }
        let next = input.baseAddress! + pendingStart
        guard pending >= 2, next.load(as: UInt8.self) == 0x1F, next.load(fromByteOffset: 1, as: UInt8.self) == 0x8B else {
            trailingGarbageOffset = consumedOffset
            return .success(false)
        }
        if let detail = inflater.beginMember() { return .failure(.corrupt(offset: consumedOffset, detail: detail)) }
        inMember = true
        return .success(true)
    }

    /// Fills `out` with decompressed bytes; returns 0 at the end of the last member.
    func read(into out: UnsafeMutableRawBufferPointer) -> Result<Int, Fault> {
        guard out.count > 0 else { return .success(0) }
        if let fault = pendingFault { return .failure(fault) }
        let (allowed, overflow) = maxRatio.multipliedReportingOverflow(by: storedBytes)
        if !overflow && contentBytes > max(GzipReader.bombAllowance, allowed) {
            pendingFault = .bomb(offset: consumedOffset, content: contentBytes)
            return .failure(pendingFault!)
        }
        let result = inflateSome(into: out)
        if case .success(let n) = result { contentBytes += Int64(n) }
        return result
    }

    private func inflateSome(into out: UnsafeMutableRawBufferPointer) -> Result<Int, Fault> {
        while true {
            if !inMember {
                if trailingGarbageOffset != nil { return .success(0) }
                switch beginMember() {
                case .failure(let f): return .failure(f)
                case .success(false): return .success(0)
                case .success(true): break
                }
            }
            if pending == 0, case .failure(let f) = refill() { return .failure(f) }
            // At the end of the file this still runs once on no input: ISA-L may hold
            // inflated bytes that did not fit into the last `out`.
            let step = inflater.inflate(UnsafeRawBufferPointer(start: input.baseAddress! + pendingStart, count: pending), into: out)
            pendingStart += step.consumed
            pending -= step.consumed
            if let failure = step.failure {
                let fault = Fault.corrupt(offset: consumedOffset - Int64(failure.back), detail: failure.detail)
                if step.produced > 0 { pendingFault = fault; return .success(step.produced) }
                return .failure(fault)
            }
            if step.memberEnded { inMember = false }
            if step.produced > 0 { return .success(step.produced) }
            if !step.memberEnded && step.consumed == 0 {
                if pending > 0 { return .failure(.corrupt(offset: consumedOffset, detail: "inflate made no progress")) }
                if inputEnd { return .failure(.truncated(offset: storedBytes)) }
            }
        }
    }
}
