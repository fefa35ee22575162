// The one value every run produces, whatever its kind: what the store writes, what
// LiveState keeps, what /metrics and the status page show.
import OutpostConfig

/// The Nagios convention, shared by every kind: the raw value is the plugin exit code.
public enum CheckStatus: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case ok = 0, warning = 1, critical = 2, unknown = 3

    /// Exit codes 0-3 map to their status; anything else is unknown.
    public init(exitCode: Int32) { self = CheckStatus(rawValue: Int(exitCode)) ?? .unknown }

    public var description: String {
        switch self {
        case .ok: "ok"
        case .warning: "warning"
        case .critical: "critical"
        case .unknown: "unknown"
        }
    }

    public static func < (a: CheckStatus, b: CheckStatus) -> Bool { a.rawValue < b.rawValue }
}

/// One numeric measurement of a run (a perfdata value, a report's size), in base units.
public struct Sample: Sendable, Equatable {
    public var name: String
    public var value: Double
    /// "seconds", "bytes", "percent", "counter" or "".
    public var unit: String
    public var warning: Double?
    public var critical: Double?

    public init(name: String, value: Double, unit: String = "", warning: Double? = nil, critical: Double? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.warning = warning
        self.critical = critical
    }
}

public struct RunResult: Sendable {
    public var job: String
    public var kind: JobKind
    /// Unix seconds.
    public var startedAt: Double
    /// Seconds.
    public var duration: Double
    public var status: CheckStatus
    /// One line: why the run has its status.
    public var message: String
    /// What the run printed (capped), for the engineer reading a failure.
    public var output: String
    public var samples: [Sample]
    /// Perfdata items the plugin printed that could not be parsed.
    public var malformedSamples: Int
    /// Perfdata items beyond `RunResult.sampleLimit`, dropped to keep label sets bounded.
    public var droppedSamples: Int = 0

    /// A plugin printing thousands of values must not make thousands of series.
    public static let sampleLimit = 100

    public init(job: String, kind: JobKind, startedAt: Double, duration: Double, status: CheckStatus, message: String,
                output: String = "", samples: [Sample] = [], malformedSamples: Int = 0) {
        self.job = job
        self.kind = kind
        self.startedAt = startedAt
        self.duration = duration
        self.status = status
        self.message = message
        self.output = output
        self.samples = samples
        self.malformedSamples = malformedSamples
    }
}
