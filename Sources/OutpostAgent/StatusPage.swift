// A first, plain status page: every job, its status, last run and message. Self-contained
// HTML (no CDN), refreshed by the browser every 15 s until live updates arrive.
import Foundation

enum StatusPage {
    static func render(_ jobs: [JobSnapshot]) -> String {
        let failing = jobs.filter { ($0.last?.status ?? .ok) != .ok }.count
        var rows = ""
        for job in jobs {
            let status = job.last.map { $0.status.description } ?? "pending"
            let lastRun = job.last.map { Date(timeIntervalSince1970: $0.startedAt).formatted(.iso8601) } ?? "—"
            let duration = job.last.map { formatSeconds($0.duration) } ?? "—"
            rows += "<tr class=\"\(status)\"><td>\(escape(job.name))</td><td>\(job.kind.rawValue)</td><td>\(status)</td>"
            rows += "<td>\(lastRun)</td><td>\(duration)</td><td>\(escape(job.last?.message ?? ""))</td></tr>\n"
        }
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
        <title>Outpost — \(failing == 0 ? "all ok" : "\(failing) not ok")</title>
        <style>
        body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}
        td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}
        .ok td:nth-child(3){color:#0a0}.warning td:nth-child(3){color:#b80}
        .critical td:nth-child(3),.unknown td:nth-child(3){color:#c00;font-weight:bold}
        </style></head><body>
        <h1>Outpost</h1><p>\(jobs.count) jobs, \(failing) not ok. <a href="/metrics">metrics</a></p>
        <table><tr><th>name</th><th>kind</th><th>status</th><th>last run (UTC)</th><th>duration</th><th>message</th></tr>
        \(rows)</table></body></html>

        """
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
