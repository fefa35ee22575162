// The scheduler owns time: it starts each job when due, at most `maxConcurrent` runs in
// flight, never two runs of one job at once, and no burst of catch-up runs after the clock
// jumps (suspend and resume, an NTP step): missed runs are skipped, not replayed. A config
// reload replaces its jobs in place; a job that stays keeps its timing and its run in flight.
import Foundation
import OutpostConfig
import ThreadSupport

public final class Scheduler: @unchecked Sendable {
    public typealias Execute = @Sendable (Job) -> RunResult

    private let execute: Execute
    private let onResult: @Sendable (RunResult) -> Void
    private let onSkip: @Sendable (Job) -> Void
    private let logger: Logger
    /// Wall time in unix seconds: due times are wall times (cron is), so a test can step it.
    private let wallClock: @Sendable () -> Double

    // Everything below is guarded by `condition`, whose timed waits run on the monotonic
    // clock: a wall-clock step backwards must not freeze the loop for the size of the step.
    private let condition = Condition()
    private var jobs: [Job]
    private var maxConcurrent: Int
    private var queue = DueQueue()
    /// Names, not indices: a run that started before a reload finishes after it.
    private var running: Set<String> = []
    private var inFlight = 0
    private var stopping = false
    private var loopFinished = false
    private var lag = LagHistogram()
    private var clockSteps = 0

    /// For `outpost_*_next_run_timestamp_seconds`: each job's labels, and job indices by name.
    private var labels: [JobLabels]
    private var byName: [Int]

    /// A wall-clock jump larger than this (against the monotonic clock) reschedules every job.
    static let clockStepThreshold = 5.0

    public init(jobs: [Job], maxConcurrent: Int, logger: Logger, execute: @escaping Execute,
                onResult: @escaping @Sendable (RunResult) -> Void, onSkip: @escaping @Sendable (Job) -> Void,
                wallClock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.jobs = jobs
        self.wallClock = wallClock
        self.maxConcurrent = max(1, maxConcurrent)
        self.logger = logger
        self.execute = execute
        self.onResult = onResult
        self.onSkip = onSkip
        (labels, byName) = Self.metricsOrder(jobs)
    }

    private static func metricsOrder(_ jobs: [Job]) -> ([JobLabels], [Int]) {
        (jobs.map(JobLabels.init), jobs.indices.sorted { jobs[$0].name < jobs[$1].name })
    }

    /// A reload: `newJobs` replace the jobs. One whose name and schedule stay keeps its next
    /// due time; one whose schedule changed is due at its next time; a new one runs soon, as
    /// at start. A run in flight finishes and is recorded, and its job does not start again
    /// until it has.
    public func replace(jobs newJobs: [Job], maxConcurrent newLimit: Int) {
        let now = wallClock()
        condition.lock()
        var kept: [String: (schedule: Schedule, due: Double)] = [:]
        for (index, due) in queue.nextDue { kept[jobs[index].name] = (jobs[index].schedule, due) }
        queue = DueQueue()
        for (index, job) in newJobs.enumerated() {
            let due: Double?
            if let old = kept[job.name], old.schedule == job.schedule {
                due = old.due
            } else if kept[job.name] != nil {
                due = Timing.nextDue(job, after: now)
            } else {
                due = Timing.firstDue(job, start: now)
            }
            if let due { queue.push(due: due, job: index) }
        }
        jobs = newJobs
        maxConcurrent = max(1, newLimit)
        (labels, byName) = Self.metricsOrder(newJobs)
        condition.broadcast()
        condition.unlock()
    }

    public func start() {
        let now = wallClock()
        condition.lock()
        for (index, job) in jobs.enumerated() {
            if let due = Timing.firstDue(job, start: now) { queue.push(due: due, job: index) }
        }
        condition.unlock()
        let thread = Thread { [self] in loop() }
        thread.name = "outpost-scheduler"
        thread.start()
    }

    /// Stops starting runs, then waits up to `grace` for runs in flight. Returns how many were still running.
    @discardableResult
    public func stop(grace: Duration) -> Int {
        let deadline = Condition.now() + grace.nanoseconds
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        while (!loopFinished || inFlight > 0) && Condition.now() < deadline {
            condition.wait(until: deadline)
        }
        return inFlight
    }

