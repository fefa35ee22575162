// The `outpost` subcommands other than run, through the real binary.
import Foundation
import Testing
import TestSupport

@Test func checkConfigOnTheRepositoryConfig() throws {
    let result = try outpost(["check-config", "agent.conf"], directory: repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "agent.conf: ok, 4 checks, 1 report\n")
}

@Test func checkConfigPrintsEveryErrorAndExits2() throws {
    let directory = try makeTemporaryDirectory(prefix: "outpost-it")
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
        [agent]
        listen = "nowhere"

        [[check]]
        name = "a"
        kind = "command"
        command = ["true"]
        intreval = "30s"
        """.write(to: directory.appendingPathComponent("bad.conf"), atomically: true, encoding: .utf8)
    let result = try outpost(["check-config", "bad.conf"], directory: directory)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == """
        bad.conf:2:10: listen: 'nowhere' is not HOST:PORT (e.g. 0.0.0.0:9464, [::]:9464)
        bad.conf:8:1: unknown key 'intreval' in check 'a' (did you mean 'every'?)

        """)
}

@Test func nextPrintsFireTimesAcrossTheSpringForwardGap() throws {
    let result = try outpost(["next", "30 2 * * *", "--tz", "America/Toronto", "--from", "2026-03-07T00:00:00-05:00", "-n", "3"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "2026-03-07T02:30:00-05:00\n2026-03-08T03:00:00-04:00\n2026-03-09T02:30:00-04:00\n")
}

@Test func nextRejectsABadExpression() throws {
    let result = try outpost(["next", "61 * * * *"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("minute"))
    let never = try outpost(["next", "0 0 30 2 *"])
    #expect(never.status == 1)
    #expect(never.stderr.contains("never fires"))
}

@Test func onceExitsWithTheJobStatus() throws {
    let directory = try makeTemporaryDirectory(prefix: "outpost-it")
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
        [[check]]
        name = "warn"
        kind = "command"
        command = ["sh", "-c", "echo 'WARNING - disk 85% | used=85%;80;90;0;100'; exit 1"]
        """.write(to: directory.appendingPathComponent("agent.conf"), atomically: true, encoding: .utf8)
    let result = try outpost(["once", "warn"], directory: directory)
    #expect(result.status == 1)
    #expect(result.stdout.contains("status: warning\n"))
    #expect(result.stdout.contains("message: WARNING - disk 85%\n"))
    #expect(result.stdout.contains("sample: used=85.0 percent warn=80.0 crit=90.0\n"))
    let missing = try outpost(["once", "nope"], directory: directory)
    #expect(missing.status == 3, "a usage error is UNKNOWN, never CRITICAL")
    #expect(missing.stderr.contains("no job named 'nope'"))
}

@Test func versionAndHelp() throws {
    #expect(try outpost(["--version"]).stdout.hasPrefix("outpost "))
    let help = try outpost(["--help"])
    #expect(help.status == 0)
    for command in ["run", "check-config", "next", "once"] { #expect(help.stdout.contains(command)) }
    #expect(try outpost(["help", "next"]).stdout.contains("--tz ZONE"))
    #expect(try outpost(["next", "--help"]).stdout.contains("--tz ZONE"))
    #expect(try outpost(["frobnicate"]).status == 2)
}

@Test func ctrlCStopsTheJobOfOnceAndNothingOutlivesIt() throws {
    let directory = try makeTemporaryDirectory(prefix: "outpost-it")
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
        [[check]]
        name = "slow"
        kind = "command"
        command = ["sh", "-c", "echo $$ > slow.pid; sleep 30"]
        workdir = "."
        every = "1m"
        timeout = "50s"
        """.write(to: directory.appendingPathComponent("agent.conf"), atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: builtExecutable("outpost"))
    process.arguments = ["once", "--config", directory.appendingPathComponent("agent.conf").path, "slow"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let pidFile = directory.appendingPathComponent("slow.pid").path
    #expect(eventually(timeout: 10) { ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").hasSuffix("\n") })
    let plugin = Int32((try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    let interrupted = Date()
    kill(process.processIdentifier, SIGINT)
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(Date().timeIntervalSince(interrupted) < 5)
    #expect(process.terminationStatus == 3, "\(text)")
    #expect(text.contains("message: stopped before it finished: outpost was asked to stop"), "\(text)")
    #expect(plugin > 0 && kill(plugin, 0) == -1 && errno == ESRCH, "the plugin is gone too")
}

