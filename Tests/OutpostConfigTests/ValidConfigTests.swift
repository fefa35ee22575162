// A valid config decodes into typed values with defaults applied and paths resolved.
import Foundation
import OutpostConfig
import Testing

func decode(_ text: String, environment: [String: String] = testEnvironment, baseDirectory: String = "/etc/outpost") throws(ConfigErrors) -> AgentConfig {
    try ConfigLoader.decode(bytes: Array(text.utf8), file: "agent.conf", baseDirectory: baseDirectory, environment: environment)
}

@Test func emptyFileGivesDefaults() throws {
    let config = try decode("")
    #expect(config.agent.listen == ListenAddress(host: "0.0.0.0", port: 9464))
    #expect(config.agent.database == "/etc/outpost/outpost.db")
    #expect(config.agent.timeZone == TimeZone(identifier: "UTC"), "Foundation names UTC \"GMT\"")
    #expect(config.agent.maxConcurrent == 64)
    #expect(config.retention.raw == .seconds(14 * 86_400))
    #expect(config.retention.rollup == .seconds(400 * 86_400))
    #expect(config.auth.exportToken == "")
    #expect(config.jobs.isEmpty)
}

@Test func fullConfigDecodes() throws {
    let config = try decode("""
        [agent]
        listen = "[::1]:9100"
        database = "/var/lib/outpost/state.db"
        timezone = "America/Toronto"
        max_concurrent = 8

        [retention]
        raw = "7d"
        rollup = "1h30m"

        [auth]
        export_token = "${TOKEN:-fallback}"

        [[check]]
        name = "disk-root"
        kind = "command"
        command = ["sh", "-c", "exit 0"]
        every = "5s"
        env = { LANG = "C", HOME = "${HOME}" }
        workdir = "plugins"
        output_cap = 4096

        [[report]]
        name = "weekly-customers"
        schedule = "0 6 * * MON"
        timezone = "Europe/London"
        command = ["/bin/true"]
        outputs = ["*.csv"]
        expect.min_bytes = 100
        keep = 12
        """)
    #expect(config.agent.listen == ListenAddress(host: "::1", port: 9100))
    #expect(config.agent.database == "/var/lib/outpost/state.db")
    #expect(config.agent.timeZone.identifier == "America/Toronto")
    #expect(config.agent.maxConcurrent == 8)
    #expect(config.retention.raw == .seconds(7 * 86_400))
    #expect(config.retention.rollup == .seconds(5400))
    #expect(config.auth.exportToken == "fallback")

    let check = try #require(config.checks.first)
    #expect(check.name == "disk-root")
    #expect(check.kind == .command)
    #expect(check.command == ["/bin/sh", "-c", "exit 0"] || check.command == ["/usr/bin/sh", "-c", "exit 0"])
    #expect(check.schedule == .every(.seconds(5)))
    #expect(check.timeout == .seconds(5), "the default 10s timeout is capped at the interval")
    #expect(check.environment == ["LANG": "C", "HOME": "/root"])
    #expect(check.workingDirectory == "/etc/outpost/plugins")
    #expect(check.outputCap == 4096)
    #expect(check.line == 14, "the line of its [[check]] header")

    let report = try #require(config.reports.first)
    #expect(report.kind == .report)
    guard case .cron(let expression, let zone) = report.schedule else {
        Issue.record("expected a cron schedule, got \(report.schedule)")
        return
    }
    #expect(expression.description == "0 6 * * MON")
    #expect(zone.identifier == "Europe/London")
    #expect(report.timeout == .seconds(600))
    #expect(report.report?.outputs == ["*.csv"])
    #expect(report.report?.minBytes == 100)
    #expect(report.report?.keep == 12)
}

@Test func cronJobsDefaultToTheAgentZone() throws {
    let config = try decode("""
        [agent]
        timezone = "America/Toronto"
        [[report]]
        name = "r"
        schedule = "@daily"
        command = ["/bin/true"]
        """)
    guard case .cron(_, let zone) = config.reports[0].schedule else { Issue.record("not cron"); return }
    #expect(zone.identifier == "America/Toronto")
}

