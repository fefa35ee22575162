// When a job runs: `every` or a cron `schedule` in a zone, and the deadline of each run,
// which is never longer than the time to the next.
import Cron
import Foundation

extension ConfigDecoder {
    func decodeSchedule(_ reader: inout TableReader, label: String, isReport: Bool, defaultZone: TimeZone) -> Schedule? {
        if reader.has("every"), reader.has("schedule") {
            reader.error("\(label): set either 'every' or 'schedule', not both", at: reader.keyPosition("schedule"))
        }
        let zone = timeZone(&reader, "timezone")
        if reader.has("schedule") {
            guard let text = reader.string("schedule") else { return nil }
            do {
                let expression = try CronExpression(parsing: text)
                let zone = zone ?? defaultZone
                guard expression.nextFire(after: Date(), in: zone) != nil else {
                    reader.error("schedule: \(reader.shown("schedule", text)) never fires (no date matches it)", at: reader.table["schedule"]!.position)
                    return nil
                }
                return .cron(expression, zone)
            } catch {
                // The parser's detail quotes a field of the expression, so it is left out when
                // the expression came from the environment.
                let detail = reader.isSubstituted("schedule", text) ? "" : ": \(error)"
                reader.error("schedule: invalid cron expression \(reader.shown("schedule", text))\(detail)", at: reader.table["schedule"]!.position)
                return nil
            }
        }
        if reader.has("timezone") {
            reader.error("timezone: only applies to a cron 'schedule'", at: reader.keyPosition("timezone"))
        }
        if reader.has("every") {
            return reader.duration("every", minimum: .seconds(1)).map(Schedule.every)
        }
        if isReport {
            reader.error("\(label) needs a 'schedule' (cron) or 'every'", at: reader.position)
            return nil
        }
        return .every(Self.defaultCheckInterval)
    }

    /// The run's deadline: never longer than the interval, so a run ends before the next is due.
    /// A cron schedule's interval is the shortest gap between its fire times.
    mutating func decodeTimeout(_ reader: inout TableReader, schedule: Schedule?, isReport: Bool) -> Duration? {
        let fallback = isReport ? Self.defaultReportTimeout : Self.defaultCheckTimeout
        var interval: Duration?
        switch schedule {
        case .every(let every): interval = every
        case .cron(let expression, let zone):
            let key = "\(expression)|\(zone.identifier)"
            if shortestGaps[key] == nil { shortestGaps[key] = Self.shortestGap(expression, in: zone) }
            interval = shortestGaps[key] ?? nil
        case nil: break
        }
        guard reader.has("timeout") else { return min(fallback, interval ?? fallback) }
        guard let timeout = reader.duration("timeout") else { return nil }
        if let interval, timeout > interval {
            let what = if case .cron = schedule { "the shortest gap between runs of the schedule" } else { "the interval" }
            reader.error("timeout: \(DurationText.format(timeout)) is longer than \(what) (\(DurationText.format(interval)))",
                         at: reader.table["timeout"]!.position)
            return nil
        }
        return timeout
    }


    /// The shortest gap between fire times over the coming year: 32 fires from the 1st and
    /// the 16th of each month, so every DST change of the zone (a day of 23 hours) is seen and
    /// a config's validity does not depend on the day it is checked. Whole minutes: cron's grain.
    static func shortestGap(_ expression: CronExpression, in zone: TimeZone) -> Duration? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let now = Date()
        var shortest: TimeInterval?
        for month in 0..<12 {
            guard let monthStart = calendar.date(byAdding: .month, value: month, to: now) else { continue }
            for day in [1, 16] {
                var parts = calendar.dateComponents([.year, .month], from: monthStart)
                parts.day = day
                guard let start = calendar.date(from: parts) else { continue }
                var previous = expression.nextFire(after: start, in: zone)
                for _ in 0..<32 {
                    guard let last = previous, let next = expression.nextFire(after: last, in: zone) else { break }
                    shortest = min(shortest ?? .infinity, next.timeIntervalSince(last))
                    previous = next
                }
            }
        }
        return shortest.map { .seconds(Int64(max(60, $0.rounded()))) }
    }
}
