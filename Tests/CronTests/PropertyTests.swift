// Property tests: random expressions whose value sets the test builds itself, checked against a
// brute-force minute-by-minute scan (UTC, and Toronto/London around DST changes using an explicit model).

import Foundation
import Testing
import TestSupport

@testable import Cron

/// A random expression and the value sets it must denote, built independently of the parser.
struct RandomExpression {
    var text: String
    var sets: [Set<Int>]  // minute, hour, day-of-month, month, day-of-week (0...6)
    var domStar: Bool
    var dowStar: Bool

    static func make(_ rng: inout SplitMix64) -> RandomExpression {
        let bounds = [0...59, 0...23, 1...31, 1...12, 0...7]
        // Chance of a bare `*` per field, high for the slow fields so fire times stay within the scan horizon.
        let starChance = [0.3, 0.3, 0.5, 0.8, 0.5]
        var texts: [String] = []
        var sets: [Set<Int>] = []
        for (index, range) in bounds.enumerated() {
            if Double.random(in: 0..<1, using: &rng) < starChance[index] {
                texts.append("*")
                sets.append(Set(range))
                continue
            }
            var items: [String] = []
            var values = Set<Int>()
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let a = Int.random(in: range, using: &rng)
                let b = Int.random(in: a...range.upperBound, using: &rng)
                let step = Int.random(in: 1...max(1, min(range.upperBound, 12)), using: &rng)
                switch Int.random(in: 0...4, using: &rng) {
                case 0: items.append("*/\(step)"); values.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
                case 1: items.append("\(a)"); values.insert(a)
                case 2: items.append("\(a)-\(b)"); values.formUnion(a...b)
                case 3: items.append("\(a)-\(b)/\(step)"); values.formUnion(stride(from: a, through: b, by: step))
                default: items.append("\(a)/\(step)"); values.formUnion(stride(from: a, through: range.upperBound, by: step))
                }
            }
            texts.append(items.joined(separator: ","))
            sets.append(index == 4 ? Set(values.map { $0 == 7 ? 0 : $0 }) : values)
        }
        return RandomExpression(
            text: texts.joined(separator: " "), sets: sets,
            domStar: texts[2].hasPrefix("*"), dowStar: texts[4].hasPrefix("*"))
    }

    /// Whether the wall-clock minute `wallSeconds` (seconds since 1970 as if the wall clock were UTC) matches.
    func matches(wallSeconds: Int, calendar: Calendar) -> Bool {
        let date = Date(timeIntervalSince1970: TimeInterval(wallSeconds))
        let c = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        guard let minute = c.minute, let hour = c.hour, let day = c.day, let month = c.month, let weekday = c.weekday
        else { return false }
        let dom = sets[2].contains(day)
        let dow = sets[4].contains(weekday - 1)  // Foundation: 1 = Sunday
        let dayOK = (domStar || dowStar) ? (dom && dow) : (dom || dow)
        return sets[0].contains(minute) && sets[1].contains(hour) && sets[3].contains(month) && dayOK
    }
}

/// The cron policy stated directly over instants, scanned minute by minute:
/// an instant fires if its wall time matches and is that wall time's first occurrence,
/// or if it ends a spring-forward gap in which some skipped wall minute matched.
private func bruteForceNext(
    _ expression: RandomExpression, after start: Int, in zone: TimeZone, horizonMinutes: Int
) -> Int? {
    var wallCalendar = Calendar(identifier: .gregorian)
    wallCalendar.timeZone = TimeZone(identifier: "UTC")!
    func wall(_ instant: Int) -> Int { instant + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) }
    var instant = (start / 60 + 1) * 60
    for _ in 0..<horizonMinutes {
        let here = wall(instant)
        let previous = wall(instant - 60)
        let repeated = wall(instant - 3600) == here || previous >= here
        if !repeated, expression.matches(wallSeconds: here, calendar: wallCalendar) { return instant }
        if here - previous > 60 {  // a gap ends here: were any of the skipped wall minutes due?
            for skipped in stride(from: previous + 60, to: here, by: 60)
            where expression.matches(wallSeconds: skipped, calendar: wallCalendar) {
                return instant
            }
        }
        instant += 60
    }
    return nil
}

private func check(
    _ expression: RandomExpression, start: Int, zone: TimeZone, horizonMinutes: Int, label: String
) throws {
    let parsed = try CronExpression(parsing: expression.text)
    let actual = parsed.nextFire(after: Date(timeIntervalSince1970: TimeInterval(start)), in: zone)
    let startText = iso(Date(timeIntervalSince1970: TimeInterval(start)), zone)
    if let expected = bruteForceNext(expression, after: start, in: zone, horizonMinutes: horizonMinutes) {
        #expect(
            actual.map { iso($0, zone) } == iso(Date(timeIntervalSince1970: TimeInterval(expected)), zone),
            "\(label) \"\(expression.text)\" after \(startText)")
    } else {
        // Nothing within the horizon: the library must not invent an earlier firing.
        let horizonEnd = TimeInterval((start / 60 + horizonMinutes) * 60)
        #expect(actual.map { $0.timeIntervalSince1970 >= horizonEnd } ?? true,
                "\(label) \"\(expression.text)\" after \(startText)")
    }
}

@Suite struct PropertyTests {
    @Test func matchesBruteForceInUTC() throws {
        var rng = SplitMix64(state: 0xC0FFEE)
        let from = Int(instant("2020-01-01T00:00:00Z").timeIntervalSince1970)
        let to = Int(instant("2030-12-31T00:00:00Z").timeIntervalSince1970)
        for index in 0..<300 {
            let expression = RandomExpression.make(&rng)
            let start = Int.random(in: from...to, using: &rng)
            try check(expression, start: start, zone: utc, horizonMinutes: 3 * 1440, label: "case \(index)")
        }
    }

    @Test(arguments: [
        ("America/Toronto", "2026-03-08T07:00:00Z"), ("America/Toronto", "2026-11-01T06:00:00Z"),
        ("Europe/London", "2026-03-29T01:00:00Z"), ("Europe/London", "2026-10-25T01:00:00Z"),
    ])
    func matchesBruteForceAroundTransitions(zoneName: String, transition: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        var rng = SplitMix64(state: UInt64(truncatingIfNeeded: (zoneName + transition).utf8.reduce(7) { $0 &* 31 &+ Int($1) }))
        let center = Int(instant(transition).timeIntervalSince1970)
        for index in 0..<150 {
            let expression = RandomExpression.make(&rng)
            // Start within three hours either side so the gap or overlap is crossed, often at second resolution.
            let start = center + Int.random(in: -3 * 3600...3 * 3600, using: &rng)
            try check(expression, start: start, zone: zone, horizonMinutes: 2 * 1440, label: "\(zoneName) case \(index)")
        }
    }
}
