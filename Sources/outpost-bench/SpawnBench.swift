// Section "spawn": ProcessRunner (pipes, process group, deadline, reaping) against a bare
// posix_spawn + waitpid loop of the same program, then a soak of N runs (default 100,000) on
// every core, some of them leaving a grandchild that escapes its group, after which no zombie
// and no extra file descriptor may be left.
import Foundation
import PluginProcess
import TestSupport

func spawnBench(_ args: [String]) throws {
    let soakRuns = intOption(args, "--runs", default: 100_000)
    let threads = intOption(args, "--threads", default: max(2, ProcessInfo.processInfo.activeProcessorCount))
    guard ProcessRunner.becomeChildSubreaper() else { throw BenchError("cannot become child subreaper") }

    let sample = 2000
    let bare = try timed { for _ in 0..<sample { try bareSpawn("/bin/true") } }
    let supervised = timed { for _ in 0..<sample { _ = ProcessRunner.run(ProcessSpec(argv: ["/bin/true"], timeout: .seconds(10))) } }
    print("spawn: /bin/true x \(sample) on one thread: bare posix_spawn+waitpid \(Int(Double(sample) / bare))/s, "
          + "ProcessRunner \(Int(Double(sample) / supervised))/s, ratio \(format(bare / supervised))")

    let fdsBefore = openFDCount()
    let reaper = OrphanReaper()
    let failures = LockedCounts(threads)
    let escaping = Array("setsid sh -c 'sleep 0.01' >/dev/null 2>&1 & exit 0".utf8)
    let seconds = timed {
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var failed = 0
            for i in stride(from: thread, to: soakRuns, by: threads) {
                // One run in 100 leaves an escaped grandchild behind for the reaper.
                let argv = i % 100 == 0 ? ["/bin/sh", "-c", String(decoding: escaping, as: UTF8.self)] : ["/bin/true"]
                let outcome = ProcessRunner.run(ProcessSpec(argv: argv, timeout: .seconds(10)))
                if outcome.termination != .exited(0) { failed += 1 }
                if i % 5000 == 0 { reaper.reapOnce() }
            }
            failures.set(thread, failed)
        }
    }
    usleep(100_000)  // the last escaped grandchildren sleep 10 ms
    reaper.reapOnce()
    let zombies = ProcessTable.zombieChildren(of: getpid()).count
    let fdsAfter = openFDCount()
    print("spawn: soak \(soakRuns) runs on \(threads) threads in \(format(seconds)) s = \(Int(Double(soakRuns) / seconds)) runs/s; "
          + "failed \(failures.all.reduce(0, +)), orphans reaped \(reaper.reapedTotal), zombies left \(zombies), fds \(fdsBefore) -> \(fdsAfter)")
    guard zombies == 0, failures.all.reduce(0, +) == 0 else { throw BenchError("the soak left zombies or failed runs") }
}

func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = monotonicSeconds()
    try body()
    return monotonicSeconds() - start
}

/// The least a caller can do: posix_spawn, then wait.
func bareSpawn(_ program: String) throws {
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup(program), nil]
    defer { free(argv[0]) }
    let rc = argv.withUnsafeBufferPointer { posix_spawn(&pid, program, nil, nil, $0.baseAddress!, environ) }
    guard rc == 0 else { throw BenchError("posix_spawn: \(rc)") }
    var status: Int32 = 0
    _ = waitpid(pid, &status, 0)
}

func openFDCount() -> Int {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
}
