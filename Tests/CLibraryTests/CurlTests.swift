// The libcurl system-library target links and its typed setopt/getinfo wrappers work: a real
// transfer to a listener on loopback returns its status, body and phase timings.
import CCurl
import Foundation
import Testing

/// Accepts one connection on 127.0.0.1:0, reads the request head, answers `response`, closes.
final class OneShotServer: @unchecked Sendable {
    let port: UInt16
    private let socket: Int32
    private(set) var request = ""
    private let done = DispatchSemaphore(value: 0)

    init(response: String) throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        socket = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in
            let client = accept(socket, nil, nil)
            var head = [UInt8]()
            var byte: UInt8 = 0
            while read(client, &byte, 1) == 1 {
                head.append(byte)
                if head.suffix(4) == Array("\r\n\r\n".utf8) { break }
            }
            request = String(decoding: head, as: UTF8.self)
            _ = response.withCString { write(client, $0, strlen($0)) }
            close(client)
            done.signal()
        }
    }

    func wait() { done.wait() }
    deinit { close(socket) }
}

/// Collects the body through CURLOPT_WRITEDATA (a C callback cannot capture context).
final class Body { var bytes: [UInt8] = [] }

@Test func aTransferReturnsStatusBodyAndTimings() throws {
    #expect(curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK)
    let server = try OneShotServer(response: "HTTP/1.1 203 Fine\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
    let handle = try #require(curl_easy_init())
    defer { curl_easy_cleanup(handle) }
    let body = Body()
    let context = Unmanaged.passUnretained(body).toOpaque()
    #expect(ccurl_setopt_string(handle, CURLOPT_URL, "http://127.0.0.1:\(server.port)/health") == CURLE_OK)
    #expect(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1) == CURLE_OK)
    #expect(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, 5000) == CURLE_OK)
    #expect(ccurl_setopt_string(handle, CURLOPT_USERAGENT, "outpost-test") == CURLE_OK)
    #expect(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context) == CURLE_OK)
    let collect: ccurl_data_callback = { data, size, count, context in
        let body = Unmanaged<Body>.fromOpaque(context!).takeUnretainedValue()
        body.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
    }
    #expect(ccurl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, collect) == CURLE_OK)

    #expect(curl_easy_perform(handle) == CURLE_OK)
    server.wait()
    var status = 0
    #expect(ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
    #expect(status == 203)
    #expect(String(decoding: body.bytes, as: UTF8.self) == "hello")
    #expect(server.request.hasPrefix("GET /health HTTP/1.1\r\n"))
    #expect(server.request.contains("User-Agent: outpost-test\r\n"))
    var connect: curl_off_t = -1, total: curl_off_t = -1
    #expect(ccurl_getinfo_offset(handle, CURLINFO_CONNECT_TIME_T, &connect) == CURLE_OK)
    #expect(ccurl_getinfo_offset(handle, CURLINFO_TOTAL_TIME_T, &total) == CURLE_OK)
    #expect(connect >= 0 && total >= connect, "connect \(connect) us, total \(total) us")
}
