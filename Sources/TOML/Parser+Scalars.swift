// Integers, floats and the four date/time forms.

extension Parser {
    mutating func parseNumberOrDate() throws(TOMLError) -> TOMLValue {
        if isDigit(peek()) && isDigit(peek(1)) {
            if isDigit(peek(2)) && isDigit(peek(3)) && peek(4) == ASCII.minus { return try parseDateOrDateTime() }
            if peek(2) == ASCII.colon { return .localTime(try parseTime(start: pos)) }
        }
        let value = try parseNumber()
        let b = peek()
        if isBareKeyByte(b) || b == ASCII.dot || b == ASCII.plus || b == ASCII.colon {
            throw fail("invalid number: unexpected \(describeByte(at: pos))")
        }
        return value
    }

    // MARK: numbers

    mutating func parseNumber() throws(TOMLError) -> TOMLValue {
        let start = pos
        var negative = false
        var signed = false
        if peek() == ASCII.plus || peek() == ASCII.minus {
            negative = peek() == ASCII.minus
            signed = true
            pos += 1
        }
        if peek() == 0x69 || peek() == 0x6E {  // inf, nan
            let isInf = peek() == 0x69
            try expectWord(isInf ? "inf" : "nan")
            let magnitude = isInf ? Double.infinity : Double.nan
            return .float(negative ? -magnitude : magnitude)
        }
        if peek() == ASCII.zero, let radix = radixFor(peek(1)) {
            if signed { throw fail("sign not allowed on hexadecimal, octal or binary integers", at: start) }
            pos += 2
            return .integer(try parseRadixInteger(radix, start: start))
        }
        guard isDigit(peek()) else { throw fail("expected a number", at: start) }
        let intStart = pos
        try scanDigits()
        if bytes[intStart] == ASCII.zero && pos - intStart > 1 {
            throw fail("leading zeros are not allowed in numbers", at: start)
        }
        var isFloat = false
        if peek() == ASCII.dot {
            pos += 1
            guard isDigit(peek()) else { throw fail("expected a digit after '.' in float") }
            try scanDigits()
            isFloat = true
        }
        if peek() | 0x20 == 0x65 {  // e or E
            pos += 1
            if peek() == ASCII.plus || peek() == ASCII.minus { pos += 1 }
            guard isDigit(peek()) else { throw fail("expected a digit in float exponent") }
            try scanDigits()
            isFloat = true
        }
        if isFloat {
            var text = ""
            text.reserveCapacity(pos - start)
            for i in start..<pos where bytes[i] != ASCII.underscore {
                text.unicodeScalars.append(Unicode.Scalar(bytes[i]))
            }
            guard let value = Double(text) else { throw fail("invalid float", at: start) }
            return .float(value)
        }
        var magnitude: UInt64 = 0
        for i in intStart..<pos where bytes[i] != ASCII.underscore {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(bytes[i] - ASCII.zero))
            if o1 || o2 { throw fail("integer out of 64-bit range", at: start) }
            magnitude = a
        }
        if negative {
            if magnitude > UInt64(Int64.max) + 1 { throw fail("integer out of 64-bit range", at: start) }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        if magnitude > UInt64(Int64.max) { throw fail("integer out of 64-bit range", at: start) }
        return .integer(Int64(magnitude))
    }

    func radixFor(_ b: UInt8) -> UInt64? {
        switch b {
        case 0x78: 16  // x
        case 0x6F: 8  // o
        case 0x62: 2  // b
        default: nil
        }
    }

    /// Decimal digits with single underscores between digits; cursor starts on a digit.
    mutating func scanDigits() throws(TOMLError) {
        while pos < end {
            let b = bytes[pos]
            if isDigit(b) {
                pos += 1
            } else if b == ASCII.underscore {
                guard isDigit(peek(1)) else { throw fail("underscore in number must be between digits") }
                pos += 1
            } else {
                return
            }
        }
    }

    mutating func parseRadixInteger(_ radix: UInt64, start: Int) throws(TOMLError) -> Int64 {
        let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
        func digit(_ b: UInt8) -> UInt64? {
            guard let d = hexValue(b), UInt64(d) < radix else { return nil }
            return UInt64(d)
        }
        guard digit(peek()) != nil else { throw fail("expected a \(name) digit") }
        var value: UInt64 = 0
        while pos < end {
            let b = bytes[pos]
            if let d = digit(b) {
                let (m, o1) = value.multipliedReportingOverflow(by: radix)
                if o1 || m > UInt64(Int64.max) - d { throw fail("integer out of 64-bit range", at: start) }
                value = m + d
                pos += 1
            } else if b == ASCII.underscore {
                guard digit(peek(1)) != nil else { throw fail("underscore in number must be between digits") }
                pos += 1
            } else {
                break
            }
        }
        if isBareKeyByte(peek()) { throw fail("invalid \(name) digit \(describeByte(at: pos))") }
        return Int64(value)
    }

