// The standard process_* families every Prometheus exporter serves, read from /proc.
import Foundation

public struct ProcessMetrics: MetricsCollector {
    let startTime: Double
    let version: String

    public init(version: String, startTime: Double = Date().timeIntervalSince1970) {
        self.version = version
        self.startTime = startTime
    }

    public func collect(into writer: inout MetricsWriter) {
        writer.family("outpost_build_info", .gauge, "Always 1; the version label says which Outpost is running.")
        writer.sample("outpost_build_info", labels: ["version": version], 1)
        writer.family("process_start_time_seconds", .gauge, "Start time of the process since unix epoch in seconds.")
        writer.sample("process_start_time_seconds", startTime.rounded(.down))
        if let stat = Self.readStat() {
            writer.family("process_cpu_seconds_total", .counter, "Total user and system CPU time spent in seconds.")
            writer.sample("process_cpu_seconds_total", stat.cpuSeconds)
            writer.family("process_resident_memory_bytes", .gauge, "Resident memory size in bytes.")
            writer.sample("process_resident_memory_bytes", stat.residentBytes)
            writer.family("process_virtual_memory_bytes", .gauge, "Virtual memory size in bytes.")
            writer.sample("process_virtual_memory_bytes", stat.virtualBytes)
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            writer.family("process_open_fds", .gauge, "Number of open file descriptors.")
            writer.sample("process_open_fds", Double(fds.count))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            writer.family("process_max_fds", .gauge, "Maximum number of open file descriptors.")
            writer.sample("process_max_fds", Double(limit.rlim_cur))
        }
    }

    /// Fields of /proc/self/stat after the command name (which may contain spaces).
    static func readStat() -> (cpuSeconds: Double, virtualBytes: Double, residentBytes: Double)? {
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After ")": state is fields[0]; utime is stat field 14 → fields[11], stime fields[12], vsize fields[20], rss fields[21].
        guard fields.count > 21, let utime = Double(fields[11]), let stime = Double(fields[12]),
              let vsize = Double(fields[20]), let rss = Double(fields[21]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        return ((utime + stime) / ticks, vsize, rss * page)
    }
}
