// The real binary, a real SQLite file, real child processes, real Nagios plugins from
// monitoring-plugins-basic, and promtool checking the exposition.
import Foundation
import Testing
import TestSupport

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let nagiosPlugins = "/usr/lib/nagios/plugins"

/// The value of the one series in `metrics` whose line starts with `series` (name and labels).
func value(of series: String, in metrics: String) -> Double? {
    metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
}

@Suite(.serialized) struct AgentIntegrationTests {
    @Test func realPluginsShowInMetricsAndPassPromtool() throws {
        let promtool = try #require(tool("promtool"), "promtool (Debian package prometheus) is needed: run scripts/setup")
        try #require(FileManager.default.fileExists(atPath: "\(nagiosPlugins)/check_dummy"),
                     "Nagios plugins (Debian package monitoring-plugins-basic) are needed: run scripts/setup")
        let agent = try AgentProcess(config: """
            [[check]]
            name = "dummy-ok"
            kind = "command"
            command = ["\(nagiosPlugins)/check_dummy", "0", "all fine"]
            every = "1s"

            [[check]]
            name = "dummy-warning"
            kind = "command"
            command = ["\(nagiosPlugins)/check_dummy", "1", "getting full"]
            every = "1s"

            [[check]]
            name = "dummy-critical"
            kind = "command"
            command = ["\(nagiosPlugins)/check_dummy", "2"]
            every = "1s"

            [[check]]
            name = "load"
            kind = "command"
            command = ["\(nagiosPlugins)/check_load", "-w", "1000,1000,1000", "-c", "2000,2000,2000"]
            every = "1s"

            [[check]]
            name = "disk-root"
            kind = "command"
            command = ["\(nagiosPlugins)/check_disk", "-w", "1%", "-c", "1%", "-p", "/"]
            every = "1s"

            [[check]]
            name = "garbage"
            kind = "command"
            command = ["sh", "-c", "printf 'weird | a=1 b= =3 c=2zz d=5s;1;2\\n'; exit 7"]
            every = "1s"
            """)
        try agent.waitUntilStarted()
        let names = ["dummy-ok", "dummy-warning", "dummy-critical", "load", "disk-root", "garbage"]
        var metrics = ""
        let allRan = try eventually {
            metrics = try agent.get("/metrics").body
            return names.allSatisfy { metrics.contains("outpost_check_status{check=\"\($0)\",kind=\"command\"}") }
        }
        #expect(allRan, "every check reports a status; log:\n\(agent.log)")

        #expect(value(of: "outpost_check_status{check=\"dummy-ok\",kind=\"command\"}", in: metrics) == 0)
        #expect(value(of: "outpost_check_status{check=\"dummy-warning\",kind=\"command\"}", in: metrics) == 1)
        #expect(value(of: "outpost_check_status{check=\"dummy-critical\",kind=\"command\"}", in: metrics) == 2)
        #expect(value(of: "outpost_check_success{check=\"dummy-ok\",kind=\"command\"}", in: metrics) == 1)
        #expect(value(of: "outpost_check_success{check=\"dummy-critical\",kind=\"command\"}", in: metrics) == 0)
        #expect(value(of: "outpost_check_status{check=\"load\",kind=\"command\"}", in: metrics) == 0)
        #expect(value(of: "outpost_check_status{check=\"garbage\",kind=\"command\"}", in: metrics) == 3, "exit 7 is unknown")
        // check_load reports load1/load5/load15 with thresholds; check_disk reports "/" in MB, shown in bytes.
        #expect(value(of: "outpost_check_perfdata{check=\"load\",label=\"load1\"}", in: metrics) != nil)
        #expect(value(of: "outpost_check_perfdata_warning_threshold{check=\"load\",label=\"load1\"}", in: metrics) == 1000)
        let rootUsed = try #require(value(of: "outpost_check_perfdata{check=\"disk-root\",label=\"/\"}", in: metrics))
        #expect(rootUsed > 1_048_576, "check_disk's MB value is converted to bytes")
        #expect(value(of: "outpost_check_perfdata{check=\"garbage\",label=\"d\"}", in: metrics) == 5)
        #expect((value(of: "outpost_check_perfdata_malformed_total{check=\"garbage\"}", in: metrics) ?? 0) >= 3)
        #expect(metrics.contains("outpost_build_info{version="))
        #expect(metrics.contains("process_resident_memory_bytes "))
        #expect(metrics.contains("outpost_scheduler_lag_seconds_bucket{le=\"+Inf\"}"))

        let file = agent.directory.appendingPathComponent("scrape.txt")
        try metrics.write(to: file, atomically: true, encoding: .utf8)
        let check = try runCommand("/bin/sh", ["-c", "'\(promtool)' check metrics < '\(file.path)'"])
        #expect(check.status == 0, "promtool check metrics: \(check.stdout)\(check.stderr)")

