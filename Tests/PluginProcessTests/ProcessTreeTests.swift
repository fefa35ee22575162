// Timeouts, process trees and reaping. Serialized: these tests count zombies and fds.
import Foundation
import Glibc
import Synchronization
import Testing
@testable import PluginProcess

@Suite(.serialized) struct ProcessTreeTests {
    init() {
        _ = ProcessRunner.becomeChildSubreaper()
    }

    @Test func becomeSubreaperSucceeds() {
        #expect(ProcessRunner.becomeChildSubreaper())
    }

    @Test func timeoutKillsWholeTree() {
        let outcome = sh("sleep 100 & echo $!; sleep 100 & echo $!; wait", timeout: .milliseconds(500))
        #expect(outcome.termination == .timedOut)
        #expect(outcome.duration.seconds >= 0.45 && outcome.duration.seconds < 2.0, "took \(outcome.duration)")
        let sleepers = outcome.stdout.split(separator: "\n").compactMap { Int32($0) }
        #expect(sleepers.count == 2)
        #expect(kill(-outcome.pid, 0) == -1 && errno == ESRCH)
        let pids = sleepers + [outcome.pid]
        #expect(Proc.eventually { pids.allSatisfy(Proc.isGone) }, "left: \(pids.map { ($0, Proc.state($0) as Any) })")
        #expect(Proc.zombies(among: pids).isEmpty)
    }

    @Test func termIgnoringChildIsKilledAfterGrace() {
        let started = ContinuousClock.now
        let outcome = sh("trap '' TERM; sleep 100 & echo $!; wait; wait",
                         timeout: .milliseconds(300), grace: .milliseconds(400))
        let elapsed = ContinuousClock.now - started
        #expect(outcome.termination == .timedOut)
        #expect(elapsed.seconds >= 0.65 && elapsed.seconds < 2.5, "took \(elapsed)")
        let pids = outcome.stdout.split(separator: "\n").compactMap { Int32($0) } + [outcome.pid]
        #expect(Proc.eventually { pids.allSatisfy(Proc.isGone) })
        #expect(kill(-outcome.pid, 0) == -1 && errno == ESRCH)
    }

    @Test func leftoverGrandchildDoesNotHangAndIsReaped() {
        let started = ContinuousClock.now
        let outcome = sh("sleep 100 & echo $!; echo hi", timeout: .seconds(30))
        let elapsed = ContinuousClock.now - started
        #expect(outcome.termination == .exited(0))
        #expect(elapsed.seconds < 1.0, "took \(elapsed)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.last == "hi")
        let sleeper = lines.first.flatMap { Int32($0) } ?? -1
        #expect(sleeper > 0)
        // Killed and reaped by run() itself: gone at once, not even a zombie.
        #expect(Proc.isGone(sleeper), "sleeper state: \(String(describing: Proc.state(sleeper)))")
        #expect(kill(-outcome.pid, 0) == -1 && errno == ESRCH)
    }

    @Test func outputCapTruncatesWithMarkerWithoutBlocking() {
        let started = ContinuousClock.now
        // 1 MiB to stdout, a short line to stderr after it: only possible if we keep reading.
        let outcome = sh("head -c 1048576 /dev/zero | tr '\\0' 'x'; echo done >&2", timeout: .seconds(10))
        let elapsed = ContinuousClock.now - started
        #expect(outcome.termination == .exited(0))
        #expect(outcome.stdoutTruncated)
        #expect(!outcome.stderrTruncated)
        #expect(outcome.stderr == "done\n")
        let marker = "\n[output truncated at 65536 bytes]"
        #expect(outcome.stdout.hasSuffix(marker))
        #expect(outcome.stdout.utf8.count == 65536 + marker.utf8.count)
        #expect(elapsed.seconds < 2.0, "took \(elapsed)")
    }

    @Test func smallCapAndStderrCap() {
        let outcome = sh("echo 0123456789; echo abcdefghij >&2", cap: 4)
        #expect(outcome.stdout == "0123\n[output truncated at 4 bytes]")
        #expect(outcome.stderr == "abcd\n[output truncated at 4 bytes]")
        #expect(outcome.stdoutTruncated && outcome.stderrTruncated)
        let exact = sh("printf 1234", cap: 4)
        #expect(exact.stdout == "1234" && !exact.stdoutTruncated)
    }

    @Test func childClosingPipesEarlyStillTimesOut() {
        // No pipes to poll at all: the deadline must still be enforced.
        let outcome = sh("exec >&- 2>&-; sleep 100", timeout: .milliseconds(300))
        #expect(outcome.termination == .timedOut)
        #expect(outcome.duration.seconds < 1.5)
    }

