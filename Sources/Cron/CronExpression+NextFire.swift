// The fire-time search: walk wall-clock minutes field by field (months, then days, hours, minutes),
// map each match to an instant with the DST policy of ZoneResolver, and keep the first one after the start.

import Foundation

extension CronExpression {
    /// How far ahead to look; 8 years covers Feb 29 across a skipped century leap year (2096 -> 2104).
    static let searchYears = 8

    /// The first fire time strictly after `instant`, evaluated in `timeZone`;
    /// nil if none within 8 years (e.g. `0 0 30 2 *`).
    ///
    /// Wall times skipped by a spring-forward gap fire once, at the first instant after the gap;
    /// wall times repeated by a fall-back fire only at their first occurrence.
    public func nextFire(after instant: Date, in timeZone: TimeZone) -> Date? {
        let zone = ZoneResolver(timeZone: timeZone)
        let start = instant.timeIntervalSince1970
        guard start.isFinite, abs(start) < 1e13 else { return nil }
        let startSecond = Int(start.rounded(.down))
        // Every wall minute up to the one containing `instant` maps to an instant <= `instant`,
        // because the wall-to-instant mapping never decreases.
        var wall = CivilTime(wallSeconds: zone.wallSeconds(at: startSecond)).wallSeconds + 60
        let lastYear = CivilTime(wallSeconds: wall).year + Self.searchYears
        for _ in 0..<10_000 {
            guard let match = nextMatch(from: CivilTime(wallSeconds: wall), lastYear: lastYear) else { return nil }
            let matchWall = match.wallSeconds
            let fire = zone.instant(forWall: matchWall)
            if TimeInterval(fire) > start {
                return Date(timeIntervalSince1970: TimeInterval(fire))
            }
            // Only reached when `instant` lies in the second pass of a fall-back's repeated hour, whose
            // wall times map to their first pass. Try the next match; at most an hour's worth of them.
            wall = matchWall + 60
        }
        return nil
    }

    /// The first wall-clock minute >= `from` that matches all five fields, or nil after `lastYear`.
    func nextMatch(from: CivilTime, lastYear: Int) -> CivilTime? {
        var t = from
        while t.year <= lastYear {
            guard let month = months.values.next(atLeast: t.month) else {
                t = CivilTime(year: t.year + 1, month: 1, day: 1, hour: 0, minute: 0)
                continue
            }
            if month != t.month { t = CivilTime(year: t.year, month: month, day: 1, hour: 0, minute: 0) }

            guard let day = nextDay(year: t.year, month: t.month, atLeast: t.day) else {
                t = CivilTime(year: t.year, month: t.month + 1, day: 1, hour: 0, minute: 0)  // month 13 rolls over above
                continue
            }
            if day != t.day { t = CivilTime(year: t.year, month: t.month, day: day, hour: 0, minute: 0) }

            guard let hour = hours.values.next(atLeast: t.hour) else {
                t = CivilTime(year: t.year, month: t.month, day: t.day + 1, hour: 0, minute: 0)
                continue
            }
            if hour != t.hour { t = CivilTime(year: t.year, month: t.month, day: t.day, hour: hour, minute: 0) }

            guard let minute = minutes.values.next(atLeast: t.minute) else {
                t = CivilTime(year: t.year, month: t.month, day: t.day, hour: t.hour + 1, minute: 0)
                continue
            }
            t.minute = minute
            return t
        }
        return nil
    }

    private func nextDay(year: Int, month: Int, atLeast first: Int) -> Int? {
        let last = CivilTime.daysInMonth(year: year, month: month)
        guard first <= last else { return nil }
        var weekday = CivilTime.weekday(year: year, month: month, day: first)
        for day in first...last {
            if matchesDay(dayOfMonth: day, weekday: weekday) { return day }
            weekday = weekday == 6 ? 0 : weekday + 1
        }
        return nil
    }
}
