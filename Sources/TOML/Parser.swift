// The parser core: byte cursor, line/column tracking, trivia, keys and the document loop.
// It works on validated UTF-8 bytes and never recurses except into arrays and inline
// tables, whose nesting is capped at `maxDepth`.

enum ASCII {
    static let tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20
    static let quote: UInt8 = 0x22, hash: UInt8 = 0x23, apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B, comma: UInt8 = 0x2C, minus: UInt8 = 0x2D, dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30, nine: UInt8 = 0x39, colon: UInt8 = 0x3A, equals: UInt8 = 0x3D
    static let lbracket: UInt8 = 0x5B, backslash: UInt8 = 0x5C, rbracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F, lbrace: UInt8 = 0x7B, rbrace: UInt8 = 0x7D
}

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- ASCII.zero < 10 }

@inline(__always) func isBareKeyByte(_ b: UInt8) -> Bool {
    (b | 0x20) &- 0x61 < 26 || isDigit(b) || b == ASCII.minus || b == ASCII.underscore
}

struct Parser {
    /// Maximum nesting of tables, arrays and inline tables; deeper input is rejected, not recursed into.
    static let maxDepth = 128

    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    var pos = 0
    var line = 1
    var lineStart = 0
    // Column cache for the current line, so positions cost O(1) amortized even on huge lines.
    var columnOffset = 0
    var columnValue = 1
    let root: MutableTable
    var current: MutableTable

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.end = bytes.count
        let root = MutableTable(origin: .header, position: SourcePosition(line: 1, column: 1), keyPosition: nil, depth: 0)
        self.root = root
        self.current = root
    }

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<TOMLTable, TOMLError> {
        var parser = Parser(bytes: bytes)
        do throws(TOMLError) {
            try parser.parseDocument()
            return .success(parser.root.freeze())
        } catch {
            return .failure(error)
        }
    }

    // MARK: cursor

    @inline(__always) func peek(_ k: Int = 0) -> UInt8 {
        let i = pos &+ k
        return i < end ? bytes[i] : 0
    }

    var atEnd: Bool { pos >= end }

    mutating func position(at rawOffset: Int) -> SourcePosition {
        let offset = min(rawOffset, end)
        if offset >= lineStart {
            if columnOffset < lineStart || offset < columnOffset {
                columnOffset = lineStart
                columnValue = 1
            }
            var i = columnOffset
            var column = columnValue
            while i < offset {
                if bytes[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
            columnOffset = offset
            columnValue = column
            return SourcePosition(line: line, column: column)
        }
        // An offset on an earlier line (rare: only some errors); recount from the start.
        var l = 1
        var start = 0
        for i in 0..<offset where bytes[i] == ASCII.lf {
            l += 1
            start = i + 1
        }
        var column = 1
        for i in start..<offset where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return SourcePosition(line: l, column: column)
    }

    mutating func fail(_ message: String, at offset: Int) -> TOMLError {
        TOMLError(position: position(at: offset), message: message)
    }

    mutating func fail(_ message: String) -> TOMLError { fail(message, at: pos) }

    // MARK: trivia

    mutating func skipWhitespace() {
        while pos < end, bytes[pos] == ASCII.space || bytes[pos] == ASCII.tab { pos += 1 }
    }

    /// Consumes LF or CRLF if present.
    mutating func consumeNewline() -> Bool {
        let b = peek()
        if b == ASCII.lf {
            pos += 1
        } else if b == ASCII.cr && peek(1) == ASCII.lf {
            pos += 2
        } else {
            return false
        }
        line += 1
        lineStart = pos
        return true
    }

    /// Skips a comment starting at '#', stopping before the line ending.
    mutating func skipComment() throws(TOMLError) {
        guard peek() == ASCII.hash else { return }
        pos += 1
        while pos < end {
            let b = bytes[pos]
            if b == ASCII.lf || (b == ASCII.cr && peek(1) == ASCII.lf) { return }
            if (b < 0x20 && b != ASCII.tab) || b == 0x7F {
                throw fail("control character \(hexScalar(b)) not allowed in comment")
            }
            pos += 1
        }
    }

    /// After a value or header: optional whitespace and comment, then a newline or end of input.
    mutating func expectLineEnd(after what: String) throws(TOMLError) {
        skipWhitespace()
        try skipComment()
        if atEnd || consumeNewline() { return }
        if peek() == ASCII.cr { throw fail("carriage return must be followed by a line feed") }
        throw fail("expected newline after \(what)")
    }

    /// Whitespace, comments and newlines, as allowed between array elements.
    mutating func skipArrayTrivia() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek() == ASCII.hash { try skipComment() }
            if consumeNewline() { continue }
            if peek() == ASCII.cr && !atEnd { throw fail("carriage return must be followed by a line feed") }
            return
        }
    }

    // MARK: document

    mutating func parseDocument() throws(TOMLError) {
        if let bad = firstInvalidUTF8(bytes) {
            throw fail(bad.message, at: bad.offset)
        }
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            pos = 3
            lineStart = 3
        }
        while true {
            skipWhitespace()
            if atEnd { return }
            switch bytes[pos] {
            case ASCII.hash:
                try expectLineEnd(after: "comment")
            case ASCII.lf, ASCII.cr:
                try expectLineEnd(after: "whitespace")
            case ASCII.lbracket:
                try parseHeader()
            default:
                try parseKeyValue(into: current)
                try expectLineEnd(after: "value")
            }
        }
    }

    /// A simple or dotted key, leaving the cursor after trailing whitespace.
    mutating func parseKey() throws(TOMLError) -> [KeySegment] {
        var segments: [KeySegment] = []
        while true {
            skipWhitespace()
            let start = pos
            let position = position(at: start)
            let name: String
            switch peek() {
            case ASCII.quote:
                if peek(1) == ASCII.quote && peek(2) == ASCII.quote {
                    throw fail("multi-line strings are not allowed as keys")
                }
                name = try parseBasicString()
            case ASCII.apostrophe:
                if peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe {
                    throw fail("multi-line strings are not allowed as keys")
                }
                name = try parseLiteralString()
            case let b where isBareKeyByte(b):
                while pos < end && isBareKeyByte(bytes[pos]) { pos += 1 }
                name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
            default:
                if atEnd || peek() == ASCII.lf || peek() == ASCII.cr {
                    throw fail(segments.isEmpty ? "expected a key" : "expected a key after '.'")
                }
                throw fail(segments.isEmpty ? "expected a key, found \(describeByte(at: pos))" : "expected a key after '.'")
            }
            segments.append(KeySegment(name: name, position: position))
            if segments.count > Parser.maxDepth {
                throw fail("nesting too deep (limit \(Parser.maxDepth))", at: start)
            }
            skipWhitespace()
            guard peek() == ASCII.dot else { return segments }
            pos += 1
        }
    }

    /// `key = value` into `table` (the current section, or an inline table being built).
    mutating func parseKeyValue(into table: MutableTable) throws(TOMLError) {
        let keys = try parseKey()
        guard peek() == ASCII.equals else {
            throw fail(keys.count == 1 && atEnd ? "expected '=' after key" : "expected '=' after key")
        }
        pos += 1
        skipWhitespace()
        // Position first: after a multi-line value the cursor is on a later line.
        let valuePosition = position(at: pos)
        let value = try parseValue(depth: table.depth + keys.count)
        try assign(keys, value, position: valuePosition, into: table)
    }

    func describeByte(at offset: Int) -> String {
        let b = bytes[offset]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b < 0x80 { return hexScalar(b) }
        return "non-ASCII character"
    }
}

func hexScalar(_ b: UInt8) -> String {
    let hex = String(b, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
}
