// [[check]] and [[report]] tables: the keys every job shares (name, schedule, timeout,
// command) and the keys of its kind.
import Foundation
import PluginProcess
import TOML

extension ConfigDecoder {
    static let commonJobKeys = ["name", "every", "schedule", "timezone", "timeout", "command", "env", "workdir", "output_cap"]
    static let checkKeys = ["kind"] + commonJobKeys
    static let reportKeys = commonJobKeys + ["outputs", "expect", "keep"]

    static let defaultCheckTimeout: Duration = .seconds(10)
    static let defaultReportTimeout: Duration = .seconds(600)
    static let defaultCheckInterval: Duration = .seconds(60)

    mutating func decodeJob(_ input: TableReader, isReport: Bool, defaultZone: TimeZone) -> Job? {
        var reader = input
        let what = isReport ? "report" : "check"
        let name = decodeName(&reader, what: what)
        if let name { reader.context = "\(what) \(reader.shown("name", name))" }
        let label = name.map { "\(what) \(reader.shown("name", $0))" } ?? what

        let kind: JobKind? = isReport ? .report : decodeKind(&reader, label: label)
        let schedule = decodeSchedule(&reader, label: label, isReport: isReport, defaultZone: defaultZone)
        let timeout = decodeTimeout(&reader, schedule: schedule, isReport: isReport)
        let command = decodeCommand(&reader, label: label)
        let environment = decodeEnvironment(&reader)
        let workingDirectory = reader.nonEmptyString("workdir").map(resolve)
        let outputCap = reader.integer("output_cap", in: 1024...(16 << 20)) ?? 65_536

        var report: ReportSettings?
        if isReport {
            report = decodeReportSettings(&reader, label: label)
            reader.rejectUnknownKeys(allowed: Self.reportKeys)
        } else {
            reader.rejectUnknownKeys(allowed: Self.checkKeys)
        }
        guard let name, let kind, let schedule, let timeout, let command else { return nil }
        return Job(name: name, kind: kind, schedule: schedule, timeout: timeout, command: command, environment: environment,
                   workingDirectory: workingDirectory, outputCap: outputCap, report: report, line: reader.position.line)
    }

    private mutating func decodeName(_ reader: inout TableReader, what: String) -> String? {
        guard reader.has("name") else {
            reader.error("[[\(what)]] needs a 'name'", at: reader.position)
            _ = reader.node("name")
            return nil
        }
        guard let name = reader.nonEmptyString("name") else { return nil }
        let position = reader.table["name"]!.position
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        // The name is also a directory name (report runs): it must start with a letter or digit,
        // so "." and ".." can never point outside.
        let allowed = name.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
        guard allowed, isAlphanumeric(name.unicodeScalars.first!), name.count <= 128 else {
            reader.error("name: \(reader.shown("name", name)) must start with a letter or digit and contain only letters, digits, '-', '_' and '.' (at most 128)",
                         at: position)
            return nil
        }
        if let first = namesSeen[name] {
            reader.error("name: duplicate job name \(reader.shown("name", name)) (first used at \(first))", at: position)
            return nil
        }
        namesSeen[name] = position
        return name
    }

    private func decodeKind(_ reader: inout TableReader, label: String) -> JobKind? {
        let known = JobKind.checkKinds.map(\.rawValue)
        guard reader.has("kind") else {
            reader.error("\(label) needs a 'kind' (one of: \(known.joined(separator: ", ")))", at: reader.position)
            _ = reader.node("kind")
            return nil
        }
        guard let text = reader.string("kind") else { return nil }
        guard let kind = JobKind(rawValue: text), kind != .report else {
            var message = "kind: unknown check kind \(reader.shown("kind", text))"
            if !reader.isSubstituted("kind", text), let guess = suggestion(for: text, among: known), guess != text {
                message += " (did you mean '\(guess)'?)"
            }
            reader.error(message + "; known kinds: \(known.joined(separator: ", "))", at: reader.table["kind"]!.position)
            return nil
        }
        return kind
    }

    /// `env = { NAME = "value" }`: names a child process can receive (no '=', no NUL).
    private func decodeEnvironment(_ reader: inout TableReader) -> [String: String] {
        guard let variables = reader.stringTable("env") else { return [:] }
        guard case .table(let table) = reader.table["env"]!.value else { return variables }
        var valid = variables
        for (name, node) in table.entries {
            if name.isEmpty || name.contains("=") || name.utf8.contains(0) {
                reader.error("env: '\(name)' is not an environment variable name (no '=', not empty)", at: node.keyPosition ?? node.position)
                valid[name] = nil
            } else if let value = valid[name], value.utf8.contains(0) {
                // The value itself is not quoted: it may hold a secret.
                reader.error("env.\(name): a value cannot contain a NUL character", at: node.position)
                valid[name] = nil
            }
        }
        return valid
    }

    private func decodeCommand(_ reader: inout TableReader, label: String) -> [String]? {
        guard reader.has("command") else {
            reader.error("\(label) needs a 'command' (an array: program and arguments)", at: reader.position)
            _ = reader.node("command")
            return nil
        }
        let position = reader.table["command"]!.position
        if case .string = reader.table["command"]!.value {
            reader.error("command: expected an array such as [\"/usr/bin/program\", \"arg\"], found string (no shell is used; write [\"sh\", \"-c\", \"...\"] for one)", at: position)
            _ = reader.node("command")
            return nil
        }
        guard var argv = reader.stringArray("command") else { return nil }
        guard let program = argv.first, !program.isEmpty else {
            reader.error("command: must not be empty", at: position)
            return nil
        }
        var shownProgram = "'\(program)'"
        if case .array(let elements) = reader.table["command"]!.value, let first = elements.first {
            shownProgram = TableReader.shown(first, program)
        }
        if program.contains("/") {
            let path = resolve(program)
            guard access(path, X_OK) == 0 else {
                let reason = FileManager.default.fileExists(atPath: path) ? "is not executable" : "does not exist"
                reader.error("command: \(shownProgram) \(reason)", at: position)
                return nil
            }
            argv[0] = path
        } else {
            guard let path = ProcessRunner.resolveExecutable(program, path: environment.variables["PATH"]) else {
                reader.error("command: \(shownProgram) not found in PATH", at: position)
                return nil
            }
            argv[0] = path
        }
        return argv
    }

    private func decodeReportSettings(_ reader: inout TableReader, label: String) -> ReportSettings {
        var settings = ReportSettings(outputs: ["*"], minBytes: 1, keep: 52)
        if let outputs = reader.stringArray("outputs") {
            if outputs.isEmpty || outputs.contains(where: { $0.isEmpty || $0.contains("/") }) {
                reader.error("outputs: expected file name patterns such as [\"*.csv\"] (no '/')", at: reader.table["outputs"]!.position)
            } else {
                settings.outputs = outputs
            }
        }
        if var expect = reader.subtable("expect") {
            if let minBytes = expect.integer("min_bytes", in: 0...Int(Int32.max)) { settings.minBytes = minBytes }
            expect.rejectUnknownKeys(allowed: ["min_bytes"])
        }
        if let keep = reader.integer("keep", in: 1...100_000) { settings.keep = keep }
        return settings
    }
}