    // MARK: dates and times

    mutating func fixedDigits(_ count: Int, _ what: String, start: Int) throws(TOMLError) -> Int {
        var value = 0
        for k in 0..<count {
            let b = peek(k)
            guard isDigit(b) else { throw fail("invalid \(what): expected \(count) digits", at: pos + k) }
            value = value * 10 + Int(b - ASCII.zero)
        }
        pos += count
        return value
    }

    mutating func expectByte(_ b: UInt8, _ message: String) throws(TOMLError) {
        guard peek() == b else { throw fail(message) }
        pos += 1
    }

    mutating func parseDateOrDateTime() throws(TOMLError) -> TOMLValue {
        let start = pos
        let year = try fixedDigits(4, "year", start: start)
        try expectByte(ASCII.minus, "invalid date: expected '-' after year")
        let month = try fixedDigits(2, "month", start: start)
        try expectByte(ASCII.minus, "invalid date: expected '-' after month")
        let day = try fixedDigits(2, "day", start: start)
        guard (1...12).contains(month) else { throw fail("invalid date: month \(month) out of range 1-12", at: start) }
        guard day >= 1 && day <= daysIn(month: month, year: year) else {
            throw fail("invalid date: day \(day) out of range for \(pad(year, 4))-\(pad(month, 2))", at: start)
        }
        let date = TOMLDate(year: year, month: month, day: day)
        let sep = peek()
        let hasTime = sep == 0x54 || sep == 0x74
            || (sep == ASCII.space && isDigit(peek(1)) && isDigit(peek(2)) && peek(3) == ASCII.colon)
        guard hasTime else {
            if isBareKeyByte(sep) || sep == ASCII.dot || sep == ASCII.colon {
                throw fail("invalid date: unexpected \(describeByte(at: pos))")
            }
            return .localDate(date)
        }
        pos += 1
        let time = try parseTime(start: start)
        let o = peek()
        if o == 0x5A || o == 0x7A {  // Z, z
            pos += 1
            return .offsetDateTime(TOMLDateTime(date: date, time: time, offsetMinutes: 0))
        }
        if o == ASCII.plus || o == ASCII.minus {
            pos += 1
            let hours = try fixedDigits(2, "offset hour", start: start)
            try expectByte(ASCII.colon, "invalid offset: expected ':' in time zone offset")
            let minutes = try fixedDigits(2, "offset minute", start: start)
            guard hours <= 23 && minutes <= 59 else { throw fail("invalid time zone offset", at: start) }
            let offset = (hours * 60 + minutes) * (o == ASCII.minus ? -1 : 1)
            try rejectTrailing(after: "date-time")
            return .offsetDateTime(TOMLDateTime(date: date, time: time, offsetMinutes: offset))
        }
        try rejectTrailing(after: "date-time")
        return .localDateTime(TOMLDateTime(date: date, time: time, offsetMinutes: nil))
    }

    mutating func rejectTrailing(after what: String) throws(TOMLError) {
        let b = peek()
        if isBareKeyByte(b) || b == ASCII.dot || b == ASCII.colon || b == ASCII.plus {
            throw fail("invalid \(what): unexpected \(describeByte(at: pos))")
        }
    }

    /// HH:MM:SS[.fraction]; seconds are required by TOML 1.0.
    mutating func parseTime(start: Int) throws(TOMLError) -> TOMLTime {
        let hour = try fixedDigits(2, "hour", start: start)
        try expectByte(ASCII.colon, "invalid time: expected ':' after hour")
        let minute = try fixedDigits(2, "minute", start: start)
        try expectByte(ASCII.colon, "invalid time: expected ':' and seconds after minute")
        let second = try fixedDigits(2, "second", start: start)
        guard hour <= 23 else { throw fail("invalid time: hour \(hour) out of range 0-23", at: start) }
        guard minute <= 59 else { throw fail("invalid time: minute \(minute) out of range 0-59", at: start) }
        guard second <= 60 else { throw fail("invalid time: second \(second) out of range 0-60", at: start) }
        var nanosecond = 0
        if peek() == ASCII.dot {
            pos += 1
            guard isDigit(peek()) else { throw fail("invalid time: expected digits after '.'") }
            var digits = 0
            while isDigit(peek()) {
                if digits < 9 {
                    nanosecond = nanosecond * 10 + Int(peek() - ASCII.zero)
                    digits += 1
                }
                pos += 1
            }
            while digits < 9 {
                nanosecond *= 10
                digits += 1
            }
        }
        return TOMLTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }
}

func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
}
