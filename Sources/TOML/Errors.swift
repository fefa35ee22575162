// Source positions and the single error type the parser throws.

/// A place in the source text. Both fields are 1-based; `column` counts Unicode scalars
/// from the start of the line, so it matches what an editor shows for non-ASCII text.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// "LINE:COL", the form used in every error message.
    public var description: String { "\(line):\(column)" }
}

/// Why a document was rejected and where. `description` is "LINE:COL: message".
public struct TOMLError: Error, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String

    public init(position: SourcePosition, message: String) {
        self.position = position
        self.message = message
    }

    public var description: String { "\(position): \(message)" }
}
