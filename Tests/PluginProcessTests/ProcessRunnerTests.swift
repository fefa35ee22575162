import Foundation
import Glibc
import Testing
@testable import PluginProcess

@Suite struct ProcessRunnerBasicsTests {
    @Test(arguments: [Int32(0), 1, 2, 3, 4, 255])
    func exitCodes(_ code: Int32) {
        let outcome = sh("exit \(code)")
        #expect(outcome.termination == .exited(code))
        #expect(outcome.pid > 0)
    }

    @Test func signalIsReported() {
        #expect(sh("kill -9 $$").termination == .signaled(9))
        #expect(sh("kill -TERM $$").termination == .signaled(SIGTERM))
    }

    @Test func nonexistentProgram() {
        let outcome = ProcessRunner.run(ProcessSpec(argv: ["no-such-plugin-xyz", "a"], timeout: .seconds(5)))
        #expect(outcome.termination == .spawnFailed("cannot run 'no-such-plugin-xyz': No such file or directory"))
        let byPath = ProcessRunner.run(ProcessSpec(argv: ["/nonexistent/check_foo"], timeout: .seconds(5)))
        #expect(byPath.termination == .spawnFailed("cannot run '/nonexistent/check_foo': No such file or directory"))
    }

    @Test func notExecutable() throws {
        let dir = try TempDir()
        let file = dir.path + "/script"
        try "#!/bin/sh\necho x\n".write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = ProcessRunner.run(ProcessSpec(argv: [file], timeout: .seconds(5)))
        #expect(outcome.termination == .spawnFailed("cannot run '\(file)': Permission denied"))
    }

    @Test func emptyAndBadCommands() {
        #expect(ProcessRunner.run(ProcessSpec(argv: [])).termination == .spawnFailed("empty command"))
        #expect(ProcessRunner.run(ProcessSpec(argv: [""])).termination == .spawnFailed("empty command"))
        let nul = ProcessRunner.run(ProcessSpec(argv: ["/bin/echo", "a\u{0}b"]))
        #expect(nul.termination == .spawnFailed("cannot run '/bin/echo': an argument contains a NUL byte"))
        let badEnv = ProcessRunner.run(ProcessSpec(argv: ["/bin/true"], environment: ["A=B": "1"]))
        #expect(badEnv.termination == .spawnFailed("cannot run '/bin/true': invalid environment variable 'A=B'"))
    }

