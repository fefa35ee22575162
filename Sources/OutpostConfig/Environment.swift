// ${VAR} and ${VAR:-default} in config strings, from the agent's environment. Secrets such as
// the export token arrive this way; messages name the variable, never its value.

public struct Environment: Sendable {
    public var variables: [String: String]

    public init(_ variables: [String: String]) { self.variables = variables }

    struct Failure: Error { var message: String }

    /// Replaces every ${NAME} or ${NAME:-default}; "$${" is a literal "${". Any other "$" is
    /// kept as written, so shell snippets (`echo $$`, `$HOME`) reach the shell unchanged.
    func expand(_ text: String) -> Result<String, Failure> {
        guard text.contains("$") else { return .success(text) }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let after = rest.index(after: dollar)
            if rest[after...].hasPrefix("${") {
                output += "${"
                rest = rest[rest.index(after, offsetBy: 2)...]
                continue
            }
            guard after < rest.endIndex, rest[after] == "{" else {
                output += "$"
                rest = rest[after...]
                continue
            }
            guard let close = rest[after...].firstIndex(of: "}") else {
                return .failure(Failure(message: "unclosed '${' in string (write '$${' for a literal '${')"))
            }
            let body = rest[rest.index(after: after)..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            guard Environment.isValidName(name) else {
                return .failure(Failure(message: "invalid environment variable name '\(name)' in '${…}'"))
            }
            if let value = variables[String(name)], !(value.isEmpty && fallback != nil) {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                return .failure(Failure(message: "environment variable \(name) is not set (use ${\(name):-default} for a default)"))
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return .success(output)
    }

    static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
