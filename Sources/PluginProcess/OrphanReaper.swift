// As child subreaper the agent inherits every orphan of its plugins. Most are members of the
// plugin's process group, which the supervisor kills and reaps itself; but a grandchild that
// left the group (setsid, a daemonizing helper) escapes that, and when it exits it stays a
// zombie until someone waits for it. The reaper waits for those: zombie children of this
// process that no supervisor is about to wait for.
import Dispatch
import Glibc
import Synchronization

/// The main children supervisors are watching. Process-wide by nature: waitpid is.
enum SupervisedChildren {
    private struct State {
        var pids: Set<pid_t> = []
        /// Those the agent signalled while stopping (`ProcessRunner.stopAll`).
        var stopped: Set<pid_t> = []
        /// posix_spawn calls under way: their child may exist before its pid is recorded.
        var spawning = 0
        /// Set by `signalAll` (the agent is stopping): a child spawned after it gets the same signal.
        var stopSignal: Int32?
    }

    private static let state = Mutex(State())

    static func beginSpawn() { state.withLock { $0.spawning += 1 } }

    static func endSpawn(pid: pid_t?) {
        state.withLock { state in
            state.spawning -= 1
            guard let pid else { return }
            state.pids.insert(pid)
            if let signal = state.stopSignal {
                state.stopped.insert(pid)
                kill(-pid, signal)
            }
        }
    }

    /// Waits for `pid`, which has exited, and forgets it in one step: a pid freed by waitpid
    /// may be reused at once, and must not still stand in the set for someone else's child.
    /// Returns waitpid's result, the status and whether the agent stopped it.
    static func reap(_ pid: pid_t) -> (reaped: pid_t, status: Int32, stopped: Bool) {
        state.withLock { state in
            var status: Int32 = 0
            let reaped = retryingEINTR { waitpid(pid, &status, 0) }
            state.pids.remove(pid)
            return (reaped, status, state.stopped.remove(pid) != nil)
        }
    }

    /// The supervisor gave up on `pid` without reaping it (the reaper may take it later).
    /// Returns whether the agent stopped it.
    static func finished(_ pid: pid_t) -> Bool {
        state.withLock { state in
            state.pids.remove(pid)
            return state.stopped.remove(pid) != nil
        }
    }

    /// Sends `signal` to the process group of every supervised child and marks them stopped.
    static func signalAll(_ signal: Int32) -> Int {
        state.withLock { state in
            state.stopSignal = signal
            for pid in state.pids {
                state.stopped.insert(pid)
                kill(-pid, signal)
            }
            return state.pids.count
        }
    }

    /// Runs `body` with the supervised set while no spawn is under way; nil when one is.
    static func whileNoSpawn<T>(_ body: (Set<pid_t>) -> T) -> T? {
        state.withLock { state in state.spawning == 0 ? body(state.pids) : nil }
    }
}

public final class OrphanReaper: Sendable {
    private let reaped = Atomic<Int>(0)
    private let stopped = Mutex(false)
    private let wake = DispatchSemaphore(value: 0)

    public init() {}

    /// Zombies reaped since start, for `outpost_process_orphans_reaped_total`.
    public var reapedTotal: Int { reaped.load(ordering: .relaxed) }

    /// Reaps every zombie child of this process that no supervisor owns; returns how many.
    /// Never while a spawn is under way, so it cannot take a main child whose pid is not
    /// recorded yet (it retries for about 100 ms, then leaves the round to the next).
    /// `among` limits it to those pids (tests, which share the process with other children).
    @discardableResult
    public func reapOnce(among candidates: Set<pid_t>? = nil) -> Int {
        var zombies = Self.zombieChildren(of: getpid())
        if let candidates { zombies = zombies.filter(candidates.contains) }
        guard !zombies.isEmpty else { return 0 }
        // A spawn takes about a millisecond: under load, try again shortly rather than give up
        // the round.
        for _ in 0..<50 {
            let count = SupervisedChildren.whileNoSpawn { supervised -> Int in
                var count = 0
                var status: Int32 = 0
                for pid in zombies where !supervised.contains(pid) {
                    if waitpid(pid, &status, WNOHANG) == pid { count += 1 }
                }
                return count
            }
            if let count {
                reaped.add(count, ordering: .relaxed)
                return count
            }
            usleep(2_000)
        }
        return 0
    }

    /// Reaps every `interval` on a thread of its own until `stop()`.
    public func start(every interval: Duration = .seconds(5)) {
        let nanoseconds = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        DispatchQueue(label: "outpost.orphan-reaper").async { [self] in
            while !stopped.withLock({ $0 }) {
                reapOnce()
                _ = wake.wait(timeout: .now() + .nanoseconds(nanoseconds))
            }
        }
    }

    public func stop() {
        stopped.withLock { $0 = true }
        wake.signal()
    }

    /// Children of `parent` in state Z, from /proc/<pid>/stat (the command name may hold spaces
    /// and parentheses, so fields are counted from the last ')').
    static func zombieChildren(of parent: pid_t) -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var zombies: [pid_t] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while let entry = readdir(directory) {
            let pid = withUnsafeBytes(of: entry.pointee.d_name) { raw -> pid_t? in
                pid_t(String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self))
            }
            guard let pid else { continue }
            let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard count > 0, let close = buffer[..<count].lastIndex(of: UInt8(ascii: ")")) else { continue }
            let fields = buffer[(close + 1)..<count].split(separator: UInt8(ascii: " "), maxSplits: 3)
            guard fields.count >= 2, fields[0].first == UInt8(ascii: "Z"),
                  pid_t(String(decoding: fields[1], as: UTF8.self)) == parent else { continue }
            zombies.append(pid)
        }
        return zombies
    }
}
