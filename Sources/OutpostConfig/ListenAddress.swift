// [agent] listen and --listen: "HOST:PORT", "[IPv6]:PORT" or ":PORT", validated as an IP literal.
import Foundation

extension ListenAddress {
    public struct ParseFailure: Error, Sendable { public var message: String }

    /// "HOST:PORT", "[IPv6]:PORT" or ":PORT" (all interfaces). HOST is an IP literal or "localhost".
    public static func parse(_ text: String) -> Result<ListenAddress, ParseFailure> {
        let host: String, portText: String
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return .failure(ParseFailure(message: "'\(text)' is not HOST:PORT (IPv6 as [::1]:9464)"))
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = String(text[text.index(close, offsetBy: 2)...])
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                return .failure(ParseFailure(message: "'\(text)' is not HOST:PORT (e.g. 0.0.0.0:9464, [::]:9464)"))
            }
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        guard let port = UInt16(portText) else {
            return .failure(ParseFailure(message: "port '\(portText)' in '\(text)' is not a number 0-65535"))
        }
        let literal = host.isEmpty ? "0.0.0.0" : (host == "localhost" ? "127.0.0.1" : host)
        var buffer = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET, literal, &buffer) == 1 || inet_pton(AF_INET6, literal, &buffer) == 1 else {
            return .failure(ParseFailure(message: "host '\(host)' in '\(text)' is not an IP address (use 0.0.0.0, 127.0.0.1, [::] or localhost)"))
        }
        return .success(ListenAddress(host: literal, port: port))
    }
}
