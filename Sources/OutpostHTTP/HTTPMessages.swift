// The values that cross between the libmicrohttpd adapter and Outpost's routes.
// Routes are pure functions HTTPRequest -> HTTPResponse and never see libmicrohttpd.

/// One request as the routes see it; the body, if any, is discarded by the server.
public struct HTTPRequest: Sendable {
  /// "GET", "HEAD", ... exactly as sent.
  public var method: String
  /// Percent-decoded path without the query.
  public var path: String
  /// Decoded query arguments ("+" is a space); when a name repeats, the last value wins.
  public var query: [String: String]
  /// Header names lowercased; when a name repeats, the last value wins.
  public var headers: [String: String]
  /// Client IP as text ("127.0.0.1", "::1"); IPv4-mapped IPv6 peers appear as IPv4.
  public var remoteAddress: String?

  public init(
    method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
    remoteAddress: String? = nil
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.remoteAddress = remoteAddress
  }
}

/// A response body: whole bytes (sent with Content-Length) or a stream (sent chunked).
public enum HTTPBody: Sendable {
  case bytes([UInt8])
  /// A body of unknown length produced in chunks (exports, server-sent events later): the closure is called repeatedly
  /// from the server thread and returns the next chunk, or nil at the end.
  case stream(@Sendable () -> [UInt8]?)
}

/// One response. Content-Length and Transfer-Encoding are set by the server, not here.
public struct HTTPResponse: Sendable {
  /// 200...599; anything else is sent as 500.
  public var status: Int
  /// Sent in order; a header whose name or value contains CR, LF or TAB is dropped.
  public var headers: [(name: String, value: String)]
  public var body: HTTPBody

  public init(status: Int, headers: [(name: String, value: String)] = [], body: HTTPBody = .bytes([])) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A UTF-8 text response.
  public static func text(
    _ s: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8"
  ) -> HTTPResponse {
    HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: .bytes(Array(s.utf8)))
  }
}

/// Why a server could not start, e.g. "cannot listen on 0.0.0.0:9464: Address already in use".
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(message: String) { self.message = message }
  public var description: String { message }
}
