// Section "metrics": /metrics at N checks (default 100 and 10,000): render time from a filled
// LiveState, then scrapes/s over real HTTP keep-alive connections, beside the same server
// answering a precomputed body of the same size (so the ratio is what rendering costs).
import Foundation
import OutpostAgent
import OutpostConfig
import OutpostHTTP

func metricsBench(_ args: [String]) throws {
    let sizes = args.contains("--checks") ? [intOption(args, "--checks", default: 100)] : [100, 10_000]
    let seconds = Double(intOption(args, "--seconds", default: 3))
    for checks in sizes {
        let routes = filledRoutes(checks: checks)
        let body = String(decoding: routes.renderMetrics(), as: UTF8.self)
        let render = median(of: 21) { _ = routes.renderMetrics() }
        let series = body.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        print("metrics: \(checks) checks, \(series) series, \(body.utf8.count / 1024) KiB; render \(format(render * 1000)) ms (median of 21)")
        let gzipRequest = HTTPRequest(method: "GET", path: "/metrics", headers: ["accept-encoding": "gzip"])
        var gzipBytes = 0
        let gzipped = median(of: 21) {
            if case .bytes(let bytes) = routes.respond(to: gzipRequest).body { gzipBytes = bytes.count }
        }
        print("metrics: \(checks) checks, render + gzip (level 1) \(format(gzipped * 1000)) ms, \(gzipBytes / 1024) KiB sent")

        let rendered = try scrapeRate(seconds: seconds) { _ in routes.respond(to: HTTPRequest(method: "GET", path: "/metrics")) }
        let fixed = HTTPResponse.text(body, contentType: "text/plain; version=0.0.4; charset=utf-8")
        let baseline = try scrapeRate(seconds: seconds) { _ in fixed }
        print("metrics: \(checks) checks, scrapes/s rendered \(Int(rendered)), precomputed body \(Int(baseline)), ratio \(format(rendered / baseline))")
    }
}

/// Routes over a LiveState where every check has run once with three perfdata values.
func filledRoutes(checks: Int) -> Routes {
    let jobs = (0..<checks).map { i in
        Job(name: "check-\(i)", kind: .command, schedule: .every(.seconds(60)), timeout: .seconds(10), command: ["/bin/true"])
    }
    let live = LiveState(jobs: jobs)
    for (i, job) in jobs.enumerated() {
        live.record(RunResult(
            job: job.name, kind: .command, startedAt: 1_764_800_000 + Double(i), duration: 0.012 + Double(i % 100) / 1000,
            status: CheckStatus(rawValue: i % 4) ?? .ok, message: "OK - all fine",
            samples: [Sample(name: "time", value: 0.012, unit: "seconds", warning: 1, critical: 2),
                      Sample(name: "size", value: Double(i * 1024), unit: "bytes"),
                      Sample(name: "load1", value: 0.5, warning: 4, critical: 8)]))
    }
    return Routes(live: live, collectors: [live, ProcessMetrics(version: "bench")])
}

/// Requests/s that two keep-alive clients get from a real server answering with `handler`.
func scrapeRate(seconds: Double, clients: Int = 2, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> Double {
    let server = try HTTPServer(host: "127.0.0.1", port: 0, handler: handler)
    defer { server.stop() }
    let port = server.port
    let group = DispatchGroup()
    let counts = LockedCounts(clients)
    for client in 0..<clients {
        DispatchQueue.global().async(group: group) {
            counts.set(client, (try? keepAliveScrapes(port: port, seconds: seconds)) ?? -1)
        }
    }
    group.wait()
    guard counts.all.allSatisfy({ $0 > 0 }) else { throw BenchError("a scrape client failed") }
    return Double(counts.all.reduce(0, +)) / seconds
}

final class LockedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int]
    init(_ n: Int) { values = Array(repeating: 0, count: n) }
    func set(_ i: Int, _ value: Int) { lock.withLock { values[i] = value } }
    var all: [Int] { lock.withLock { values } }
}

/// GET /metrics over one connection for `seconds`; returns complete responses read.
func keepAliveScrapes(port: UInt16, seconds: Double) throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw BenchError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw BenchError("connect failed") }
    let request = Array("GET /metrics HTTP/1.1\r\nHost: bench\r\n\r\n".utf8)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var pending: [UInt8] = []
    let end = monotonicSeconds() + seconds
    var done = 0
    while monotonicSeconds() < end {
        guard request.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == request.count else { throw BenchError("write failed") }
        // Read the head, then Content-Length bytes of body.
        var bodyLength: Int?
        var headEnd = 0
        while true {
            if bodyLength == nil, let range = findHeadEnd(pending) {
                headEnd = range
                let head = String(decoding: pending[..<range], as: UTF8.self).lowercased()
                guard head.hasPrefix("http/1.1 200"), let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                      let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else {
                    throw BenchError("unexpected response head: \(head.prefix(200))")
                }
                bodyLength = length
            }
            if let bodyLength, pending.count >= headEnd + bodyLength {
                pending.removeFirst(headEnd + bodyLength)
                break
            }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw BenchError("connection closed") }
            pending.append(contentsOf: buffer[..<n])
        }
        done += 1
    }
    return done
}

func findHeadEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
        return i + 4
    }
    return nil
}
