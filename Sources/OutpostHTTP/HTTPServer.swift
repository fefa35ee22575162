// The HTTP listener: a libmicrohttpd daemon (epoll, internal thread pool) on a socket we bind.
import CMicroHTTPD
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Serves `handler` on host:port until `stop()` or deinit.
public final class HTTPServer: Sendable {
  /// The actually bound port (useful when started with port 0).
  public let port: UInt16
  private let running: Mutex<RunningDaemon?>

  /// host: an IPv4 or IPv6 literal ("0.0.0.0", "127.0.0.1", "::", "::1"); port 0 picks a free port.
  /// `connectionTimeout` (seconds) closes idle keep-alive sockets; it matters because connections
  /// beyond `connectionLimit` wait in the backlog until one closes.
  public init(
    host: String, port: UInt16, threads: Int = 2, connectionLimit: Int = 1000, connectionTimeout: Int = 10,
    handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
  ) throws(HTTPServerError) {
    let socket = try ListenSocket.open(host: host, port: port)
    let context = Unmanaged.passRetained(HandlerContext(handler: handler))
    guard let log = outpost_mhd_log_create() else {
      close(socket.fd)
      context.release()
      throw HTTPServerError(message: "cannot start HTTP server on \(host):\(socket.port): out of memory")
    }
    let daemon = outpost_mhd_start(
      socket.fd, socket.isIPv6 ? 1 : 0,
      UInt32(clamping: threads > 1 ? threads : 0),
      UInt32(clamping: max(connectionLimit, 1)),
      UInt32(clamping: max(connectionTimeout, 1)),
      accessHandler, context.toOpaque(), log)
    var reason = [CChar](repeating: 0, count: 512)
    outpost_mhd_log_finish(log, &reason, reason.count)
    guard let daemon else {
      // The socket is not closed here: libmicrohttpd closes it on most failure paths and a
      // second close could hit an fd another thread has just opened.
      context.release()
      outpost_mhd_log_destroy(log)
      let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw HTTPServerError(
        message: "cannot start HTTP server on \(host):\(socket.port): \(text.isEmpty ? "libmicrohttpd failed to start" : text)")
    }
    self.port = socket.port
    self.running = Mutex(RunningDaemon(daemon: daemon, context: context, log: log))
  }

  /// Stops accepting, closes connections and waits for in-flight handlers; idempotent.
  /// Must not be called from inside a handler (it would wait for itself).
  public func stop() {
    guard let daemon = running.withLock({ running -> RunningDaemon? in
      defer { running = nil }
      return running
    }) else { return }
    MHD_stop_daemon(daemon.daemon)  // joins the threads and closes the listen socket
    daemon.context.release()
    outpost_mhd_log_destroy(daemon.log)
  }

  deinit { stop() }
}

/// The C handles of a started daemon. Only `stop()` uses them, once, after taking them out of
/// the mutex, so sharing them across threads is safe.
private struct RunningDaemon: @unchecked Sendable {
  let daemon: OpaquePointer
  let context: Unmanaged<HandlerContext>
  let log: UnsafeMutableRawPointer
}
