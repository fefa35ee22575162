// A deliberately dumb HTTP/1.1 client over a POSIX socket, so tests control every byte sent
// (garbage, huge request lines, uploads) and see every byte received.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

struct RawResponse {
  var status: Int
  var headers: [String: String]  // lowercased names
  var body: [UInt8]
  var text: String { String(decoding: body, as: UTF8.self) }
}

enum RawHTTPClient {
  /// Connects to host:port, sends `bytes`, reads until the server closes or `timeout` passes.
  /// Returns nil if the connection could not be made.
  static func exchange(host: String = "127.0.0.1", port: UInt16, bytes: [UInt8], timeout: Int = 10) -> [UInt8]? {
    let isIPv6 = host.contains(":")
    let fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var tv = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    let connected: Int32
    if isIPv6 {
      var addr = sockaddr_in6()
      addr.sin6_family = sa_family_t(AF_INET6)
      addr.sin6_port = port.bigEndian
      inet_pton(AF_INET6, host, &addr.sin6_addr)
      connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
      }
    } else {
      var addr = sockaddr_in()
      addr.sin_family = sa_family_t(AF_INET)
      addr.sin_port = port.bigEndian
      inet_pton(AF_INET, host, &addr.sin_addr)
      connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
      }
    }
    guard connected == 0 else { return nil }
    var sent = 0
    while sent < bytes.count {
      let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { break }  // the server may answer and close before reading everything
      sent += n
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = recv(fd, &buffer, buffer.count, 0)
      if n <= 0 { break }
      received += buffer[0..<n]
    }
    return received
  }

  /// Sends one request with `Connection: close` and parses the answer (de-chunking if needed).
  static func request(
    host: String = "127.0.0.1", port: UInt16, method: String = "GET", target: String = "/",
    headers: [String] = [], body: [UInt8] = []
  ) -> RawResponse? {
    var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    for header in headers { head += header + "\r\n" }
    if !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
    head += "\r\n"
    guard let raw = exchange(host: host, port: port, bytes: Array(head.utf8) + body) else { return nil }
    return parse(raw)
  }

  static func parse(_ raw: [UInt8]) -> RawResponse? {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    guard let end = raw.firstRange(of: separator) else { return nil }
    let lines = String(decoding: raw[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = lines[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var body = Array(raw[end.upperBound...])
    if headers["transfer-encoding"]?.lowercased() == "chunked" {
      guard let decoded = dechunk(body) else { return nil }
      body = decoded
    }
    return RawResponse(status: status, headers: headers, body: body)
  }

  /// Decodes a chunked body; nil if it is truncated or malformed (no terminating 0 chunk).
  static func dechunk(_ data: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = []
    var i = 0
    let crlf: [UInt8] = [13, 10]
    while true {
      guard let lineEnd = data[i...].firstRange(of: crlf) else { return nil }
      let sizeText = String(decoding: data[i..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
      guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
      i = lineEnd.upperBound
      if size == 0 { return out }
      guard i + size + 2 <= data.count else { return nil }
      out += data[i..<(i + size)]
      i += size + 2
    }
  }
}
