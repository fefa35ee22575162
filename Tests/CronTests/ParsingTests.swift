// Parsing: accepted syntax expands to the right value sets; each rejected form has its exact message.

import Testing

@testable import Cron

private func sets(_ text: String) throws -> [[Int]] {
    let e = try CronExpression(parsing: text)
    return [e.minutes, e.hours, e.daysOfMonth, e.months, e.daysOfWeek].map(\.values.members)
}

private let allMinutes = Array(0...59)
private let allHours = Array(0...23)
private let allDays = Array(1...31)
private let allMonths = Array(1...12)
private let allWeekdays = Array(0...6)

@Suite struct ParsingTests {
    @Test(arguments: [
        ("@yearly", [[0], [0], [1], [1], Array(0...6)]),
        ("@annually", [[0], [0], [1], [1], Array(0...6)]),
        ("@monthly", [[0], [0], [1], Array(1...12), Array(0...6)]),
        ("@weekly", [[0], [0], Array(1...31), Array(1...12), [0]]),
        ("@daily", [[0], [0], Array(1...31), Array(1...12), Array(0...6)]),
        ("@midnight", [[0], [0], Array(1...31), Array(1...12), Array(0...6)]),
        ("@hourly", [[0], Array(0...23), Array(1...31), Array(1...12), Array(0...6)]),
    ])
    func macros(text: String, expected: [[Int]]) throws {
        #expect(try sets(text) == expected)
        #expect(try sets(text.uppercased()) == expected)
    }

    @Test func everyMinute() throws {
        #expect(try sets("* * * * *") == [allMinutes, allHours, allDays, allMonths, allWeekdays])
    }

    @Test func namesAreCaseInsensitive() throws {
        #expect(try sets("0 0 * jan,Feb,DEC mon,Tue,SAT") == [[0], [0], allDays, [1, 2, 12], [1, 2, 6]])
        #expect(try sets("0 0 * JAN-MAR MON-FRI") == [[0], [0], allDays, [1, 2, 3], [1, 2, 3, 4, 5]])
    }

    @Test func sundayIsZeroOrSeven() throws {
        #expect(try sets("0 0 * * 7")[4] == [0])
        #expect(try sets("0 0 * * 0")[4] == [0])
        #expect(try sets("0 0 * * SUN")[4] == [0])
        #expect(try sets("0 0 * * 5-7")[4] == [0, 5, 6])
        #expect(try sets("0 0 * * 0-7")[4] == allWeekdays)
        #expect(try sets("0 0 * * FRI-SUN")[4] == [0, 5, 6])
    }

    @Test func rangesStepsAndLists() throws {
        #expect(try sets("*/15 * * * *")[0] == [0, 15, 30, 45])
        #expect(try sets("10-20/5 * * * *")[0] == [10, 15, 20])
        #expect(try sets("50/3 * * * *")[0] == [50, 53, 56, 59])
        #expect(try sets("1,5-7,*/20 * * * *")[0] == [0, 1, 5, 6, 7, 20, 40])
        #expect(try sets("* */6 * * *")[1] == [0, 6, 12, 18])
        #expect(try sets("* * */10 * *")[2] == [1, 11, 21, 31])
        #expect(try sets("* * * */5 *")[3] == [1, 6, 11])
        #expect(try sets("* * * * */2")[4] == [0, 2, 4, 6])
        #expect(try sets("05 007 * * *")[0...1] == [[5], [7]])
        #expect(try sets("5-5 * * * *")[0] == [5])
    }

    @Test func whitespace() throws {
        let expected = [[0], [6], allDays, allMonths, [1]]
        #expect(try sets("0 6 * * 1") == expected)
        #expect(try sets("  0   6\t*\t\t* 1  ") == expected)
        #expect(try sets("\t0 6 * * 1\n") == expected)
    }

    @Test func starFlagFollowsVixie() throws {
        #expect(try cron("0 0 * * 1").daysOfMonth.isStar)
        #expect(try cron("0 0 */2 * 1").daysOfMonth.isStar)
        #expect(try !cron("0 0 1-31 * 1").daysOfMonth.isStar)
        #expect(try !cron("0 0 13 * 5").daysOfWeek.isStar)
    }

    @Test func descriptionIsOriginalText() throws {
        #expect(try cron("  */5 * * * *").description == "  */5 * * * *")
        #expect(try cron("@daily").description == "@daily")
        #expect(try cron("@daily") != cron("0 0 * * *"))
        #expect(try cron("0 0 * * *") == cron("0 0 * * *"))
    }

    @Test(arguments: [
        ("", "expected 5 fields (minute hour day-of-month month day-of-week), found 0"),
        ("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4"),
        ("* * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 6"),
        ("61 * * * *", "minute field: 61 is out of range 0-59"),
        ("* 24 * * *", "hour field: 24 is out of range 0-23"),
        ("* * 0 * *", "day-of-month field: 0 is out of range 1-31"),
        ("* * 32 * *", "day-of-month field: 32 is out of range 1-31"),
        ("* * * 13 *", "month field: 13 is out of range 1-12"),
        ("* * * 0 *", "month field: 0 is out of range 1-12"),
        ("* * * * 8", "day-of-week field: 8 is out of range 0-7"),
        ("99999999999999999999999 * * * *", "minute field: 99999999999999999999999 is out of range 0-59"),
        ("5-1 * * * *", "minute field: range 5-1 is reversed"),
        ("* * * DEC-JAN *", "month field: range DEC-JAN is reversed"),
        ("* * * * 7-1", "day-of-week field: range 7-1 is reversed"),
        ("*/0 * * * *", "minute field: step 0 is out of range 1-59"),
        ("* 1-5/0 * * *", "hour field: step 0 is out of range 1-23"),
        ("*/60 * * * *", "minute field: step 60 is out of range 1-59"),
        ("*/x * * * *", "minute field: invalid step \"x\""),
        ("*/ * * * *", "minute field: invalid step \"\""),
        ("*/2/3 * * * *", "minute field: invalid step in \"*/2/3\""),
        ("1,,2 * * * *", "minute field: empty list item"),
        ("1, * * * *", "minute field: empty list item"),
        ("* * * * ,1", "day-of-week field: empty list item"),
        ("* * * * FUNDAY", "day-of-week field: unknown name \"FUNDAY\""),
        ("* * * JANUARY *", "month field: unknown name \"JANUARY\""),
        ("* * * * JAN", "day-of-week field: unknown name \"JAN\""),
        ("MON * * * *", "minute field: invalid value \"MON\""),
        ("1x * * * *", "minute field: invalid value \"1x\""),
        ("* -1 * * *", "hour field: missing value in \"-1\""),
        ("* 1- * * *", "hour field: missing value in \"1-\""),
        ("/5 * * * *", "minute field: missing value in \"/5\""),
        ("1-2-3 * * * *", "minute field: invalid range \"1-2-3\""),
        ("*-5 * * * *", "minute field: invalid value \"*\""),
        ("? * * * *", "minute field: invalid value \"?\""),
        ("* * L * *", "day-of-month field: invalid value \"L\""),
        ("@reboot", "unknown macro \"@reboot\""),
        ("@every", "unknown macro \"@every\""),
    ])
    func rejects(text: String, message: String) {
        #expect(throws: CronError(message: message)) { try CronExpression(parsing: text) }
    }

    @Test func errorDescriptionIsMessage() {
        do {
            _ = try CronExpression(parsing: "61 * * * *")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "minute field: 61 is out of range 0-59")
            #expect("\(error)" == "minute field: 61 is out of range 0-59")
        }
    }
}