    @Test func badWorkingDirectory() {
        let outcome = sh("pwd", cwd: "/nonexistent-dir-xyz")
        #expect(outcome.termination == .spawnFailed(
            "cannot run '/bin/sh': working directory '/nonexistent-dir-xyz': No such file or directory"))
        let notDir = sh("pwd", cwd: "/etc/passwd")
        #expect(notDir.termination == .spawnFailed("cannot run '/bin/sh': working directory '/etc/passwd': Not a directory"))
    }

    @Test func workingDirectoryHonoured() throws {
        let dir = try TempDir()
        let outcome = ProcessRunner.run(ProcessSpec(argv: ["/bin/pwd"], workingDirectory: dir.path))
        #expect(outcome.termination == .exited(0))
        #expect(outcome.stdout == dir.path + "\n")
    }

    @Test func environmentIsExactlyWhatWasGiven() {
        let env = ["FOO": "bar baz", "EMPTY": "", "UNICODE": "héllo=x"]
        let outcome = ProcessRunner.run(ProcessSpec(argv: ["/usr/bin/env"], environment: env))
        #expect(outcome.termination == .exited(0))
        let lines = Set(outcome.stdout.split(separator: "\n").map(String.init))
        #expect(lines == ["EMPTY=", "FOO=bar baz", "UNICODE=héllo=x"])
        let none = ProcessRunner.run(ProcessSpec(argv: ["/usr/bin/env"], environment: [:]))
        #expect(none.stdout == "")
    }

    @Test func bareNameUsesAgentPathNotChildPath() {
        // The child's PATH is empty, yet "env" is found through the agent's PATH.
        let outcome = ProcessRunner.run(ProcessSpec(argv: ["env"], environment: ["X": "1"]))
        #expect(outcome.termination == .exited(0))
        #expect(outcome.stdout == "X=1\n")
    }

    @Test func argvIsPassedVerbatimWithoutShell() {
        let outcome = ProcessRunner.run(ProcessSpec(argv: ["/bin/echo", "$HOME", "a  b", "*", "'q'"]))
        #expect(outcome.stdout == "$HOME a  b * 'q'\n")
    }

    @Test func stdinIsDevNullAndStreamsAreSeparate() {
        let outcome = sh("cat; echo out; echo err >&2; exit 2")
        #expect(outcome.termination == .exited(2))
        #expect(outcome.stdout == "out\n")
        #expect(outcome.stderr == "err\n")
    }

    @Test func invalidUTF8IsRepaired() {
        let outcome = sh("printf 'a\\377b'")
        #expect(outcome.stdout == "a\u{FFFD}b")
    }

    @Test func noAgentFDsLeakIntoChild() {
        // Descriptors opened without O_CLOEXEC by other agent code must not reach the plugin.
        let leaky = (0..<4).map { _ in open("/dev/null", O_RDONLY) }
        defer { leaky.forEach { close($0) } }
        let outcome = ProcessRunner.run(ProcessSpec(argv: ["/bin/ls", "/proc/self/fd"]))
        let fds = Set(outcome.stdout.split(separator: "\n").compactMap { Int32($0) })
        // 0, 1, 2 and the directory ls itself opened (the lowest free number, 3).
        #expect(fds.isSubset(of: [0, 1, 2, 3]), "child saw \(fds.sorted()), agent leaky fds \(leaky)")
    }

    @Test func signalMaskAndDispositionsAreReset() {
        // Ignore and block TERM in this thread; the child must still die of SIGTERM.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        var old = sigset_t()
        pthread_sigmask(SIG_BLOCK, &set, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        let outcome = sh("kill -TERM $$; sleep 5")
        #expect(outcome.termination == .signaled(SIGTERM))
    }

    @Test func resolveExecutable() {
        #expect(ProcessRunner.resolveExecutable("sh", path: "/nonexistent:/bin") == "/bin/sh")
        #expect(ProcessRunner.resolveExecutable("sh", path: "/nonexistent") == nil)
        #expect(ProcessRunner.resolveExecutable("/bin/sh", path: nil) == "/bin/sh")
        #expect(ProcessRunner.resolveExecutable("/etc/passwd", path: nil) == nil)
        #expect(ProcessRunner.resolveExecutable("bin", path: "/") == nil)  // a directory is not a program
        #expect(ProcessRunner.resolveExecutable("", path: "/bin") == nil)
    }

    @Test func manyThreadsAtOnce() {
        let results = Mutexed<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let outcome = sh("echo run-\(index); echo e-\(index) >&2")
            results.append(outcome.stdout + outcome.stderr)
        }
        let expected = Set((0..<16).map { "run-\($0)\ne-\($0)\n" })
        #expect(Set(results.value) == expected)
    }
}

struct TempDir {
    let path: String
    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("pp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        // Resolve symlinks so `pwd` output compares equal.
        path = base.resolvingSymlinksInPath().path
    }
}

import Synchronization
final class Mutexed<T: Sendable>: Sendable {
    private let mutex: Mutex<T>
    init(_ value: T) { mutex = Mutex(value) }
    func append<E>(_ element: E) where T == [E] { mutex.withLock { $0.append(element) } }
    var value: T { mutex.withLock { $0 } }
}

@Test func theTruncationMarkerIsNotPluginOutput() {
    // A cap that cuts inside the perfdata: the marker must not be parsed as more perfdata.
    let outcome = ProcessRunner.run(ProcessSpec(argv: ["/bin/sh", "-c", "printf 'OK | a=1 b=2 c=3\\r'; head -c 5000 /dev/zero | tr '\\\\0' 'x'"],
                                                timeout: .seconds(5), outputCap: 1024))
    #expect(outcome.stdoutTruncated)
    #expect(outcome.stdout.utf8.count > 1024)
    let plain = outcome.stdoutWithoutMarker(cap: 1024)
    #expect(plain.utf8.count == 1024)
    #expect(plain.hasPrefix("OK | a=1 b=2 c=3"))
    #expect(!plain.contains("[output truncated"))
}
