// Signals are taken with sigwait on a thread that asks for them, never by a handler that
// interrupts arbitrary code: block them before the first thread starts (threads inherit the
// mask), then wait for them where they mean something.
import Glibc
import ThreadSupport

public enum Signals {
    /// Stop (SIGTERM, SIGINT) and reload (SIGHUP).
    static var handled: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, signal) }
        return set
    }

    /// Blocks the handled signals in the calling thread and every thread it starts later.
    public static func block() {
        var set = handled
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for the next handled signal.
    public static func wait() -> Int32 {
        var set = handled
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }

    /// Calls `body` with every handled signal from now on, on a thread of its own.
    public static func watch(_ body: @escaping @Sendable (Int32) -> Void) {
        startDetachedThread {
            while true { body(wait()) }
        }
    }
}
