// Daylight-saving behaviour in America/Toronto and Europe/London around the 2026 transitions:
// skipped wall times fire once right after the gap, repeated wall times fire once (first occurrence).

import Foundation
import Testing

@testable import Cron

/// Checks the zone data says what the tests below assume: the offset flips from `before` to `after` at `at`.
private func expectTransition(_ zone: TimeZone, at: String, from before: Int, to after: Int) {
    let moment = instant(at)
    #expect(zone.secondsFromGMT(for: moment.addingTimeInterval(-1)) == before, "\(zone.identifier) before \(at)")
    #expect(zone.secondsFromGMT(for: moment) == after, "\(zone.identifier) at \(at)")
    let transition = zone.nextDaylightSavingTimeTransition(after: moment.addingTimeInterval(-86_400))
    #expect(transition == moment, "\(zone.identifier) transition \(String(describing: transition))")
}

@Suite struct TorontoDSTTests {
    @Test func zoneDataMatchesAssumptions() {
        expectTransition(toronto, at: "2026-03-08T07:00:00Z", from: -5 * 3600, to: -4 * 3600)  // 02:00 EST -> 03:00 EDT
        expectTransition(toronto, at: "2026-11-01T06:00:00Z", from: -4 * 3600, to: -5 * 3600)  // 02:00 EDT -> 01:00 EST
    }

    @Test func dailyJobInGapFiresOnceAfterGap() throws {
        #expect(try fires("30 2 * * *", after: "2026-03-06T12:00:00-05:00", in: toronto, count: 4) == [
            "2026-03-07T02:30:00-05:00", "2026-03-08T03:00:00-04:00",
            "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00",
        ])
        #expect(try next("30 2 * * *", after: "2026-03-08T01:59:59-05:00", in: toronto) == "2026-03-08T03:00:00-04:00")
        #expect(try next("30 2 * * *", after: "2026-03-08T03:00:00-04:00", in: toronto) == "2026-03-09T02:30:00-04:00")
        #expect(try next("0 2 8 3 *", after: "2026-01-01T00:00:00-05:00", in: toronto) == "2026-03-08T03:00:00-04:00")
    }

    @Test func quarterHourJobCollapsesGapToOneFiring() throws {
        #expect(try fires("*/15 * * * *", after: "2026-03-08T01:40:00-05:00", in: toronto, count: 5) == [
            "2026-03-08T01:45:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:15:00-04:00",
            "2026-03-08T03:30:00-04:00", "2026-03-08T03:45:00-04:00",
        ])
    }

    @Test func hourlyJobsAroundGap() throws {
        #expect(try fires("0 * * * *", after: "2026-03-08T00:30:00-05:00", in: toronto, count: 4) == [
            "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00",
            "2026-03-08T04:00:00-04:00", "2026-03-08T05:00:00-04:00",
        ])
        // 02:30 does not exist, so it fires at 03:00, half an hour before 03:30.
        #expect(try fires("30 * * * *", after: "2026-03-08T00:45:00-05:00", in: toronto, count: 4) == [
            "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00",
            "2026-03-08T03:30:00-04:00", "2026-03-08T04:30:00-04:00",
        ])
    }

    @Test func gapWithNoMatchingTimeAddsNoFiring() throws {
        #expect(try fires("0 1,4 * * *", after: "2026-03-08T00:00:00-05:00", in: toronto, count: 3) == [
            "2026-03-08T01:00:00-05:00", "2026-03-08T04:00:00-04:00", "2026-03-09T01:00:00-04:00",
        ])
        #expect(try next("5 3 * * *", after: "2026-03-08T00:00:00-05:00", in: toronto) == "2026-03-08T03:05:00-04:00")
    }

    @Test func dailyJobInOverlapFiresOnce() throws {
        #expect(try fires("30 1 * * *", after: "2026-10-31T12:00:00-04:00", in: toronto, count: 3) == [
            "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00", "2026-11-03T01:30:00-05:00",
        ])
        // Starting inside the repeated hour (second pass) must not fire the repeat.
        #expect(try next("30 1 * * *", after: "2026-11-01T01:00:00-05:00", in: toronto) == "2026-11-02T01:30:00-05:00")
        #expect(try next("30 1 * * *", after: "2026-11-01T01:45:00-05:00", in: toronto) == "2026-11-02T01:30:00-05:00")
    }

    @Test func hourlyAndQuarterHourJobsDoNotDoubleFireInOverlap() throws {
        #expect(try fires("0 * * * *", after: "2026-11-01T00:30:00-04:00", in: toronto, count: 3) == [
            "2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00",
        ])
        #expect(try fires("*/15 * * * *", after: "2026-11-01T01:10:00-04:00", in: toronto, count: 5) == [
            "2026-11-01T01:15:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:45:00-04:00",
            "2026-11-01T02:00:00-05:00", "2026-11-01T02:15:00-05:00",
        ])
        #expect(try next("*/15 * * * *", after: "2026-11-01T01:20:00-05:00", in: toronto) == "2026-11-01T02:00:00-05:00")
        #expect(try next("* * * * *", after: "2026-11-01T01:59:00-04:00", in: toronto) == "2026-11-01T02:00:00-05:00")
    }

    @Test func jobAfterOverlapIsUnaffected() throws {
        #expect(try fires("30 2 * * *", after: "2026-10-31T12:00:00-04:00", in: toronto, count: 2) == [
            "2026-11-01T02:30:00-05:00", "2026-11-02T02:30:00-05:00",
        ])
        #expect(try next("59 0 * * *", after: "2026-10-31T12:00:00-04:00", in: toronto) == "2026-11-01T00:59:00-04:00")
    }
}

