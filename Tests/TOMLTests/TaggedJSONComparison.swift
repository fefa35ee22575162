// Structural comparison of toml-test tagged JSON: floats by value, date-times by instant.
import Foundation
import TOML

enum TaggedJSON {
    /// nil if equal, else a description of the first difference.
    static func difference(expected: Any, actual: Any, path: String = "") -> String? {
        if let e = expected as? [String: Any], let a = actual as? [String: Any] {
            if isLeaf(e) {
                guard isLeaf(a) else { return "\(path): expected leaf, got table" }
                return leafDifference(e, a, path: path)
            }
            if isLeaf(a) { return "\(path): expected table, got leaf" }
            if Set(e.keys) != Set(a.keys) { return "\(path): keys \(e.keys.sorted()) != \(a.keys.sorted())" }
            for (k, ev) in e {
                if let d = difference(expected: ev, actual: a[k] as Any, path: path + "." + k) { return d }
            }
            return nil
        }
        if let e = expected as? [Any], let a = actual as? [Any] {
            if e.count != a.count { return "\(path): array count \(e.count) != \(a.count)" }
            for i in e.indices {
                if let d = difference(expected: e[i], actual: a[i], path: path + "[\(i)]") { return d }
            }
            return nil
        }
        return "\(path): shape mismatch (\(type(of: expected)) vs \(type(of: actual)))"
    }

    static func isLeaf(_ d: [String: Any]) -> Bool {
        d.count == 2 && d["type"] is String && d["value"] is String
    }

    static func leafDifference(_ e: [String: Any], _ a: [String: Any], path: String) -> String? {
        let type = e["type"] as! String
        let ev = e["value"] as! String
        let av = a["value"] as! String
        guard type == a["type"] as! String else { return "\(path): type \(type) != \(a["type"]!)" }
        let equal: Bool
        switch type {
        case "integer": equal = Int64(ev) != nil && Int64(ev) == Int64(av)
        case "float":
            let x = parseFloat(ev), y = parseFloat(av)
            equal = x.map { x in y.map { y in (x.isNaN && y.isNaN) || x == y } ?? false } ?? false
        case "datetime", "datetime-local", "date-local", "time-local":
            equal = normalizedDate(ev) != nil && normalizedDate(ev) == normalizedDate(av)
        default: equal = ev == av
        }
        return equal ? nil : "\(path): \(type) \(ev.debugDescription) != \(av.debugDescription)"
    }

    static func parseFloat(_ s: String) -> Double? {
        switch s {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: return Double(s)
        }
    }

    /// Parses a date/time by reading it back as TOML and reduces offset date-times to UTC.
    static func normalizedDate(_ s: String) -> String? {
        guard let node = try? TOML.parse("v = " + s)["v"] else { return nil }
        switch node.value {
        case .offsetDateTime(let dt):
            var comps = DateComponents()
            comps.year = dt.date.year
            comps.month = dt.date.month
            comps.day = dt.date.day
            comps.hour = dt.time.hour
            comps.minute = dt.time.minute
            comps.second = dt.time.second
            comps.timeZone = TimeZone(secondsFromGMT: 0)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: 0)!
            guard let date = calendar.date(from: comps) else { return nil }
            let seconds = Int(date.timeIntervalSince1970) - (dt.offsetMinutes ?? 0) * 60
            return "instant \(seconds).\(dt.time.nanosecond)"
        case .localDateTime(let dt): return "local \(dt)"
        case .localDate(let d): return "date \(d)"
        case .localTime(let t): return "time \(t)"
        default: return nil
        }
    }
}
