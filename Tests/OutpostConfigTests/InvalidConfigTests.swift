// Every class of config error has a fixture file and its exact message, line and column.
import Foundation
import OutpostConfig
import Testing

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
let testEnvironment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root"]

/// Loads a fixture and returns its errors as printed (FILE:LINE:COL: message).
func errors(of fixture: String, environment: [String: String] = testEnvironment) -> [String] {
    let bytes = Array(FileManager.default.contents(atPath: "\(fixtures)/\(fixture)") ?? Data())
    do {
        _ = try ConfigLoader.decode(bytes: bytes, file: fixture, baseDirectory: fixtures, environment: environment)
        return []
    } catch {
        return error.errors.map(\.description)
    }
}

let durationHint = "(use a number and a unit: 250ms, 30s, 5m, 1h30m, 7d)"
let nameRule = "must start with a letter or digit and contain only letters, digits, '-', '_' and '.' (at most 128)"

@Test(arguments: [
    ("invalid-cron-never-fires.conf", ["3:12: schedule: '0 0 30 2 *' never fires (no date matches it)"]),
    ("invalid-timeout-longer-than-cron-gap.conf", ["6:11: timeout: 6m is longer than the shortest gap between runs of the schedule (5m)"]),
    ("invalid-timeout-longer-than-dst-day.conf", ["6:11: timeout: 23h30m is longer than the shortest gap between runs of the schedule (23h)"]),
    ("invalid-env-nul.conf", ["5:18: env.SECRET: a value cannot contain a NUL character"]),
    ("invalid-env-name.conf", ["5:21: env: 'A=B' is not an environment variable name (no '=', not empty)"]),
    ("invalid-dot-name.conf", ["3:8: name: '..' \(nameRule)", "9:8: name: '.hidden' \(nameRule)"]),
    ("invalid-unknown-key.conf", ["5:1: unknown key 'intreval' in check 'disk' (did you mean 'every'?)"]),
    ("invalid-unknown-key-agent.conf", [
        "2:1: unknown key 'listne' in [agent] (did you mean 'listen'?)",
        "3:1: unknown key 'databse' in [agent] (did you mean 'database'?)",
        "4:1: unknown key 'colour' in [agent]",
    ]),
    ("invalid-wrong-type.conf", ["5:9: every: expected a string, found integer"]),
    ("invalid-out-of-range.conf", ["2:18: max_concurrent: 0 is out of range 1...100000"]),
    ("invalid-duration.conf", ["5:9: every: invalid duration '5 minutes' \(durationHint)"]),
    ("invalid-cron.conf", ["3:12: schedule: invalid cron expression '61 * * * *': minute field: 61 is out of range 0-59"]),
    ("invalid-listen.conf", ["2:10: listen: '9464' is not HOST:PORT (e.g. 0.0.0.0:9464, [::]:9464)"]),
    ("invalid-duplicate-name.conf", ["7:8: name: duplicate job name 'disk' (first used at 2:8)"]),
    ("invalid-missing-command.conf", ["1:1: check 'disk' needs a 'command' (an array: program and arguments)"]),
    ("invalid-missing-kind.conf", ["1:1: check 'disk' needs a 'kind' (one of: command)"]),
    ("invalid-unknown-kind.conf", ["3:8: kind: unknown check kind 'comand' (did you mean 'command'?); known kinds: command"]),
    ("invalid-empty-command.conf", ["4:11: command: must not be empty"]),
    ("invalid-command-not-found.conf", ["4:11: command: 'no-such-plugin-anywhere' not found in PATH"]),
    ("invalid-command-string.conf", [
        "4:11: command: expected an array such as [\"/usr/bin/program\", \"arg\"], found string (no shell is used; write [\"sh\", \"-c\", \"...\"] for one)",
    ]),
    ("invalid-unset-variable.conf", [
        "2:16: export_token: environment variable OUTPOST_TEST_UNSET_TOKEN is not set (use ${OUTPOST_TEST_UNSET_TOKEN:-default} for a default)",
    ]),
    ("invalid-timeout-longer-than-interval.conf", ["6:11: timeout: 1m is longer than the interval (30s)"]),
    ("invalid-timezone-typo.conf", ["2:12: timezone: unknown time zone 'America/Torronto' (did you mean 'America/Toronto'?)"]),
    ("invalid-timezone.conf", ["2:12: timezone: unknown time zone 'Mars/Olympus_Mons' (use an IANA name such as 'UTC' or 'America/Toronto')"]),
    ("invalid-many-errors.conf", [
        "2:10: listen: 'nowhere' is not HOST:PORT (e.g. 0.0.0.0:9464, [::]:9464)",
        "3:18: max_concurrent: -1 is out of range 1...100000",
        "5:1: [[check]] needs a 'name'",
        "10:8: name: 'bad name!' \(nameRule)",
        "13:9: every: invalid duration '1x' \(durationHint)",
    ]),
])
func invalidConfig(fixture: String, expected: [String]) {
    #expect(errors(of: fixture) == expected.map { "\(fixture):\($0)" })
}

