import Foundation
import OutpostConfig
import OutpostHTTP
import Testing
import TestSupport
@testable import OutpostAgent

@Test func writerSortsFamiliesAndEscapes() {
    var writer = MetricsWriter()
    writer.family("zeta", .gauge, "Last.")
    writer.family("alpha_total", .counter, "First, with a \\ backslash\nand newline.")
    writer.sample("zeta", labels: ["check": "quote\"back\\slash\nnewline"], 1.5)
    writer.sample("alpha_total", 3)
    writer.sample("zeta", labels: ["check": "inf"], .infinity)
    writer.sample("zeta", labels: ["check": "nan"], .nan)
    #expect(writer.render() == """
        # HELP alpha_total First, with a \\\\ backslash\\nand newline.
        # TYPE alpha_total counter
        alpha_total 3
        # HELP zeta Last.
        # TYPE zeta gauge
        zeta{check="quote\\"back\\\\slash\\nnewline"} 1.5
        zeta{check="inf"} +Inf
        zeta{check="nan"} NaN

        """)
}

@Test func liveStateRendersCheckFamilies() {
    let live = LiveState(jobs: [shellJob("b-check", "true"), shellJob("a-check", "true")])
    live.record(RunResult(job: "b-check", kind: .command, startedAt: 1_700_000_000, duration: 0.25, status: .warning,
                          message: "slow", samples: [Sample(name: "time", value: 0.2, unit: "seconds", warning: 0.1, critical: 1)]))
    live.record(RunResult(job: "b-check", kind: .command, startedAt: 1_700_000_010, duration: 0.5, status: .ok, message: "fine",
                          samples: [Sample(name: "time", value: 0.4, unit: "seconds", warning: 0.1, critical: 1)]))
    live.recordSkipped(job: "a-check")
    var writer = MetricsWriter()
    live.collect(into: &writer)
    let text = writer.render()
    let lines = Set(text.split(separator: "\n").map(String.init))
    for expected in [
        "outpost_check_status{check=\"b-check\",kind=\"command\"} 0",
        "outpost_check_success{check=\"b-check\",kind=\"command\"} 1",
        "outpost_check_duration_seconds{check=\"b-check\",kind=\"command\"} 0.5",
        "outpost_check_last_run_timestamp_seconds{check=\"b-check\",kind=\"command\"} 1700000010",
        "outpost_check_last_success_timestamp_seconds{check=\"b-check\",kind=\"command\"} 1700000010.5",
        "outpost_check_runs_total{check=\"b-check\",kind=\"command\",status=\"ok\"} 1",
        "outpost_check_runs_total{check=\"b-check\",kind=\"command\",status=\"warning\"} 1",
        "outpost_check_runs_total{check=\"a-check\",kind=\"command\",status=\"ok\"} 0",
        "outpost_check_perfdata{check=\"b-check\",label=\"time\"} 0.4",
        "outpost_check_perfdata_warning_threshold{check=\"b-check\",label=\"time\"} 0.1",
        "outpost_check_perfdata_critical_threshold{check=\"b-check\",label=\"time\"} 1",
        "outpost_scheduler_skipped_runs_total{check=\"a-check\"} 1",
    ] {
        #expect(lines.contains(expected), "missing: \(expected)")
    }
    #expect(!text.contains("outpost_check_status{check=\"a-check\""), "no status before the first run")
    // Series come out sorted by check name.
    let a = text.range(of: "check=\"a-check\",kind=\"command\",status=\"critical\"")!.lowerBound
    let b = text.range(of: "check=\"b-check\",kind=\"command\",status=\"critical\"")!.lowerBound
    #expect(a < b)
}

@Test func routesAnswerByPathAndMethod() {
    let live = LiveState(jobs: [shellJob("x", "true")])
    let routes = Routes(live: live, collectors: [live])
    func request(_ method: String, _ path: String) -> HTTPResponseSummary {
        HTTPResponseSummary(routes.respond(to: .init(method: method, path: path, query: [:], headers: [:], remoteAddress: "127.0.0.1")))
    }
    #expect(request("GET", "/metrics").status == 200)
    #expect(request("GET", "/metrics").contentType == "text/plain; version=0.0.4; charset=utf-8")
    #expect(request("HEAD", "/healthz").status == 200)
    #expect(request("GET", "/readyz").status == 503)
    routes.setReady(true)
    #expect(request("GET", "/readyz").status == 200)
    #expect(request("GET", "/nope").status == 404)
    #expect(request("POST", "/metrics").status == 405)
    #expect(request("DELETE", "/").status == 405)
    #expect(request("GET", "/").body.contains("<td>x</td>"))
}

/// The whole exposition of a fixed state, pinned: family order, HELP and TYPE, label order and
/// escaping, number spelling. Regenerate with OUTPOST_UPDATE_GOLDEN=1 and read the diff.
@Test func wholeExpositionMatchesTheGoldenFile() throws {
    let jobs = [
        commandJob("disk \"root\"", ["/bin/true"]),
        Job(name: "weekly", kind: .report, schedule: .every(.seconds(3600)), timeout: .seconds(60), command: ["/bin/true"]),
        commandJob("api", ["/bin/true"]),
    ]
    let live = LiveState(jobs: jobs)
    live.record(RunResult(job: "api", kind: .command, startedAt: 1_764_806_400.25, duration: 0.0123, status: .critical,
                          message: "CRITICAL", samples: [Sample(name: "time", value: 1.5e-05, unit: "seconds", warning: 1, critical: 2),
                                                         Sample(name: "free space", value: 1_073_741_824, unit: "bytes")],
                          malformedSamples: 2))
    live.record(RunResult(job: "disk \"root\"", kind: .command, startedAt: 1_764_806_401, duration: 2, status: .ok, message: "OK",
                          samples: [Sample(name: "/", value: .infinity), Sample(name: "/", value: 3)]))
    live.record(RunResult(job: "weekly", kind: .report, startedAt: 1_764_806_402, duration: 30.5, status: .ok, message: "1 file"))
    live.recordSkipped(job: "api")
    var writer = MetricsWriter()
    live.collect(into: &writer)
    writer.family("outpost_scheduler_lag_seconds", .histogram, "Delay from a run's due time to its start.")
    writer.histogram("outpost_scheduler_lag_seconds", bounds: [0.01, 0.1, 1], cumulativeCounts: [1, 3, 3], sum: 0.125, count: 4)
    let text = writer.render()

    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/metrics.txt")
    if ProcessInfo.processInfo.environment["OUTPOST_UPDATE_GOLDEN"] != nil {
        try text.write(to: golden, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(text == expected, "differs from Golden/metrics.txt; run with OUTPOST_UPDATE_GOLDEN=1 and check the diff")
}

@Test func logLinesCarryAnRFC3339UTCTimestamp() {
    #expect(Logger.timestamp(timespec(tv_sec: 1_796_349_207, tv_nsec: 972_500_000)) == "2026-12-04T01:53:27.972Z")
    #expect(Logger.timestamp(timespec(tv_sec: 0, tv_nsec: 5_000_000)) == "1970-01-01T00:00:00.005Z")
    let capture = LogCapture()
    capture.logger.info("hello", ["job": "disk root"])
    let line = capture.lines.first ?? ""
    #expect(line.hasPrefix("ts=") && line.contains("Z level=info msg=hello job=\"disk root\""), "got \(line)")
}

@Test func metricsAreGzippedWhenTheScraperAsksForIt() throws {
    let live = LiveState(jobs: (0..<50).map { shellJob("check-\($0)", "true") })
    let routes = Routes(live: live, collectors: [live])
    let plain = routes.respond(to: HTTPRequest(method: "GET", path: "/metrics"))
    let gzipped = routes.respond(to: HTTPRequest(method: "GET", path: "/metrics", headers: ["accept-encoding": "gzip, deflate"]))
    guard case .bytes(let plainBody) = plain.body, case .bytes(let gzipBody) = gzipped.body else {
        Issue.record("expected whole bodies")
        return
    }
    #expect(!plain.headers.contains { $0.name == "Content-Encoding" })
    #expect(gzipped.headers.contains { $0.name == "Content-Encoding" && $0.value == "gzip" })
    #expect(gzipped.headers.contains { $0.name == "Vary" && $0.value == "Accept-Encoding" })
    #expect(gzipBody.count * 5 < plainBody.count, "\(gzipBody.count) of \(plainBody.count) bytes")

    // The gzip tool reads it back to the plain body.
    let gunzipped = try gunzipWithTheGzipTool(gzipBody)
    #expect(gunzipped.status == 0)
    #expect(gunzipped.output == Data(plainBody))

    for refused in ["gzip;q=0", "identity", "br", "gzip ; q=0.0"] {
        #expect(!Routes.acceptsGzip(HTTPRequest(method: "GET", path: "/metrics", headers: ["accept-encoding": refused])), "\(refused)")
    }
    #expect(Routes.acceptsGzip(HTTPRequest(method: "GET", path: "/metrics", headers: ["accept-encoding": "br, GZIP;q=0.5"])))
}

@Test func aReloadedLiveStateKeepsTheStateOfJobsThatStay() {
    let old = LiveState(jobs: [shellJob("stays", "true"), shellJob("goes", "true")])
    old.record(RunResult(job: "stays", kind: .command, startedAt: 100, duration: 1, status: .warning, message: "slow"))
    old.record(RunResult(job: "goes", kind: .command, startedAt: 100, duration: 1, status: .ok, message: "fine"))
    let reportNamedLikeTheCheck = Job(name: "stays-report", kind: .report, schedule: .every(.seconds(60)), timeout: .seconds(1), command: ["/bin/true"])
    let new = LiveState(jobs: [shellJob("stays", "true"), shellJob("new", "true"), reportNamedLikeTheCheck], carryingOver: old)
    #expect(new.job(named: "stays")?.last?.message == "slow")
    #expect(new.job(named: "stays")?.runsByStatus[CheckStatus.warning.rawValue] == 1)
    #expect(new.job(named: "new")?.last == nil)
    #expect(new.job(named: "goes") == nil)
    #expect(new.snapshot().map(\.name) == ["new", "stays", "stays-report"])
}

@Test func resultsRecordedDuringReloadsAreNeverLost() {
    // Records race with reloads that carry the state over: every result must land in the
    // state in force at the end.
    let jobs = (0..<50).map { shellJob("job-\($0)", "true") }
    let first = LiveState(jobs: jobs)
    let wiring = Wiring(live: first, collectors: [first])
    let results = 20_000
    DispatchQueue.concurrentPerform(iterations: 3) { worker in
        if worker == 0 {
            for _ in 0..<300 { wiring.reload { current in let live = LiveState(jobs: jobs, carryingOver: current); return (live, [live]) } }
        } else {
            for i in stride(from: worker - 1, to: results, by: 2) {
                _ = wiring.record(RunResult(job: "job-\(i % 50)", kind: .command, startedAt: Double(i), duration: 0, status: .ok, message: ""))
            }
        }
    }
    let recorded = wiring.live.snapshot().reduce(0) { $0 + $1.runsByStatus.reduce(0, +) }
    #expect(recorded == results)
}

@Test func theStatusPageShowsNextRunsAndWhatIsOverdue() {
    let live = LiveState(jobs: [shellJob("stuck", "true"), shellJob("fine", "true"), shellJob("<b>odd</b>", "true")])
    live.record(RunResult(job: "fine", kind: .command, startedAt: 1_000, duration: 0.25, status: .ok, message: "all <fine>"))
    let html = StatusPage.render(live.snapshot(), nextRuns: ["stuck": 1_700, "fine": 2_042], now: 2_000)
    #expect(html.contains("<td class=\"overdue\">overdue 5m</td>"), "300 s late")
    #expect(html.contains("<td>in 42s</td>"))
    #expect(html.contains("<td>never</td>"), "a job that has not run says so")
    #expect(html.contains("all &lt;fine&gt;") && html.contains("&lt;b&gt;odd&lt;/b&gt;"), "text from plugins is escaped")
    #expect(!html.contains("<b>odd</b>"))
    #expect(StatusPage.relative(-30) == ("now", false), "a little late is not overdue")
    #expect(StatusPage.relative(3 * 86_400) == ("in 3d", false))
}
