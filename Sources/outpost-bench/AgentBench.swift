// Section "agent": the real `outpost` binary (built beside this one). First idle on the
// repository's default agent.conf: resident memory once its first runs are done. Then under
// N command checks (default 10,000, every minute): runs/s, CPU, memory and scheduler lag.
import Foundation
import TestSupport

func agentBench(_ args: [String]) throws {
    let checks = intOption(args, "--checks", default: 10_000)
    let seconds = intOption(args, "--seconds", default: 90)
    let repository = FileManager.default.currentDirectoryPath
    guard FileManager.default.fileExists(atPath: repository + "/agent.conf") else {
        throw BenchError("run from the repository root: the default agent.conf is read from the current directory")
    }
    let outpost = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("outpost").path
    guard FileManager.default.isExecutableFile(atPath: outpost) else {
        throw BenchError("\(outpost) not found: build it first (swift build -c release)")
    }

    // Idle on the default config.
    let idleDir = try makeTempDir()
    defer { try? FileManager.default.removeItem(atPath: idleDir) }
    for item in ["agent.conf", "plugins", "reports"] {
        try FileManager.default.copyItem(atPath: "\(repository)/\(item)", toPath: "\(idleDir)/\(item)")
    }
    let idlePort = freeLoopbackPort()
    let idle = try RunningAgent(outpost, config: "\(idleDir)/agent.conf", environment: ["OUTPOST_PORT": String(idlePort)], listen: nil)
    Thread.sleep(forTimeInterval: 15)
    let idleMetrics = try idle.scrape(port: idlePort)
    let idleStatus = idle.status()
    let idleExit = idle.stop()
    print("agent: default agent.conf after 15 s: RSS \(idleStatus.rssKiB / 1024) MiB (peak \(idleStatus.peakKiB / 1024) MiB), "
          + "\(idleStatus.threads) threads, \(sumOf("outpost_check_runs_total", in: idleMetrics)) check runs, exit \(idleExit)")

    // Under load.
    let loadDir = try makeTempDir()
    defer { try? FileManager.default.removeItem(atPath: loadDir) }
    var config = "[agent]\nmax_concurrent = 64\n"
    for i in 0..<checks {
        config += "\n[[check]]\nname = \"check-\(i)\"\nkind = \"command\"\ncommand = [\"/bin/true\"]\nevery = \"1m\"\n"
    }
    try config.write(toFile: "\(loadDir)/agent.conf", atomically: true, encoding: .utf8)
    let loadPort = freeLoopbackPort()
    let loaded = try RunningAgent(outpost, config: "\(loadDir)/agent.conf", environment: [:], listen: "127.0.0.1:\(loadPort)")
    // Every check first runs within 10 s of start; measure the steady state after that.
    Thread.sleep(forTimeInterval: 15)
    let cpuStart = loaded.status().cpuSeconds, writesStart = sumOf("outpost_store_writes_total", in: try loaded.scrape(port: loadPort))
    let start = monotonicSeconds()
    Thread.sleep(forTimeInterval: Double(seconds))
    let elapsed = monotonicSeconds() - start
    var metrics = ""
    let scrapeSeconds = try median(of: 5) { metrics = try loaded.scrape(port: loadPort) }
    let status = loaded.status()
    let exit = loaded.stop()
    let writes = sumOf("outpost_store_writes_total", in: metrics) - writesStart
    let lagCount = sumOf("outpost_scheduler_lag_seconds_count", in: metrics)
    let lagUnderOne = seriesValue("outpost_scheduler_lag_seconds_bucket{le=\"1\"}", in: metrics)
    print("agent: \(checks) checks every 1m for \(Int(elapsed)) s: \(Int(writes / elapsed)) runs/s stored "
          + "(due: \(checks / 60)/s), CPU \(Int((status.cpuSeconds - cpuStart) / elapsed * 100))% of one core, "
          + "RSS \(status.rssKiB / 1024) MiB (peak \(status.peakKiB / 1024) MiB), \(status.threads) threads")
    print("agent: \(checks) checks: skipped runs \(Int(sumOf("outpost_scheduler_skipped_runs_total", in: metrics))), "
          + "runs started within 1 s of due \(format(lagUnderOne / max(lagCount, 1) * 100))%, "
          + "scrape \(metrics.utf8.count / 1024) KiB in \(format(scrapeSeconds * 1000)) ms (median of 5), exit \(exit)")
}

/// Sum of every series of `name` (any labels).
func sumOf(_ name: String, in metrics: String) -> Double {
    metrics.split(separator: "\n").reduce(0.0) { total, line in
        guard line.hasPrefix(name + "{") || line.hasPrefix(name + " ") else { return total }
        return total + (Double(line.split(separator: " ").last ?? "") ?? 0)
    }
}

/// The value of the one series written exactly as `series` (name and labels).
func seriesValue(_ series: String, in metrics: String) -> Double {
    metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
}

final class RunningAgent {
    let process = Process()

    init(_ executable: String, config: String, environment: [String: String], listen: String?) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run", "--config", config] + (listen.map { ["--listen", $0] } ?? [])
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        guard process.isRunning else { throw BenchError("outpost exited at start with \(process.terminationStatus)") }
    }

    struct Status { var rssKiB = 0, peakKiB = 0, threads = 0, cpuSeconds = 0.0 }

    func status() -> Status {
        var status = Status()
        let text = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let value = Int(fields[1]) else { continue }
            switch fields[0] {
            case "VmRSS:": status.rssKiB = value
            case "VmHWM:": status.peakKiB = value
            case "Threads:": status.threads = value
            default: break
            }
        }
        if let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
           let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) {
                status.cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
            }
        }
        return status
    }

    func scrape(port: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchError("cannot connect to the agent on port \(port)") }
        let request = "GET /metrics HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
        _ = request.withCString { write(fd, $0, strlen($0)) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            response.append(contentsOf: buffer[..<n])
        }
        guard let headEnd = findHeadEnd(response) else { throw BenchError("no response from the agent") }
        return String(decoding: response[headEnd...], as: UTF8.self)
    }

    /// SIGTERM and the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
