// What to run and what came back: plain values shared by the runner and its callers.

/// One command to run: argv without a shell, the child's complete environment, and its limits.
public struct ProcessSpec: Sendable {
    /// argv[0] is the program: a path (relative ones resolve against the agent's cwd) or a bare
    /// name looked up in the PATH of the *agent's* environment, not the child's.
    public var argv: [String]
    /// The complete environment of the child; nothing from the agent leaks in.
    public var environment: [String: String]
    public var workingDirectory: String?
    public var timeout: Duration
    /// SIGTERM goes to the group at the deadline, SIGKILL after this grace.
    public var killGrace: Duration
    /// Bytes kept per stream; the rest is read and discarded so the child never blocks.
    public var outputCap: Int

    public init(
        argv: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration = .seconds(60),
        killGrace: Duration = .seconds(2),
        outputCap: Int = 65536
    ) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.killGrace = killGrace
        self.outputCap = outputCap
    }
}

/// How the main child ended.
public enum ProcessTermination: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
    /// The deadline passed; the group got SIGTERM (and SIGKILL after the grace).
    case timedOut
    /// Nothing ran; the message says why, e.g. "cannot run 'foo': No such file or directory".
    case spawnFailed(String)
    /// The agent was shutting down and signalled the group (`ProcessRunner.stopAll`).
    case stoppedByAgent
}

public struct ProcessOutcome: Sendable {
    public var termination: ProcessTermination
    /// Invalid UTF-8 repaired (lossy), truncated to the cap with a marker line.
    public var stdout: String
    public var stderr: String
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool
    /// From spawn to the main child's exit (or to giving up on it).
    public var duration: Duration
    /// Pid of the main child, which is also the process-group id; 0 when the spawn failed.
    public var pid: Int32

    public init(
        termination: ProcessTermination, stdout: String = "", stderr: String = "",
        stdoutTruncated: Bool = false, stderrTruncated: Bool = false,
        duration: Duration = .zero, pid: Int32 = 0
    ) {
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutTruncated = stdoutTruncated
        self.stderrTruncated = stderrTruncated
        self.duration = duration
        self.pid = pid
    }

    /// stdout as the program wrote it (within the cap), without the truncation marker: what
    /// plugin output parsing must see, or the marker would read as perfdata.
    /// Compared as bytes: "\r" before the marker's "\n" would make one Character of both.
    public func stdoutWithoutMarker(cap: Int) -> String {
        let marker = Array(OutputCapture.marker(cap: cap).utf8)
        let bytes = Array(stdout.utf8)
        guard stdoutTruncated, bytes.count >= marker.count, Array(bytes.suffix(marker.count)) == marker else { return stdout }
        return String(decoding: bytes.dropLast(marker.count), as: UTF8.self)
    }

    static func spawnFailed(_ message: String) -> ProcessOutcome {
        ProcessOutcome(termination: .spawnFailed(message))
    }
}
