// kind = "command": a program following the Nagios plugin convention. Exit 0/1/2/3 is
// ok/warning/critical/unknown; the first line before '|' is the message; perfdata become samples.
import OutpostConfig
import PluginProcess

public struct CommandRunner: Runner {
    /// Children start from this clean environment plus the job's `env`, never the agent's own
    /// (which may hold the export token).
    public static let defaultEnvironment: [String: String] = [
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    ]

    let baseEnvironment: [String: String]

    static let stoppedMessage = "stopped before it finished: outpost was asked to stop"

    public init(baseEnvironment: [String: String] = CommandRunner.defaultEnvironment) {
        self.baseEnvironment = baseEnvironment
    }

    public func run(_ job: Job) -> RunResult {
        let started = unixNow()
        let outcome = execute(job, workingDirectory: job.workingDirectory)
        var result = RunResult(job: job.name, kind: job.kind, startedAt: started, duration: outcome.duration.seconds,
                               status: .unknown, message: "", output: Self.combinedOutput(outcome))
        switch outcome.termination {
        case .exited(let code):
            let parsed = PluginOutputParser.parse(outcome.stdoutWithoutMarker(cap: job.outputCap))
            result.samples = parsed.perfdata.prefix(RunResult.sampleLimit).map(Sample.init(perfDatum:))
            result.droppedSamples = max(0, parsed.perfdata.count - RunResult.sampleLimit)
            result.malformedSamples = parsed.malformedPerfdata
            if (0...3).contains(code) {
                result.status = CheckStatus(exitCode: code)
                result.message = parsed.message.isEmpty ? "exit \(code), no output" : parsed.message
            } else {
                result.status = .unknown
                result.message = "exit code \(code) is not a plugin status (0-3)" + (parsed.message.isEmpty ? "" : ": \(parsed.message)")
            }
        case .signaled(let signal):
            result.message = "killed by signal \(signal)"
        case .timedOut:
            result.message = "timed out after \(formatSeconds(job.timeout.seconds))"
        case .spawnFailed(let reason):
            result.message = reason
        case .stoppedByAgent:
            result.message = CommandRunner.stoppedMessage
        }
        return result
    }

    func execute(_ job: Job, workingDirectory: String?, extraEnvironment: [String: String] = [:]) -> ProcessOutcome {
        let environment = baseEnvironment.merging(job.environment) { $1 }.merging(extraEnvironment) { $1 }
        let spec = ProcessSpec(argv: job.command, environment: environment, workingDirectory: workingDirectory,
                               timeout: job.timeout, outputCap: job.outputCap)
        return ProcessRunner.run(spec)
    }

    /// stdout, then stderr marked as such, for the engineer reading why a run failed.
    static func combinedOutput(_ outcome: ProcessOutcome) -> String {
        if outcome.stderr.isEmpty { return outcome.stdout }
        let separator = outcome.stdout.isEmpty || outcome.stdout.hasSuffix("\n") ? "" : "\n"
        return outcome.stdout + separator + "[stderr]\n" + outcome.stderr
    }
}

extension Sample {
    init(perfDatum datum: PerfDatum) {
        let unit: String = switch datum.unit {
        case .none: ""
        case .seconds: "seconds"
        case .percent: "percent"
        case .bytes: "bytes"
        case .counter: "counter"
        }
        self.init(name: datum.label, value: datum.value, unit: unit,
                  warning: datum.warning?.alertingBound, critical: datum.critical?.alertingBound)
    }
}

extension PerfThreshold {
    /// One number for a threshold range, for a Prometheus gauge: the upper bound when there is
    /// one ("10" and "~:10" alert above 10), else the lower bound ("10:" alerts below 10).
    var alertingBound: Double? { end ?? start }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds >= 1 && seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(Int((seconds * 1000).rounded()))ms"
}
