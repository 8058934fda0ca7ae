#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CIsal
import CZlib

/// The deflate decoder behind `GzipReader`.
public enum InflateBackend: String, Sendable, CaseIterable {
    case zlib
    /// Intel ISA-L's `isal_inflate`, loaded from libisal.so.2 at first use: about five
    /// times zlib's speed on logs.
    case isal

    /// ISA-L when libisal.so.2 can be loaded, unless the environment variable
    /// `LOOKOUT_INFLATE` is `zlib`; else zlib.
    public static let preferred: InflateBackend = {
        if let forced = getenv("LOOKOUT_INFLATE"), String(cString: forced) == "zlib" { return .zlib }
        return isalLoads ? .isal : .zlib
    }()

    /// Whether this machine can use it (zlib always can).
    public var isAvailable: Bool { self == .zlib || InflateBackend.isalLoads }

    private static let isalLoads: Bool = {
        guard let state = lookout_isal_create() else { return false }
        lookout_isal_destroy(state)
        return true
    }()
}

/// What one inflate call did.
struct InflateStep {
    var consumed = 0
    var produced = 0
    /// The member's trailer was read and checked: the next input byte is past it.
    var memberEnded = false
    /// The data is not valid: what is wrong, and how far before the next input byte the
    /// fault lies (bytes the decoder held undecoded; a bad trailer's own bytes).
    var failure: (detail: String, back: Int)?
}

/// Decodes gzip members one at a time, from input and into output that `GzipReader` owns:
/// the same bytes and the same faults whichever the decoder.
protocol Inflater: AnyObject {
    /// Starts a member whose header begins at the next input byte; a detail on failure.
    func beginMember() -> String?
    func inflate(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> InflateStep
}

/// zlib's inflate: owns one `z_stream` (allocated once so its address never moves).
final class ZlibInflater: Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var initialised = false

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
    }

    deinit {
        if initialised { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func beginMember() -> String? {
        let rc = initialised ? inflateReset(stream) : lookout_inflate_init_gzip(stream)
        guard rc == Z_OK else { return "zlib could not start a stream (code \(rc))" }
        initialised = true
        return nil
    }

    func inflate(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> InflateStep {
        let room = UInt32(min(out.count, Int(UInt32.max)))
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = room
        let rc = CZlib.inflate(stream, Z_NO_FLUSH)
        var step = InflateStep(consumed: input.count - Int(stream.pointee.avail_in), produced: Int(room - stream.pointee.avail_out))
        switch rc {
        case Z_STREAM_END: step.memberEnded = true
        case Z_OK, Z_BUF_ERROR: break
        default:
            let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
            // A trailer that does not match: the fault is where the trailer begins (zlib
            // stops after the field it checked; ISA-L checks both at once).
            step.failure = (detail, detail == "incorrect data check" ? 4 : detail == "incorrect length check" ? 8 : 0)
        }
        return step
    }
}

/// ISA-L's inflate: owns one `struct inflate_state`, which parses each member's header and
/// checks its CRC-32 and size.
final class IsalInflater: Inflater {
    private let state: OpaquePointer

    /// Nil when libisal.so.2 cannot be loaded.
    init?() {
        guard let state = lookout_isal_create() else { return nil }
        self.state = state
    }

    deinit { lookout_isal_destroy(state) }

    func beginMember() -> String? {
        lookout_isal_begin_member(state)
        return nil
    }

    func inflate(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> InflateStep {
        var consumed: UInt32 = 0, produced: UInt32 = 0, held: UInt32 = 0
        let rc = lookout_isal_inflate(state, input.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(input.count), &consumed,
                                      out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32(min(out.count, Int(UInt32.max))),
                                      &produced, &held)
        var step = InflateStep(consumed: Int(consumed), produced: Int(produced))
        switch rc {
        case Int32(LOOKOUT_ISAL_MORE): break
        case Int32(LOOKOUT_ISAL_MEMBER_END): step.memberEnded = true
        default: step.failure = (IsalInflater.detail(rc), Int(held))
        }
        return step
    }

    /// ISA-L's error codes in words (zlib's where the two mean the same).
    static func detail(_ rc: Int32) -> String {
        switch rc {
        case Int32(LOOKOUT_ISAL_INVALID_BLOCK): "invalid deflate block header"
        case Int32(LOOKOUT_ISAL_INVALID_SYMBOL): "invalid code in a deflate block"
        case Int32(LOOKOUT_ISAL_INVALID_LOOKBACK): "invalid distance too far back"
        case Int32(LOOKOUT_ISAL_INVALID_WRAPPER): "incorrect header check"
        case Int32(LOOKOUT_ISAL_RESERVED_FLAGS): "unknown header flags set"
        case Int32(LOOKOUT_ISAL_UNSUPPORTED_METHOD): "unknown compression method"
        case Int32(LOOKOUT_ISAL_INCORRECT_CHECKSUM): "header crc mismatch"
        case Int32(LOOKOUT_ISAL_TRAILER_MISMATCH): "incorrect data or length check"
        default: "ISA-L inflate error \(rc)"
        }
    }
}
