// When a job is next due. Pure functions of (job, time), so they are tested without waiting.
import Foundation
import OutpostConfig

enum Timing {
    /// A stable offset in [0, interval) from the job's name (FNV-1a), so restarts keep a job's
    /// timing and a thousand jobs with one interval do not fire in the same millisecond.
    static func phase(of name: String, interval: Double) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let millis = max(1, UInt64(interval * 1000))
        return Double(hash % millis) / 1000
    }

    /// The first due time strictly after `time` (unix seconds); nil when a cron expression never fires again.
    static func nextDue(_ job: Job, after time: Double) -> Double? {
        switch job.schedule {
        case .every(let every):
            let interval = every.seconds
            let offset = phase(of: job.name, interval: interval)
            let slots = ((time - offset) / interval).rounded(.down) + 1
            return slots * interval + offset
        case .cron(let expression, let zone):
            return expression.nextFire(after: Date(timeIntervalSince1970: time), in: zone)?.timeIntervalSince1970
        }
    }

    /// The next due time once a run due at `due` starts at `now`: the first slot by which that
    /// run will have met its deadline, and never in the past. For a regular run that is the
    /// next slot (timeout ≤ interval); after the early first run (see `firstDue`) it skips a
    /// slot that run would still be using, which would otherwise count as a skipped run.
    static func nextDue(_ job: Job, afterRunDueAt due: Double, startedAt now: Double) -> Double? {
        // Config validation keeps timeout ≤ interval; a job built in code may not.
        var busy = job.timeout.seconds
        if case .every(let every) = job.schedule { busy = min(busy, every.seconds) }
        return nextDue(job, after: max(due + busy - 0.001, now))
    }

    /// The first run after start: interval checks run soon (within 10 s, spread by their phase)
    /// so the page and /metrics have a status at once; cron jobs wait for their time.
    static func firstDue(_ job: Job, start: Double) -> Double? {
        switch job.schedule {
        case .every(let every):
            guard job.kind != .report else { return nextDue(job, after: start) }
            return start + phase(of: job.name, interval: min(every.seconds, 10))
        case .cron:
            return nextDue(job, after: start)
        }
    }
}
