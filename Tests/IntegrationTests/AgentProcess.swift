// Starts the real `outpost` binary with a temporary config and database on a free port,
// and talks to it over real HTTP.
import Foundation
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built executables sit beside the test bundle.
func builtExecutable(_ name: String) -> String {
    Bundle.main.bundleURL.appendingPathComponent(name).path
}

struct CommandOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a command to completion.
func runCommand(_ path: String, _ arguments: [String], directory: URL? = nil) throws -> CommandOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandOutput(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
}

func outpost(_ arguments: [String], directory: URL? = nil) throws -> CommandOutput {
    try runCommand(builtExecutable("outpost"), arguments, directory: directory)
}

/// Finds a tool on PATH or in the usual places; nil when it is not installed.
func tool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") + ["/usr/bin", "/usr/sbin"] {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// A running agent; stopped (SIGKILL) on deinit if the test did not stop it.
final class AgentProcess: @unchecked Sendable {
    let directory: URL
    let process = Process()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var stderrText = ""
    private(set) var port: Int = 0

    /// Writes `config` to agent.conf in a fresh directory and starts the agent on `listen`
    /// (nil: the config's own `[agent] listen`).
    init(config: String, directory: URL? = nil, listen: String? = "127.0.0.1:0", extraArguments: [String] = [],
         environment: [String: String] = [:]) throws {
        self.directory = try directory ?? makeTemporaryDirectory(prefix: "outpost-it")
        let configURL = self.directory.appendingPathComponent("agent.conf")
        if !FileManager.default.fileExists(atPath: configURL.path) || !config.isEmpty {
            try config.write(to: configURL, atomically: true, encoding: .utf8)
        }
        process.executableURL = URL(fileURLWithPath: builtExecutable("outpost"))
        process.arguments = ["run", "--config", configURL.path] + (listen.map { ["--listen", $0] } ?? []) + extraArguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.stderrText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var log: String { lock.withLock { stderrText } }

    /// Waits for the "outpost started" line and reads the port from it.
    func waitUntilStarted(timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = log.split(separator: "\n").first(where: { $0.contains("msg=\"outpost started\"") }),
               let listen = line.split(separator: " ").first(where: { $0.hasPrefix("listen=") }),
               let port = Int(listen.split(separator: ":").last ?? "") {
                self.port = port
                return
            }
            if !process.isRunning { throw AgentError.exited(process.terminationStatus, log) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw AgentError.timedOut(log)
    }

    func get(_ path: String) throws -> (status: Int, body: String, contentType: String?) {
        try httpGet("http://127.0.0.1:\(port)\(path)")
    }

    /// SIGTERM, then waits for exit; returns the exit status.
    func terminate(timeout: TimeInterval = 30) -> Int32? {
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        try? FileManager.default.removeItem(at: directory)
    }

    enum AgentError: Error, CustomStringConvertible {
        case exited(Int32, String)
        case timedOut(String)
        var description: String {
            switch self {
            case .exited(let status, let log): "agent exited with \(status):\n\(log)"
            case .timedOut(let log): "agent did not start:\n\(log)"
            }
        }
    }
}

/// A blocking GET with URLSession.
func httpGet(_ url: String, method: String = "GET") throws -> (status: Int, body: String, contentType: String?) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    request.timeoutInterval = 10
    let box = ResultBox()
    let task = URLSession.shared.dataTask(with: request) { data, response, error in
        box.set(data: data, response: response as? HTTPURLResponse, error: error)
    }
    task.resume()
    return try box.wait()
}

final class ResultBox: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var data: Data?
    private var response: HTTPURLResponse?
    private var error: Error?

    func set(data: Data?, response: HTTPURLResponse?, error: Error?) {
        (self.data, self.response, self.error) = (data, response, error)
        semaphore.signal()
    }

    func wait() throws -> (status: Int, body: String, contentType: String?) {
        semaphore.wait()
        if let error { throw error }
        return (response?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self),
                response?.value(forHTTPHeaderField: "Content-Type"))
    }
}

/// Polls until `condition` holds or the timeout passes.
func eventually(timeout: TimeInterval = 15, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    repeat {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    } while Date() < deadline
    return false
}
