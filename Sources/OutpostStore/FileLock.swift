// One agent per database file: an exclusive flock() on a sidecar `<db>.lock`.
//
// Why a sidecar and not flock on the db file: flock and SQLite's fcntl locks are independent
// on Linux, but any close() of *another* fd on the db file drops all of the process's fcntl
// locks on it (POSIX semantics), silently breaking SQLite's locking. A separate file can never
// interfere, and it can carry our pid for the error message. The lock belongs to the open file
// description, so it dies with the process (kill -9 included). The file is never unlinked:
// unlinking would let two processes lock two different inodes of the same name.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import Synchronization

final class FileLock: Sendable {
    let path: String
    private let fd: Mutex<Int32>

    /// Takes the lock without waiting, or throws naming the pid that holds it. The lock file
    /// sits beside the database's real path, so a symlink to the same file finds the same lock.
    init(databasePath: String) throws(StoreError) {
        let lockPath = FileLock.canonical(databasePath) + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError(code: SQLITE_CANTOPEN, message: "cannot open lock file \(lockPath): \(reason)")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            let holder = FileLock.readPid(fd).map { "pid \($0)" } ?? "pid unknown"
            close(fd)
            if err == EWOULDBLOCK {
                throw StoreError(
                    code: SQLITE_BUSY,
                    message: "database \(databasePath) is in use by another Outpost process (\(holder))")
            }
            throw StoreError(code: SQLITE_CANTOPEN, message: "cannot lock \(lockPath): \(String(cString: strerror(err)))")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        self.path = lockPath
        self.fd = Mutex(fd)
    }

    deinit {
        release()
    }

    /// Idempotent.
    func release() {
        let old = fd.withLock { fd -> Int32 in
            let old = fd
            fd = -1
            return old
        }
        if old >= 0 {
            close(old)  // closing the only fd of this open file description releases the flock
        }
    }

    /// The path with symlinks resolved; for a file not created yet, its directory's.
    static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let resolved = realpath(directory, nil) else { return path }
        defer { free(resolved) }
        let base = String(cString: resolved)
        return (base.hasSuffix("/") ? base : base + "/") + name
    }

    private static func readPid(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        return Int(text.trimmingWhitespace())
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return s
    }
}
