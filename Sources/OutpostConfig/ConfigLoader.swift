// Turns agent.conf into an AgentConfig: parse TOML, decode each section, validate, and
// throw every problem at once.
import Cron
import Foundation
import TOML

public enum ConfigLoader {
    /// Reads and validates `file`; relative paths inside it resolve against its directory.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigErrors) -> AgentConfig {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? String(cString: strerror(ENOENT))
            let exists = FileManager.default.fileExists(atPath: file)
            throw ConfigErrors(errors: [ConfigError(file: file, message: exists ? "cannot read: \(reason)" : "cannot read: no such file")])
        }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        return try decode(bytes: bytes, file: file, baseDirectory: directory, environment: environment)
    }

    /// Validates a document already in memory (tests, `check-config` on stdin).
    public static func decode(bytes: [UInt8], file: String, baseDirectory: String, environment: [String: String]) throws(ConfigErrors) -> AgentConfig {
        let document: TOMLTable
        do {
            document = try TOML.parse(bytes: bytes)
        } catch {
            throw ConfigErrors(errors: [ConfigError(file: file, position: error.position, message: error.message)])
        }
        let diagnostics = Diagnostics(file: file)
        var decoder = ConfigDecoder(diagnostics: diagnostics, environment: Environment(environment), baseDirectory: baseDirectory)
        let config = decoder.decode(document, file: file)
        guard diagnostics.errors.isEmpty, let config else {
            throw ConfigErrors(errors: diagnostics.sorted)
        }
        return config
    }
}

/// Walks the document section by section.
struct ConfigDecoder {
    let diagnostics: Diagnostics
    let environment: Environment
    let baseDirectory: String
    /// The first place each job name was used, for duplicate errors.
    var namesSeen: [String: SourcePosition] = [:]
    /// Shortest gaps of the cron schedules seen, by expression and zone: many jobs share one.
    var shortestGaps: [String: Duration?] = [:]

    static let topLevelKeys = ["agent", "retention", "auth", "check", "report"]

    init(diagnostics: Diagnostics, environment: Environment, baseDirectory: String) {
        self.diagnostics = diagnostics
        self.environment = environment
        self.baseDirectory = baseDirectory
    }

    mutating func decode(_ document: TOMLTable, file: String) -> AgentConfig? {
        var root = TableReader(document, at: SourcePosition(line: 1, column: 1), context: "the top level", diagnostics: diagnostics, environment: environment)
        let agent = decodeAgent(section(&root, "agent"))
        let retention = decodeRetention(section(&root, "retention"))
        let auth = decodeAuth(section(&root, "auth"))
        let checks = jobTables(&root, "check").compactMap { decodeJob($0, isReport: false, defaultZone: agent.timeZone) }
        let reports = jobTables(&root, "report").compactMap { decodeJob($0, isReport: true, defaultZone: agent.timeZone) }
        root.rejectUnknownKeys(allowed: Self.topLevelKeys)
        return AgentConfig(file: file, agent: agent, retention: retention, auth: auth, checks: checks, reports: reports)
    }

    /// A `[name]` section, or an empty one when absent.
    private func section(_ root: inout TableReader, _ name: String) -> TableReader {
        if let node = root.node(name) {
            if case .table(let table) = node.value {
                return TableReader(table, at: node.position, context: "[\(name)]", diagnostics: diagnostics, environment: environment)
            }
            diagnostics.error("\(name): expected a table ([\(name)]), found \(node.value.typeName)", at: node.position)
        }
        return TableReader(TOMLTable(), at: root.position, context: "[\(name)]", diagnostics: diagnostics, environment: environment)
    }

    /// The tables of a `[[name]]` array.
    private func jobTables(_ root: inout TableReader, _ name: String) -> [TableReader] {
        guard let node = root.node(name) else { return [] }
        guard case .array(let elements) = node.value else {
            diagnostics.error("\(name): expected an array of tables ([[\(name)]]), found \(node.value.typeName)", at: node.position)
            return []
        }
        return elements.compactMap { element in
            guard case .table(let table) = element.value else {
                diagnostics.error("\(name): expected an array of tables ([[\(name)]]), found \(element.value.typeName) in the array", at: element.position)
                return nil
            }
            return TableReader(table, at: element.position, context: "[[\(name)]]", diagnostics: diagnostics, environment: environment)
        }
    }

    // MARK: - [agent], [retention], [auth]

    private func decodeAgent(_ input: TableReader) -> AgentSettings {
        var reader = input
        var settings = AgentSettings(
            listen: ListenAddress(host: "0.0.0.0", port: 9464), database: resolve("outpost.db"),
            timeZone: TimeZone(identifier: "UTC")!, maxConcurrent: 64, shutdownGrace: .seconds(25))
        if let text = reader.string("listen") {
            switch ListenAddress.parse(text) {
            case .success(let address): settings.listen = address
            case .failure(let failure):
                let message = reader.shown("listen", text) == "'\(text)'" ? failure.message : "\(reader.shown("listen", text)) is not HOST:PORT"
                reader.error("listen: \(message)", at: reader.table["listen"]!.position)
            }
        }
        if let path = reader.nonEmptyString("database") { settings.database = resolve(path) }
        if let zone = timeZone(&reader, "timezone") { settings.timeZone = zone }
        if let limit = reader.integer("max_concurrent", in: 1...100_000) { settings.maxConcurrent = limit }
        if let grace = reader.duration("shutdown_grace", minimum: .zero) { settings.shutdownGrace = grace }
        reader.rejectUnknownKeys(allowed: ["listen", "database", "timezone", "max_concurrent", "shutdown_grace"])
        return settings
    }

    private func decodeRetention(_ input: TableReader) -> RetentionSettings {
        var reader = input
        var settings = RetentionSettings(raw: .seconds(14 * 86_400), rollup: .seconds(400 * 86_400))
        if let raw = reader.duration("raw", minimum: .seconds(3600)) { settings.raw = raw }
        if let rollup = reader.duration("rollup", minimum: .seconds(3600)) { settings.rollup = rollup }
        reader.rejectUnknownKeys(allowed: ["raw", "rollup"])
        return settings
    }

    private func decodeAuth(_ input: TableReader) -> AuthSettings {
        var reader = input
        let token = reader.string("export_token") ?? ""
        reader.rejectUnknownKeys(allowed: ["export_token"])
        return AuthSettings(exportToken: token)
    }

    // MARK: - helpers shared by sections

    func timeZone(_ reader: inout TableReader, _ key: String) -> TimeZone? {
        guard let name = reader.string(key) else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            var hint = "use an IANA name such as 'UTC' or 'America/Toronto'"
            if !reader.isSubstituted(key, name), let guess = closestTimeZone(to: name) { hint = "did you mean '\(guess)'?" }
            reader.error("\(key): unknown time zone \(reader.shown(key, name)) (\(hint))", at: reader.table[key]!.position)
            return nil
        }
        return zone
    }

    /// A path relative to the config file's directory.
    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
    }
}
