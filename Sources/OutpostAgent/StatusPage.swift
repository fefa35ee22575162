// A first, plain status page: every job, its status, last and next run and message.
// Self-contained HTML (no CDN), refreshed by the browser every 15 s until live updates arrive.
import Foundation

enum StatusPage {
    /// `nextRuns`: job name → unix time it is next due. A job more than a minute past due is
    /// shown as overdue: the job that silently stopped running is what the old scripts hid.
    static func render(_ jobs: [JobSnapshot], nextRuns: [String: Double] = [:], now: Double = Date().timeIntervalSince1970) -> String {
        let failing = jobs.filter { ($0.last?.status ?? .ok) != .ok }.count
        var rows = ""
        for job in jobs {
            let status = job.last.map { $0.status.description } ?? "pending"
            let lastRun = job.last.map { Date(timeIntervalSince1970: $0.startedAt).formatted(.iso8601) } ?? "never"
            let duration = job.last.map { formatSeconds($0.duration) } ?? "—"
            let next = nextRuns[job.name].map { relative($0 - now) } ?? (text: "—", overdue: false)
            rows += "<tr class=\"\(status)\"><td>\(escape(job.name))</td><td>\(job.kind.rawValue)</td><td>\(status)</td>"
            rows += "<td>\(lastRun)</td><td\(next.overdue ? " class=\"overdue\"" : "")>\(next.text)</td>"
            rows += "<td>\(duration)</td><td>\(escape(job.last?.message ?? ""))</td></tr>\n"
        }
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
        <title>Outpost — \(failing == 0 ? "all ok" : "\(failing) not ok")</title>
        <style>
        body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}
        td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}
        .ok td:nth-child(3){color:#0a0}.warning td:nth-child(3){color:#b80}
        .critical td:nth-child(3),.unknown td:nth-child(3),td.overdue{color:#c00;font-weight:bold}
        </style></head><body>
        <h1>Outpost</h1><p>\(jobs.count) jobs, \(failing) not ok. <a href="/metrics">metrics</a></p>
        <table><tr><th>name</th><th>kind</th><th>status</th><th>last run (UTC)</th><th>next run</th><th>duration</th><th>message</th></tr>
        \(rows)</table></body></html>

        """
    }

    /// "in 42s", "in 3h", or "overdue 5m" once more than a minute late.
    static func relative(_ seconds: Double) -> (text: String, overdue: Bool) {
        func span(_ seconds: Double) -> String {
            let s = Int(seconds.rounded())
            if s < 120 { return "\(s)s" }
            if s < 7200 { return "\(s / 60)m" }
            if s < 172_800 { return "\(s / 3600)h" }
            return "\(s / 86400)d"
        }
        if seconds < -60 { return ("overdue \(span(-seconds))", true) }
        return (seconds <= 0 ? "now" : "in \(span(seconds))", false)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
