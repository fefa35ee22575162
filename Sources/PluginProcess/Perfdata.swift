// Nagios plugin output as values: the status message, long text and performance data,
// per https://nagios-plugins.org/doc/guidelines.html ("Plugin Output", "Performance data").

/// A Nagios range: "10" = 0..10, "10:" = 10..inf, "~:10" = -inf..10, "10:20", "@10:20" (inside).
/// start nil = -inf, end nil = +inf. `inside` true means alert when the value is inside the range.
public struct PerfThreshold: Sendable, Equatable {
    public var start: Double?
    public var end: Double?
    public var inside: Bool

    public init(start: Double?, end: Double?, inside: Bool = false) {
        self.start = start
        self.end = end
        self.inside = inside
    }

    /// Whether a value in base units should raise the alert this threshold stands for.
    public func alerts(_ value: Double) -> Bool {
        let within = (start.map { value >= $0 } ?? true) && (end.map { value <= $0 } ?? true)
        return inside ? within : !within
    }
}

/// Base unit a perfdata value was converted to.
public enum PerfUnit: String, Sendable, Equatable, CaseIterable {
    case none, seconds, percent, bytes, counter
}

public struct PerfDatum: Sendable, Equatable {
    public var label: String
    /// In base units: seconds, bytes (1024 multiples, as monitoring-plugins do), percent, counter.
    public var value: Double
    public var unit: PerfUnit
    public var warning: PerfThreshold?
    public var critical: PerfThreshold?
    public var min: Double?
    public var max: Double?

    public init(
        label: String, value: Double, unit: PerfUnit = .none, warning: PerfThreshold? = nil,
        critical: PerfThreshold? = nil, min: Double? = nil, max: Double? = nil
    ) {
        self.label = label
        self.value = value
        self.unit = unit
        self.warning = warning
        self.critical = critical
        self.min = min
        self.max = max
    }
}

public struct PluginOutput: Sendable, Equatable {
    /// First line text before the first '|', trimmed.
    public var message: String
    /// Lines after the first, with their perfdata parts removed.
    public var longText: String
    public var perfdata: [PerfDatum]
    /// Items skipped because malformed (including "U" unknown values).
    public var malformedPerfdata: Int

    public init(message: String, longText: String = "", perfdata: [PerfDatum] = [], malformedPerfdata: Int = 0) {
        self.message = message
        self.longText = longText
        self.perfdata = perfdata
        self.malformedPerfdata = malformedPerfdata
    }
}
