// The agent's lifecycle with the real binary: stopping (SIGTERM, the shutdown grace, kill -9),
// a full disk, reloading its config, and refusing a database or port already in use.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct LifecycleIntegrationTests {
    @Test func sigtermFlushesTheStoreAndExitsZero() throws {
        let sqlite = try #require(tool("sqlite3"), "the sqlite3 command (Debian package sqlite3) is needed: run scripts/setup")
        let agent = try AgentProcess(config: """
            [[check]]
            name = "quick"
            kind = "command"
            command = ["sh", "-c", "echo 'OK | v=42'"]
            every = "1s"
            [[check]]
            name = "slow"
            kind = "command"
            command = ["sh", "-c", "sleep 2; echo OK"]
            every = "3s"
            """)
        try agent.waitUntilStarted()
        let ran = try eventually { (value(of: "outpost_check_runs_total{check=\"quick\",kind=\"command\",status=\"ok\"}",
                                          in: try agent.get("/metrics").body) ?? 0) >= 2 }
        #expect(ran)
        let runsSeen = try #require(value(of: "outpost_check_runs_total{check=\"quick\",kind=\"command\",status=\"ok\"}",
                                          in: try agent.get("/metrics").body))
        #expect(agent.terminate() == 0, "log:\n\(agent.log)")
        #expect(agent.log.contains("msg=stopping"))
        let database = agent.directory.appendingPathComponent("outpost.db").path
        let count = try runCommand(sqlite, [database, "SELECT count(*) FROM runs WHERE job = 'quick' AND status = 0;"])
        #expect((Double(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= runsSeen,
                "every run the agent reported is in the database after SIGTERM")
        let samples = try runCommand(sqlite, [database, "SELECT DISTINCT value FROM samples WHERE job = 'quick' AND name = 'v';"])
        #expect(samples.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "42.0")
        let integrity = try runCommand(sqlite, [database, "PRAGMA integrity_check;"])
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test func runsLongerThanTheShutdownGraceAreStoppedAndStored() throws {
        let sqlite = try #require(tool("sqlite3"), "the sqlite3 command (Debian package sqlite3) is needed: run scripts/setup")
        // One plugin ignores SIGTERM: it must still be gone, by SIGKILL, when the agent exits.
        let agent = try AgentProcess(config: """
            [agent]
            shutdown_grace = "1s"

            [[check]]
            name = "long"
            kind = "command"
            command = ["sh", "-c", "echo $$ > long.pid; exec sleep 50"]
            workdir = "."
            every = "1m"
            timeout = "55s"

            [[check]]
            name = "stubborn"
            kind = "command"
            command = ["sh", "-c", "trap '' TERM; echo $$ > stubborn.pid; sleep 50; sleep 1"]
            workdir = "."
            every = "1m"
            timeout = "55s"
            """)
        try agent.waitUntilStarted()
        let pidFiles = ["long.pid", "stubborn.pid"].map { agent.directory.appendingPathComponent($0).path }
        #expect(eventually { pidFiles.allSatisfy { FileManager.default.fileExists(atPath: $0) } }, "both runs started:\n\(agent.log)")
        Thread.sleep(forTimeInterval: 0.2)
        let pids = pidFiles.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(pids.count == 2)

        let started = Date()
        #expect(agent.terminate() == 0, "log:\n\(agent.log)")
        let took = Date().timeIntervalSince(started)
        #expect(took < 8, "1 s of grace, 2 s for SIGTERM, then SIGKILL: took \(took) s")
        #expect(pids.allSatisfy { kill($0, 0) == -1 && errno == ESRCH }, "no plugin outlives the agent")
        #expect(agent.log.contains("stopping their processes"))

        let database = agent.directory.appendingPathComponent("outpost.db").path
        let rows = try runCommand(sqlite, [database, "SELECT job, status, message FROM runs ORDER BY job;"])
        #expect(rows.stdout == "long|3|stopped before it finished: outpost was asked to stop\nstubborn|3|stopped before it finished: outpost was asked to stop\n",
                "got: \(rows.stdout)")
    }

    @Test func killNineLosesNoCommittedRunAndTheDatabaseOpensClean() throws {
        let sqlite = try #require(tool("sqlite3"), "the sqlite3 command (Debian package sqlite3) is needed: run scripts/setup")
        let config = (0..<5).map { "[[check]]\nname = \"quick-\($0)\"\nkind = \"command\"\ncommand = [\"true\"]\nevery = \"1s\"\n" }.joined()
        let agent = try AgentProcess(config: config)
        try agent.waitUntilStarted()
        var committed = 0.0
        #expect(try eventually {
            committed = value(of: "outpost_store_writes_total", in: try agent.get("/metrics").body) ?? 0
            return committed >= 10
        })
        kill(agent.process.processIdentifier, SIGKILL)
        agent.process.waitUntilExit()

        let database = agent.directory.appendingPathComponent("outpost.db").path
        let integrity = try runCommand(sqlite, [database, "PRAGMA integrity_check;"])
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        let stored = try runCommand(sqlite, [database, "SELECT count(*) FROM runs;"])
        #expect((Double(stored.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= committed,
                "every run committed before the kill is there")

        // The lock died with the process: a new agent opens the same file at once.
        let again = try AgentProcess(config: "", directory: agent.directory)
        try again.waitUntilStarted()
        #expect(again.terminate() == 0, "\(again.log)")
    }

    @Test func aFullDiskIsSurvivedAndNothingIsLostOnceThereIsRoom() throws {
        let sqlite = try #require(tool("sqlite3"), "the sqlite3 command (Debian package sqlite3) is needed: run scripts/setup")
        // A real full disk: the database on a 1 MiB tmpfs (mounting needs root, as CI runs).
        let directory = try makeTemporaryDirectory(prefix: "outpost-it-full")
        let volume = directory.appendingPathComponent("volume")
        try FileManager.default.createDirectory(at: volume, withIntermediateDirectories: true)
        let mounted = try runCommand("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", volume.path])
        try #require(mounted.status == 0, "mounting a tmpfs needs root: \(mounted.stderr)")
        defer {
            _ = try? runCommand("/bin/umount", ["-l", volume.path])
            try? FileManager.default.removeItem(at: directory)
        }

        let checks = (0..<8).map { """
            [[check]]
            name = "chatty-\($0)"
            kind = "command"
            command = ["sh", "-c", "head -c 40000 /dev/zero | tr '\\\\0' 'x'; echo; echo 'OK | n=\($0)'"]
            every = "1s"
            """ }.joined(separator: "\n")
        let agent = try AgentProcess(config: checks, directory: directory,
                                     extraArguments: ["--database", volume.appendingPathComponent("outpost.db").path])
        try agent.waitUntilStarted()
        var metrics = ""
        let failing = try eventually(timeout: 30) {
            metrics = try agent.get("/metrics").body
            return (value(of: "outpost_store_errors_total", in: metrics) ?? 0) >= 1
        }
        #expect(failing, "the disk fills up:\n\(agent.log)")
        #expect(try agent.get("/healthz").status == 200, "still serving")
        #expect((value(of: "outpost_store_pending_runs", in: metrics) ?? 0) >= 1, "results wait in memory")
        #expect(agent.log.contains("store write failed"))
        #expect(agent.log.contains("database or disk is full"))

        // Room again: everything that waited is written.
        let grown = try runCommand("/bin/mount", ["-o", "remount,size=64m", volume.path])
        #expect(grown.status == 0, "\(grown.stderr)")
        let recovered = try eventually(timeout: 30) {
            metrics = try agent.get("/metrics").body
            return agent.log.contains("store writes recovered") && (value(of: "outpost_store_pending_runs", in: metrics) ?? 1) < 8
        }
        #expect(recovered, "writes recover:\n\(agent.log)")
        #expect(value(of: "outpost_store_dropped_runs_total", in: metrics) == 0, "nothing was dropped")
        #expect(agent.terminate() == 0)
        let database = volume.appendingPathComponent("outpost.db").path
        let integrity = try runCommand(sqlite, [database, "PRAGMA integrity_check;"])
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        let stored = try runCommand(sqlite, [database, "SELECT count(*) FROM runs;"])
        let finished = (0..<8).compactMap { value(of: "outpost_check_runs_total{check=\"chatty-\($0)\",kind=\"command\",status=\"ok\"}", in: metrics) }
        #expect((Double(stored.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= finished.reduce(0, +),
                "every run reported before the last scrape is in the database")
    }

    @Test func sighupReloadsAValidConfigAndRefusesABrokenOne() throws {
        func check(_ name: String) -> String { "[[check]]\nname = \"\(name)\"\nkind = \"command\"\ncommand = [\"true\"]\nevery = \"1s\"\n" }
        func runs(_ name: String, _ metrics: String) -> Double {
            value(of: "outpost_check_runs_total{check=\"\(name)\",kind=\"command\",status=\"ok\"}", in: metrics) ?? -1
        }
        let agent = try AgentProcess(config: check("a"))
        try agent.waitUntilStarted()
        let file = agent.directory.appendingPathComponent("agent.conf")
        var metrics = ""
        #expect(try eventually { metrics = try agent.get("/metrics").body; return runs("a", metrics) >= 2 })
        let aBefore = runs("a", metrics)

        // A valid change: b is added, a keeps its counters.
        try (check("a") + check("b")).write(to: file, atomically: true, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        #expect(try eventually { metrics = try agent.get("/metrics").body; return runs("b", metrics) >= 1 }, "b runs:\n\(agent.log)")
        #expect(runs("a", metrics) >= aBefore, "a's counters carry over")
        #expect(value(of: "outpost_config_last_reload_successful", in: metrics) == 1)
        #expect(agent.log.contains("msg=\"config reloaded\" checks=2 reports=0 added=1 removed=0"))

        // A typo: nothing changes, every error is logged with its place.
        try (check("a") + check("b") + "intreval = \"5s\"\n").write(to: file, atomically: true, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        #expect(try eventually { metrics = try agent.get("/metrics").body; return value(of: "outpost_config_last_reload_successful", in: metrics) == 0 })
        #expect(agent.log.contains("config reload failed; the running config stays"))
        #expect(agent.log.contains("agent.conf:11:1: unknown key 'intreval' in check 'b' (did you mean 'every'?)"), "\(agent.log)")
        let bBefore = runs("b", metrics)
        #expect(try eventually { metrics = try agent.get("/metrics").body; return runs("b", metrics) > bBefore }, "b still runs")

        // a removed.
        try check("b").write(to: file, atomically: true, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        #expect(try eventually { metrics = try agent.get("/metrics").body; return runs("a", metrics) == -1 })
        #expect(value(of: "outpost_config_last_reload_successful", in: metrics) == 1)
        #expect(value(of: "outpost_config_reload_failures_total", in: metrics) == 1)
        #expect(agent.terminate() == 0)
    }

    @Test func aSecondAgentOnTheSameDatabaseIsRefused() throws {
        let first = try AgentProcess(config: "")
        try first.waitUntilStarted()
        let configPath = first.directory.appendingPathComponent("agent.conf").path
        let second = try outpost(["run", "--config", configPath, "--listen", "127.0.0.1:0"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("in use"), "got: \(second.stderr)")
        #expect(first.terminate() == 0)
    }

    @Test func aTakenPortIsAClearError() throws {
        let first = try AgentProcess(config: "")
        try first.waitUntilStarted()
        let other = try makeTemporaryDirectory(prefix: "outpost-it")
        defer { try? FileManager.default.removeItem(at: other) }
        try "".write(to: other.appendingPathComponent("agent.conf"), atomically: true, encoding: .utf8)
        let second = try outpost(["run", "--config", other.appendingPathComponent("agent.conf").path,
                                  "--listen", "127.0.0.1:\(first.port)"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("in use"), "got: \(second.stderr)")
        #expect(first.terminate() == 0)
    }
}
