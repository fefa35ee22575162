// Reads typed values out of one TOML table, recording which keys were used so that the
// rest can be reported as unknown. Type and range errors go to Diagnostics; a getter returns
// nil for a missing or bad value, so decoding carries on and every error is collected.
import TOML

struct TableReader {
    let table: TOMLTable
    /// Where the table itself is (for "missing key" errors).
    let position: SourcePosition
    /// Names the table in messages: "[agent]", "check 'disk-root'".
    var context: String
    let diagnostics: Diagnostics
    let environment: Environment
    private(set) var used: Set<String> = []

    init(_ table: TOMLTable, at position: SourcePosition, context: String, diagnostics: Diagnostics, environment: Environment) {
        self.table = table
        self.position = position
        self.context = context
        self.diagnostics = diagnostics
        self.environment = environment
    }

    func has(_ key: String) -> Bool { table[key] != nil }

    mutating func node(_ key: String) -> TOMLNode? {
        used.insert(key)
        return table[key]
    }

    func keyPosition(_ key: String) -> SourcePosition {
        guard let node = table[key] else { return position }
        return node.keyPosition ?? node.position
    }

    func error(_ message: String, at position: SourcePosition) {
        diagnostics.error(message, at: position)
    }

    private func typeError(_ key: String, expected: String, node: TOMLNode) {
        error("\(key): expected \(expected), found \(node.value.typeName)", at: node.position)
    }

    // MARK: - Scalars

    /// A string with ${VAR} and ${VAR:-default} substituted from the environment.
    mutating func string(_ key: String) -> String? {
        guard let node = node(key) else { return nil }
        return expandedString(node, key: key)
    }

    func expandedString(_ node: TOMLNode, key: String) -> String? {
        guard case .string(let raw) = node.value else {
            typeError(key, expected: "a string", node: node)
            return nil
        }
        switch environment.expand(raw) {
        case .success(let text): return text
        case .failure(let failure):
            error("\(key): \(failure.message)", at: node.position)
            return nil
        }
    }

    /// How to quote a value in a message: as written in the file when it came from the
    /// environment, so a secret substituted into it is never printed.
    func shown(_ key: String, _ value: String) -> String {
        table[key].map { Self.shown($0, value) } ?? "'\(value)'"
    }

    /// The same for any string node, such as an element of `command`.
    static func shown(_ node: TOMLNode, _ value: String) -> String {
        isSubstituted(node, value) ? "'\(rawText(node))' (with environment variables substituted)" : "'\(value)'"
    }

    /// True when `value` is not the text written in the file: details quoting it are left out.
    func isSubstituted(_ key: String, _ value: String) -> Bool {
        table[key].map { Self.isSubstituted($0, value) } ?? false
    }

    static func isSubstituted(_ node: TOMLNode, _ value: String) -> Bool {
        if case .string(let raw) = node.value { return raw != value }
        return false
    }

    private static func rawText(_ node: TOMLNode) -> String {
        if case .string(let raw) = node.value { return raw }
        return ""
    }

    mutating func nonEmptyString(_ key: String) -> String? {
        guard let text = string(key) else { return nil }
        if text.isEmpty {
            error("\(key): must not be empty", at: table[key]!.position)
            return nil
        }
        return text
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let node = node(key) else { return nil }
        guard case .integer(let value) = node.value else {
            typeError(key, expected: "an integer", node: node)
            return nil
        }
        guard let int = Int(exactly: value), range.contains(int) else {
            error("\(key): \(value) is out of range \(range.lowerBound)...\(range.upperBound)", at: node.position)
            return nil
        }
        return int
    }

    mutating func duration(_ key: String, minimum: Duration = .milliseconds(1)) -> Duration? {
        guard let text = string(key), let node = table[key] else { return nil }
        guard let duration = DurationText.parse(text) else {
            error("\(key): invalid duration \(shown(key, text)) (use a number and a unit: 250ms, 30s, 5m, 1h30m, 7d)", at: node.position)
            return nil
        }
        guard duration >= minimum else {
            error("\(key): \(shown(key, text)) is too short (minimum \(DurationText.format(minimum)))", at: node.position)
            return nil
        }
        return duration
    }

    // MARK: - Collections

    mutating func stringArray(_ key: String) -> [String]? {
        guard let node = node(key) else { return nil }
        guard case .array(let elements) = node.value else {
            typeError(key, expected: "an array of strings", node: node)
            return nil
        }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            guard let text = expandedString(element, key: "\(key)[\(index)]") else { return nil }
            strings.append(text)
        }
        return strings
    }

    /// A table of string values, such as `env = { LANG = "C" }`.
    mutating func stringTable(_ key: String) -> [String: String]? {
        guard let node = node(key) else { return nil }
        guard case .table(let inner) = node.value else {
            typeError(key, expected: "a table of strings", node: node)
            return nil
        }
        var result: [String: String] = [:]
        for (name, value) in inner.entries {
            guard let text = expandedString(value, key: "\(key).\(name)") else { continue }
            result[name] = text
        }
        return result
    }

    /// A nested table such as `expect = { min_bytes = 100 }` or `expect.min_bytes = 100`.
    mutating func subtable(_ key: String) -> TableReader? {
        guard let node = node(key) else { return nil }
        guard case .table(let inner) = node.value else {
            typeError(key, expected: "a table", node: node)
            return nil
        }
        return TableReader(inner, at: node.position, context: "\(context) \(key)", diagnostics: diagnostics, environment: environment)
    }

    // MARK: - Unknown keys

    /// Reports every key that no getter asked for, with a suggestion for near misses.
    func rejectUnknownKeys(allowed: [String]) {
        for (key, node) in table.entries where !used.contains(key) {
            var message = "unknown key '\(key)' in \(context)"
            if let guess = suggestion(for: key, among: allowed) {
                message += " (did you mean '\(guess)'?)"
            }
            error(message, at: node.keyPosition ?? node.position)
        }
    }
}
