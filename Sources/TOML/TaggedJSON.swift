// The toml-test "tagged JSON" encoding: every leaf becomes {"type": T, "value": "..."}.
// Used by the toml-test-decoder executable and by the conformance tests in-process.

/// Encodes a table as toml-test tagged JSON (tables as objects, arrays as arrays).
public func taggedJSON(_ table: TOMLTable) -> String {
    var out = ""
    writeTable(table, into: &out)
    return out
}

private func writeTable(_ table: TOMLTable, into out: inout String) {
    out += "{"
    for (i, entry) in table.entries.enumerated() {
        if i > 0 { out += "," }
        writeJSONString(entry.key, into: &out)
        out += ":"
        writeValue(entry.node.value, into: &out)
    }
    out += "}"
}

private func writeValue(_ value: TOMLValue, into out: inout String) {
    func leaf(_ type: String, _ text: String) {
        out += "{\"type\":\"\(type)\",\"value\":"
        writeJSONString(text, into: &out)
        out += "}"
    }
    switch value {
    case .string(let s): leaf("string", s)
    case .integer(let i): leaf("integer", String(i))
    case .float(let d):
        if d.isNaN {
            leaf("float", "nan")
        } else if d.isInfinite {
            leaf("float", d < 0 ? "-inf" : "inf")
        } else {
            leaf("float", String(d))
        }
    case .boolean(let b): leaf("bool", b ? "true" : "false")
    case .offsetDateTime(let dt): leaf("datetime", dt.description)
    case .localDateTime(let dt): leaf("datetime-local", dt.description)
    case .localDate(let d): leaf("date-local", d.description)
    case .localTime(let t): leaf("time-local", t.description)
    case .array(let items):
        out += "["
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            writeValue(item.value, into: &out)
        }
        out += "]"
    case .table(let t): writeTable(t, into: &out)
    }
}

private func writeJSONString(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    out += "\""
}
