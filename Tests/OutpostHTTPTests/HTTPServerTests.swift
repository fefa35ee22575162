// Request/response mapping through a real libmicrohttpd server on 127.0.0.1, port 0.
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

@testable import OutpostHTTP

/// Starts a server whose handler records the last request it saw.
final class RecordingServer: Sendable {
  let server: HTTPServer

  init(host: String = "127.0.0.1", respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
    let box = RequestBox()
    server = try HTTPServer(host: host, port: 0) { request in
      box.request.withLock { $0 = request }
      return respond(request)
    }
    self.box = box
  }

  private let box: RequestBox
  var last: HTTPRequest? { box.request.withLock { $0 } }
}

final class RequestBox: Sendable {
  let request = Mutex<HTTPRequest?>(nil)
}

@Suite struct HTTPServerTests {
  @Test func getReturnsHandlerStatusHeadersAndBody() throws {
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { _ in
      HTTPResponse(status: 418, headers: [("Content-Type", "text/x-tea"), ("X-Outpost", "yes")], body: .bytes(Array("short and stout".utf8)))
    }
    defer { server.stop() }
    #expect(server.port != 0)
    let response = try #require(RawHTTPClient.request(port: server.port, target: "/teapot"))
    #expect(response.status == 418)
    #expect(response.headers["content-type"] == "text/x-tea")
    #expect(response.headers["x-outpost"] == "yes")
    #expect(response.headers["content-length"] == "15")
    #expect(response.text == "short and stout")
  }

  @Test func urlSessionGetsTextResponse() async throws {
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { request in .text("hello \(request.path)") }
    defer { server.stop() }
    let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/world"))
    let (data, response) = try await URLSession.shared.data(from: url)
    let http = try #require(response as? HTTPURLResponse)
    #expect(http.statusCode == 200)
    #expect(http.value(forHTTPHeaderField: "Content-Type") == "text/plain; charset=utf-8")
    #expect(String(decoding: data, as: UTF8.self) == "hello /world")
  }

