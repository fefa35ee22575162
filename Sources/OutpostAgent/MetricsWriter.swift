// Prometheus text exposition format 0.0.4: families sorted by name, each with HELP and TYPE,
// label values escaped, floats spelled as Prometheus reads them. Series go straight into one
// byte buffer per family. At 10,000 checks a scrape is ~170,000 lines, so the hot path takes
// a family handle (no lookup by name) and a label set rendered once (no escaping per scrape).

/// A label set rendered once, such as `{check="disk",kind="command"}`.
public struct MetricLabels: Sendable, Equatable {
    let bytes: [UInt8]

    public static let none = MetricLabels(bytes: [])

    init(bytes: [UInt8]) { self.bytes = bytes }

    public init(_ pairs: KeyValuePairs<String, String>) {
        var labels = MetricLabels.none
        for (name, value) in pairs { labels = labels.adding(name, value) }
        self.init(bytes: labels.bytes)
    }

    /// These labels and one more after them.
    public func adding(_ name: String, _ value: String) -> MetricLabels {
        var bytes = self.bytes.isEmpty ? [UInt8(ascii: "{")] : Array(self.bytes.dropLast())
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: "=\"".utf8)
        bytes.appendEscapedLabel(value)
        bytes.append(contentsOf: "\"}".utf8)
        return MetricLabels(bytes: bytes)
    }
}

public struct MetricsWriter {
    public enum MetricType: String { case gauge, counter, histogram }

    /// Where a family's series go; from `family(_:_:_:)`.
    public struct Family {
        fileprivate let index: Int
    }

    private struct Entry {
        var name: String
        var nameBytes: [UInt8]
        var help: String
        var type: MetricType
        var body: [UInt8] = []
    }

    private var entries: [Entry] = []
    private var byName: [String: Int] = [:]

    public init() {}

    /// Declares a family (once; a second declaration returns the first).
    @discardableResult
    public mutating func family(_ name: String, _ type: MetricType, _ help: String) -> Family {
        if let index = byName[name] { return Family(index: index) }
        byName[name] = entries.count
        entries.append(Entry(name: name, nameBytes: Array(name.utf8), help: help, type: type))
        return Family(index: entries.count - 1)
    }

    /// One series line, in the order added.
    public mutating func sample(_ family: Family, suffix: String = "", _ labels: MetricLabels = .none, _ value: Double) {
        entries[family.index].body.appendSeries(entries[family.index].nameBytes, suffix, labels, value)
    }

    /// One series line of a family declared by name (for collectors with a handful of series).
    public mutating func sample(_ name: String, suffix: String = "", labels: KeyValuePairs<String, String> = [:], _ value: Double) {
        sample(family(name, .gauge, ""), suffix: suffix, MetricLabels(labels), value)
    }

    /// A histogram from cumulative bucket counts (upper bounds ascending, +Inf implied by count).
    public mutating func histogram(_ name: String, bounds: [Double], cumulativeCounts: [Int], sum: Double, count: Int) {
        let histogram = family(name, .histogram, "")
        for (bound, cumulative) in zip(bounds, cumulativeCounts) {
            sample(histogram, suffix: "_bucket", MetricLabels(["le": Self.format(bound)]), Double(cumulative))
        }
        sample(histogram, suffix: "_bucket", MetricLabels(["le": "+Inf"]), Double(count))
        sample(histogram, suffix: "_sum", .none, sum)
        sample(histogram, suffix: "_count", .none, Double(count))
    }

    /// The exposition as bytes, ready to send.
    public func renderBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(0) { $0 + $1.body.count + $1.help.utf8.count + 2 * $1.nameBytes.count + 24 })
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            out.append(contentsOf: "# HELP \(entry.name) \(Self.escapeHelp(entry.help))\n# TYPE \(entry.name) \(entry.type.rawValue)\n".utf8)
            out.append(contentsOf: entry.body)
        }
        return out
    }

    public func render() -> String { String(decoding: renderBytes(), as: UTF8.self) }

    static func format(_ value: Double) -> String {
        var bytes: [UInt8] = []
        bytes.appendValue(value)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func escapeHelp(_ help: String) -> String {
        var escaped = ""
        for character in help {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

extension [UInt8] {
    fileprivate mutating func appendSeries(_ name: [UInt8], _ suffix: String, _ labels: MetricLabels, _ value: Double) {
        append(contentsOf: name)
        if !suffix.isEmpty { append(contentsOf: suffix.utf8) }
        append(contentsOf: labels.bytes)
        append(UInt8(ascii: " "))
        appendValue(value)
        append(UInt8(ascii: "\n"))
    }

    /// Backslash, double quote and line feed are escaped, as the text format requires.
    fileprivate mutating func appendEscapedLabel(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\""): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\n"): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            default: append(byte)
            }
        }
    }

    /// Whole numbers as integers (counters, timestamps), others in Swift's shortest round-trip
    /// form, which Prometheus parses (1.5, 1e-05); NaN and ±Inf as the format spells them.
    fileprivate mutating func appendValue(_ value: Double) {
        if value.isNaN { return append(contentsOf: "NaN".utf8) }
        if value.isInfinite { return append(contentsOf: (value > 0 ? "+Inf" : "-Inf").utf8) }
        guard value == value.rounded(), abs(value) < 1e15 else { return append(contentsOf: value.description.utf8) }
        var integer = Int64(value)
        if integer == 0 { return append(UInt8(ascii: "0")) }
        if integer < 0 {
            append(UInt8(ascii: "-"))
            integer = -integer
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 digits on the stack
        let count = Swift.withUnsafeMutableBytes(of: &digits) { buffer -> Int in
            var n = 0
            while integer > 0 {
                buffer[23 - n] = UInt8(ascii: "0") + UInt8(integer % 10)
                integer /= 10
                n += 1
            }
            return n
        }
        Swift.withUnsafeBytes(of: &digits) { append(contentsOf: $0[(24 - count)...]) }
    }
}

/// A subsystem that reports its own metric families.
public protocol MetricsCollector: Sendable {
    func collect(into writer: inout MetricsWriter)
}
