// Hostile input, load, binding errors and stop(): the server must keep serving and release its port.
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import OutpostHTTP

@Suite struct HTTPServerLifecycleTests {
  @Test func garbageBytesGet4xxOrCloseAndServerKeepsServing() throws {
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { _ in .text("alive") }
    defer { server.stop() }
    let longLine = "GET /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"
    var binary = [UInt8](repeating: 0, count: 4096)
    for i in binary.indices { binary[i] = UInt8(truncatingIfNeeded: i &* 7919) }
    let inputs: [[UInt8]] = [
      Array("GARBAGE\r\n\r\n".utf8),
      Array(longLine.utf8),
      binary,
      Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".utf8),
      Array("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n".utf8),
      Array("GET /%ff%00%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8),
    ]
    for input in inputs {
      let answer = RawHTTPClient.exchange(port: server.port, bytes: input, timeout: 15)
      let text = String(decoding: answer ?? [], as: UTF8.self)
      let status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) }
      // Either a client error, a close without answer, or (for the odd but valid path) the handler's answer.
      #expect(text.isEmpty || (400..<500).contains(status ?? 0) || text.hasSuffix("alive"), "\(text.prefix(80))")
      #expect(RawHTTPClient.request(port: server.port)?.text == "alive")
    }
    // libmicrohttpd 0.9.75 closes on a request line without a version, and answers 400 to a bad header.
    let badHeader = RawHTTPClient.exchange(port: server.port, bytes: inputs[3]).map { String(decoding: $0, as: UTF8.self) }
    #expect(badHeader?.hasPrefix("HTTP/1.1 400") == true)
  }

  @Test func secondServerOnSamePortThrowsAddressInUse() throws {
    let first = try HTTPServer(host: "127.0.0.1", port: 0) { _ in .text("first") }
    defer { first.stop() }
    #expect {
      try HTTPServer(host: "127.0.0.1", port: first.port) { _ in .text("second") }
    } throws: { error in
      let message = (error as? HTTPServerError)?.message ?? ""
      return message == "cannot listen on 127.0.0.1:\(first.port): Address already in use"
    }
    #expect(RawHTTPClient.request(port: first.port)?.text == "first")
  }

  @Test func invalidHostIsRejected() {
    #expect {
      try HTTPServer(host: "localhost", port: 0) { _ in .text("x") }
    } throws: { error in
      (error as? HTTPServerError)?.message.contains("not an IPv4 or IPv6 address") == true
    }
  }

  @Test func fiveHundredConcurrentRequestsAllSucceed() throws {
    let served = Atomic(0)
    let server = try HTTPServer(host: "127.0.0.1", port: 0, threads: 2) { request in
      served.add(1, ordering: .relaxed)
      return .text("n=\(request.query["n"] ?? "")")
    }
    defer { server.stop() }
    let ok = Atomic(0)
    let port = server.port
    DispatchQueue.concurrentPerform(iterations: 10) { thread in
      for i in 0..<50 {
        let n = thread * 50 + i
        if let response = RawHTTPClient.request(port: port, target: "/?n=\(n)"),
          response.status == 200, response.text == "n=\(n)"
        {
          ok.add(1, ordering: .relaxed)
        }
      }
    }
    let succeeded = ok.load(ordering: .relaxed)
    let handled = served.load(ordering: .relaxed)
    #expect(succeeded == 500)
    #expect(handled == 500)
  }

  @Test func keepAliveConnectionServesSeveralRequests() throws {
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { request in .text(request.path) }
    defer { server.stop() }
    let pipelined = "GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    let raw = try #require(RawHTTPClient.exchange(port: server.port, bytes: Array(pipelined.utf8)))
    let text = String(decoding: raw, as: UTF8.self)
    #expect(text.components(separatedBy: "HTTP/1.1 200").count == 3)
    #expect(text.hasSuffix("/two"))
    #expect(text.contains("/one"))
  }

  @Test func stopIsIdempotentWaitsForHandlersAndReleasesPort() throws {
    let finished = Atomic(false)
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { _ in
      Thread.sleep(forTimeInterval: 0.5)
      finished.store(true, ordering: .sequentiallyConsistent)
      return .text("slow")
    }
    let port = server.port
    let client = Thread { _ = RawHTTPClient.request(port: port) }
    client.start()
    Thread.sleep(forTimeInterval: 0.2)  // the handler is now sleeping
    server.stop()
    let handlerFinished = finished.load(ordering: .sequentiallyConsistent)
    #expect(handlerFinished)  // stop waited for the in-flight handler
    server.stop()
    #expect(RawHTTPClient.request(port: port) == nil)  // nothing listens any more

    let again = try HTTPServer(host: "127.0.0.1", port: port) { _ in .text("again") }
    defer { again.stop() }
    #expect(again.port == port)
    #expect(RawHTTPClient.request(port: port)?.text == "again")
  }
}

/// Flips a flag when deallocated, to prove closures handed to the server are released.
final class ReleaseTracker: Sendable {
  final class Flag: Sendable { let value = Atomic(false) }
  private let flag: Flag
  init(_ flag: Flag) { self.flag = flag }
  deinit { flag.value.store(true, ordering: .sequentiallyConsistent) }
}

@Suite struct HTTPServerResourceTests {
  @Test func abortedEndlessStreamIsReleasedAndStopReturns() throws {
    let flag = ReleaseTracker.Flag()
    let started = Atomic(0)
    let server: HTTPServer
    do {
      let tracker = ReleaseTracker(flag)
      server = try HTTPServer(host: "127.0.0.1", port: 0, threads: 1) { request in
        if request.path == "/plain" { return .text("plain") }
        started.add(1, ordering: .relaxed)
        return HTTPResponse(status: 200, body: .stream { withExtendedLifetime(tracker) { [UInt8](repeating: 0x2e, count: 4096) } })
      }
    }
    // Read only the first bytes of an endless stream, then hang up.
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = server.port.bigEndian
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
    let connected = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    #expect(connected == 0)
    let request = Array("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var buffer = [UInt8](repeating: 0, count: 1024)
    #expect(recv(fd, &buffer, buffer.count, 0) > 0)
    close(fd)
    // The single server thread must be free again for other clients.
    #expect(RawHTTPClient.request(port: server.port, target: "/plain")?.text == "plain")
    let streams = started.load(ordering: .relaxed)
    #expect(streams == 1)
    server.stop()
    let released = flag.value.load(ordering: .sequentiallyConsistent)
    #expect(released)  // the stream closure and the handler were both let go
  }

  @Test func stopClosesAnEndlessStreamInProgress() throws {
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { _ in
      HTTPResponse(status: 200, body: .stream { [UInt8](repeating: 0x2e, count: 65536) })
    }
    let port = server.port
    let client = Thread { _ = RawHTTPClient.exchange(port: port, bytes: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), timeout: 20) }
    client.start()
    Thread.sleep(forTimeInterval: 0.3)
    let start = ContinuousClock.now
    server.stop()
    #expect(ContinuousClock.now - start < .seconds(5))
  }
}
