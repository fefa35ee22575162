// The HTTP surface as a pure function of (request, agent state) → response; the
// libmicrohttpd adapter in OutpostHTTP only carries bytes. Tested without a socket.
import Compression
import Foundation
import OutpostHTTP
import Synchronization

/// The live state and the metric collectors the routes and the result path read, swapped as
/// one when a reload brings new jobs. Results are recorded through it, under its lock, so a
/// result that arrives while a reload builds the new state is never recorded into the old one.
public final class Wiring: Sendable {
    private struct Parts: Sendable {
        var live: LiveState
        var collectors: [any MetricsCollector]
    }

    private let parts: Mutex<Parts>

    public init(live: LiveState, collectors: [any MetricsCollector]) {
        parts = Mutex(Parts(live: live, collectors: collectors))
    }

    public var live: LiveState { parts.withLock { $0.live } }
    public var collectors: [any MetricsCollector] { parts.withLock { $0.collectors } }

    public func replace(live: LiveState, collectors: [any MetricsCollector]) {
        parts.withLock { $0 = Parts(live: live, collectors: collectors) }
    }

    /// Builds the next live state from the current one and swaps it in, with no result
    /// recorded in between.
    public func reload(_ next: (LiveState) -> (LiveState, [any MetricsCollector])) {
        parts.withLock { parts in
            let (live, collectors) = next(parts.live)
            parts = Parts(live: live, collectors: collectors)
        }
    }

    /// `LiveState.record` on the current state; nil also when the job is not (or no longer) configured.
    public func record(_ result: RunResult) -> (known: Bool, previous: CheckStatus?) {
        parts.withLock { parts in
            guard parts.live.contains(job: result.job) else { return (false, nil) }
            return (true, parts.live.record(result))
        }
    }

    public func recordSkipped(job: String) {
        parts.withLock { $0.live.recordSkipped(job: job) }
    }
}

public final class Routes: Sendable {
    let wiring: Wiring
    /// Job name → when it is next due (the scheduler's), for the status page.
    let nextRuns: @Sendable () -> [String: Double]
    /// False until the store and scheduler are up, and again while shutting down.
    let ready = Atomic<Bool>(false)

    public init(wiring: Wiring, nextRuns: @escaping @Sendable () -> [String: Double] = { [:] }) {
        self.wiring = wiring
        self.nextRuns = nextRuns
    }

    public convenience init(live: LiveState, collectors: [any MetricsCollector]) {
        self.init(wiring: Wiring(live: live, collectors: collectors))
    }

    public func setReady(_ value: Bool) { ready.store(value, ordering: .relaxed) }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPResponse.text("method \(request.method) not allowed; use GET or HEAD\n", status: 405)
            response.headers.append((name: "Allow", value: "GET, HEAD"))
            return response
        }
        switch request.path {
        case "/metrics":
            return metrics(acceptsGzip: Self.acceptsGzip(request))
        case "/healthz":
            return HTTPResponse.text("ok\n")
        case "/readyz":
            return ready.load(ordering: .relaxed) ? HTTPResponse.text("ready\n") : HTTPResponse.text("not ready\n", status: 503)
        case "/":
            return HTTPResponse.text(StatusPage.render(wiring.live.snapshot(), nextRuns: nextRuns()), contentType: "text/html; charset=utf-8")
        default:
            return HTTPResponse.text("not found: \(request.path)\n", status: 404)
        }
    }

    /// Prometheus asks for gzip: at 10,000 checks the body shrinks from 12 MiB to well under
    /// one, for a few milliseconds at zlib's fastest level.
    func metrics(acceptsGzip: Bool) -> HTTPResponse {
        var headers = [(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8"), (name: "Vary", value: "Accept-Encoding")]
        var body = renderMetrics()
        if acceptsGzip, let compressed = try? GzipEncoder.compress(body, level: 1) {
            body = compressed
            headers.append((name: "Content-Encoding", value: "gzip"))
        }
        return HTTPResponse(status: 200, headers: headers, body: .bytes(body))
    }

    /// True when Accept-Encoding lists gzip with a weight above 0 ("gzip", "gzip;q=0.5").
    static func acceptsGzip(_ request: HTTPRequest) -> Bool {
        guard let accepted = request.headers["accept-encoding"] else { return false }
        return accepted.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "gzip" else { return false }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return weight > 0
        }
    }

    /// Rendered from memory on every scrape; never touches disk.
    public func renderMetrics() -> [UInt8] {
        var writer = MetricsWriter()
        for collector in wiring.collectors { collector.collect(into: &writer) }
        return writer.renderBytes()
    }
}
