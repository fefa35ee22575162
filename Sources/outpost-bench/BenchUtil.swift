// Small helpers shared by bench sections: timing, temp dirs, number formatting.
#if canImport(Glibc)
import Glibc
#endif

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func makeTempDir() throws -> String {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((base + "/outpost-bench-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buf -> String? in
        guard let p = buf.baseAddress, mkdtemp(p) != nil else { return nil }
        return String(cString: p)
    }
    guard let made else { throw BenchError("cannot create a temp dir under \(base)") }
    return made
}

/// Removes the bench's own flat temp directory (files only, then the dir).
func removeTree(_ dir: String) {
    guard let d = opendir(dir) else { return }
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { unlink(dir + "/" + name) }
    }
    closedir(d)
    rmdir(dir)
}

/// Two decimals.
func format(_ x: Double) -> String {
    let scaled = Int((x * 100).rounded())
    let frac = scaled % 100
    return "\(scaled / 100).\(frac < 10 ? "0" : "")\(frac)"
}
