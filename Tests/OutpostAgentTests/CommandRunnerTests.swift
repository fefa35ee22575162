import Foundation
import OutpostConfig
import Testing
import TestSupport
@testable import OutpostAgent

let runner = CommandRunner()

@Test(arguments: [(0, CheckStatus.ok), (1, .warning), (2, .critical), (3, .unknown)])
func exitCodesMapToStatuses(code: Int, status: CheckStatus) {
    let result = runner.run(shellJob("x", "echo 'STATE - text | v=1'; exit \(code)"))
    #expect(result.status == status)
    #expect(result.message == "STATE - text")
    #expect(result.samples == [Sample(name: "v", value: 1)])
}

@Test func otherExitCodesAreUnknownWithTheReason() {
    let result = runner.run(shellJob("x", "echo broken; exit 4"))
    #expect(result.status == .unknown)
    #expect(result.message == "exit code 4 is not a plugin status (0-3): broken")
}

@Test func aSignalIsUnknown() {
    let result = runner.run(shellJob("x", "kill -9 $$"))
    #expect(result.status == .unknown)
    #expect(result.message == "killed by signal 9")
}

@Test func aTimeoutIsUnknown() {
    let result = runner.run(shellJob("x", "sleep 30", timeout: .milliseconds(300)))
    #expect(result.status == .unknown)
    #expect(result.message == "timed out after 300ms")
    #expect(result.duration < 5)
}

@Test func aProgramThatCannotStartIsUnknown() {
    let result = runner.run(commandJob("x", ["/nonexistent/plugin"]))
    #expect(result.status == .unknown)
    #expect(result.message.contains("/nonexistent/plugin"))
}

@Test func perfdataBecomesSamplesInBaseUnits() {
    let result = runner.run(shellJob("x", "echo \"OK | time=250ms;500;1000;0 'free space'=2KB;;;0;10 bad=x\""))
    #expect(result.status == .ok)
    #expect(result.samples.map(\.name) == ["time", "free space"])
    #expect(result.samples[0].value == 0.25)
    #expect(result.samples[0].unit == "seconds")
    #expect(result.samples[0].warning == 0.5)
    #expect(result.samples[0].critical == 1)
    #expect(result.samples[1].value == 2048)
    #expect(result.samples[1].unit == "bytes")
    #expect(result.malformedSamples == 1)
}

@Test func aFloodOfPerfdataIsCappedAndCounted() {
    // 5,000 values from one plugin: the first 100 become samples, the rest are counted.
    let result = runner.run(shellJob("flood", "printf 'OK |'; i=0; while [ $i -lt 5000 ]; do printf ' v%d=%d' $i $i; i=$((i+1)); done; echo"))
    #expect(result.status == .ok)
    #expect(result.samples.count == RunResult.sampleLimit)
    #expect(result.samples.first?.name == "v0" && result.samples.last?.name == "v99")
    #expect(result.droppedSamples == 4900)
    let live = LiveState(jobs: [shellJob("flood", "true")])
    live.record(result)
    var writer = MetricsWriter()
    live.collect(into: &writer)
    let text = writer.render()
    #expect(text.contains("outpost_check_perfdata_dropped_total{check=\"flood\"} 4900"))
    #expect(text.split(separator: "\n").filter { $0.hasPrefix("outpost_check_perfdata{") }.count == 100)
}

@Test func stderrIsKeptInTheOutput() {
    let result = runner.run(shellJob("x", "echo out; echo err >&2; exit 2"))
    #expect(result.status == .critical)
    #expect(result.output == "out\n[stderr]\nerr\n")
}

@Test func theChildGetsACleanEnvironment() {
    setenv("OUTPOST_TEST_SECRET", "leak", 1)
    var job = shellJob("x", "echo \"v=${OUTPOST_TEST_SECRET:-unset} e=$EXTRA\"")
    job.environment = ["EXTRA": "given"]
    #expect(runner.run(job).message == "v=unset e=given")
}

@Test func aReportCollectsItsOutputsAndChecksTheirSize() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let runners = Runners(reportsDirectory: root.path)
    func report(_ script: String, minBytes: Int = 10, keep: Int = 2) -> Job {
        var job = shellJob("weekly", script)
        job.kind = .report
        job.report = ReportSettings(outputs: ["*.csv"], minBytes: minBytes, keep: keep)
        return job
    }
    let good = runners.run(report("printf 'a,b\\n1,2\\n3,4\\n' > out.csv; echo ignored > notes.txt"))
    #expect(good.status == .ok)
    #expect(good.message == "1 file, 12 bytes: out.csv")
    #expect(runners.run(report("true")).message == "no output file matched *.csv")
    #expect(runners.run(report("printf 'a\\n' > out.csv")).message == "out.csv is 2 bytes, expected at least 10")
    let failed = runners.run(report("echo 'database down' >&2; exit 3"))
    #expect(failed.status == .critical)
    #expect(failed.message == "exit 3: database down")
    // Only the newest `keep` run directories remain.
    let runs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("weekly").path)
    #expect(runs.count == 2)
}

@Test func pruningTouchesOnlyRunDirectories() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let job = root.appendingPathComponent("weekly")
    for name in ["20261201T060000.000Z", "20261202T060000.000Z", "20261203T060000.000Z", "notes.txt", "keep-me"] {
        try FileManager.default.createDirectory(at: job.appendingPathComponent(name), withIntermediateDirectories: true)
    }
    ReportRunner(command: CommandRunner(), root: root.path).prune(job: "weekly", keep: 1)
    let left = try FileManager.default.contentsOfDirectory(atPath: job.path).sorted()
    #expect(left == ["20261203T060000.000Z", "keep-me", "notes.txt"])
}
