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
        let timestamp = Date().formatted(.iso8601.year().month().day().timeSeparator(.colon).time(includingFractionalSeconds: true))
        var pairs: [(String, String)] = [("ts", timestamp), ("level", level.rawValue), ("msg", message)]
        pairs.append(contentsOf: fields.map { ($0.key, $0.value) })
        sink(format == .json ? Self.json(pairs) : Self.logfmt(pairs))
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
