// Shared helpers: ISO 8601 parsing/formatting with explicit offsets, and fire-sequence collection.

import Foundation
import Testing

@testable import Cron

let utc = TimeZone(identifier: "UTC")!
let toronto = TimeZone(identifier: "America/Toronto")!
let london = TimeZone(identifier: "Europe/London")!

/// Parses `2026-03-08T01:00:00-05:00` (offset required).
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    guard let date = formatter.date(from: text) else {
        Issue.record("bad timestamp in test: \(text)")
        return Date(timeIntervalSince1970: 0)
    }
    return date
}

/// Formats as `2026-03-08T03:00:00-04:00` using Foundation's Calendar (independent of the library's arithmetic).
func iso(_ date: Date, _ zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let offset = zone.secondsFromGMT(for: date)
    let sign = offset < 0 ? "-" : "+"
    let magnitude = abs(offset)
    func two(_ n: Int?) -> String { String(format: "%02d", n ?? -1) }
    return String(format: "%04d", c.year ?? -1) + "-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
        + "\(sign)\(two(magnitude / 3600)):\(two(magnitude % 3600 / 60))"
}

func cron(_ text: String) throws -> CronExpression {
    try CronExpression(parsing: text)
}

/// The next `count` fire times after `start`, formatted in `zone`.
func fires(_ text: String, after start: String, in zone: TimeZone, count: Int) throws -> [String] {
    let expression = try cron(text)
    var result: [String] = []
    var current = instant(start)
    for _ in 0..<count {
        guard let next = expression.nextFire(after: current, in: zone) else {
            result.append("nil")
            break
        }
        #expect(next > current)
        result.append(iso(next, zone))
        current = next
    }
    return result
}

func next(_ text: String, after start: String, in zone: TimeZone = utc) throws -> String {
    try fires(text, after: start, in: zone, count: 1)[0]
}
