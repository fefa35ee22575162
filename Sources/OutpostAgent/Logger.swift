// One line per event on stderr: logfmt by default (ts=… level=… msg=… job=…), JSON lines
// with --log-format json. Passed down from Agent; there is no global logger.
import Foundation

public struct Logger: Sendable {
    public enum Format: String, Sendable { case logfmt, json }
    public enum Level: String, Sendable { case debug, info, warn, error }

    public let format: Format
    /// Where lines go; stderr unless a test captures them.
    let sink: @Sendable (String) -> Void

    public init(format: Format = .logfmt, sink: @escaping @Sendable (String) -> Void = Logger.writeToStandardError) {
        self.format = format
        self.sink = sink
    }

    public func debug(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.info, message, fields) }
    public func warn(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.warn, message, fields) }
    public func error(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.error, message, fields) }

    public func log(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, String>) {
        var pairs: [(String, String)] = [("ts", Self.timestamp()), ("level", level.rawValue), ("msg", message)]
        pairs.append(contentsOf: fields.map { ($0.key, $0.value) })
        sink(format == .json ? Self.json(pairs) : Self.logfmt(pairs))
    }

    /// RFC 3339 in UTC with milliseconds, as log collectors expect: 2026-12-04T01:53:27.972Z.
    static func timestamp(_ now: timespec = Logger.wallClockNow()) -> String {
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }

    static func wallClockNow() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now
    }

    static func logfmt(_ pairs: [(String, String)]) -> String {
        pairs.map { key, value in
            let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" || $0.isNewline }
            return "\(key)=" + (needsQuotes ? quoted(value) : value)
        }.joined(separator: " ")
    }

    static func json(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(quoted($0.0)):\(quoted($0.1))" }.joined(separator: ",") + "}"
    }

    /// A double-quoted string with JSON escapes (also valid logfmt).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public static let writeToStandardError: @Sendable (String) -> Void = { line in
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }
}
