// Feeds an HTTPBody.stream to libmicrohttpd's content-reader callback, which asks for at most
// `max` bytes at a time; chunks from the route are buffered until fully handed over.
import CMicroHTTPD

/// Touched only by the MHD thread serving its connection, one call at a time.
final class StreamReader {
  static let blockSize = 64 * 1024
  private let next: @Sendable () -> [UInt8]?
  private var chunk: [UInt8] = []
  private var offset = 0

  init(next: @escaping @Sendable () -> [UInt8]?) { self.next = next }

  /// Copies up to `max` bytes into `buffer`; -1 (MHD_CONTENT_READER_END_OF_STREAM) at the end.
  func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
    // Empty chunks are skipped: returning 0 would make MHD poll the callback again at once.
    while offset >= chunk.count {
      guard let more = next() else { return -1 }
      chunk = more
      offset = 0
    }
    let count = min(max, chunk.count - offset)
    chunk.withUnsafeBytes { source in
      UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
    }
    offset += count
    return count
  }
}

/// MHD_ContentReaderCallback.
let streamRead: MHD_ContentReaderCallback = { cls, _, buffer, max in
  guard let cls, let buffer, max > 0 else { return -2 }  // MHD_CONTENT_READER_END_WITH_ERROR
  return Unmanaged<StreamReader>.fromOpaque(cls).takeUnretainedValue().read(into: buffer, max: max)
}

/// MHD_ContentReaderFreeCallback: called once when the response is destroyed (done, aborted or stopped).
let streamFree: MHD_ContentReaderFreeCallback = { cls in
  guard let cls else { return }
  Unmanaged<StreamReader>.fromOpaque(cls).release()
}