@Test func tomlSyntaxErrorPointsAtTheLine() throws {
    let found = errors(of: "invalid-toml-syntax.conf")
    #expect(found.count == 1)
    let first = try #require(found.first)
    #expect(first.hasPrefix("invalid-toml-syntax.conf:2:"), "got \(first)")
}

@Test func missingFileIsOneClearError() {
    do {
        _ = try ConfigLoader.load(file: "/nonexistent/agent.conf", environment: testEnvironment)
        Issue.record("expected an error")
    } catch {
        #expect(error.description == "/nonexistent/agent.conf: cannot read: no such file")
    }
}

@Test func secretsNeverAppearInMessages() throws {
    // Every message that would quote a value shows it as written when it came from the
    // environment: no check of name, kind, schedule, command or duration may print it.
    let secret = "s3cr3t-token-value"
    let text = """
        [auth]
        export_token = "${TOKEN}"
        colour = "${TOKEN}"

        [[check]]
        name = "x"
        kind = "command"
        command = ["true"]
        every = "${TOKEN}"

        [[check]]
        name = "${TOKEN}"
        kind = "${TOKEN}"
        command = ["/opt/${TOKEN}/check"]
        schedule = "${TOKEN} * * * *"
        intreval = "1s"

        [[check]]
        name = "y"
        kind = "command"
        command = ["${TOKEN}"]
        every = "${SHORT}"

        [[check]]
        name = "${DUPLICATE}"
        kind = "command"
        command = ["true"]

        [[check]]
        name = "${DUPLICATE}"
        kind = "command"
        command = ["true"]
        """
    var environment = testEnvironment
    environment["TOKEN"] = secret
    environment["SHORT"] = "5ms"
    environment["DUPLICATE"] = "dup-\(secret)"
    let substituted = "(with environment variables substituted)"
    do {
        _ = try ConfigLoader.decode(bytes: Array(text.utf8), file: "agent.conf", baseDirectory: "/", environment: environment)
        Issue.record("expected errors")
    } catch {
        #expect(error.errors.map(\.message) == [
            "unknown key 'colour' in [auth]",
            "every: invalid duration '${TOKEN}' \(substituted) \(durationHint)",
            "kind: unknown check kind '${TOKEN}' \(substituted); known kinds: command",
            "command: '/opt/${TOKEN}/check' \(substituted) does not exist",
            "schedule: invalid cron expression '${TOKEN} * * * *' \(substituted)",
            "unknown key 'intreval' in check '${TOKEN}' \(substituted) (did you mean 'every'?)",
            "command: '${TOKEN}' \(substituted) not found in PATH",
            "every: '${SHORT}' \(substituted) is too short (minimum 1s)",
            "name: duplicate job name '${DUPLICATE}' \(substituted) (first used at 25:8)",
        ])
        #expect(!error.description.contains(secret))
        #expect(!error.description.contains("5ms"))
    }
    let config = try ConfigLoader.decode(
        bytes: Array("[auth]\nexport_token = \"${TOKEN}\"\n".utf8), file: "agent.conf", baseDirectory: "/", environment: environment)
    #expect(config.auth.exportToken == secret)
    #expect(!"\(config.auth)".contains(secret))
}
