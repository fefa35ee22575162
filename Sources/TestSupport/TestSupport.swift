// Helpers shared by the test targets and the benchmarks: a seeded random generator, temp
// directories, free ports, reading /proc, and the real gzip tool. Depends on Foundation only.
import Foundation

/// Deterministic generator, so a failing random case can be reproduced from its seed.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh directory under the system temp directory; the caller removes it.
public func makeTemporaryDirectory(prefix: String = "outpost-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A loopback port that was free a moment ago (bind port 0, read it, close).
public func freeLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Processes as /proc shows them.
public enum ProcessTable {
    /// State letter ("R", "S", "Z", ...) and parent pid of `pid`, or nil when it is gone.
    /// Fields are counted from the last ')', as the command name may hold spaces.
    public static func state(_ pid: Int32) -> (state: String, ppid: Int32)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2 else { return nil }
        return (String(fields[0]), Int32(fields[1]) ?? 0)
    }

    /// Every zombie whose parent is `parent`.
    public static func zombieChildren(of parent: Int32) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.filter { pid in
            guard let entry = state(pid) else { return false }
            return entry.state == "Z" && entry.ppid == parent
        }
    }
}

/// What the real `gzip -dc` makes of `compressed`: proof that other tools read our gzip.
public func gunzipWithTheGzipTool(_ compressed: [UInt8]) throws -> (status: Int32, output: Data) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-gzip-\(UUID().uuidString).gz")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data(compressed).write(to: file)
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
    gzip.arguments = ["-c", "gzip -dc '\(file.path)'"]
    let pipe = Pipe()
    gzip.standardOutput = pipe
    try gzip.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    gzip.waitUntilExit()
    return (gzip.terminationStatus, output)
}
