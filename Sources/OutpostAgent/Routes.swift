// The HTTP surface as a pure function of (request, agent state) → response; the
// libmicrohttpd adapter in OutpostHTTP only carries bytes. Tested without a socket.
import OutpostHTTP
import Synchronization

public final class Routes: Sendable {
    let live: LiveState
    let collectors: [any MetricsCollector]
    /// False until the store and scheduler are up, and again while shutting down.
    let ready = Atomic<Bool>(false)

    public init(live: LiveState, collectors: [any MetricsCollector]) {
        self.live = live
        self.collectors = collectors
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
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                                body: .bytes(renderMetrics()))
        case "/healthz":
            return HTTPResponse.text("ok\n")
        case "/readyz":
            return ready.load(ordering: .relaxed) ? HTTPResponse.text("ready\n") : HTTPResponse.text("not ready\n", status: 503)
        case "/":
            return HTTPResponse.text(StatusPage.render(live.snapshot()), contentType: "text/html; charset=utf-8")
        default:
            return HTTPResponse.text("not found: \(request.path)\n", status: 404)
        }
    }

    /// Rendered from memory on every scrape; never touches disk.
    public func renderMetrics() -> [UInt8] {
        var writer = MetricsWriter()
        for collector in collectors { collector.collect(into: &writer) }
        return writer.renderBytes()
    }
}
