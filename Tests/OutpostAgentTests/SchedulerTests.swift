import Foundation
import OutpostConfig
import Synchronization
import Testing
@testable import OutpostAgent

/// Counts what the scheduler did, from its callbacks.
final class Observed: Sendable {
    let running = Mutex<[String: Int]>([:])
    let maxRunningAtOnce = Mutex(0)
    let maxRunningPerJob = Mutex(0)
    let finished = Mutex(0)
    let skipped = Mutex(0)

    func execute(_ job: Job, sleep seconds: Double) -> RunResult {
        let (total, perJob) = running.withLock { running in
            running[job.name, default: 0] += 1
            return (running.values.reduce(0, +), running[job.name]!)
        }
        maxRunningAtOnce.withLock { $0 = max($0, total) }
        maxRunningPerJob.withLock { $0 = max($0, perJob) }
        Thread.sleep(forTimeInterval: seconds)
        running.withLock { $0[job.name]! -= 1 }
        return RunResult(job: job.name, kind: job.kind, startedAt: 0, duration: seconds, status: .ok, message: "")
    }
}

@Test func aJobNeverOverlapsItselfAndLateRunsAreSkipped() {
    let observed = Observed()
    let job = shellJob("slow", "true", every: .seconds(1))
    let scheduler = Scheduler(jobs: [job], maxConcurrent: 4, logger: LogCapture().logger,
                              execute: { observed.execute($0, sleep: 2.5) },
                              onResult: { _ in observed.finished.withLock { $0 += 1 } },
                              onSkip: { _ in observed.skipped.withLock { $0 += 1 } })
    scheduler.start()
    Thread.sleep(forTimeInterval: 4.5)
    scheduler.stop(grace: .seconds(5))
    #expect(observed.maxRunningPerJob.withLock { $0 } == 1)
    #expect(observed.skipped.withLock { $0 } >= 1)
    #expect(observed.finished.withLock { $0 } >= 1)
}

@Test func runsInFlightStayWithinTheLimit() {
    let observed = Observed()
    let jobs = (0..<6).map { shellJob("job-\($0)", "true", every: .seconds(1)) }
    let scheduler = Scheduler(jobs: jobs, maxConcurrent: 2, logger: LogCapture().logger,
                              execute: { observed.execute($0, sleep: 0.3) },
                              onResult: { _ in observed.finished.withLock { $0 += 1 } }, onSkip: { _ in })
    scheduler.start()
    Thread.sleep(forTimeInterval: 3)
    scheduler.stop(grace: .seconds(5))
    #expect(observed.maxRunningAtOnce.withLock { $0 } == 2)
    #expect(observed.finished.withLock { $0 } >= 6)
}

@Test func blockedRunsDoNotHoldBackOthersBelowTheLimit() {
    // 40 runs that block for 2.5 s, all due within the first second: every one of them must
    // really be running at once (a shared thread pool grows too slowly and queues them).
    let observed = Observed()
    let jobs = (0..<40).map { shellJob("blocking-\($0)", "true", every: .seconds(1)) }
    let scheduler = Scheduler(jobs: jobs, maxConcurrent: 64, logger: LogCapture().logger,
                              execute: { observed.execute($0, sleep: 2.5) },
                              onResult: { _ in }, onSkip: { _ in })
    scheduler.start()
    Thread.sleep(forTimeInterval: 2)
    #expect(observed.maxRunningAtOnce.withLock { $0 } == 40)
    scheduler.stop(grace: .seconds(5))
}

@Test func nextRunTimesAreExposedPerJob() {
    let scheduler = Scheduler(jobs: [shellJob("b-hourly", "true", every: .seconds(3600)), shellJob("a-minutely", "true", every: .seconds(60))],
                              maxConcurrent: 4, logger: LogCapture().logger, execute: { Observed().execute($0, sleep: 0) },
                              onResult: { _ in }, onSkip: { _ in }, wallClock: { 1_800_000_000 })
    scheduler.start()
    defer { scheduler.stop(grace: .seconds(1)) }
    var writer = MetricsWriter()
    scheduler.collect(into: &writer)
    let lines = writer.render().split(separator: "\n").filter { $0.hasPrefix("outpost_check_next_run_timestamp_seconds{") }
    #expect(lines.count == 2)
    #expect(lines.first?.hasPrefix("outpost_check_next_run_timestamp_seconds{check=\"a-minutely\",kind=\"command\"} ") == true, "sorted by name")
    // A first run is due within 10 s of start.
    let due = lines.compactMap { Double($0.split(separator: " ").last ?? "") }
    #expect(due.allSatisfy { $0 >= 1_800_000_000 && $0 <= 1_800_000_010 }, "\(due)")
}

