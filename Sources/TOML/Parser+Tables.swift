// Table headers and key assignment: where TOML's "never define anything twice" rules live.

extension Parser {
    /// `[a.b]` or `[[a.b]]`; makes the named table the current section.
    mutating func parseHeader() throws(TOMLError) {
        let open = pos
        let headerPosition = position(at: open)
        pos += 1
        let isArray = peek() == ASCII.lbracket
        if isArray { pos += 1 }
        let keys = try parseKey()
        guard peek() == ASCII.rbracket else {
            throw fail(isArray ? "expected ']]' to close array-of-tables header" : "expected ']' to close table header")
        }
        pos += 1
        if isArray {
            guard peek() == ASCII.rbracket else { throw fail("expected ']]' to close array-of-tables header") }
            pos += 1
        }
        current = try openTable(keys, headerPosition: headerPosition, isArray: isArray)
        try expectLineEnd(after: "table header")
    }

    func dottedName(_ keys: [KeySegment], through last: Int) -> String {
        keys[0...last].map { quoteKeyIfNeeded($0.name) }.joined(separator: ".")
    }

    mutating func openTable(_ keys: [KeySegment], headerPosition: SourcePosition, isArray: Bool) throws(TOMLError) -> MutableTable {
        var table = root
        for i in keys.indices {
            let segment = keys[i]
            let isLast = i == keys.count - 1
            var name: String { dottedName(keys, through: i) }
            if let slotIndex = table.index[segment.name] {
                let slot = table.slots[slotIndex]
                let firstAt = slot.keyPosition ?? slot.position
                switch slot.content {
                case .value:
                    if isArray && isLast, case .value(.array) = slot.content {
                        throw TOMLError(position: segment.position, message: "cannot append to static array '\(name)' with [[\(name)]] (defined at \(firstAt))")
                    }
                    throw TOMLError(position: segment.position, message: "cannot use '\(name)' as a table: it is \(slot.content.describedKind) (defined at \(firstAt))")
                case .table(let sub):
                    if !isLast {
                        table = sub
                        continue
                    }
                    if isArray {
                        throw TOMLError(position: segment.position, message: "cannot redefine table '\(name)' as an array of tables (defined at \(firstAt))")
                    }
                    switch sub.origin {
                    case .implicit:
                        sub.origin = .header
                        sub.position = headerPosition
                        sub.keyPosition = segment.position
                        return sub
                    case .dotted:
                        throw TOMLError(position: segment.position, message: "duplicate table [\(name)]: already defined by dotted key at \(firstAt)")
                    case .header, .inline:
                        throw TOMLError(position: segment.position, message: "duplicate table [\(name)] (first defined at \(sub.position))")
                    }
                case .tableArray(let list):
                    if !isLast {
                        table = list.tables[list.tables.count - 1]
                        continue
                    }
                    guard isArray else {
                        throw TOMLError(position: segment.position, message: "cannot redefine array of tables '\(name)' as a table (defined at \(firstAt))")
                    }
                    let element = try newTable(.header, headerPosition, segment.position, parent: table)
                    list.tables.append(element)
                    return element
                }
            } else {
                if isLast {
                    let created = try newTable(.header, headerPosition, segment.position, parent: table)
                    if isArray {
                        table.insert(segment.name, Slot(content: .tableArray(TableArray(first: created)), position: headerPosition, keyPosition: segment.position))
                    } else {
                        table.insert(segment.name, Slot(content: .table(created), position: headerPosition, keyPosition: segment.position))
                    }
                    return created
                }
                let created = try newTable(.implicit, segment.position, segment.position, parent: table)
                table.insert(segment.name, Slot(content: .table(created), position: segment.position, keyPosition: segment.position))
                table = created
            }
        }
        return table
    }

    mutating func newTable(_ origin: TableOrigin, _ position: SourcePosition, _ keyPosition: SourcePosition, parent: MutableTable) throws(TOMLError) -> MutableTable {
        let depth = parent.depth + 1
        if depth > Parser.maxDepth {
            throw TOMLError(position: keyPosition, message: "nesting too deep (limit \(Parser.maxDepth))")
        }
        return MutableTable(origin: origin, position: position, keyPosition: keyPosition, depth: depth)
    }

    /// Stores `value` under a possibly dotted key, creating the intermediate tables.
    mutating func assign(_ keys: [KeySegment], _ value: TOMLValue, position: SourcePosition, into start: MutableTable) throws(TOMLError) {
        var table = start
        for i in 0..<(keys.count - 1) {
            let segment = keys[i]
            if let slotIndex = table.index[segment.name] {
                let slot = table.slots[slotIndex]
                let firstAt = slot.keyPosition ?? slot.position
                guard case .table(let sub) = slot.content else {
                    throw TOMLError(position: segment.position, message: "cannot add keys to '\(dottedName(keys, through: i))': it is \(slot.content.describedKind) (defined at \(firstAt))")
                }
                switch sub.origin {
                case .header, .inline:
                    throw TOMLError(position: segment.position, message: "cannot add to table [\(dottedName(keys, through: i))] with dotted keys (defined by header at \(sub.position))")
                case .implicit:
                    sub.origin = .dotted
                case .dotted:
                    break
                }
                table = sub
            } else {
                let created = try newTable(.dotted, segment.position, segment.position, parent: table)
                table.insert(segment.name, Slot(content: .table(created), position: segment.position, keyPosition: segment.position))
                table = created
            }
        }
        let last = keys[keys.count - 1]
        if let slotIndex = table.index[last.name] {
            let slot = table.slots[slotIndex]
            throw TOMLError(position: last.position, message: "duplicate key '\(dottedName(keys, through: keys.count - 1))' (first defined at \(slot.keyPosition ?? slot.position))")
        }
        table.insert(last.name, Slot(content: .value(value), position: position, keyPosition: last.position))
    }
}

/// Writes a key as TOML would need it, for messages.
func quoteKeyIfNeeded(_ key: String) -> String {
    if !key.isEmpty && key.utf8.allSatisfy(isBareKeyByte) { return key }
    var out = "\""
    for scalar in key.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
