// Creates the listening socket ourselves so the exact requested address is bound and bind
// errors (address in use, not available, permission) come back as HTTPServerError with errno text.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

struct ListenSocket {
  let fd: Int32
  let isIPv6: Bool
  let port: UInt16

  /// Opens a non-blocking, close-on-exec socket bound to host:port and listening.
  static func open(host: String, port: UInt16, backlog: Int32 = 511) throws(HTTPServerError) -> ListenSocket {
    let literal = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    let shown = literal.contains(":") ? "[\(literal)]:\(port)" : "\(literal):\(port)"
    var v4 = sockaddr_in()
    var v6 = sockaddr_in6()
    let isIPv6: Bool
    if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
      isIPv6 = false
      v4.sin_family = sa_family_t(AF_INET)
      v4.sin_port = port.bigEndian
    } else if inet_pton(AF_INET6, literal, &v6.sin6_addr) == 1 {
      isIPv6 = true
      v6.sin6_family = sa_family_t(AF_INET6)
      v6.sin6_port = port.bigEndian
    } else {
      throw HTTPServerError(message: "cannot listen on \(shown): '\(host)' is not an IPv4 or IPv6 address")
    }

    let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
    let fd = socket(isIPv6 ? AF_INET6 : AF_INET, type, 0)
    guard fd >= 0 else { throw HTTPServerError(message: "cannot listen on \(shown): \(errnoText())") }

    var one: Int32 = 1
    var zero: Int32 = 0
    let size = socklen_t(MemoryLayout<Int32>.size)
    // SO_REUSEADDR only skips TIME_WAIT leftovers; a live listener still gives EADDRINUSE.
    _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size)
    if isIPv6 {
      // "::" serves IPv4 too (dual stack), whatever net.ipv6.bindv6only says.
      _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, size)
    }

    let bound: Int32
    if isIPv6 {
      bound = withUnsafePointer(to: &v6) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
      }
    } else {
      bound = withUnsafePointer(to: &v4) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
    }
    guard bound == 0, listen(fd, backlog) == 0 else {
      let text = errnoText()
      close(fd)
      throw HTTPServerError(message: "cannot listen on \(shown): \(text)")
    }

    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    let named = withUnsafeMutablePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0, let boundPort = SocketAddress.port(of: &storage) else {
      let text = errnoText()
      close(fd)
      throw HTTPServerError(message: "cannot listen on \(shown): getsockname: \(text)")
    }
    return ListenSocket(fd: fd, isIPv6: isIPv6, port: boundPort)
  }
}

/// Formatting of C socket addresses.
enum SocketAddress {
  static func port(of storage: inout sockaddr_storage) -> UInt16? {
    withUnsafePointer(to: &storage) { raw in
      switch Int32(raw.pointee.ss_family) {
      case AF_INET:
        return raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
      case AF_INET6:
        return raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
          UInt16(bigEndian: $0.pointee.sin6_port)
        }
      default:
        return nil
      }
    }
  }

  /// The IP of a peer as text; an IPv4-mapped IPv6 address ("::ffff:1.2.3.4") becomes "1.2.3.4"
  /// so loopback checks need only "127.0.0.1" and "::1".
  static func host(of address: UnsafePointer<sockaddr>) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
    let capacity = socklen_t(buffer.count)
    switch Int32(address.pointee.sa_family) {
    case AF_INET:
      var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
      guard inet_ntop(AF_INET, &v4, &buffer, capacity) != nil else { return nil }
    case AF_INET6:
      var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
      let bytes = withUnsafeBytes(of: &v6) { Array($0) }
      if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
        return bytes[12..<16].map(String.init).joined(separator: ".")
      }
      guard inet_ntop(AF_INET6, &v6, &buffer, capacity) != nil else { return nil }
    default:
      return nil
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

func errnoText(_ code: Int32 = errno) -> String {
  guard let text = strerror(code) else { return "errno \(code)" }
  return String(cString: text)
}
