// Turning a ProcessSpec into a posix_spawn call: validation, path resolution, pipes, file actions
// and attributes. Everything that can fail before the child exists fails here, with a clear message.
import Glibc

enum Attempt<Value> {
    case success(Value)
    case failure(String)
}

/// A child that has been spawned: its pid (= pgid) and our read ends of its stdout and stderr.
struct Spawned {
    let pid: pid_t
    let stdoutFD: Int32
    let stderrFD: Int32
}

struct PreparedSpawn {
    let program: String
    let executable: String
    let arguments: [String]
    let environment: [String]
    let workingDirectory: String?

    static func make(_ spec: ProcessSpec) -> Attempt<PreparedSpawn> {
        guard let program = spec.argv.first, !program.isEmpty else { return .failure("empty command") }
        if spec.argv.contains(where: { $0.utf8.contains(0) }) {
            return .failure("cannot run '\(program)': an argument contains a NUL byte")
        }
        var environment: [String] = []
        for (key, value) in spec.environment.sorted(by: { $0.key < $1.key }) {
            if key.isEmpty || key.contains("=") || key.utf8.contains(0) || value.utf8.contains(0) {
                return .failure("cannot run '\(program)': invalid environment variable '\(key)'")
            }
            environment.append(key + "=" + value)
        }
        let executable: String
        if program.contains("/") {
            // Relative paths resolve against the agent's cwd, as config validation sees them,
            // not against the child's working directory.
            executable = program.hasPrefix("/") ? program : currentDirectory() + "/" + program
        } else if let found = ProcessRunner.resolveExecutable(program, path: ProcessRunner.agentPath()) {
            executable = found
        } else {
            return .failure("cannot run '\(program)': \(errnoText(ENOENT))")
        }
        if let directory = spec.workingDirectory {
            if directory.utf8.contains(0) { return .failure("cannot run '\(program)': bad working directory") }
            var info = stat()
            if stat(directory, &info) != 0 {
                return .failure("cannot run '\(program)': working directory '\(directory)': \(errnoText(errno))")
            }
            if (info.st_mode & S_IFMT) != S_IFDIR {
                return .failure("cannot run '\(program)': working directory '\(directory)': \(errnoText(ENOTDIR))")
            }
            if LibcExtras.shared.addChdir == nil {
                return .failure("cannot run '\(program)': a working directory needs glibc 2.29 or later")
            }
        }
        return .success(PreparedSpawn(
            program: program, executable: executable, arguments: spec.argv,
            environment: environment, workingDirectory: spec.workingDirectory))
    }

    func spawn() -> Attempt<Spawned> {
        guard let out = makePipe() else { return .failure("cannot run '\(program)': pipe: \(errnoText(errno))") }
        guard let err = makePipe() else {
            let saved = errno
            close(out.read); close(out.write)
            return .failure("cannot run '\(program)': pipe: \(errnoText(saved))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        if let directory = workingDirectory, let addChdir = LibcExtras.shared.addChdir {
            _ = directory.withCString { addChdir(&actions, $0) }
        }
        // Belt and braces: our fds are close-on-exec, but fds opened by other code without
        // O_CLOEXEC must not leak into plugins either.
        if let addCloseFrom = LibcExtras.shared.addCloseFrom { _ = addCloseFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The agent may block or ignore SIGTERM/SIGINT; a plugin must start with a clean slate.
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        SupervisedChildren.beginSpawn()
        let rc = withCStringArray(arguments) { argv in
            withCStringArray(environment) { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        SupervisedChildren.endSpawn(pid: rc == 0 ? pid : nil)
        close(out.write)
        close(err.write)
        if rc != 0 {
            close(out.read); close(err.read)
            return .failure("cannot run '\(program)': \(errnoText(rc))")
        }
        return .success(Spawned(pid: pid, stdoutFD: out.read, stderrFD: err.read))
    }
}

/// A pipe with both ends close-on-exec (only the dup2'ed copies survive in the child) and a
/// non-blocking read end. pipe2 is atomic; the fcntl fallback leaves a tiny window.
private func makePipe() -> (read: Int32, write: Int32)? {
    var fds: [Int32] = [-1, -1]
    let ok = fds.withUnsafeMutableBufferPointer { buffer -> Bool in
        if let pipe2 = LibcExtras.shared.pipe2 {
            return pipe2(buffer.baseAddress, O_CLOEXEC) == 0
        }
        guard pipe(buffer.baseAddress) == 0 else { return false }
        _ = fcntl(buffer[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(buffer[1], F_SETFD, FD_CLOEXEC)
        return true
    }
    guard ok else { return nil }
    let flags = fcntl(fds[0], F_GETFL)
    _ = fcntl(fds[0], F_SETFL, flags | O_NONBLOCK)
    return (fds[0], fds[1])
}

private func currentDirectory() -> String {
    guard let pointer = getcwd(nil, 0) else { return "." }
    defer { free(pointer) }
    return String(cString: pointer)
}

/// A NULL-terminated array of C strings valid for the duration of `body`.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
