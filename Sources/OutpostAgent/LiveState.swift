// The latest state of every job, in memory, updated as results arrive. /metrics and the
// status page render from a snapshot of it and never wait on disk or on a running check.
import OutpostConfig
import Synchronization

public struct JobSnapshot: Sendable {
    public var name: String
    public var kind: JobKind
    public var last: RunResult?
    /// Unix seconds of the last ok run.
    public var lastSuccessAt: Double?
    /// Runs finished, by CheckStatus raw value.
    public var runsByStatus: [Int]
    /// Runs not started because the previous one was still running.
    public var skippedRuns: Int
    public var malformedSamplesTotal: Int
    public var droppedSamplesTotal = 0
}

public final class LiveState: Sendable {
    private let jobs: Mutex<[JobSnapshot]>
    /// Job name → position in `jobs`, which is sorted by name so renders need no sort.
    private let index: [String: Int]
    /// Each job's label sets for /metrics, rendered once, in the order of `jobs`.
    let labels: [JobLabels]

    /// `previous` (after a reload): jobs that keep their name and kind keep their state, so
    /// counters do not reset and the page does not go blank.
    public init(jobs configured: [Job], carryingOver previous: LiveState? = nil) {
        let sorted = configured.sorted { $0.name < $1.name }
        jobs = Mutex(sorted.map { job in
            if let kept = previous?.job(named: job.name), kept.kind == job.kind { return kept }
            return JobSnapshot(name: job.name, kind: job.kind, last: nil, lastSuccessAt: nil,
                               runsByStatus: Array(repeating: 0, count: CheckStatus.allCases.count), skippedRuns: 0, malformedSamplesTotal: 0)
        })
        index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.name, $0) })
        labels = sorted.map(JobLabels.init)
    }

    /// Returns the status of the job's previous run (nil for its first), so callers can log changes.
    @discardableResult
    public func record(_ result: RunResult) -> CheckStatus? {
        guard let position = index[result.job] else { return nil }
        // The output (up to twice output_cap) stays in the store only: nothing rendered from
        // memory shows it, and at 10,000 checks it would be most of the agent's memory.
        var kept = result
        kept.output = ""
        return jobs.withLock { jobs in
            let previous = jobs[position].last?.status
            jobs[position].last = kept
            jobs[position].runsByStatus[result.status.rawValue] += 1
            jobs[position].malformedSamplesTotal += result.malformedSamples
            jobs[position].droppedSamplesTotal += result.droppedSamples
            if result.status == .ok { jobs[position].lastSuccessAt = result.startedAt + result.duration }
            return previous
        }
    }

    public func contains(job name: String) -> Bool { index[name] != nil }

    public func recordSkipped(job: String) {
        guard let position = index[job] else { return }
        jobs.withLock { $0[position].skippedRuns += 1 }
    }

    /// A copy of every job's state, sorted by name.
    public func snapshot() -> [JobSnapshot] { jobs.withLock { $0 } }

    public func job(named name: String) -> JobSnapshot? {
        guard let position = index[name] else { return nil }
        return jobs.withLock { $0[position] }
    }
}
