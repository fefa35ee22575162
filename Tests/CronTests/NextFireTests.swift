// Next fire times in UTC and fixed-offset zones: day rules, month ends, leap days, rollover, sequences, speed.

import Foundation
import Testing

@testable import Cron

@Suite struct NextFireTests {
    @Test func everyMinute() throws {
        #expect(try fires("* * * * *", after: "2026-05-10T23:58:30Z", in: utc, count: 4) == [
            "2026-05-10T23:59:00+00:00", "2026-05-11T00:00:00+00:00",
            "2026-05-11T00:01:00+00:00", "2026-05-11T00:02:00+00:00",
        ])
        // Strictly after: an instant exactly on a fire time moves on to the next one.
        #expect(try next("* * * * *", after: "2026-05-10T10:00:00Z") == "2026-05-10T10:01:00+00:00")
        #expect(try next("0 10 * * *", after: "2026-05-10T10:00:00Z") == "2026-05-11T10:00:00+00:00")
        #expect(try next("0 10 * * *", after: "2026-05-10T09:59:59.999Z") == "2026-05-10T10:00:00+00:00")
    }

    @Test func mondayMorning() throws {
        // 2026-01-01 is a Thursday.
        #expect(try fires("0 6 * * MON", after: "2026-01-01T00:00:00Z", in: utc, count: 5) == [
            "2026-01-05T06:00:00+00:00", "2026-01-12T06:00:00+00:00", "2026-01-19T06:00:00+00:00",
            "2026-01-26T06:00:00+00:00", "2026-02-02T06:00:00+00:00",
        ])
        #expect(try fires("0 6 * * 1", after: "2026-01-01T00:00:00Z", in: utc, count: 5)
            == fires("0 6 * * MON", after: "2026-01-01T00:00:00Z", in: utc, count: 5))
    }

    @Test func bothDayFieldsRestrictedMeansEither() throws {
        // Fridays in April 2026 are 3, 10, 17, 24; the 13th is a Monday.
        #expect(try fires("0 0 13 * FRI", after: "2026-04-01T00:00:00Z", in: utc, count: 7) == [
            "2026-04-03T00:00:00+00:00", "2026-04-10T00:00:00+00:00", "2026-04-13T00:00:00+00:00",
            "2026-04-17T00:00:00+00:00", "2026-04-24T00:00:00+00:00", "2026-05-01T00:00:00+00:00",
            "2026-05-08T00:00:00+00:00",
        ])
    }

    @Test func oneDayFieldRestrictedMeansThatOne() throws {
        #expect(try fires("0 0 13 * *", after: "2026-04-01T00:00:00Z", in: utc, count: 3) == [
            "2026-04-13T00:00:00+00:00", "2026-05-13T00:00:00+00:00", "2026-06-13T00:00:00+00:00",
        ])
        #expect(try fires("0 0 * * FRI", after: "2026-04-01T00:00:00Z", in: utc, count: 3) == [
            "2026-04-03T00:00:00+00:00", "2026-04-10T00:00:00+00:00", "2026-04-17T00:00:00+00:00",
        ])
        // Vixie: `*/2` begins with `*`, so it counts as unrestricted and both fields must match
        // (odd days of month that are Fridays).
        #expect(try fires("0 0 */2 * FRI", after: "2026-04-01T00:00:00Z", in: utc, count: 5) == [
            "2026-04-03T00:00:00+00:00", "2026-04-17T00:00:00+00:00", "2026-05-01T00:00:00+00:00",
            "2026-05-15T00:00:00+00:00", "2026-05-29T00:00:00+00:00",
        ])
    }

    @Test func monthEnds() throws {
        #expect(try fires("0 0 31 * *", after: "2026-01-01T00:00:00Z", in: utc, count: 5) == [
            "2026-01-31T00:00:00+00:00", "2026-03-31T00:00:00+00:00", "2026-05-31T00:00:00+00:00",
            "2026-07-31T00:00:00+00:00", "2026-08-31T00:00:00+00:00",
        ])
        #expect(try fires("0 0 30 * *", after: "2026-01-15T00:00:00Z", in: utc, count: 3) == [
            "2026-01-30T00:00:00+00:00", "2026-03-30T00:00:00+00:00", "2026-04-30T00:00:00+00:00",
        ])
    }

    @Test func leapDays() throws {
        #expect(try fires("0 0 29 2 *", after: "2026-01-01T00:00:00Z", in: utc, count: 3) == [
            "2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00", "2036-02-29T00:00:00+00:00",
        ])
        // 2100 is not a leap year: from 2097 the next Feb 29 is 2104, seven years on.
        #expect(try next("0 0 29 2 *", after: "2097-01-01T00:00:00Z") == "2104-02-29T00:00:00+00:00")
        #expect(try next("0 0 29 2 *", after: "2000-01-01T00:00:00Z") == "2000-02-29T00:00:00+00:00")
    }

    @Test func yearRollover() throws {
        #expect(try fires("30 23 31 12 *", after: "2026-12-31T23:30:00Z", in: utc, count: 2) == [
            "2027-12-31T23:30:00+00:00", "2028-12-31T23:30:00+00:00",
        ])
        #expect(try fires("*/20 * * * *", after: "2026-12-31T23:30:00Z", in: utc, count: 3) == [
            "2026-12-31T23:40:00+00:00", "2027-01-01T00:00:00+00:00", "2027-01-01T00:20:00+00:00",
        ])
        #expect(try fires("@yearly", after: "2026-06-01T00:00:00Z", in: utc, count: 3) == [
            "2027-01-01T00:00:00+00:00", "2028-01-01T00:00:00+00:00", "2029-01-01T00:00:00+00:00",
        ])
        #expect(try next("0 0 1 JAN *", after: "2026-12-31T23:59:59Z") == "2027-01-01T00:00:00+00:00")
    }

    @Test func macrosFire() throws {
        let start = "2026-01-07T10:15:00Z"  // a Wednesday
        #expect(try next("@monthly", after: start) == "2026-02-01T00:00:00+00:00")
        #expect(try next("@weekly", after: start) == "2026-01-11T00:00:00+00:00")
        #expect(try next("@daily", after: start) == "2026-01-08T00:00:00+00:00")
        #expect(try next("@midnight", after: start) == "2026-01-08T00:00:00+00:00")
        #expect(try next("@hourly", after: start) == "2026-01-07T11:00:00+00:00")
        #expect(try next("@annually", after: start) == "2027-01-01T00:00:00+00:00")
    }

    @Test func workdaySequence() throws {
        // Friday 2026-01-09 afternoon rolls over the weekend.
        #expect(try fires("0,30 9-10 * * MON-FRI", after: "2026-01-09T10:00:00Z", in: utc, count: 6) == [
            "2026-01-09T10:30:00+00:00", "2026-01-12T09:00:00+00:00", "2026-01-12T09:30:00+00:00",
            "2026-01-12T10:00:00+00:00", "2026-01-12T10:30:00+00:00", "2026-01-13T09:00:00+00:00",
        ])
        #expect(try fires("15 */8 1,15 FEB,MAR *", after: "2026-01-20T00:00:00Z", in: utc, count: 7) == [
            "2026-02-01T00:15:00+00:00", "2026-02-01T08:15:00+00:00", "2026-02-01T16:15:00+00:00",
            "2026-02-15T00:15:00+00:00", "2026-02-15T08:15:00+00:00", "2026-02-15T16:15:00+00:00",
            "2026-03-01T00:15:00+00:00",
        ])
    }

    @Test func fixedOffsetZones() throws {
        let kolkataLike = try #require(TimeZone(secondsFromGMT: 5 * 3600 + 1800))
        #expect(try fires("0 9 * * *", after: "2026-03-29T00:00:00Z", in: kolkataLike, count: 2) == [
            "2026-03-29T09:00:00+05:30", "2026-03-30T09:00:00+05:30",
        ])
        let minusTen = try #require(TimeZone(secondsFromGMT: -10 * 3600))
        #expect(try next("30 23 * * *", after: "2026-11-01T00:00:00Z", in: minusTen) == "2026-10-31T23:30:00-10:00")
        let gmt = try #require(TimeZone(identifier: "GMT"))
        #expect(try next("0 0 * * *", after: "2026-10-25T00:30:00Z", in: gmt) == "2026-10-26T00:00:00+00:00")
    }

    @Test func impossibleExpressionsReturnNilQuickly() throws {
        let clock = ContinuousClock()
        for text in ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 FEB *"] {
            let expression = try cron(text)
            var result: Date? = Date()
            let elapsed = clock.measure {
                result = expression.nextFire(after: instant("2026-01-01T00:00:00Z"), in: toronto)
            }
            #expect(result == nil, "\(text)")
            #expect(elapsed < .milliseconds(50), "\(text) took \(elapsed)")
        }
    }

    @Test func sparseExpressionsAreFast() throws {
        let expression = try cron("0 0 29 2 *")
        let start = instant("2026-03-01T00:00:00Z")
        let clock = ContinuousClock()
        var last: Date?
        let elapsed = clock.measure {
            for _ in 0..<1000 { last = expression.nextFire(after: start, in: toronto) }
        }
        #expect(last.map { iso($0, toronto) } == "2028-02-29T00:00:00-05:00")
        // Generous for a shared debug build; measured far lower (see report).
        #expect(elapsed < .seconds(1), "1000 evaluations took \(elapsed)")
    }
}
