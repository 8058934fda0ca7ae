import Synchronization
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
    /// Set by the signal handler (on whichever thread the signal lands), read by every thread
    /// between reads: an atomic (lock-free, so safe in a handler). A plain word was a data
    /// race, which ThreadSanitizer reported now and then on a signal during a parallel read.
    static let flag = Atomic<Int32>(0)

    public static var isRequested: Bool { flag.load(ordering: .relaxed) != 0 }

    /// Installs the handlers (without SA_RESTART, so a blocked read returns EINTR).
    public static func install() {
        _ = isRequested   // the flag made before any handler can run (a global is made on first use)
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { signal in
            if StopRequest.flag.exchange(1, ordering: .relaxed) != 0 { _exit(128 + signal) }
        }
        #else
        action.__sigaction_u.__sa_handler = { signal in
            if StopRequest.flag.exchange(1, ordering: .relaxed) != 0 { _exit(128 + signal) }
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
