// libmicrohttpd's C callbacks: turn a connection into an HTTPRequest, call the route handler,
// and turn its HTTPResponse into an MHD response. Callbacks capture nothing; the handler comes
// in through the daemon's `cls` (Unmanaged<HandlerContext>).
import CMicroHTTPD

/// Owned by the server, retained for the daemon's lifetime, passed to callbacks as `cls`.
final class HandlerContext: Sendable {
  let handler: @Sendable (HTTPRequest) -> HTTPResponse
  init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) { self.handler = handler }
}

/// MHD_AccessHandlerCallback. The first call (headers parsed) only marks the request; upload data
/// is discarded; the final call (no more upload data) runs the handler and queues the response.
/// Queuing on the first call would make every response `Connection: close`.
let accessHandler: MHD_AccessHandlerCallback = {
  cls, connection, url, method, _, _, uploadDataSize, requestContext in
  guard let cls, let connection, let requestContext else { return MHD_Result.NO }
  if requestContext.pointee == nil {
    requestContext.pointee = UnsafeMutableRawPointer(bitPattern: 1)  // "headers seen"; nothing allocated
    return MHD_Result.YES
  }
  if let uploadDataSize, uploadDataSize.pointee != 0 {
    uploadDataSize.pointee = 0  // bodies are not used by any route: consume and drop
    return MHD_Result.YES
  }
  let context = Unmanaged<HandlerContext>.fromOpaque(cls).takeUnretainedValue()
  let request = makeRequest(connection: connection, url: url, method: method)
  return queue(context.handler(request), on: connection)
}

private func makeRequest(
  connection: OpaquePointer, url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?
) -> HTTPRequest {
  HTTPRequest(
    method: method.map { String(cString: $0) } ?? "",
    path: url.map { String(cString: $0) } ?? "/",
    query: values(of: connection, query: true, lowercaseKeys: false),
    headers: values(of: connection, query: false, lowercaseKeys: true),
    remoteAddress: outpost_mhd_client_address(connection).flatMap { SocketAddress.host(of: $0) })
}

private final class ValueCollector {
  var values: [String: String] = [:]
  let lowercaseKeys: Bool
  init(lowercaseKeys: Bool) { self.lowercaseKeys = lowercaseKeys }
}

private func values(of connection: OpaquePointer, query: Bool, lowercaseKeys: Bool) -> [String: String] {
  let collector = ValueCollector(lowercaseKeys: lowercaseKeys)
  withExtendedLifetime(collector) {
    _ = outpost_mhd_each_value(connection, query ? 1 : 0, { cls, _, key, value in
      guard let cls, let key else { return MHD_Result.YES }
      let collector = Unmanaged<ValueCollector>.fromOpaque(cls).takeUnretainedValue()
      let name = String(cString: key)
      // A query flag without "=" ("?verbose") has a NULL value.
      collector.values[collector.lowercaseKeys ? name.lowercased() : name] = value.map { String(cString: $0) } ?? ""
      return MHD_Result.YES
    }, Unmanaged.passUnretained(collector).toOpaque())
  }
  return collector.values
}

/// Builds the MHD response and queues it; MHD_NO makes MHD close the connection.
private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
  let mhdResponse: OpaquePointer?
  switch response.body {
  case .bytes(let bytes):
    mhdResponse = bytes.withUnsafeBytes { buffer in
      MHD_create_response_from_buffer(
        buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress), .RESPMEM_MUST_COPY)
    }
  case .stream(let next):
    let stream = Unmanaged.passRetained(StreamReader(next: next))
    mhdResponse = MHD_create_response_from_callback(
      outpost_mhd_size_unknown, StreamReader.blockSize, streamRead, stream.toOpaque(), streamFree)
    if mhdResponse == nil { stream.release() }
  }
  guard let mhdResponse else { return MHD_Result.NO }
  defer { MHD_destroy_response(mhdResponse) }
  for header in response.headers where !isFramingHeader(header.name) {
    // MHD refuses names/values with CR/LF/TAB (header injection); such a header is dropped
    // rather than failing the whole response.
    _ = MHD_add_response_header(mhdResponse, header.name, header.value)
  }
  let status = (200...599).contains(response.status) ? UInt32(response.status) : UInt32(MHD_HTTP_INTERNAL_SERVER_ERROR)
  return MHD_queue_response(connection, status, mhdResponse)
}

/// Body framing is the server's job (Content-Length for bytes, chunked for streams); a second,
/// disagreeing value from a route would corrupt the connection.
private func isFramingHeader(_ name: String) -> Bool {
  let lowered = name.lowercased()
  return lowered == "content-length" || lowered == "transfer-encoding"
}