  @Test func queryDecodedPathHeadersAndRemoteAddressReachHandler() throws {
    let recording = try RecordingServer { _ in .text("ok") }
    defer { recording.server.stop() }
    let response = try #require(
      RawHTTPClient.request(
        port: recording.server.port, target: "/checks/web%20site/a%2Fb?x=1&name=hello%20world&x=2&plus=a+b&flag",
        headers: ["X-Custom-Header: Value", "Accept: text/csv"]))
    #expect(response.status == 200)
    let request = try #require(recording.last)
    #expect(request.method == "GET")
    #expect(request.path == "/checks/web site/a/b")
    #expect(request.query["name"] == "hello world")
    #expect(request.query["x"] == "2")
    #expect(request.query["plus"] == "a b")
    #expect(request.query["flag"] == "")
    #expect(request.headers["x-custom-header"] == "Value")
    #expect(request.headers["accept"] == "text/csv")
    #expect(request.headers["host"] == "localhost")
    #expect(request.remoteAddress == "127.0.0.1")
  }

  @Test func headGetsHeadersWithoutBody() throws {
    let recording = try RecordingServer { _ in .text("eleven char") }
    defer { recording.server.stop() }
    let response = try #require(RawHTTPClient.request(port: recording.server.port, method: "HEAD", target: "/metrics"))
    #expect(response.status == 200)
    #expect(response.headers["content-length"] == "11")
    #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
    #expect(response.body.isEmpty)
    #expect(recording.last?.method == "HEAD")
  }

  @Test func headOfStreamGetsNoBody() throws {
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { _ in
      HTTPResponse(status: 200, body: .stream { Array("never sent".utf8) })  // never ends: must not be read for HEAD
    }
    defer { server.stop() }
    let raw = try #require(
      RawHTTPClient.exchange(port: server.port, bytes: Array("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)))
    let text = String(decoding: raw, as: UTF8.self)
    #expect(text.hasPrefix("HTTP/1.1 200"))
    #expect(text.hasSuffix("\r\n\r\n"))
    #expect(!text.contains("never sent"))
  }

  @Test func postWithBodyGetsHandlerAnswerWithoutHanging() throws {
    let recording = try RecordingServer { request in
      request.method == "GET" ? .text("ok") : .text("method not allowed", status: 405)
    }
    defer { recording.server.stop() }
    let start = ContinuousClock.now
    let body = [UInt8](repeating: 0x41, count: 1_000_000)
    let response = try #require(RawHTTPClient.request(port: recording.server.port, method: "POST", target: "/export", body: body))
    #expect(response.status == 405)
    #expect(response.text == "method not allowed")
    #expect(recording.last?.method == "POST")
    // Chunked upload with Expect: 100-continue, and a PUT.
    let chunked = "PUT /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    let raw = try #require(RawHTTPClient.exchange(port: recording.server.port, bytes: Array(chunked.utf8)))
    #expect(String(decoding: raw, as: UTF8.self).contains("HTTP/1.1 405"))
    #expect(ContinuousClock.now - start < .seconds(5))
  }

  @Test func streamedBodyOf5MBArrivesIntact() throws {
    let chunkSize = 64 * 1024
    let chunks = 80  // 5 MiB
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { _ in
      let produced = Mutex(0)
      return HTTPResponse(status: 200, headers: [("Content-Type", "application/octet-stream")], body: .stream {
        produced.withLock { count -> [UInt8]? in
          guard count < chunks else { return nil }
          defer { count += 1 }
          if count == 3 { return [] }  // an empty chunk in the middle must not end or stall the stream
          return (0..<chunkSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ count) }
        }
      })
    }
    defer { server.stop() }
    let response = try #require(RawHTTPClient.request(port: server.port, target: "/export"))
    #expect(response.status == 200)
    #expect(response.headers["transfer-encoding"] == "chunked")
    var expected: [UInt8] = []
    for count in 0..<chunks where count != 3 {
      expected += (0..<chunkSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ count) }
    }
    #expect(response.body.count == expected.count)
    #expect(response.body == expected)
  }

  @Test func invalidStatusAndInjectedHeadersAreSanitized() throws {
    let server = try HTTPServer(host: "127.0.0.1", port: 0) { request in
      HTTPResponse(
        status: request.path == "/bad" ? 42 : 204,
        headers: [
          ("X-Evil", "a\r\nSet-Cookie: x=1"), ("X-Good", "fine"), ("content-length", "999"),
          ("Transfer-Encoding", "gzip"),
        ],
        body: .bytes(Array("body".utf8)))
    }
    defer { server.stop() }
    let bad = try #require(RawHTTPClient.request(port: server.port, target: "/bad"))
    #expect(bad.status == 500)
    #expect(bad.headers["set-cookie"] == nil)
    #expect(bad.headers["x-evil"] == nil)
    #expect(bad.headers["x-good"] == "fine")
    let good = try #require(RawHTTPClient.request(port: server.port, target: "/ok"))
    #expect(good.status == 204)
    #expect(good.headers["content-length"] == nil)  // MHD sends none for 204
    #expect(bad.headers["content-length"] == "4")
    #expect(bad.headers["transfer-encoding"] == nil)
    #expect(bad.text == "body")
  }

  @Test func ipv6LoopbackAndDualStack() throws {
    guard (try? String(contentsOfFile: "/proc/net/if_inet6", encoding: .utf8))?.contains("00000000000000000000000000000001") == true
    else { return }  // no IPv6 loopback in this environment
    let v6 = try RecordingServer(host: "::1") { _ in .text("six") }
    defer { v6.server.stop() }
    #expect(RawHTTPClient.request(host: "::1", port: v6.server.port)?.text == "six")
    #expect(v6.last?.remoteAddress == "::1")

    let dual = try RecordingServer(host: "::") { _ in .text("both") }
    defer { dual.server.stop() }
    #expect(RawHTTPClient.request(host: "127.0.0.1", port: dual.server.port)?.text == "both")
    #expect(dual.last?.remoteAddress == "127.0.0.1")  // IPv4-mapped shown as IPv4
  }
}
