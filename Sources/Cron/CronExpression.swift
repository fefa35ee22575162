// A parsed 5-field cron expression (or @macro); parsing and the public value type live here,
// the fire-time search in CronExpression+NextFire.swift.

import Foundation

/// A cron schedule such as `*/15 9-17 * * MON-FRI` or `@daily`.
///
/// Equality and hashing include the original text, so `@daily` and `0 0 * * *` are
/// different values even though they fire at the same times.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as given to `init(parsing:)`.
    public let description: String

    let minutes: CronField
    let hours: CronField
    let daysOfMonth: CronField
    let months: CronField
    let daysOfWeek: CronField

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
        "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@hourly": "0 * * * *",
    ]

    /// Parses five whitespace-separated fields (minute hour day-of-month month day-of-week) or a macro.
    public init(parsing text: String) throws(CronError) {
        description = text
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("@") {
            guard let expansion = Self.macros[body.lowercased()] else {
                throw CronError(message: "unknown macro \"\(body)\"")
            }
            body = expansion
        }
        let fields = body.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 5 else {
            throw CronError(
                message: "expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        minutes = try CronField(parsing: fields[0], kind: .minute)
        hours = try CronField(parsing: fields[1], kind: .hour)
        daysOfMonth = try CronField(parsing: fields[2], kind: .dayOfMonth)
        months = try CronField(parsing: fields[3], kind: .month)
        daysOfWeek = try CronField(parsing: fields[4], kind: .dayOfWeek)
    }

    /// Cron's day rule: if both day fields are restricted a day matching either fires,
    /// otherwise both must match (an unrestricted field matches every day).
    func matchesDay(dayOfMonth: Int, weekday: Int) -> Bool {
        let domMatch = daysOfMonth.values.contains(dayOfMonth)
        let dowMatch = daysOfWeek.values.contains(weekday)
        if daysOfMonth.isStar || daysOfWeek.isStar {
            return domMatch && dowMatch
        }
        return domMatch || dowMatch
    }
}
