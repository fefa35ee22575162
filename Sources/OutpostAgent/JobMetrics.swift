// The per-job families of /metrics, from a LiveState snapshot. Checks are labelled
// {check, kind}; reports {report}: Prometheus sets `job` and `instance` itself.
import OutpostConfig

extension LiveState: MetricsCollector {
    public func collect(into writer: inout MetricsWriter) {
        let jobs = snapshot()
        declareFamilies(&writer, prefix: "outpost_check", subject: "check")
        declareFamilies(&writer, prefix: "outpost_report", subject: "report")
        writer.family("outpost_check_perfdata", .gauge, "Last performance data value reported by a command check, in base units (seconds, bytes).")
        writer.family("outpost_check_perfdata_warning_threshold", .gauge, "Warning threshold the plugin reported for a perfdata value, in base units.")
        writer.family("outpost_check_perfdata_critical_threshold", .gauge, "Critical threshold the plugin reported for a perfdata value, in base units.")
        writer.family("outpost_check_perfdata_malformed_total", .counter, "Perfdata items a check printed that could not be parsed and were skipped.")
        writer.family("outpost_scheduler_skipped_runs_total", .counter, "Runs not started because the job's previous run was still running.")

        for job in jobs {
            let isReport = job.kind == .report
            let prefix = isReport ? "outpost_report" : "outpost_check"
            let subject = isReport ? "report" : "check"
            let kind = job.kind.rawValue
            for status in CheckStatus.allCases.sorted(by: { $0.description < $1.description }) {
                writer.sample("\(prefix)_runs_total", labels: [subject: job.name, "kind": kind, "status": status.description],
                              Double(job.runsByStatus[status.rawValue]))
            }
            writer.sample("outpost_scheduler_skipped_runs_total", labels: [subject: job.name], Double(job.skippedRuns))
            if !isReport {
                writer.sample("outpost_check_perfdata_malformed_total", labels: ["check": job.name], Double(job.malformedSamplesTotal))
            }
            guard let last = job.last else { continue }
            writer.sample("\(prefix)_status", labels: [subject: job.name, "kind": kind], Double(last.status.rawValue))
            writer.sample("\(prefix)_success", labels: [subject: job.name, "kind": kind], last.status == .ok ? 1 : 0)
            writer.sample("\(prefix)_duration_seconds", labels: [subject: job.name, "kind": kind], last.duration)
            writer.sample("\(prefix)_last_run_timestamp_seconds", labels: [subject: job.name, "kind": kind], last.startedAt)
            if let success = job.lastSuccessAt {
                writer.sample("\(prefix)_last_success_timestamp_seconds", labels: [subject: job.name, "kind": kind], success)
            }
            guard !isReport else { continue }
            // Sorted by label so series stay in a stable order; a repeated label keeps its first value.
            var seen = Set<String>()
            for sample in last.samples.sorted(by: { $0.name < $1.name }) where seen.insert(sample.name).inserted {
                writer.sample("outpost_check_perfdata", labels: ["check": job.name, "label": sample.name], sample.value)
                if let warning = sample.warning {
                    writer.sample("outpost_check_perfdata_warning_threshold", labels: ["check": job.name, "label": sample.name], warning)
                }
                if let critical = sample.critical {
                    writer.sample("outpost_check_perfdata_critical_threshold", labels: ["check": job.name, "label": sample.name], critical)
                }
            }
        }
    }

    private func declareFamilies(_ writer: inout MetricsWriter, prefix: String, subject: String) {
        writer.family("\(prefix)_status", .gauge, "Status of the \(subject)'s last run: 0 ok, 1 warning, 2 critical, 3 unknown.")
        writer.family("\(prefix)_success", .gauge, "1 if the \(subject)'s last run was ok, else 0.")
        writer.family("\(prefix)_duration_seconds", .gauge, "Duration of the \(subject)'s last run.")
        writer.family("\(prefix)_last_run_timestamp_seconds", .gauge, "Unix time the \(subject)'s last run started.")
        writer.family("\(prefix)_last_success_timestamp_seconds", .gauge, "Unix time the \(subject)'s last ok run finished.")
        writer.family("\(prefix)_runs_total", .counter, "Runs of the \(subject) finished, by status.")
    }
}
