// Perfdata items: 'label'=value[UOM];[warn];[crit];[min];[max], space separated. Works on UTF-8
// bytes so any input is safe; a malformed item is skipped and counted, never fatal.

enum PerfdataParser {
    private static let quote = UInt8(ascii: "'")
    private static let equals = UInt8(ascii: "=")
    private static let semicolon = UInt8(ascii: ";")

    static func parse(_ bytes: [UInt8]) -> (data: [PerfDatum], malformed: Int) {
        var data: [PerfDatum] = []
        var malformed = 0
        var i = 0
        let n = bytes.count
        while i < n {
            while i < n && isSpace(bytes[i]) { i += 1 }
            if i >= n { break }
            var label: [UInt8] = []
            if bytes[i] == quote {
                i += 1
                var closed = false
                while i < n {
                    if bytes[i] == quote {
                        if i + 1 < n && bytes[i + 1] == quote { label.append(quote); i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    label.append(bytes[i])
                    i += 1
                }
                // An unterminated quote swallows the rest: nothing after it can be trusted.
                if !closed { malformed += 1; break }
                if i >= n || bytes[i] != equals {
                    malformed += 1
                    while i < n && !isSpace(bytes[i]) { i += 1 }
                    continue
                }
            } else {
                let start = i
                while i < n && bytes[i] != equals && !isSpace(bytes[i]) { i += 1 }
                if i >= n || bytes[i] != equals { malformed += 1; continue }
                label = Array(bytes[start..<i])
            }
            i += 1  // past '='
            let fieldStart = i
            while i < n && !isSpace(bytes[i]) { i += 1 }
            if !label.isEmpty, let datum = datum(label: label, field: bytes[fieldStart..<i]) {
                data.append(datum)
            } else {
                malformed += 1
            }
        }
        return (data, malformed)
    }

    /// value[UOM];[warn];[crit];[min];[max] with trailing empty fields allowed.
    static func datum(label: [UInt8], field: ArraySlice<UInt8>) -> PerfDatum? {
        var parts = field.split(separator: semicolon, omittingEmptySubsequences: false)
        while let last = parts.last, last.isEmpty, parts.count > 1 { parts.removeLast() }
        guard parts.count <= 5, let valuePart = parts.first, !valuePart.isEmpty else { return nil }
        guard let numberEnd = scanNumber(valuePart),
              let raw = double(valuePart[valuePart.startIndex..<numberEnd]),
              let (baseUnit, multiplier) = unit(valuePart[numberEnd...])
        else { return nil }  // "U" (unknown) lands here too, by design
        let uom = valuePart[numberEnd...]
        func part(_ index: Int) -> ArraySlice<UInt8>? {
            index < parts.count && !parts[index].isEmpty ? parts[index] : nil
        }
        var result = PerfDatum(label: String(decoding: label, as: UTF8.self), value: raw * multiplier, unit: baseUnit)
        if let text = part(1) {
            guard let range = threshold(text, uom: uom, multiplier: multiplier) else { return nil }
            result.warning = range
        }
        if let text = part(2) {
            guard let range = threshold(text, uom: uom, multiplier: multiplier) else { return nil }
            result.critical = range
        }
        if let text = part(3) {
            guard let value = number(text, uom: uom) else { return nil }
            result.min = value * multiplier
        }
        if let text = part(4) {
            guard let value = number(text, uom: uom) else { return nil }
            result.max = value * multiplier
        }
        return result
    }

    /// Nagios range syntax, as monitoring-plugins parse it: "10" = 0..10, "10:" = 10..inf,
    /// "~:10" = -inf..10, ":10" = 0..10, "@" prefix = inside. start > end is rejected.
    static func threshold(_ text: ArraySlice<UInt8>, uom: ArraySlice<UInt8>, multiplier: Double) -> PerfThreshold? {
        var body = text
        var inside = false
        if body.first == UInt8(ascii: "@") { inside = true; body = body.dropFirst() }
        var start: Double? = 0
        var end: Double?
        if let colon = body.firstIndex(of: UInt8(ascii: ":")) {
            let startText = body[body.startIndex..<colon]
            let endText = body[body.index(after: colon)...]
            if startText.elementsEqual([UInt8(ascii: "~")]) {
                start = nil
            } else if !startText.isEmpty {
                guard let value = number(startText, uom: uom) else { return nil }
                start = value
            }
            if !endText.isEmpty {
                guard let value = number(endText, uom: uom) else { return nil }
                end = value
            }
        } else {
            guard let value = number(body, uom: uom) else { return nil }
            end = value
        }
        if let low = start, let high = end, low > high { return nil }
        return PerfThreshold(start: start.map { $0 * multiplier }, end: end.map { $0 * multiplier }, inside: inside)
    }

    /// A whole field that is a number, optionally followed by the value's own UOM.
    static func number(_ text: ArraySlice<UInt8>, uom: ArraySlice<UInt8>) -> Double? {
        guard let end = scanNumber(text) else { return nil }
        let rest = text[end...]
        guard rest.isEmpty || rest.elementsEqual(uom) else { return nil }
        return double(text[text.startIndex..<end])
    }

    /// End of a decimal number at the start of `text`: [+-]digits[.digits][e[+-]digits].
    /// No "nan", "inf" or hex, which Double(String) would accept.
    static func scanNumber(_ text: ArraySlice<UInt8>) -> Int? {
        var i = text.startIndex
        let end = text.endIndex
        if i < end && (text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-")) { i += 1 }
        var digits = 0
        while i < end && isDigit(text[i]) { i += 1; digits += 1 }
        if i < end && text[i] == UInt8(ascii: ".") {
            i += 1
            while i < end && isDigit(text[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < end && (text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E")) {
            var j = i + 1
            if j < end && (text[j] == UInt8(ascii: "+") || text[j] == UInt8(ascii: "-")) { j += 1 }
            if j < end && isDigit(text[j]) {
                while j < end && isDigit(text[j]) { j += 1 }
                i = j
            }
        }
        return i
    }

    static func double(_ text: ArraySlice<UInt8>) -> Double? {
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// UOMs from the guidelines; bytes use 1024 multiples as monitoring-plugins do.
    /// The guidelines' units, plus spellings real plugins print ("kB", "KiB", "MiB", "ns").
    static func unit(_ uom: ArraySlice<UInt8>) -> (PerfUnit, Double)? {
        switch String(decoding: uom, as: UTF8.self) {
        case "": return (.none, 1)
        case "s": return (.seconds, 1)
        case "ms": return (.seconds, 1e-3)
        case "us": return (.seconds, 1e-6)
        case "ns": return (.seconds, 1e-9)
        case "%": return (.percent, 1)
        case "B": return (.bytes, 1)
        case "KB", "kB", "KiB": return (.bytes, 1024)
        case "MB", "MiB": return (.bytes, 1024 * 1024)
        case "GB", "GiB": return (.bytes, 1024 * 1024 * 1024)
        case "TB", "TiB": return (.bytes, 1024 * 1024 * 1024 * 1024)
        case "c": return (.counter, 1)
        default: return nil
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0d)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }
}
