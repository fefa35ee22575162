// Runs one child the way a Nagios-compatible agent must: no shell, its own process group, a clean
// environment, a hard deadline, and nothing left behind (no stray group members, no zombies, no fds).
import Glibc

public enum ProcessRunner {
    /// Blocking: spawns, waits to the deadline, kills the group on timeout, reaps everything.
    /// Safe to call from many threads at once (all state is local to the call).
    public static func run(_ spec: ProcessSpec) -> ProcessOutcome {
        run(spec, usePidfd: true)
    }

    /// `usePidfd: false` exercises the fallback for kernels without pidfd_open (tests only).
    static func run(_ spec: ProcessSpec, usePidfd: Bool) -> ProcessOutcome {
        let prepared: PreparedSpawn
        switch PreparedSpawn.make(spec) {
        case .failure(let message): return .spawnFailed(message)
        case .success(let value): prepared = value
        }
        let clock = ContinuousClock()
        let start = clock.now
        let spawned: Spawned
        switch prepared.spawn() {
        case .failure(let message): return .spawnFailed(message)
        case .success(let value): spawned = value
        }
        var supervisor = Supervisor(spawned: spawned, spec: spec, clock: clock, start: start, usePidfd: usePidfd)
        return supervisor.superviseToEnd()
    }

    /// Signals the process group of every run in flight (SIGTERM, then SIGKILL for those that
    /// stay) when the agent stops; those runs end as `.stoppedByAgent`, and so does any run
    /// that spawns after this (it gets the signal at once). Returns how many were signalled.
    @discardableResult
    public static func stopAll(signal: Int32) -> Int {
        SupervisedChildren.signalAll(signal)
    }

    /// prctl(PR_SET_CHILD_SUBREAPER): orphaned grandchildren become our children so they can be
    /// reaped instead of lingering as zombies under a PID 1 that never waits. Call once at agent start.
    public static func becomeChildSubreaper() -> Bool {
        guard let prctl = LibcExtras.shared.prctl else { return false }
        let prSetChildSubreaper: Int32 = 36
        return prctl(prSetChildSubreaper, 1, 0, 0, 0) == 0
    }

    /// Resolve a bare program name against PATH (used by config validation: "command not found").
    /// A name containing '/' is checked as given. `path` nil means the agent's own PATH.
    public static func resolveExecutable(_ name: String, path: String?) -> String? {
        guard !name.isEmpty, !name.utf8.contains(0) else { return nil }
        if name.contains("/") { return isExecutableFile(name) ? name : nil }
        let searchPath = path ?? agentPath()
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let base = directory.isEmpty ? "." : String(directory)
            let candidate = base.hasSuffix("/") ? base + name : base + "/" + name
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    static func agentPath() -> String {
        if let raw = getenv("PATH") { return String(cString: raw) }
        return "/usr/local/bin:/usr/bin:/bin"
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
