// The parsed document model: values, nodes carrying source positions, and tables.

/// A calendar date without a time zone (TOML "local date").
public struct TOMLDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// RFC 3339 "YYYY-MM-DD".
    public var description: String { pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }
}

/// A wall-clock time without a date or zone (TOML "local time").
public struct TOMLTime: Sendable, Hashable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Fractional seconds; digits beyond nanosecond precision are truncated.
    public var nanosecond: Int

    public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// "HH:MM:SS" with the fraction (trailing zeros dropped) when it is not zero.
    public var description: String {
        var s = pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if nanosecond != 0 {
            var frac = pad(nanosecond, 9)
            while frac.hasSuffix("0") { frac.removeLast() }
            s += "." + frac
        }
        return s
    }
}

/// A date and time; `offsetMinutes == nil` means a local date-time (no zone).
public struct TOMLDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: TOMLDate
    public var time: TOMLTime
    public var offsetMinutes: Int?

    public init(date: TOMLDate, time: TOMLTime, offsetMinutes: Int?) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// RFC 3339; a zero offset is written "Z".
    public var description: String {
        var s = date.description + "T" + time.description
        if let off = offsetMinutes {
            if off == 0 {
                s += "Z"
            } else {
                let m = abs(off)
                s += (off < 0 ? "-" : "+") + pad(m / 60, 2) + ":" + pad(m % 60, 2)
            }
        }
        return s
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Any TOML value. Tables and arrays hold `TOMLNode`s so every nested value keeps its position.
public indirect enum TOMLValue: Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case offsetDateTime(TOMLDateTime)
    case localDateTime(TOMLDateTime)
    case localDate(TOMLDate)
    case localTime(TOMLTime)
    case array([TOMLNode])
    case table(TOMLTable)

    /// The user-facing type name, for messages like "expected a string, found integer".
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .offsetDateTime: "date-time"
        case .localDateTime: "local date-time"
        case .localDate: "local date"
        case .localTime: "local time"
        case .array: "array"
        case .table: "table"
        }
    }

    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    public var integerValue: Int64? { if case .integer(let v) = self { v } else { nil } }
    /// Floats, and integers widened to Double (configs often write `timeout = 5` for 5.0).
    public var doubleValue: Double? {
        switch self {
        case .float(let v): v
        case .integer(let v): Double(v)
        default: nil
        }
    }
    public var boolValue: Bool? { if case .boolean(let v) = self { v } else { nil } }
    public var arrayValue: [TOMLNode]? { if case .array(let v) = self { v } else { nil } }
    public var tableValue: TOMLTable? { if case .table(let v) = self { v } else { nil } }
}

/// A value plus where it was written, so config errors can point at the source.
public struct TOMLNode: Sendable {
    public var value: TOMLValue
    /// Where the value starts; for a [header] or [[header]] table the header's '[';
    /// for a table created implicitly by a dotted key, that key's position.
    public var position: SourcePosition
    /// Where the key naming this value was written (last segment of a dotted key); nil for array elements.
    public var keyPosition: SourcePosition?

    public init(value: TOMLValue, position: SourcePosition, keyPosition: SourcePosition? = nil) {
        self.value = value
        self.position = position
        self.keyPosition = keyPosition
    }
}

/// An immutable table with keys in insertion (document) order.
public struct TOMLTable: Sendable {
    var orderedKeys: [String]
    var nodes: [TOMLNode]
    var index: [String: Int]

    public init() {
        orderedKeys = []
        nodes = []
        index = [:]
    }

    init(keys: [String], nodes: [TOMLNode], index: [String: Int]) {
        self.orderedKeys = keys
        self.nodes = nodes
        self.index = index
    }

    /// Keys in insertion order.
    public var keys: [String] { orderedKeys }

    public subscript(key: String) -> TOMLNode? {
        guard let i = index[key] else { return nil }
        return nodes[i]
    }

    /// Key/node pairs in insertion order.
    public var entries: [(key: String, node: TOMLNode)] {
        var out: [(key: String, node: TOMLNode)] = []
        out.reserveCapacity(nodes.count)
        for i in nodes.indices { out.append((orderedKeys[i], nodes[i])) }
        return out
    }

    public var count: Int { nodes.count }
}
