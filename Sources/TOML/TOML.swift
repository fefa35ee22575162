// Entry points.

/// A complete TOML 1.0 parser. Both functions throw only `TOMLError`.
public enum TOML {
    /// Parses a document; the error's position is 1-based line and column (in characters).
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var text = text
        return try text.withUTF8 { Parser.run($0) }.get()
    }

    /// Parses raw bytes, rejecting invalid UTF-8 (configs read from disk go through here).
    public static func parse(bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        try bytes.withUnsafeBufferPointer { Parser.run($0) }.get()
    }
}
