import Foundation
import OutpostConfig
import Testing
@testable import OutpostAgent

@Test func phaseIsStableAndWithinTheInterval() {
    for name in ["a", "disk-root", "api-health", "x.y_z"] {
        let phase = Timing.phase(of: name, interval: 30)
        #expect(phase >= 0 && phase < 30)
        #expect(Timing.phase(of: name, interval: 30) == phase, "the same name gives the same offset")
    }
}

@Test func phasesSpreadAThousandJobs() {
    let phases = Set((0..<1000).map { Timing.phase(of: "check-\($0)", interval: 60) })
    #expect(phases.count > 950, "a thousand jobs must not fire in the same millisecond")
}

@Test func intervalDueTimesKeepTheirPhase() throws {
    let job = shellJob("disk", "true", every: .seconds(30))
    let offset = Timing.phase(of: "disk", interval: 30)
    let start = 1_800_000_000.0
    var time = start
    for _ in 0..<5 {
        let next = try #require(Timing.nextDue(job, after: time))
        #expect(next > time && next <= time + 30)
        let remainder = (next - offset).truncatingRemainder(dividingBy: 30)
        #expect(abs(remainder) < 1e-6 || abs(remainder - 30) < 1e-6)
        time = next
    }
    // After a long gap (suspend), the next due time is the next slot, not a backlog.
    let late = try #require(Timing.nextDue(job, after: start + 3600))
    #expect(late > start + 3600 && late <= start + 3630)
}

@Test func firstRunOfAnIntervalCheckIsSoon() throws {
    let job = shellJob("hourly", "true", every: .seconds(3600))
    let first = try #require(Timing.firstDue(job, start: 1000))
    #expect(first >= 1000 && first < 1010)
}

@Test func theSlotAfterARunIsOneItCanNoLongerBeUsing() throws {
    // timeout == interval (the default below 10 s): every slot is used, none skipped.
    let fast = shellJob("fast", "true", every: .seconds(5), timeout: .seconds(5))
    let slot = try #require(Timing.nextDue(fast, after: 1000))
    #expect(Timing.nextDue(fast, afterRunDueAt: slot, startedAt: slot + 0.05) == slot + 5)
    // After the early first run, a phase slot the run may still be using is passed over.
    let minutely = shellJob("minutely", "true", every: .seconds(60), timeout: .seconds(30))
    let early = try #require(Timing.firstDue(minutely, start: 1000))
    let next = try #require(Timing.nextDue(minutely, afterRunDueAt: early, startedAt: early))
    #expect(next >= early + 30 && next < early + 90, "early \(early), next \(next)")
    // Never in the past, however late the run started.
    #expect(try #require(Timing.nextDue(minutely, afterRunDueAt: 1000, startedAt: 5000)) > 5000)
}

@Test func dueQueuePopsInTimeOrder() {
    var queue = DueQueue()
    let times = (0..<200).map { _ in Double.random(in: 0..<1000) }
    for (index, time) in times.enumerated() { queue.push(due: time, job: index) }
    #expect(queue.nextDue.count == 200 && queue.nextDue[7] == times[7])
    var popped: [Double] = []
    while let entry = queue.pop() {
        #expect(queue.nextDue[entry.job] == nil, "a popped job is no longer due")
        popped.append(entry.due)
    }
    #expect(popped == times.sorted())
    #expect(queue.nextDue.isEmpty)
}

@Test func lagHistogramIsCumulative() {
    var histogram = LagHistogram()
    for value in [0.001, 0.02, 0.02, 3, 100] { histogram.observe(value) }
    #expect(histogram.count == 5)
    #expect(histogram.cumulativeCounts.last == 4, "100 s only counts in +Inf")
    #expect(histogram.cumulativeCounts[0] == 1)
    #expect(histogram.cumulativeCounts[2] == 3)
}
