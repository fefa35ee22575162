// Shared helpers for agent tests: jobs built in code, temp directories.
import Foundation
import OutpostConfig
@testable import OutpostAgent

func commandJob(_ name: String, _ argv: [String], every: Duration = .seconds(60), timeout: Duration = .seconds(10),
                outputCap: Int = 65_536) -> Job {
    Job(name: name, kind: .command, schedule: .every(every), timeout: timeout, command: argv, environment: [:],
        workingDirectory: nil, outputCap: outputCap, report: nil, line: 1)
}

func shellJob(_ name: String, _ script: String, every: Duration = .seconds(60), timeout: Duration = .seconds(10)) -> Job {
    commandJob(name, ["/bin/sh", "-c", script], every: every, timeout: timeout)
}

/// Collects log lines in memory.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    var logger: Logger { Logger(format: .logfmt) { [self] line in lock.withLock { storage.append(line) } } }
}
