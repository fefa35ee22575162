// The typed agent configuration. Everything downstream of Config reads these values;
// none of it sees TOML. Defaults are applied and every value validated before these exist.
import Cron
import Foundation
import TOML

public struct AgentConfig: Sendable {
    /// The file this was read from, as given (used in messages).
    public var file: String
    public var agent: AgentSettings
    public var retention: RetentionSettings
    public var auth: AuthSettings
    public var checks: [Job]
    public var reports: [Job]

    /// Checks then reports, in file order.
    public var jobs: [Job] { checks + reports }
}

public struct AgentSettings: Sendable {
    public var listen: ListenAddress
    /// Absolute path; a relative `database` is resolved against the config file's directory.
    public var database: String
    /// Default zone for cron schedules.
    public var timeZone: TimeZone
    /// Runs in flight at once, across all jobs.
    public var maxConcurrent: Int
    /// How long a stopping agent waits for runs in flight before it stops their processes.
    public var shutdownGrace: Duration
}

public struct RetentionSettings: Sendable {
    /// Every run is kept this long.
    public var raw: Duration
    /// Hourly roll-ups are kept this long.
    public var rollup: Duration
}

public struct AuthSettings: Sendable, CustomStringConvertible {
    /// Empty: /export answers loopback clients only.
    public var exportToken: String
    // Never print the token itself.
    public var description: String { exportToken.isEmpty ? "AuthSettings(no export token)" : "AuthSettings(export token set)" }
}

public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// An IPv4 or IPv6 literal.
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// What a job is. One list drives config decoding, dispatch to runners and the `kind` label.
public enum JobKind: String, Sendable, CaseIterable {
    /// A program following the Nagios plugin convention (exit 0/1/2/3 and perfdata).
    case command
    /// A script whose output files are reports.
    case report

    /// The kinds a `[[check]]` may name.
    public static var checkKinds: [JobKind] { allCases.filter { $0 != .report } }
}

public enum Schedule: Sendable, Equatable, CustomStringConvertible {
    /// A fixed interval; the scheduler adds a stable per-job offset.
    case every(Duration)
    /// A five-field cron expression evaluated in a zone.
    case cron(CronExpression, TimeZone)

    public var description: String {
        switch self {
        case .every(let interval): "every \(DurationText.format(interval))"
        case .cron(let expression, let zone): "schedule \"\(expression)\" (\(zone.identifier))"
        }
    }
}

public struct Job: Sendable, Identifiable {
    public var id: String { name }
    public var name: String
    public var kind: JobKind
    public var schedule: Schedule
    public var timeout: Duration
    /// argv; a relative program path (one containing "/") is resolved against the config file's directory.
    public var command: [String]
    /// Added to the child's clean environment.
    public var environment: [String: String]
    public var workingDirectory: String?
    /// Bytes kept of each of stdout and stderr.
    public var outputCap: Int
    /// Set for report jobs only.
    public var report: ReportSettings?
    /// Where the job's table starts in the config file.
    public var line: Int

    public init(name: String, kind: JobKind, schedule: Schedule, timeout: Duration, command: [String],
                environment: [String: String] = [:], workingDirectory: String? = nil, outputCap: Int = 65_536,
                report: ReportSettings? = nil, line: Int = 1) {
        self.name = name
        self.kind = kind
        self.schedule = schedule
        self.timeout = timeout
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.outputCap = outputCap
        self.report = report
        self.line = line
    }
}

public struct ReportSettings: Sendable {
    /// Glob patterns matched in the run's own working directory.
    public var outputs: [String]
    /// An output smaller than this fails the run.
    public var minBytes: Int
    /// How many runs' artifacts to keep.
    public var keep: Int

    public init(outputs: [String] = ["*"], minBytes: Int = 1, keep: Int = 52) {
        self.outputs = outputs
        self.minBytes = minBytes
        self.keep = keep
    }
}
