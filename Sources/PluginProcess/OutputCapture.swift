// One child output stream: a non-blocking pipe end read into a capped buffer.
import Glibc

struct OutputCapture {
    private(set) var fd: Int32
    private(set) var bytes: [UInt8] = []
    private(set) var truncated = false
    let cap: Int

    init(fd: Int32, cap: Int) {
        self.fd = fd
        self.cap = max(0, cap)
    }

    var isOpen: Bool { fd >= 0 }

    /// Reads what is available without blocking; past the cap bytes are discarded, so a chatty child
    /// never blocks on a full pipe. Bounded per call so a fast writer cannot starve the deadline.
    mutating func drain() {
        guard fd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<16 {
            let n = buffer.withUnsafeMutableBytes { raw in
                retryingEINTR { read(fd, raw.baseAddress, raw.count) }
            }
            if n > 0 {
                let room = cap - bytes.count
                if room > 0 { bytes.append(contentsOf: buffer[0..<min(n, room)]) }
                if n > room { truncated = true }
                continue
            }
            if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { close() }
            return
        }
    }

    mutating func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }

    /// Lossy UTF-8 with the truncation marker line appended when bytes were dropped.
    var text: String {
        let decoded = String(decoding: bytes, as: UTF8.self)
        return truncated ? decoded + Self.marker(cap: cap) : decoded
    }

    /// The line that ends a truncated stream.
    static func marker(cap: Int) -> String { "\n[output truncated at \(cap) bytes]" }
}
