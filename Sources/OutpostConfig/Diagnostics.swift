// Config errors: every problem in agent.conf is collected (not just the first) and printed
// as FILE:LINE:COL: message, the form editors and CI logs turn into links.
import TOML

public struct ConfigError: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, position: SourcePosition, message: String) {
        self.file = file
        self.line = position.line
        self.column = position.column
        self.message = message
    }

    /// A problem with the file as a whole (it cannot be read) has no position: line 0.
    public init(file: String, message: String) {
        self.file = file
        self.line = 0
        self.column = 0
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)" }
}

/// Thrown when agent.conf cannot be used; `errors` holds every problem found, in file order.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Collects errors while the decoder walks the document.
final class Diagnostics {
    let file: String
    private(set) var errors: [ConfigError] = []

    init(file: String) { self.file = file }

    func error(_ message: String, at position: SourcePosition) {
        errors.append(ConfigError(file: file, position: position, message: message))
    }

    var sorted: [ConfigError] {
        errors.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