@Suite struct LondonDSTTests {
    @Test func zoneDataMatchesAssumptions() {
        expectTransition(london, at: "2026-03-29T01:00:00Z", from: 0, to: 3600)  // 01:00 GMT -> 02:00 BST
        expectTransition(london, at: "2026-10-25T01:00:00Z", from: 3600, to: 0)  // 02:00 BST -> 01:00 GMT
    }

    @Test func dailyJobInGapFiresOnceAfterGap() throws {
        #expect(try fires("30 1 * * *", after: "2026-03-28T12:00:00+00:00", in: london, count: 3) == [
            "2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00", "2026-03-31T01:30:00+01:00",
        ])
    }

    @Test func quarterHourAndHourlyJobsAroundGap() throws {
        #expect(try fires("*/15 * * * *", after: "2026-03-29T00:40:00+00:00", in: london, count: 4) == [
            "2026-03-29T00:45:00+00:00", "2026-03-29T02:00:00+01:00",
            "2026-03-29T02:15:00+01:00", "2026-03-29T02:30:00+01:00",
        ])
        #expect(try fires("0 * * * *", after: "2026-03-28T23:30:00+00:00", in: london, count: 3) == [
            "2026-03-29T00:00:00+00:00", "2026-03-29T02:00:00+01:00", "2026-03-29T03:00:00+01:00",
        ])
    }

    @Test func overlapFiresOnce() throws {
        #expect(try fires("30 1 * * *", after: "2026-10-24T12:00:00+01:00", in: london, count: 2) == [
            "2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00",
        ])
        #expect(try fires("0 * * * *", after: "2026-10-25T00:30:00+01:00", in: london, count: 3) == [
            "2026-10-25T01:00:00+01:00", "2026-10-25T02:00:00+00:00", "2026-10-25T03:00:00+00:00",
        ])
        #expect(try fires("*/15 * * * *", after: "2026-10-25T01:40:00+01:00", in: london, count: 2) == [
            "2026-10-25T01:45:00+01:00", "2026-10-25T02:00:00+00:00",
        ])
        #expect(try next("30 2 * * *", after: "2026-10-24T12:00:00+01:00", in: london) == "2026-10-25T02:30:00+00:00")
    }
}
