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
