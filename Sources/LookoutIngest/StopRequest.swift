#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM ask a run to stop reading, not to die: the input read so far is then
/// reported as at end of input (pipe mode's "a clean summary, never a lost one"). A second
/// signal of the same kind ends the process at once, as usual.
public enum StopRequest {
    /// Set by the signal handler; read by ingest between reads. A C `sig_atomic_t`-like flag:
    /// one aligned word, written only by the handler.
    nonisolated(unsafe) static var flag: Int32 = 0

    public static var isRequested: Bool { flag != 0 }

    /// Installs the handlers (without SA_RESTART, so a blocked read returns EINTR).
    public static func install() {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { signal in
            if StopRequest.flag != 0 { _exit(128 + signal) }
            StopRequest.flag = 1
        }
        #else
        action.__sigaction_u.__sa_handler = { signal in
            if StopRequest.flag != 0 { _exit(128 + signal) }
            StopRequest.flag = 1
        }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        // A parent may have started us with them blocked (it happens under test runners).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }
}
