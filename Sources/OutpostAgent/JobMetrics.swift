// The per-job families of /metrics, from a LiveState snapshot. Checks are labelled
// {check, kind}; reports {report, kind}: Prometheus sets `job` and `instance` itself.
import OutpostConfig

extension LiveState: MetricsCollector {
    public func collect(into writer: inout MetricsWriter) {
        let jobs = snapshot()
        let check = JobFamilies(&writer, prefix: "outpost_check", subject: "check")
        let report = JobFamilies(&writer, prefix: "outpost_report", subject: "report")
        let perfdata = writer.family(
            "outpost_check_perfdata", .gauge, "Last performance data value reported by a command check, in base units (seconds, bytes).")
        let warning = writer.family(
            "outpost_check_perfdata_warning_threshold", .gauge, "Warning threshold the plugin reported for a perfdata value, in base units.")
        let critical = writer.family(
            "outpost_check_perfdata_critical_threshold", .gauge, "Critical threshold the plugin reported for a perfdata value, in base units.")
        let malformed = writer.family(
            "outpost_check_perfdata_malformed_total", .counter, "Perfdata items a check printed that could not be parsed and were skipped.")
        let dropped = writer.family(
            "outpost_check_perfdata_dropped_total", .counter, "Perfdata items beyond the first 100 of a run, dropped to keep series bounded.")
        let skipped = writer.family(
            "outpost_scheduler_skipped_runs_total", .counter, "Runs not started because the job's previous run was still running.")

        for (job, labels) in zip(jobs, self.labels) {
            let isReport = job.kind == .report
            let families = isReport ? report : check
            for (status, runLabels) in zip(JobLabels.statuses, labels.runs) {
                writer.sample(families.runsTotal, runLabels, Double(job.runsByStatus[status.rawValue]))
            }
            writer.sample(skipped, labels.subject, Double(job.skippedRuns))
            if !isReport {
                writer.sample(malformed, labels.subject, Double(job.malformedSamplesTotal))
                writer.sample(dropped, labels.subject, Double(job.droppedSamplesTotal))
            }
            guard let last = job.last else { continue }
            writer.sample(families.status, labels.subjectAndKind, Double(last.status.rawValue))
            writer.sample(families.success, labels.subjectAndKind, last.status == .ok ? 1 : 0)
            writer.sample(families.duration, labels.subjectAndKind, last.duration)
            writer.sample(families.lastRun, labels.subjectAndKind, last.startedAt)
            if let success = job.lastSuccessAt { writer.sample(families.lastSuccess, labels.subjectAndKind, success) }
            guard !isReport else { continue }
            // Sorted by label so series stay in a stable order; a repeated label keeps its first value.
            var previous: String?
            for sample in Self.sortedByName(last.samples) where sample.name != previous {
                previous = sample.name
                let sampleLabels = labels.subject.adding("label", sample.name)
                writer.sample(perfdata, sampleLabels, sample.value)
                if let value = sample.warning { writer.sample(warning, sampleLabels, value) }
                if let value = sample.critical { writer.sample(critical, sampleLabels, value) }
            }
        }
    }

    /// Stable, so the first of a repeated label comes first; plugins mostly print few, sorted.
    private static func sortedByName(_ samples: [Sample]) -> [Sample] {
        if zip(samples, samples.dropFirst()).allSatisfy({ $0.name < $1.name }) { return samples }
        return samples.enumerated().sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
    }
}

/// The families every job has, for checks or for reports.
private struct JobFamilies {
    let status, success, duration, lastRun, lastSuccess, runsTotal: MetricsWriter.Family

    init(_ writer: inout MetricsWriter, prefix: String, subject: String) {
        status = writer.family("\(prefix)_status", .gauge, "Status of the \(subject)'s last run: 0 ok, 1 warning, 2 critical, 3 unknown.")
        success = writer.family("\(prefix)_success", .gauge, "1 if the \(subject)'s last run was ok, else 0.")
        duration = writer.family("\(prefix)_duration_seconds", .gauge, "Duration of the \(subject)'s last run.")
        lastRun = writer.family("\(prefix)_last_run_timestamp_seconds", .gauge, "Unix time the \(subject)'s last run started.")
        lastSuccess = writer.family("\(prefix)_last_success_timestamp_seconds", .gauge, "Unix time the \(subject)'s last ok run finished.")
        runsTotal = writer.family("\(prefix)_runs_total", .counter, "Runs of the \(subject) finished, by status.")
    }
}

/// A job's label sets, rendered when the agent starts: its name never changes.
struct JobLabels: Sendable {
    /// Label order of `outpost_*_runs_total`, by status name.
    static let statuses = CheckStatus.allCases.sorted { $0.description < $1.description }

    /// {check="name"} or {report="name"}.
    let subject: MetricLabels
    /// {check="name",kind="command"}.
    let subjectAndKind: MetricLabels
    /// {check="name",kind="command",status="…"} for each of `statuses`.
    let runs: [MetricLabels]

    init(_ job: Job) {
        subject = MetricLabels([job.kind == .report ? "report" : "check": job.name])
        subjectAndKind = subject.adding("kind", job.kind.rawValue)
        runs = Self.statuses.map { [subjectAndKind] status in subjectAndKind.adding("status", status.description) }
    }
}
