// Watching one spawned child: a poll loop over its pipes (and a pidfd when the kernel has one)
// until it exits or the deadline passes, then killing and reaping its whole process group.
import Glibc

struct Supervisor {
    let pid: pid_t
    let spec: ProcessSpec
    let clock: ContinuousClock
    let start: ContinuousClock.Instant
    var stdout: OutputCapture
    var stderr: OutputCapture
    /// Readable when the child exits; -1 without pidfd support (then we poll in short slices).
    var pidfd: Int32

    /// Longest we wait for a child that ignores even SIGKILL (stuck in D state) before giving up on it.
    static let unkillableLimit: Duration = .seconds(5)
    /// Longest we wait for pipe EOF once the group is dead (a setsid'ed grandchild may hold them).
    static let finalDrainLimit: Duration = .milliseconds(100)

    init(spawned: Spawned, spec: ProcessSpec, clock: ContinuousClock, start: ContinuousClock.Instant, usePidfd: Bool) {
        pid = spawned.pid
        self.spec = spec
        self.clock = clock
        self.start = start
        stdout = OutputCapture(fd: spawned.stdoutFD, cap: spec.outputCap)
        stderr = OutputCapture(fd: spawned.stderrFD, cap: spec.outputCap)
        pidfd = usePidfd ? (LibcExtras.shared.pidfdOpen.map { $0(spawned.pid, 0) } ?? -1) : -1
    }

    mutating func superviseToEnd() -> ProcessOutcome {
        let deadline = start + spec.timeout
        var termSentAt: ContinuousClock.Instant?
        var killSentAt: ContinuousClock.Instant?
        var exited = false
        while true {
            if mainChildHasExited() { exited = true; break }
            let now = clock.now
            if termSentAt == nil && now >= deadline {
                _ = kill(-pid, SIGTERM)
                termSentAt = now
            }
            if let term = termSentAt, killSentAt == nil, now >= term + spec.killGrace {
                _ = kill(-pid, SIGKILL)
                killSentAt = now
            }
            if let killed = killSentAt, now >= killed + Self.unkillableLimit { break }
            let wakeAt: ContinuousClock.Instant
            if let killed = killSentAt {
                wakeAt = killed + Self.unkillableLimit
            } else if let term = termSentAt {
                wakeAt = term + spec.killGrace
            } else {
                wakeAt = deadline
            }
            var wait = wakeAt - now
            if pidfd < 0 { wait = min(wait, .milliseconds(20)) }
            pollOnce(timeout: wait, includePidfd: true)
        }
        let duration = clock.now - start
        stdout.drain()
        stderr.drain()
        // The zombie main child still holds the pgid, so this cannot hit a recycled group.
        _ = kill(-pid, SIGKILL)
        var termination: ProcessTermination = .timedOut
        let stopped: Bool
        if exited {
            let (reaped, status, wasStopped) = SupervisedChildren.reap(pid)
            stopped = wasStopped
            if termSentAt == nil {
                // reaped != pid only if other code in the agent reaped our child behind our back.
                termination = reaped == pid ? WaitStatus.termination(status) : .exited(-1)
            }
        } else {
            stopped = SupervisedChildren.finished(pid)
        }
        reapGroup()
        if stopped, termination != .exited(0) { termination = .stoppedByAgent }
        finalDrain()
        stdout.close()
        stderr.close()
        if pidfd >= 0 { close(pidfd) }
        return ProcessOutcome(
            termination: termination, stdout: stdout.text, stderr: stderr.text,
            stdoutTruncated: stdout.truncated, stderrTruncated: stderr.truncated,
            duration: duration, pid: pid)
    }

    /// Exit is detected without reaping (WNOWAIT) so the pid stays ours until the group is killed.
    private func mainChildHasExited() -> Bool {
        var info = siginfo_t()
        let rc = retryingEINTR { waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) }
        if rc == -1 { return errno == ECHILD }  // someone else reaped it: treat as gone
        return info._sifields._kill.si_pid == pid
    }

    /// Members of the group that are our children (orphans re-parented to us as subreaper) were
    /// SIGKILLed; wait for each of them, bounded in case one is stuck in the kernel.
    private func reapGroup() {
        let giveUpAt = clock.now + Self.unkillableLimit
        var status: Int32 = 0
        while true {
            let rc = retryingEINTR { waitpid(-pid, &status, WNOHANG) }
            if rc > 0 { continue }
            if rc < 0 || clock.now >= giveUpAt { return }
            usleep(1000)
        }
    }

    /// After the group is dead the pipes normally hit EOF at once; keep what is left, briefly.
    private mutating func finalDrain() {
        let giveUpAt = clock.now + Self.finalDrainLimit
        while stdout.isOpen || stderr.isOpen {
            let now = clock.now
            if now >= giveUpAt { return }
            pollOnce(timeout: giveUpAt - now, includePidfd: false)
        }
    }

    private mutating func pollOnce(timeout: Duration, includePidfd: Bool) {
        var fds: [pollfd] = []
        if stdout.isOpen { fds.append(pollfd(fd: stdout.fd, events: Int16(POLLIN), revents: 0)) }
        if stderr.isOpen { fds.append(pollfd(fd: stderr.fd, events: Int16(POLLIN), revents: 0)) }
        if includePidfd && pidfd >= 0 { fds.append(pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)) }
        let milliseconds = Self.milliseconds(timeout)
        if fds.isEmpty {
            if milliseconds > 0 { usleep(UInt32(min(milliseconds, 1000)) * 1000) }
            return
        }
        let ready = retryingEINTR { poll(&fds, nfds_t(fds.count), milliseconds) }
        guard ready > 0 else { return }
        for entry in fds where entry.revents != 0 {
            if entry.fd == stdout.fd { stdout.drain() }
            if entry.fd == stderr.fd { stderr.drain() }
        }
    }

    /// Rounded up so a 0.4 ms remainder does not become a busy 0 ms poll.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
