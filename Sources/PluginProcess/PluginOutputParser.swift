// Splits plugin stdout into message, long text and perfdata text:
//   LINE 1 TEXT | PERF
//   LONG TEXT LINE 2 ... LONG TEXT LINE N | PERF LINE 2
//   PERF LINE 3 ...
// Everything after the first '|' on a later line, and every line after that one, is perfdata.

public enum PluginOutputParser {
    /// Never fails: garbage yields an odd message and a malformed count, not a crash.
    public static func parse(_ stdout: String) -> PluginOutput {
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would not split it.
        var lines = stdout.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while let last = lines.last, last.allSatisfy(\.isWhitespace), lines.count > 1 { lines.removeLast() }
        guard let first = lines.first else { return PluginOutput(message: "") }

        var perfText: [Substring] = []
        let message: Substring
        if let bar = first.firstIndex(of: "|") {
            message = first[..<bar]
            perfText.append(first[first.index(after: bar)...])
        } else {
            message = first
        }

        var longLines: [Substring] = []
        var inPerf = false
        for line in lines.dropFirst() {
            if inPerf {
                perfText.append(line)
            } else if let bar = line.firstIndex(of: "|") {
                let before = line[..<bar]
                if !before.allSatisfy(\.isWhitespace) { longLines.append(before) }
                perfText.append(line[line.index(after: bar)...])
                inPerf = true
            } else {
                longLines.append(line)
            }
        }

        var perfdata: [PerfDatum] = []
        var malformed = 0
        for text in perfText {
            let parsed = PerfdataParser.parse(Array(text.utf8))
            perfdata += parsed.data
            malformed += parsed.malformed
        }
        var longText = longLines.joined(separator: "\n")
        while let last = longText.last, last.isWhitespace { longText.removeLast() }
        return PluginOutput(
            message: trimmed(message), longText: longText, perfdata: perfdata, malformedPerfdata: malformed)
    }

    static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
