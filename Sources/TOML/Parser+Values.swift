// Value dispatch, arrays and inline tables (the only places the parser recurses).

extension Parser {
    /// Parses the value at the cursor. `depth` is the nesting level a container created here would have.
    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        switch peek() {
        case ASCII.quote:
            if peek(1) == ASCII.quote && peek(2) == ASCII.quote { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case ASCII.apostrophe:
            if peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe { return .string(try parseMultilineLiteralString()) }
            return .string(try parseLiteralString())
        case 0x74: // t
            try expectWord("true")
            return .boolean(true)
        case 0x66: // f
            try expectWord("false")
            return .boolean(false)
        case ASCII.lbracket:
            return try parseArray(depth: depth)
        case ASCII.lbrace:
            return try parseInlineTable(depth: depth)
        case ASCII.plus, ASCII.minus, 0x69, 0x6E, ASCII.zero...ASCII.nine: // i, n
            return try parseNumberOrDate()
        default:
            if atEnd || peek() == ASCII.lf || peek() == ASCII.cr || peek() == ASCII.hash {
                throw fail("expected a value")
            }
            throw fail("expected a value, found \(describeByte(at: pos))")
        }
    }

    mutating func expectWord(_ word: StaticString) throws(TOMLError) {
        let count = word.utf8CodeUnitCount
        var matches = true
        word.withUTF8Buffer { w in
            for k in 0..<count where peek(k) != w[k] { matches = false }
        }
        guard matches, !isBareKeyByte(peek(count)) else {
            throw fail("expected a value (did you mean \(word)? strings need quotes)")
        }
        pos += count
    }

    mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        let open = pos
        if depth > Parser.maxDepth { throw fail("nesting too deep (limit \(Parser.maxDepth))") }
        pos += 1
        var items: [TOMLNode] = []
        while true {
            try skipArrayTrivia()
            if atEnd { throw fail("unterminated array (expected ']')", at: open) }
            if peek() == ASCII.rbracket {
                pos += 1
                return .array(items)
            }
            let itemPosition = position(at: pos)
            let value = try parseValue(depth: depth + 1)
            items.append(TOMLNode(value: value, position: itemPosition))
            try skipArrayTrivia()
            switch peek() {
            case ASCII.comma:
                pos += 1
            case ASCII.rbracket:
                pos += 1
                return .array(items)
            default:
                if atEnd { throw fail("unterminated array (expected ']')", at: open) }
                throw fail("expected ',' or ']' in array")
            }
        }
    }

    mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        if depth > Parser.maxDepth { throw fail("nesting too deep (limit \(Parser.maxDepth))") }
        let table = MutableTable(origin: .inline, position: position(at: pos), keyPosition: nil, depth: depth)
        pos += 1
        skipWhitespace()
        if peek() == ASCII.rbrace {
            pos += 1
            return .table(table.freeze())
        }
        while true {
            try parseKeyValue(into: table)
            skipWhitespace()
            switch peek() {
            case ASCII.comma:
                pos += 1
                skipWhitespace()
                if peek() == ASCII.rbrace { throw fail("trailing comma not allowed in inline table") }
            case ASCII.rbrace:
                pos += 1
                return .table(table.freeze())
            case ASCII.lf, ASCII.cr:
                throw fail("newline not allowed in inline table (expected ',' or '}')")
            default:
                if atEnd { throw fail("unterminated inline table (expected '}')") }
                throw fail("expected ',' or '}' in inline table")
            }
        }
    }
}
