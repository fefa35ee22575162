// Durations as operators write them: "250ms", "30s", "5m", "1h30m", "7d".

enum DurationText {
    /// Parses a sequence of number+unit pairs (ms, s, m, h, d); nil when malformed or zero-length text.
    static func parse(_ text: String) -> Duration? {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var index = 0
        var totalMilliseconds: Int64 = 0
        while index < scalars.count {
            var number: Int64 = 0
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                let digit = Int64(scalars[index].value - 48)
                let (product, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(digit)
                if overflow1 || overflow2 { return nil }
                number = sum
                index += 1
            }
            guard index > start else { return nil }
            var unit = ""
            while index < scalars.count, scalars[index].properties.isAlphabetic {
                unit.unicodeScalars.append(scalars[index])
                index += 1
            }
            let scale: Int64
            switch unit {
            case "ms": scale = 1
            case "s": scale = 1_000
            case "m": scale = 60_000
            case "h": scale = 3_600_000
            case "d": scale = 86_400_000
            default: return nil
            }
            let (part, overflow) = number.multipliedReportingOverflow(by: scale)
            let (sum, overflow2) = totalMilliseconds.addingReportingOverflow(part)
            if overflow || overflow2 || sum > 100 * 365 * 86_400_000 { return nil }
            totalMilliseconds = sum
        }
        return .milliseconds(totalMilliseconds)
    }

    /// The shortest text that parses back to `duration` ("1h30m", "250ms").
    static func format(_ duration: Duration) -> String {
        var ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms == 0 { return "0s" }
        var text = ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)] where ms >= size {
            text += "\(ms / size)\(unit)"
            ms %= size
        }
        return text
    }
}
