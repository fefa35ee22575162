// Helpers for process tests: reading /proc to prove nothing was left behind.
import Foundation
import Glibc
import TestSupport
@testable import PluginProcess

enum Proc {
    static func state(_ pid: Int32) -> (state: String, ppid: Int32)? { ProcessTable.state(pid) }

    /// The command name (/proc/<pid>/comm, at most 15 bytes).
    static func command(_ pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .newlines)
    }

    /// True when the pid exists neither as a live process nor as a zombie.
    static func isGone(_ pid: Int32) -> Bool { state(pid) == nil }

    /// Zombie children of this test process whose pid is in `pids`.
    static func zombies(among pids: [Int32]) -> [Int32] {
        pids.filter { pid in ProcessTable.state(pid).map { $0.state == "Z" && $0.ppid == getpid() } ?? false }
    }

    /// All zombie children of this test process (other suites may spawn too: use with care).
    static func allZombieChildren() -> [Int32] { ProcessTable.zombieChildren(of: getpid()) }

    static func openFDCount() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
    }

    /// Waits a little for the kernel to finish tearing processes down.
    static func eventually(_ timeout: Duration = .seconds(2), _ condition: () -> Bool) -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}

func sh(_ script: String, timeout: Duration = .seconds(10), grace: Duration = .seconds(2),
        cap: Int = 65536, cwd: String? = nil, env: [String: String] = ["PATH": "/usr/bin:/bin"]) -> ProcessOutcome {
    ProcessRunner.run(ProcessSpec(
        argv: ["/bin/sh", "-c", script], environment: env, workingDirectory: cwd,
        timeout: timeout, killGrace: grace, outputCap: cap))
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