        #expect(agent.terminate() == 0)
    }

    @Test func daemonizingPluginsLeaveNoZombies() throws {
        // Each run leaves a grandchild in a session of its own (out of reach of the group kill)
        // that exits a moment later: the agent, as subreaper, inherits and must reap it.
        let agent = try AgentProcess(config: """
            [[check]]
            name = "daemonizer"
            kind = "command"
            command = ["sh", "-c", "setsid sh -c 'sleep 0.2' >/dev/null 2>&1 & sleep 0.05; echo OK"]
            every = "1s"
            """)
        try agent.waitUntilStarted()
        var metrics = ""
        let reaped = try eventually(timeout: 20) {
            metrics = try agent.get("/metrics").body
            return (value(of: "outpost_orphans_reaped_total", in: metrics) ?? 0) >= 2
        }
        #expect(reaped, "orphans are reaped:\n\(metrics)\n\(agent.log)")
        // The reaper runs every 5 s: whatever is a zombie now is gone after the next round.
        let zombies = Set(ProcessTable.zombieChildren(of: agent.process.processIdentifier))
        Thread.sleep(forTimeInterval: 6)
        let left = zombies.intersection(ProcessTable.zombieChildren(of: agent.process.processIdentifier))
        #expect(left.isEmpty, "zombies \(zombies) still there: \(left)")
        #expect(agent.terminate() == 0)
    }

    @Test func endpointsAndMethods() throws {
        let agent = try AgentProcess(config: "")
        try agent.waitUntilStarted()
        #expect(try agent.get("/healthz").status == 200)
        #expect(try eventually { try agent.get("/readyz").status == 200 })
        #expect(try agent.get("/nope").status == 404)
        #expect(try httpGet("http://127.0.0.1:\(agent.port)/metrics", method: "POST").status == 405)
        #expect(try agent.get("/metrics").contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(try agent.get("/").body.contains("<h1>Outpost</h1>"))
        #expect(agent.terminate() == 0)
    }

    @Test func theRepositoryAgentConfRunsOffline() throws {
        let directory = try makeTemporaryDirectory(prefix: "outpost-it")
        for item in ["agent.conf", "plugins", "reports"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(item), to: directory.appendingPathComponent(item))
        }
        let port = freeLoopbackPort()
        let agent = try AgentProcess(config: "", directory: directory, listen: nil, environment: ["OUTPOST_PORT": String(port)])
        try agent.waitUntilStarted()
        #expect(agent.port == port)
        var metrics = ""
        let healthy = try eventually(timeout: 20) {
            metrics = try agent.get("/metrics").body
            return ["self-healthz", "self-metrics", "load", "tmp-writable"].allSatisfy {
                value(of: "outpost_check_success{check=\"\($0)\",kind=\"command\"}", in: metrics) == 1
            }
        }
        #expect(healthy, "the default checks are ok offline:\n\(metrics)\n\(agent.log)")
        let promtool = try #require(tool("promtool"))
        let file = directory.appendingPathComponent("scrape.txt")
        try metrics.write(to: file, atomically: true, encoding: .utf8)
        #expect(try runCommand("/bin/sh", ["-c", "'\(promtool)' check metrics < '\(file.path)'"]).status == 0)
        #expect(agent.terminate() == 0)

        // The shipped report produces a real CSV.
        let once = try outpost(["once", "--config", directory.appendingPathComponent("agent.conf").path, "disk-usage"])
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        #expect(once.stdout.contains("message: 1 file,"))
        let reportRuns = directory.appendingPathComponent("outpost-reports/disk-usage")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: reportRuns.path).first)
        let csv = try String(contentsOf: reportRuns.appendingPathComponent("\(run)/disk-usage.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("filesystem,mounted_on,size_bytes,used_bytes,available_bytes,used_percent\n"))
        #expect(csv.split(separator: "\n").count >= 2)
    }

    @Test func alertRulesPassPromtoolAndNameRealMetrics() throws {
        let promtool = try #require(tool("promtool"), "promtool (Debian package prometheus) is needed: run scripts/setup")
        let dashboards = repositoryRoot.appendingPathComponent("dashboards")
        let check = try runCommand(promtool, ["check", "rules", "outpost-alerts.yml"], directory: dashboards)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let unitTests = try runCommand(promtool, ["test", "rules", "outpost-alerts.test.yml"], directory: dashboards)
        #expect(unitTests.status == 0, "\(unitTests.stdout)\(unitTests.stderr)")

        // Every outpost_ metric the rules name is one the agent really serves.
        let agent = try AgentProcess(config: """
            [[check]]
            name = "c"
            kind = "command"
            command = ["true"]
            [[report]]
            name = "r"
            schedule = "@yearly"
            command = ["true"]
            """)
        try agent.waitUntilStarted()
        let metrics = try agent.get("/metrics").body
        #expect(agent.terminate() == 0)
        let rules = try String(contentsOf: dashboards.appendingPathComponent("outpost-alerts.yml"), encoding: .utf8)
        let names = Set(rules.matches(of: /outpost_[a-z_]+/).map { String($0.output) }.filter { !$0.hasSuffix("_") })
            .union(["outpost_check_next_run_timestamp_seconds", "outpost_report_next_run_timestamp_seconds"])
        #expect(names.count >= 8)
        for name in names {
            let family = name.hasSuffix("_bucket") ? String(name.dropLast("_bucket".count)) : name
            #expect(metrics.contains("# TYPE \(family) "), "the rules use \(name), which /metrics does not serve")
        }
    }
}
