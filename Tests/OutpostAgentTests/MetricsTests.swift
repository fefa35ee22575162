import Foundation
import OutpostConfig
import Testing
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
