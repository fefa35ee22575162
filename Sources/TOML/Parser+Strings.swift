// The four TOML string forms and their escapes.

extension Parser {
    mutating func string(from start: Int, to stop: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
    }

    mutating func controlCharacterError(_ b: UInt8, in what: String) -> TOMLError {
        if b == ASCII.lf || b == ASCII.cr { return fail("newline not allowed in \(what) (unterminated string?)") }
        return fail("control character \(hexScalar(b)) not allowed in \(what); use an escape")
    }

    /// `"..."`, cursor at the opening quote.
    mutating func parseBasicString() throws(TOMLError) -> String {
        let open = pos
        pos += 1
        let start = pos
        // Fast path: no escapes, the string is a slice of the input.
        while pos < end {
            let b = bytes[pos]
            if b == ASCII.quote {
                let s = string(from: start, to: pos)
                pos += 1
                return s
            }
            if b == ASCII.backslash { break }
            if (b < 0x20 && b != ASCII.tab) || b == 0x7F { throw controlCharacterError(b, in: "basic string") }
            pos += 1
        }
        var buffer = Array(bytes[start..<pos])
        while pos < end {
            let b = bytes[pos]
            if b == ASCII.quote {
                pos += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if b == ASCII.backslash {
                try parseEscape(into: &buffer)
                continue
            }
            if (b < 0x20 && b != ASCII.tab) || b == 0x7F { throw controlCharacterError(b, in: "basic string") }
            buffer.append(b)
            pos += 1
        }
        throw fail("unterminated string (expected '\"')", at: open)
    }

    /// `'...'`, cursor at the opening apostrophe.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let open = pos
        pos += 1
        let start = pos
        while pos < end {
            let b = bytes[pos]
            if b == ASCII.apostrophe {
                let s = string(from: start, to: pos)
                pos += 1
                return s
            }
            if (b < 0x20 && b != ASCII.tab) || b == 0x7F { throw controlCharacterError(b, in: "literal string") }
            pos += 1
        }
        throw fail("unterminated string (expected \"'\")", at: open)
    }

    /// `"""..."""`, cursor at the first of the three quotes.
    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        let open = pos
        pos += 3
        _ = consumeNewline()
        var buffer: [UInt8] = []
        while pos < end {
            let b = bytes[pos]
            switch b {
            case ASCII.quote:
                if try closeMultiline(ASCII.quote, into: &buffer) { return String(decoding: buffer, as: UTF8.self) }
            case ASCII.backslash:
                var j = pos + 1
                while j < end && (bytes[j] == ASCII.space || bytes[j] == ASCII.tab) { j += 1 }
                if j < end && (bytes[j] == ASCII.lf || (bytes[j] == ASCII.cr && j + 1 < end && bytes[j + 1] == ASCII.lf)) {
                    // Line-ending backslash: drop the newline and all whitespace that follows.
                    pos = j
                    while true {
                        if consumeNewline() { continue }
                        if peek() == ASCII.space || peek() == ASCII.tab {
                            pos += 1
                            continue
                        }
                        break
                    }
                } else {
                    try parseEscape(into: &buffer)
                }
            case ASCII.lf, ASCII.cr:
                guard consumeNewline() else { throw fail("carriage return must be followed by a line feed") }
                buffer.append(ASCII.lf)
            default:
                if (b < 0x20 && b != ASCII.tab) || b == 0x7F { throw controlCharacterError(b, in: "multi-line string") }
                buffer.append(b)
                pos += 1
            }
        }
        throw fail("unterminated multi-line string (expected '\"\"\"')", at: open)
    }

    /// `'''...'''`, cursor at the first of the three apostrophes.
    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        let open = pos
        pos += 3
        _ = consumeNewline()
        var buffer: [UInt8] = []
        while pos < end {
            let b = bytes[pos]
            switch b {
            case ASCII.apostrophe:
                if try closeMultiline(ASCII.apostrophe, into: &buffer) { return String(decoding: buffer, as: UTF8.self) }
            case ASCII.lf, ASCII.cr:
                guard consumeNewline() else { throw fail("carriage return must be followed by a line feed") }
                buffer.append(ASCII.lf)
            default:
                if (b < 0x20 && b != ASCII.tab) || b == 0x7F { throw controlCharacterError(b, in: "multi-line literal string") }
                buffer.append(b)
                pos += 1
            }
        }
        throw fail("unterminated multi-line string (expected \"'''\")", at: open)
    }

    /// At a run of quote characters inside a multi-line string: returns true if it closes the
    /// string (up to two extra quotes before the closing three belong to the content).
    mutating func closeMultiline(_ quote: UInt8, into buffer: inout [UInt8]) throws(TOMLError) -> Bool {
        var n = 0
        while peek(n) == quote { n += 1 }
        if n < 3 {
            buffer.append(contentsOf: repeatElement(quote, count: n))
            pos += n
            return false
        }
        if n > 5 { throw fail("too many quotes in a row in multi-line string", at: pos + 5) }
        buffer.append(contentsOf: repeatElement(quote, count: n - 3))
        pos += n
        return true
    }

    /// An escape at the backslash under the cursor, appended as UTF-8.
    mutating func parseEscape(into buffer: inout [UInt8]) throws(TOMLError) {
        let start = pos
        let c = peek(1)
        pos += 2
        switch c {
        case 0x62: buffer.append(0x08)  // \b
        case 0x74: buffer.append(0x09)  // \t
        case 0x6E: buffer.append(0x0A)  // \n
        case 0x66: buffer.append(0x0C)  // \f
        case 0x72: buffer.append(0x0D)  // \r
        case ASCII.quote: buffer.append(ASCII.quote)
        case ASCII.backslash: buffer.append(ASCII.backslash)
        case 0x75, 0x55:  // \u, \U
            let digits = c == 0x75 ? 4 : 8
            var value: UInt32 = 0
            for k in 0..<digits {
                guard let d = hexValue(peek(k)) else {
                    throw fail("invalid unicode escape: expected \(digits) hex digits after '\\\(c == 0x75 ? "u" : "U")'", at: start)
                }
                value = value << 4 | UInt32(d)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw fail("invalid unicode escape: U+\(String(value, radix: 16, uppercase: true)) is not a unicode scalar value", at: start)
            }
            pos += digits
            buffer.append(contentsOf: String(Character(scalar)).utf8)
        default:
            if pos - 1 >= end { throw fail("unterminated string (escape at end of input)", at: start) }
            throw fail("invalid escape sequence '\\\(escapeDisplay(c))' in string", at: start)
        }
    }

    func escapeDisplay(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return String(Character(Unicode.Scalar(b))) }
        return hexScalar(b)
    }
}

@inline(__always) func hexValue(_ b: UInt8) -> UInt8? {
    if isDigit(b) { return b - ASCII.zero }
    let lower = b | 0x20
    if lower >= 0x61 && lower <= 0x66 { return lower - 0x61 + 10 }
    return nil
}
