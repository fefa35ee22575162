// Prometheus text exposition format 0.0.4: families sorted by name, each with HELP and TYPE,
import Foundation
// label values escaped, floats spelled as Prometheus reads them.

public struct MetricsWriter {
    public enum MetricType: String { case gauge, counter, histogram }

    private struct Family {
        var help: String
        var type: MetricType
        var body: String = ""
    }

    private var families: [String: Family] = [:]

    public init() {}

    /// Declares a family; series added later under the same name go into it in the order added.
    public mutating func family(_ name: String, _ type: MetricType, _ help: String) {
        if families[name] == nil { families[name] = Family(help: help, type: type) }
    }

    /// One series line. `labels` are written in the order given.
    public mutating func sample(_ family: String, suffix: String = "", labels: KeyValuePairs<String, String> = [:], _ value: Double) {
        var line = family + suffix
        if !labels.isEmpty {
            line += "{"
            var first = true
            for (name, labelValue) in labels {
                if !first { line += "," }
                first = false
                line += name + "=\"" + Self.escape(labelValue) + "\""
            }
            line += "}"
        }
        line += " " + Self.format(value) + "\n"
        families[family, default: Family(help: "", type: .gauge)].body += line
    }

    /// A histogram from cumulative bucket counts (upper bounds ascending, +Inf implied by count).
    public mutating func histogram(_ name: String, bounds: [Double], cumulativeCounts: [Int], sum: Double, count: Int) {
        for (bound, cumulative) in zip(bounds, cumulativeCounts) {
            sample(name, suffix: "_bucket", labels: ["le": Self.format(bound)], Double(cumulative))
        }
        sample(name, suffix: "_bucket", labels: ["le": "+Inf"], Double(count))
        sample(name, suffix: "_sum", sum)
        sample(name, suffix: "_count", Double(count))
    }

    public func render() -> String {
        var text = ""
        text.reserveCapacity(families.values.reduce(0) { $0 + $1.body.utf8.count + 120 })
        for name in families.keys.sorted() {
            let family = families[name]!
            text += "# HELP \(name) \(Self.escapeHelp(family.help))\n# TYPE \(name) \(family.type.rawValue)\n"
            text += family.body
        }
        return text
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func escapeHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// A subsystem that reports its own metric families.
public protocol MetricsCollector: Sendable {
    func collect(into writer: inout MetricsWriter)
}