    @Test func fallbackWithoutPidfd() {
        func run(_ script: String, timeout: Duration) -> ProcessOutcome {
            ProcessRunner.run(ProcessSpec(argv: ["/bin/sh", "-c", script], timeout: timeout,
                                          killGrace: .milliseconds(300)), usePidfd: false)
        }
        #expect(run("echo a; exit 3", timeout: .seconds(5)).termination == .exited(3))
        let tree = run("sleep 100 & echo $!; exec >&- 2>&-; sleep 100", timeout: .milliseconds(300))
        #expect(tree.termination == .timedOut)
        #expect(tree.duration.seconds < 1.5)
        let started = ContinuousClock.now
        let leftover = run("sleep 100 & echo hi", timeout: .seconds(30))
        #expect(leftover.termination == .exited(0) && leftover.stdout == "hi\n")
        #expect((ContinuousClock.now - started).seconds < 1.0)
        let pids = tree.stdout.split(separator: "\n").compactMap { Int32($0) } + [tree.pid, leftover.pid]
        #expect(Proc.eventually { pids.allSatisfy(Proc.isGone) })
    }

    @Test func sequentialRunsLeakNothing() {
        let fdsBefore = Proc.openFDCount()
        let runs = 2000
        var pids: [Int32] = []
        pids.reserveCapacity(runs)
        let started = ContinuousClock.now
        for _ in 0..<runs {
            let outcome = ProcessRunner.run(ProcessSpec(argv: ["/bin/true"], timeout: .seconds(10)))
            if outcome.termination != .exited(0) { Issue.record("bad outcome \(outcome.termination)"); break }
            pids.append(outcome.pid)
        }
        let elapsed = ContinuousClock.now - started
        let rate = Double(runs) / elapsed.seconds
        print("ProcessRunner: \(runs) runs of /bin/true in \(elapsed) = \(Int(rate)) runs/s")
        #expect(Proc.zombies(among: pids).isEmpty)
        #expect(pids.allSatisfy(Proc.isGone))
        // Other suites run in parallel and open fds of their own; a leak here would be 4,000 fds.
        #expect(Proc.openFDCount() - fdsBefore < 200, "fds before \(fdsBefore), after \(Proc.openFDCount())")
    }
}

@Suite(.serialized) struct OrphanReaperTests {
    init() {
        _ = ProcessRunner.becomeChildSubreaper()
    }

    @Test func aGrandchildThatLeftTheGroupIsReapedWhenItExits() throws {
        // setsid puts the grandchild in a session of its own: the group kill misses it, and as
        // subreaper we inherit it when the plugin exits. The plugin waits until the grandchild
        // has left the group (it writes its pid from inside the new session).
        let directory = FileManager.default.temporaryDirectory.path
        let pidFile = "outpost-escaped-\(UUID().uuidString)"
        defer { unlink("\(directory)/\(pidFile)") }
        let outcome = sh("setsid sh -c 'echo $$ > \(pidFile).tmp && mv \(pidFile).tmp \(pidFile); exec sleep 0.3' >/dev/null 2>&1 &"
                         + " while [ ! -s \(pidFile) ]; do sleep 0.01; done; cat \(pidFile)", timeout: .seconds(5), cwd: directory)
        #expect(outcome.termination == .exited(0))
        let escaped = try #require(Int32(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Proc.eventually(.seconds(3)) { Proc.zombies(among: [escaped]) == [escaped] },
                "the escaped grandchild is our zombie once it exits: \(String(describing: Proc.state(escaped)))")
        let reaper = OrphanReaper()
        #expect(reaper.reapOnce(among: [escaped]) == 1)
        #expect(reaper.reapedTotal == 1)
        #expect(Proc.isGone(escaped))
    }

    @Test func supervisedChildrenAreLeftToTheirSupervisor() throws {
        // A zombie main child belongs to its supervisor until it has been waited for: a reaper
        // hammering alongside must not take it, or the run would lose its exit status. Only
        // zombies of this probe are candidates, as other suites' children share the process.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-reaper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let probe = directory.appendingPathComponent("reaper-probe").path
        #expect(FileManager.default.createFile(atPath: probe, contents: Data("#!/bin/sh\nexec >&- 2>&-\nexit 3\n".utf8),
                                               attributes: [.posixPermissions: 0o755]))
        let reaper = OrphanReaper()
        let finished = Mutex(false)
        DispatchQueue.global().async {
            while !finished.withLock({ $0 }) {
                let probes = Proc.allZombieChildren().filter { Proc.command($0) == "reaper-probe" }
                if !probes.isEmpty { reaper.reapOnce(among: Set(probes)) }
            }
        }
        // Without pidfd, with its pipes closed early, the supervisor notices the exit only at its
        // next 20 ms poll: the zombie waits there long enough for a careless reaper to take it.
        let statuses = (0..<100).map { _ in
            ProcessRunner.run(ProcessSpec(argv: [probe], timeout: .seconds(5)), usePidfd: false).termination
        }
        finished.withLock { $0 = true }
        #expect(statuses.allSatisfy { $0 == .exited(3) }, "\(statuses.filter { $0 != .exited(3) }.count) of 100 runs lost their exit status")
        #expect(reaper.reapedTotal == 0)
    }
}