@Test func stopWaitsForRunsInFlight() {
    let observed = Observed()
    let scheduler = Scheduler(jobs: [shellJob("x", "true", every: .seconds(1))], maxConcurrent: 1, logger: LogCapture().logger,
                              execute: { observed.execute($0, sleep: 1) },
                              onResult: { _ in observed.finished.withLock { $0 += 1 } }, onSkip: { _ in })
    scheduler.start()
    // The first run of a 1 s interval starts within a second.
    Thread.sleep(forTimeInterval: 1.2)
    let unfinished = scheduler.stop(grace: .seconds(5))
    #expect(unfinished == 0)
    #expect(observed.finished.withLock { $0 } >= 1)
    #expect(observed.running.withLock { $0.values.reduce(0, +) } == 0)
}

@Test func stopGivesUpAfterTheGrace() {
    let observed = Observed()
    let scheduler = Scheduler(jobs: [shellJob("x", "true", every: .seconds(1))], maxConcurrent: 1, logger: LogCapture().logger,
                              execute: { observed.execute($0, sleep: 3) }, onResult: { _ in }, onSkip: { _ in })
    scheduler.start()
    Thread.sleep(forTimeInterval: 1.2)
    #expect(scheduler.stop(grace: .milliseconds(200)) == 1)
}

/// A wall clock a test can step: the real time plus an offset.
final class SteppableClock: Sendable {
    private let offset = Mutex(0.0)
    func now() -> Double { Date().timeIntervalSince1970 + offset.withLock { $0 } }
    func step(by seconds: Double) { offset.withLock { $0 += seconds } }
}

/// Runs a 1 s job, steps the wall clock by `step` after 2.5 s, and counts runs in the 5 s after
/// (wide, so a loaded test machine still sees a few; a burst would be thousands, a stall none).
func runsAroundAClockStep(_ step: Double) -> (before: Int, after: Int, clockSteps: String, log: [String]) {
    let clock = SteppableClock()
    let observed = Observed()
    let log = LogCapture()
    let scheduler = Scheduler(jobs: [shellJob("every-second", "true", every: .seconds(1))], maxConcurrent: 4, logger: log.logger,
                              execute: { observed.execute($0, sleep: 0) },
                              onResult: { _ in observed.finished.withLock { $0 += 1 } }, onSkip: { _ in },
                              wallClock: { clock.now() })
    scheduler.start()
    Thread.sleep(forTimeInterval: 2.5)
    let before = observed.finished.withLock { $0 }
    clock.step(by: step)
    Thread.sleep(forTimeInterval: 5)
    let after = observed.finished.withLock { $0 } - before
    scheduler.stop(grace: .seconds(2))
    var writer = MetricsWriter()
    scheduler.collect(into: &writer)
    let steps = writer.render().split(separator: "\n").first { $0.hasPrefix("outpost_scheduler_clock_steps_total ") } ?? ""
    return (before, after, String(steps), log.lines)
}

@Test func aClockStepForwardSetsOffNoBurstOfCatchUpRuns() {
    // An hour forward (a laptop resumed): 3,600 runs were "missed"; none is replayed.
    let runs = runsAroundAClockStep(3600)
    #expect(runs.before >= 1)
    #expect(runs.after >= 1 && runs.after <= 6, "\(runs.after) runs in the 5 s after the step")
    #expect(runs.clockSteps == "outpost_scheduler_clock_steps_total 1")
    #expect(runs.log.contains { $0.contains("wall clock jumped") && $0.contains("jump_seconds=3600") }, "\(runs.log)")
}

@Test func aClockStepBackwardDoesNotStallTheSchedule() {
    // An hour back (an NTP correction): due times an hour ahead must not freeze the job.
    let runs = runsAroundAClockStep(-3600)
    #expect(runs.after >= 2, "\(runs.after) runs in the 5 s after the step")
    #expect(runs.clockSteps == "outpost_scheduler_clock_steps_total 1")
}

@Test func aReloadReplacesJobsWithoutOverlappingARunInFlight() {
    let observed = Observed()
    let started = Mutex<[String]>([])
    let log = LogCapture()
    let scheduler = Scheduler(jobs: [shellJob("kept", "true", every: .seconds(1)), shellJob("removed", "true", every: .seconds(1))],
                              maxConcurrent: 8, logger: log.logger,
                              execute: { job in
                                  started.withLock { $0.append(job.name) }
                                  return observed.execute(job, sleep: job.name == "kept" ? 1.6 : 0)
                              },
                              onResult: { _ in }, onSkip: { _ in observed.skipped.withLock { $0 += 1 } })
    scheduler.start()
    Thread.sleep(forTimeInterval: 1.2)  // both have started once; "kept" is still running
    scheduler.replace(jobs: [shellJob("kept", "true", every: .seconds(1)), shellJob("added", "true", every: .seconds(1))], maxConcurrent: 8)
    let before = started.withLock { $0.count }
    Thread.sleep(forTimeInterval: 2)
    scheduler.stop(grace: .seconds(5))
    let after = Array(started.withLock { $0 }.dropFirst(before))
    #expect(observed.maxRunningPerJob.withLock { $0 } == 1, "the run in flight before the reload is not overlapped")
    #expect(!after.contains("removed"), "a removed job does not run again: \(after)")
    #expect(after.contains("added"), "an added job runs soon: \(after)")
    #expect(after.contains("kept"))
}