@Test func checksDefaultToEveryMinute() throws {
    let config = try decode("[[check]]\nname = \"a\"\nkind = \"command\"\ncommand = [\"/bin/true\"]\n")
    #expect(config.checks[0].schedule == .every(.seconds(60)))
    #expect(config.checks[0].timeout == .seconds(10))
}

@Test func relativeProgramResolvesAgainstTheConfigDirectory() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("plugins"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let plugin = directory.appendingPathComponent("plugins/check_x").path
    #expect(FileManager.default.createFile(atPath: plugin, contents: Data("#!/bin/sh\necho OK\n".utf8), attributes: [.posixPermissions: 0o755]))
    let config = try decode("[[check]]\nname = \"x\"\nkind = \"command\"\ncommand = [\"plugins/check_x\"]\n", baseDirectory: directory.path)
    #expect(config.checks[0].command == [plugin])

    do {
        _ = try decode("[[check]]\nname = \"x\"\nkind = \"command\"\ncommand = [\"plugins/missing\"]\n", baseDirectory: directory.path)
        Issue.record("expected an error")
    } catch {
        #expect(error.errors.map(\.message) == ["command: 'plugins/missing' does not exist"])
    }
}

@Test(arguments: [
    ("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("5m", .seconds(300)),
    ("1h30m", .seconds(5400)), ("7d", .seconds(604_800)), ("1d2h3m4s5ms", .milliseconds(93_784_005)),
])
func durationsParse(text: String, expected: Duration) throws {
    let config = try decode("[retention]\nraw = \"1h\"\n[[check]]\nname = \"a\"\nkind = \"command\"\ncommand = [\"/bin/true\"]\nevery = \"8d\"\ntimeout = \"\(text)\"\n")
    #expect(config.checks[0].timeout == expected)
}

@Test(arguments: ["", "5", "s", "5 s", "1.5s", "-5s", "5sec", "99999999999999999999s", "1h 30m"])
func badDurationsAreRejected(text: String) {
    #expect(throws: ConfigErrors.self) {
        try decode("[[check]]\nname = \"a\"\nkind = \"command\"\ncommand = [\"/bin/true\"]\nevery = \"\(text)\"\n")
    }
}

@Test(arguments: [
    ("127.0.0.1:80", "127.0.0.1", UInt16(80)), (":9464", "0.0.0.0", 9464), ("localhost:1", "127.0.0.1", 1),
    ("[::]:9464", "::", 9464), ("0.0.0.0:0", "0.0.0.0", 0),
])
func listenAddresses(text: String, host: String, port: UInt16) throws {
    #expect(try ListenAddress.parse(text).get() == ListenAddress(host: host, port: port))
}

@Test(arguments: ["9464", "host:80", "127.0.0.1:99999", "127.0.0.1:", "::1:80", "[::1]80", "1.2.3.4.5:80"])
func badListenAddresses(text: String) {
    #expect(throws: (any Error).self) { try ListenAddress.parse(text).get() }
}

@Test func environmentSubstitution() throws {
    let environment = testEnvironment.merging(["A": "alpha", "EMPTY": ""]) { $1 }
    let config = try decode("""
        [[check]]
        name = "x"
        kind = "command"
        command = ["/bin/echo", "${A}", "${MISSING:-dflt}", "${EMPTY:-used}", "$${A}", "a$b", "echo $$ $HOME", "$$$${A}"]
        """, environment: environment)
    #expect(Array(config.checks[0].command.dropFirst()) == ["alpha", "dflt", "used", "${A}", "a$b", "echo $$ $HOME", "$$${A}"])
}

@Test func repositoryAgentConfIsValid() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let config = try ConfigLoader.load(file: root.appendingPathComponent("agent.conf").path)
    #expect(config.checks.count >= 3)
    #expect(config.reports.count >= 1)
    #expect(config.checks.allSatisfy { $0.kind == .command })
}
