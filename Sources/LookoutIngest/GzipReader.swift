import CZlib

/// Decompresses a gzip file, every member of it (`cat a.gz b.gz > c.gz` is one stream).
///
/// Owns one `z_stream` (allocated once so its address never moves) and one input buffer.
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

    private let file: FileDescriptor
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnd = false
    private var inMember = false
    private var initialised = false
    /// Compressed bytes read from the file so far.
    private(set) var storedBytes: Int64 = 0
    /// Where non-gzip bytes followed the last complete member (they are ignored, as gzip -d does).
    private(set) var trailingGarbageOffset: Int64?
    /// A fault met in a call that also produced bytes: those bytes go out first.
    private var pendingFault: Fault?

    /// `prefix` holds bytes already read from `file` (the format probe).
    init(file: FileDescriptor, prefix: UnsafeRawBufferPointer, inputBufferSize: Int = 64 * 1024) {
        self.file = file
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: max(inputBufferSize, prefix.count), alignment: 16)
        if prefix.count > 0 { input.copyMemory(from: prefix) }
        stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(prefix.count)
        storedBytes = Int64(prefix.count)
    }

    deinit {
        if initialised { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Compressed offset of the next byte inflate will consume.
    private var consumedOffset: Int64 { storedBytes - Int64(stream.pointee.avail_in) }

    /// Moves unconsumed input to the front and reads more; false at end of file.
    private func refill() -> Result<Bool, Fault> {
        if inputEnd { return .success(false) }
        let pending = Int(stream.pointee.avail_in)
        let base = input.baseAddress!
        if pending > 0, let next = stream.pointee.next_in {
            let from = UnsafeMutableRawPointer(next)
            if from != base { base.copyMemory(from: from, byteCount: pending) }
        }
        switch file.read(into: UnsafeMutableRawBufferPointer(rebasing: input[pending...])) {
        case .failure(let e): return .failure(.io(e, offset: storedBytes))
        case .success(0):
            inputEnd = true
            stream.pointee.next_in = base.assumingMemoryBound(to: Bytef.self)
            return .success(false)
        case .success(let n):
            storedBytes += Int64(n)
            stream.pointee.next_in = base.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = UInt32(pending + n)
            return .success(true)
        }
    }

    /// Starts the next member if the input holds one; false at a clean end.
    private func beginMember() -> Result<Bool, Fault> {
        while stream.pointee.avail_in < 2 && !inputEnd {
            if case .failure(let f) = refill() { return .failure(f) }
        }
        let available = Int(stream.pointee.avail_in)
        if available == 0 { return .success(false) }
        let next = stream.pointee.next_in!
        guard available >= 2, next[0] == 0x1F, next[1] == 0x8B else {
            trailingGarbageOffset = consumedOffset
            return .success(false)
        }
        let rc = initialised ? inflateReset(stream) : lookout_inflate_init_gzip(stream)
        guard rc == Z_OK else { return .failure(.corrupt(offset: consumedOffset, detail: "zlib could not start a stream (code \(rc))")) }
        initialised = true
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
            if stream.pointee.avail_in == 0 {
                switch refill() {
                case .failure(let f): return .failure(f)
                case .success(false): return .failure(.truncated(offset: storedBytes))
                case .success(true): break
                }
            }
            stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(min(out.count, Int(UInt32.max)))
            let before = stream.pointee.avail_in
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = min(out.count, Int(UInt32.max)) - Int(stream.pointee.avail_out)
            switch rc {
            case Z_STREAM_END:
                inMember = false
                if produced > 0 { return .success(produced) }
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return .success(produced) }
                if rc == Z_BUF_ERROR && before > 0 && stream.pointee.avail_in == before {
                    return .failure(.corrupt(offset: consumedOffset, detail: "inflate made no progress"))
                }
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                let fault = Fault.corrupt(offset: consumedOffset, detail: detail)
                if produced > 0 { pendingFault = fault; return .success(produced) }
                return .failure(fault)
            }
        }
    }
}