    private func loop() {
        condition.lock()
        defer {
            loopFinished = true
            condition.broadcast()
            condition.unlock()
        }
        var lastWall = wallClock()
        var lastMonotonic = Self.monotonicNow()
        while !stopping {
            let now = wallClock()
            let monotonic = Self.monotonicNow()
            let drift = (now - lastWall) - (monotonic - lastMonotonic)
            if abs(drift) > Self.clockStepThreshold {
                clockSteps += 1
                queue.reschedule { index in Timing.nextDue(jobs[index], after: now) }
                // Never log with the lock held: a stalled stderr must not stall scrapes.
                condition.unlock()
                logger.warn("wall clock jumped; rescheduling every job from now, missed runs are skipped",
                            ["jump_seconds": String(format: "%.1f", drift)])
                condition.lock()
            }
            lastWall = now
            lastMonotonic = monotonic

            guard let next = queue.peek() else {
                waitAtMost(seconds: 1)
                continue
            }
            // Never sleep more than a second, so a clock step is noticed promptly.
            if next.due > now {
                waitAtMost(seconds: min(next.due - now, 1))
                continue
            }
            let index = next.job
            if running.contains(jobs[index].name) {
                queue.pop()
                if let due = Timing.nextDue(jobs[index], after: max(next.due, now)) { queue.push(due: due, job: index) }
                let job = jobs[index]
                condition.unlock()
                onSkip(job)
                condition.lock()
                continue
            }
            if inFlight >= maxConcurrent {
                // Wait for a run to finish; the job keeps its place, and its lag shows the wait.
                waitAtMost(seconds: 1)
                continue
            }
            queue.pop()
            if let due = Timing.nextDue(jobs[index], afterRunDueAt: next.due, startedAt: now) { queue.push(due: due, job: index) }
            let job = jobs[index]
            running.insert(job.name)
            inFlight += 1
            lag.observe(now - next.due)
            // A thread of its own per run, started now: a shared pool would queue runs behind
            // blocked ones while counting them as started (GCD grows its pool slowly).
            let started = startDetachedThread { [self] in
                let result = execute(job)
                onResult(result)
                finish(job.name)
            }
            if !started {
                finish(job.name, locked: true)
                condition.unlock()
                logger.error("cannot start a thread for a run; it is skipped", ["job": job.name])
                condition.lock()
            }
        }
    }

    private func finish(_ name: String, locked: Bool = false) {
        if !locked { condition.lock() }
        running.remove(name)
        inFlight -= 1
        condition.broadcast()
        if !locked { condition.unlock() }
    }

    /// Job name → unix time it is next due, for the status page.
    public func nextRuns() -> [String: Double] {
        condition.lock()
        defer { condition.unlock() }
        var runs: [String: Double] = [:]
        for (index, due) in queue.nextDue { runs[jobs[index].name] = due }
        return runs
    }

    /// Waits with the lock held, on the monotonic clock, until signalled or `seconds` pass.
    private func waitAtMost(seconds: Double) {
        condition.wait(until: Condition.now() + UInt64(max(0, seconds) * 1e9))
    }

    static func monotonicNow() -> Double { Double(Condition.now()) / 1e9 }
}

extension Scheduler: MetricsCollector {
    public func collect(into writer: inout MetricsWriter) {
        condition.lock()
        let (inFlight, lag, clockSteps, nextDue) = (self.inFlight, self.lag, self.clockSteps, queue.nextDue)
        let (jobs, labels, byName) = (self.jobs, self.labels, self.byName)
        condition.unlock()
        let checkNext = writer.family("outpost_check_next_run_timestamp_seconds", .gauge,
                                      "Unix time the check is next due; long past means it is not running (see the alert rules).")
        let reportNext = writer.family("outpost_report_next_run_timestamp_seconds", .gauge,
                                       "Unix time the report is next due; long past means it is not running (see the alert rules).")
        for index in byName {
            guard let due = nextDue[index] else { continue }
            writer.sample(jobs[index].kind == .report ? reportNext : checkNext, labels[index].subjectAndKind, due.rounded(.down))
        }
        writer.family("outpost_runs_in_flight", .gauge, "Runs started and not yet finished.")
        writer.sample("outpost_runs_in_flight", Double(inFlight))
        writer.family("outpost_scheduler_lag_seconds", .histogram, "Delay from a run's due time to its start.")
        writer.histogram("outpost_scheduler_lag_seconds", bounds: LagHistogram.bounds, cumulativeCounts: lag.cumulativeCounts,
                         sum: lag.sum, count: lag.count)
        writer.family("outpost_scheduler_clock_steps_total", .counter, "Wall-clock jumps after which every job was rescheduled.")
        writer.sample("outpost_scheduler_clock_steps_total", Double(clockSteps))
    }
}

struct LagHistogram {
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private(set) var counts = Array(repeating: 0, count: bounds.count)
    private(set) var sum = 0.0
    private(set) var count = 0

    mutating func observe(_ value: Double) {
        let value = max(0, value)
        if let bucket = Self.bounds.firstIndex(where: { value <= $0 }) { counts[bucket] += 1 }
        sum += value
        count += 1
    }

    var cumulativeCounts: [Int] {
        var total = 0
        return counts.map { total += $0; return total }
    }
}

/// A binary min-heap of (due time, job index).
struct DueQueue {
    struct Entry { var due: Double; var job: Int }
    private var heap: [Entry] = []
    /// Each queued job's due time (a job is queued at most once).
    private(set) var nextDue: [Int: Double] = [:]

    func peek() -> Entry? { heap.first }

    mutating func push(due: Double, job: Int) {
        nextDue[job] = due
        heap.append(Entry(due: due, job: job))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        nextDue[top.job] = nil
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }

    /// Recomputes every entry's due time (after a clock step); entries that return nil are dropped.
    mutating func reschedule(_ due: (Int) -> Double?) {
        let jobs = heap.map(\.job)
        heap.removeAll(keepingCapacity: true)
        nextDue.removeAll(keepingCapacity: true)
        for job in jobs { if let time = due(job) { push(due: time, job: job) } }
    }
}
