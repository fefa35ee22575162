// One of the five cron fields: its legal range, names, and the parser that turns its text into a set of values.

/// A set of small integers (0...63) kept as a bit mask, so "next allowed value" is one shift.
struct ValueSet: Sendable, Hashable {
    var bits: UInt64 = 0

    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    mutating func insert(_ value: Int) {
        bits |= 1 << UInt64(value)
    }

    /// Members in increasing order (for tests and debugging).
    var members: [Int] { (0..<64).filter(contains) }

    /// The smallest member that is >= `value`, or nil.
    func next(atLeast value: Int) -> Int? {
        if value >= 64 { return nil }
        let shifted = bits >> UInt64(max(value, 0))
        return shifted == 0 ? nil : max(value, 0) + shifted.trailingZeroBitCount
    }
}

/// Which field a piece of text belongs to; drives range, names and error wording.
enum FieldKind: Int, CaseIterable, Sendable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// Legal values as written; day-of-week accepts 7 for Sunday and folds it to 0.
    var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    var names: [String] {
        switch self {
        case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        default: []
        }
    }

    /// The value a name stands for (months start at 1, weekdays at 0).
    func value(ofName name: String) -> Int? {
        guard let index = names.firstIndex(of: name.uppercased()) else { return nil }
        return self == .month ? index + 1 : index
    }
}

/// A parsed field: the allowed values, plus whether the text began with `*`
/// (Vixie cron's test for "unrestricted", which decides the day-of-month/day-of-week OR rule).
struct CronField: Sendable, Hashable {
    var values: ValueSet
    var isStar: Bool

    init(parsing text: Substring, kind: FieldKind) throws(CronError) {
        var values = ValueSet()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw Self.error(kind, "empty list item") }
            for value in try Self.parseItem(item, kind: kind) {
                // Day-of-week 7 is Sunday, stored as 0 so matching needs one representation.
                values.insert(kind == .dayOfWeek && value == 7 ? 0 : value)
            }
        }
        self.values = values
        self.isStar = text.hasPrefix("*")
    }

    static func error(_ kind: FieldKind, _ problem: String) -> CronError {
        CronError(message: "\(kind.name) field: \(problem)")
    }

    /// One list item: `*`, `a`, `a-b`, each optionally followed by `/step`.
    private static func parseItem(_ item: Substring, kind: FieldKind) throws(CronError) -> StrideThrough<Int> {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw error(kind, "invalid step in \"\(item)\"") }
        let base = parts[0]
        let bounds = kind.bounds
        var step = 1
        if parts.count == 2 {
            let stepText = parts[1]
            guard !stepText.isEmpty, stepText.allSatisfy(\.isASCIIDigit) else {
                throw error(kind, "invalid step \"\(stepText)\"")
            }
            // Like cronie, a step may not exceed the field maximum (`*/60` in minutes is a mistake, not a no-op).
            let maxStep = bounds.upperBound
            guard let parsed = Int(stepText), parsed >= 1, parsed <= maxStep else {
                throw error(kind, "step \(stepText) is out of range 1-\(maxStep)")
            }
            step = parsed
        }
        if base == "*" {
            return stride(from: bounds.lowerBound, through: bounds.upperBound, by: step)
        }
        let ends = base.split(separator: "-", omittingEmptySubsequences: false)
        switch ends.count {
        case 1:
            let value = try parseValue(base, kind: kind, item: item)
            // `a/n` means a through the field maximum by n, as in Vixie cron.
            return stride(from: value, through: parts.count == 2 ? bounds.upperBound : value, by: step)
        case 2:
            let low = try parseValue(ends[0], kind: kind, item: item)
            var high = try parseValue(ends[1], kind: kind, item: item)
            // `FRI-SUN` reads naturally; let a range ending in the name SUN mean 7 rather than 0.
            if kind == .dayOfWeek, high == 0, low > 0, ends[1].uppercased() == "SUN" { high = 7 }
            guard low <= high else { throw error(kind, "range \(base) is reversed") }
            return stride(from: low, through: high, by: step)
        default:
            throw error(kind, "invalid range \"\(base)\"")
        }
    }

    /// A single number or (for month and day-of-week) a three-letter name.
    private static func parseValue(_ token: Substring, kind: FieldKind, item: Substring) throws(CronError) -> Int {
        guard !token.isEmpty else { throw error(kind, "missing value in \"\(item)\"") }
        if token.allSatisfy(\.isASCIIDigit) {
            guard let value = Int(token), kind.bounds.contains(value) else {
                throw error(kind, "\(token) is out of range \(kind.bounds.lowerBound)-\(kind.bounds.upperBound)")
            }
            return value
        }
        if !kind.names.isEmpty, token.allSatisfy(\.isASCIILetter) {
            guard let value = kind.value(ofName: String(token)) else {
                throw error(kind, "unknown name \"\(token)\"")
            }
            return value
        }
        throw error(kind, "invalid value \"\(token)\"")
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
