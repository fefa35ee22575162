// Section "config": a generated agent.conf with N command checks (default 10,000), parsed as
// TOML and decoded into an AgentConfig, beside Python's tomllib parsing the same file.
import Foundation
import OutpostConfig
import TOML

func configBench(_ args: [String]) throws {
    let checks = intOption(args, "--checks", default: 10_000)
    let text = generatedConfig(checks: checks)
    let bytes = Array(text.utf8)
    let dir = try makeTempDir()
    defer { removeTree(dir) }
    let path = dir + "/agent.conf"
    try text.write(toFile: path, atomically: true, encoding: .utf8)

    let parse = try median(of: 5) { _ = try TOML.parse(bytes: bytes) }
    var decoded = 0
    let decode = try median(of: 5) {
        decoded = try ConfigLoader.decode(bytes: bytes, file: path, baseDirectory: dir, environment: ["PATH": "/usr/bin:/bin"]).checks.count
    }
    guard decoded == checks else { throw BenchError("decoded \(decoded) of \(checks) checks") }

    print("config: \(checks) checks, \(bytes.count / 1024) KiB of TOML")
    print("config: TOML parse \(format(parse * 1000)) ms, parse + validate \(format(decode * 1000)) ms (median of 5)")
    if let python = pythonTomllibSeconds(path) {
        print("config: python3 tomllib parse \(format(python * 1000)) ms; Swift parse is \(format(python / parse))x its speed")
    } else {
        print("config: python3 with tomllib (3.11+) not found; no baseline")
    }
}

/// Checks like an operator writes them: every key of a command check, some with env and cron.
func generatedConfig(checks: Int) -> String {
    var text = "[agent]\nlisten = \"127.0.0.1:0\"\ntimezone = \"UTC\"\nmax_concurrent = 64\n\n[retention]\nraw = \"14d\"\n"
    text.reserveCapacity(checks * 200)
    for i in 0..<checks {
        text += "\n[[check]]\nname = \"check-\(i)\"\nkind = \"command\"\n"
        text += "command = [\"/bin/sh\", \"-c\", \"echo 'OK - check \(i) | time=0.0\(i % 10)s;1;2 size=\(i)KB'\"]\n"
        if i % 10 == 0 {
            text += "schedule = \"*/5 * * * *\"\ntimezone = \"America/Toronto\"\n"
        } else {
            text += "every = \"\(30 + i % 5 * 15)s\"\ntimeout = \"5s\"\n"
        }
        if i % 3 == 0 { text += "env = { LANG = \"C\", TARGET = \"host-\(i).example.com\" }\n" }
    }
    return text
}

/// Median wall time of `runs` calls.
func median(of runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = monotonicSeconds()
        try body()
        times.append(monotonicSeconds() - start)
    }
    return times.sorted()[runs / 2]
}

/// tomllib's median of 5 parses of the file, timed inside Python (no interpreter start-up).
func pythonTomllibSeconds(_ path: String) -> Double? {
    let script = """
        import sys, time, tomllib
        data = open(sys.argv[1], 'rb').read().decode()
        times = []
        for _ in range(5):
            t = time.perf_counter(); tomllib.loads(data); times.append(time.perf_counter() - t)
        print(sorted(times)[2])
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return Double(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}
