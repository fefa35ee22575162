// Runners: one type per job kind behind one protocol. A runner gets a job, runs it to its
// deadline and returns a result; it never touches the store or HTTP. Runs are blocking and
// happen on the scheduler's worker threads.
import Foundation
import OutpostConfig

public protocol Runner: Sendable {
    func run(_ job: Job) -> RunResult
}

/// The runner for each kind; the switch is exhaustive, so a new JobKind cannot be forgotten.
public struct Runners: Sendable {
    let command: CommandRunner
    let report: ReportRunner

    /// `reportsDirectory` holds each report run's working directory and artifacts.
    public init(reportsDirectory: String, baseEnvironment: [String: String] = CommandRunner.defaultEnvironment) {
        command = CommandRunner(baseEnvironment: baseEnvironment)
        report = ReportRunner(command: command, root: reportsDirectory)
    }

    public func runner(for kind: JobKind) -> any Runner {
        switch kind {
        case .command: command
        case .report: report
        }
    }

    public func run(_ job: Job) -> RunResult { runner(for: job.kind).run(job) }
}

/// Unix seconds now, from the wall clock (results are stamped in wall time).
func unixNow() -> Double { Date().timeIntervalSince1970 }

extension Duration {
    /// Seconds as a Double, for results and metrics.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
