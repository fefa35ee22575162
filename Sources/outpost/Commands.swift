// Subcommands: run (the default), check-config, next, once. Exit codes: 0 success,
// 2 usage or config error, 1 a runtime failure; `once` exits with the job's Nagios status.
import Cron
import Foundation
import OutpostAgent
import OutpostConfig
import PluginProcess

extension CommandLine {
    static func run(_ arguments: [String]) -> Int32 {
        var arguments = arguments
        let logFormat: Logger.Format
        switch takeOption("--log-format", from: &arguments) {
        case nil, "logfmt": logFormat = .logfmt
        case "json": logFormat = .json
        case let other?: return usageError("--log-format must be logfmt or json, not '\(other)'")
        }
        let logger = Logger(format: logFormat)

        // The first word names the command; without one, `run` is meant (but `--help` alone
        // asks for the overview, not for run's options).
        let named = arguments.first.flatMap { $0.hasPrefix("-") ? nil : $0 }
        if named != nil { arguments.removeFirst() }
        let command = named ?? "run"
        if command == "help" {
            print(Help.text(for: arguments.first))
            return 0
        }
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Help.text(for: named))
            return 0
        }
        if arguments.contains("--version") {
            print("outpost \(Agent.version)")
            return 0
        }
        switch command {
        case "run": return runAgent(arguments, logger: logger)
        case "check-config": return checkConfig(arguments)
        case "next": return nextFireTimes(arguments)
        case "once": return runOnce(arguments)
        default: return usageError("unknown command '\(command)'")
        }
    }

    static func runAgent(_ arguments: [String], logger: Logger) -> Int32 {
        Signals.block()  // before the store, the server and the scheduler start their threads
        var arguments = arguments
        let configPath = takeOption("--config", from: &arguments) ?? "agent.conf"
        let listen = takeOption("--listen", from: &arguments)
        let database = takeOption("--database", from: &arguments)
        guard arguments.isEmpty else { return usageError("unexpected argument '\(arguments[0])' for run") }
        var override: ListenAddress?
        if let listen {
            switch ListenAddress.parse(listen) {
            case .success(let address): override = address
            case .failure(let failure): return usageError("--listen: \(failure.message)")
            }
        }
        // The same reading on SIGHUP: the file again, with the command line's overrides.
        let source: Agent.ConfigSource = { [override] () throws(ConfigErrors) -> AgentConfig in
            var config = try ConfigLoader.load(file: configPath)
            if let override { config.agent.listen = override }
            if let database { config.agent.database = URL(fileURLWithPath: database).standardized.path }
            return config
        }
        let config: AgentConfig
        do {
            config = try source()
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 2
        }
        do {
            let agent = try Agent(config: config, logger: logger, configSource: source)
            return agent.run()
        } catch {
            logger.error("cannot start", ["error": "\(error)"])
            return 1
        }
    }

    static func checkConfig(_ arguments: [String]) -> Int32 {
        guard arguments.count <= 1 else { return usageError("check-config takes one file") }
        let path = arguments.first ?? "agent.conf"
        guard let config = loadConfig(path) else { return 2 }
        let checks = config.checks.count, reports = config.reports.count
        print("\(path): ok, \(checks) check\(checks == 1 ? "" : "s"), \(reports) report\(reports == 1 ? "" : "s")")
        return 0
    }

    static func nextFireTimes(_ arguments: [String]) -> Int32 {
        var arguments = arguments
        let zoneName = takeOption("--tz", from: &arguments) ?? "UTC"
        let fromText = takeOption("--from", from: &arguments)
        let countText = takeOption("-n", from: &arguments) ?? "5"
        guard arguments.count == 1 else { return usageError("next takes one cron expression, quoted: outpost next '0 6 * * MON'") }
        guard let zone = TimeZone(identifier: zoneName) else { return usageError("--tz: unknown time zone '\(zoneName)'") }
        guard let count = Int(countText), (1...10_000).contains(count) else { return usageError("-n must be a number 1-10000") }
        var instant = Date()
        if let fromText {
            guard let from = ISO8601.parse(fromText) else {
                return usageError("--from: '\(fromText)' is not an ISO 8601 time such as 2026-03-08T00:00:00-05:00")
            }
            instant = from
        }
        let expression: CronExpression
        do {
            expression = try CronExpression(parsing: arguments[0])
        } catch {
            FileHandle.standardError.write(Data("outpost: invalid cron expression '\(arguments[0])': \(error)\n".utf8))
            return 2
        }
        for printed in 0..<count {
            guard let next = expression.nextFire(after: instant, in: zone) else {
                if printed == 0 {
                    FileHandle.standardError.write(Data("outpost: '\(arguments[0])' never fires after \(ISO8601.format(instant, in: zone))\n".utf8))
                    return 1
                }
                break
            }
            print(ISO8601.format(next, in: zone))
            instant = next
        }
        return 0
    }

    /// Exits with the job's status; a usage or config error is UNKNOWN (3), as the Nagios
    /// plugin guidelines have it, so a script never reads one as CRITICAL.
    static func runOnce(_ arguments: [String]) -> Int32 {
        // Ctrl-C reaches outpost, not the job (it has a process group of its own): stop the
        // job's processes, so nothing outlives the command, and report the run as stopped.
        Signals.block()
        Signals.watch { _ in
            ProcessRunner.stopAll(signal: SIGTERM)
            sleep(2)
            ProcessRunner.stopAll(signal: SIGKILL)
        }
        let unknown = Int32(CheckStatus.unknown.rawValue)
        var arguments = arguments
        let configPath = takeOption("--config", from: &arguments) ?? "agent.conf"
        guard arguments.count == 1 else { _ = usageError("once takes one job name"); return unknown }
        guard let config = loadConfig(configPath) else { return unknown }
        guard let job = config.jobs.first(where: { $0.name == arguments[0] }) else {
            let names = config.jobs.map(\.name).joined(separator: ", ")
            _ = usageError("no job named '\(arguments[0])' in \(configPath) (jobs: \(names))")
            return unknown
        }
        let reports = URL(fileURLWithPath: config.agent.database).deletingLastPathComponent().appendingPathComponent("outpost-reports").path
        let result = Runners(reportsDirectory: reports).run(job)
        print("status: \(result.status)")
        print("duration: \(String(format: "%.3f", result.duration))s")
        print("message: \(result.message)")
        for sample in result.samples {
            var line = "sample: \(sample.name)=\(sample.value)"
            if !sample.unit.isEmpty { line += " \(sample.unit)" }
            if let warning = sample.warning { line += " warn=\(warning)" }
            if let critical = sample.critical { line += " crit=\(critical)" }
            print(line)
        }
        if result.malformedSamples > 0 { print("malformed perfdata skipped: \(result.malformedSamples)") }
        if result.droppedSamples > 0 { print("perfdata beyond the first \(RunResult.sampleLimit) dropped: \(result.droppedSamples)") }
        if !result.output.isEmpty { print("output:\n\(result.output)", terminator: result.output.hasSuffix("\n") ? "" : "\n") }
        return Int32(result.status.rawValue)
    }

    // MARK: - helpers

    static func loadConfig(_ path: String) -> AgentConfig? {
        do {
            return try ConfigLoader.load(file: path)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return nil
        }
    }

    /// Removes `--name VALUE` or `--name=VALUE` from the arguments and returns VALUE.
    static func takeOption(_ name: String, from arguments: inout [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == name, index + 1 < arguments.count {
                let value = arguments[index + 1]
                arguments.removeSubrange(index...(index + 1))
                return value
            }
            if argument.hasPrefix(name + "=") {
                arguments.remove(at: index)
                return String(argument.dropFirst(name.count + 1))
            }
        }
        return nil
    }

    static func usageError(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("outpost: \(message)\nRun 'outpost --help' for usage.\n".utf8))
        return 2
    }
}

enum ISO8601 {
    /// "2026-03-08T03:00:00-04:00": the instant with the zone's offset at that instant.
    static func format(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxxxx"
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
