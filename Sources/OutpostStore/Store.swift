// The Outpost store: the only code that speaks SQL. Opening takes the one-agent lock, migrates,
// and starts the writer thread; reads go through a second connection so they never wait for a batch.
#if canImport(Glibc)
import Glibc
#endif
import CSQLite
import ThreadSupport
import Synchronization

public final class Store: Sendable {
    public let path: String
    /// Migrations run by this open (0 when the file was already current).
    let migrationsApplied: Int
    private let fileLock: FileLock
    private let writer: Writer
    private let reader: Mutex<Connection?>
    private let thread: Mutex<pthread_t?>
    private let closed = Mutex(false)

    /// Creates the file on first start, runs migrations, and takes an exclusive advisory lock so
    /// that a second agent on the same file is refused ("database ... is in use by another
    /// Outpost process (pid N)"). `maxPendingRuns` and `maxPendingBytes` bound memory while writes fail; `busyTimeout`
    /// is how long a write waits for a lock held by another connection before counting as failed.
    public init(
        path: String,
        batchSize: Int = 1000,
        flushInterval: Duration = .milliseconds(200),
        maxPendingRuns: Int = 100_000,
        maxPendingBytes: Int = 64 << 20,
        busyTimeout: Duration = .seconds(5),
        onError: @escaping @Sendable (String) -> Void = { _ in },
        onRecovery: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        self.path = path
        let lock = try FileLock(databasePath: path)
        let writeConnection = try Connection(path: path, create: true, busyTimeout: busyTimeout)
        // WAL: readers never block the writer; NORMAL: a commit is durable once the WAL is
        // synced at checkpoint, and the file is never corrupted by a crash (only the last
        // commits may be lost on power failure). Foreign keys stay off: the writer is the only
        // inserter and puts each run before its samples; enforcing would cost a lookup per sample.
        let mode = try writeConnection.scalarString("PRAGMA journal_mode = WAL")
        guard mode.lowercased() == "wal" else {
            throw StoreError(code: SQLITE_ERROR, message: "cannot switch \(path) to WAL (journal_mode is \(mode))")
        }
        try writeConnection.execute("PRAGMA synchronous = NORMAL")
        self.migrationsApplied = try Schema.migrate(writeConnection)

        let readConnection = try Connection(path: path, create: false, busyTimeout: busyTimeout)
        try readConnection.execute("PRAGMA query_only = 1")

        self.fileLock = lock
        self.reader = Mutex(readConnection)
        let writer = Writer(
            connection: writeConnection, batchSize: batchSize, flushInterval: flushInterval,
            maxPendingRuns: maxPendingRuns, maxPendingBytes: maxPendingBytes, onError: onError, onRecovery: onRecovery)
        self.writer = writer
        guard let thread = startThread({ writer.run() }) else {
            throw StoreError(code: SQLITE_ERROR, message: "cannot start the store writer thread")
        }
        self.thread = Mutex(thread)
    }

    deinit {
        close()
    }

    /// Never blocks on disk: queues the run for the writer thread.
    public func enqueue(_ run: RunRecord) {
        writer.enqueue(run)
    }

    /// Blocks until everything enqueued before the call is committed or a write attempt has
    /// failed (the runs then stay pending and are retried). Not for use on an async executor.
    public func flush() {
        writer.flush()
    }

    /// Flushes, stops the writer, finalizes statements, closes, releases the lock; idempotent.
    public func close() {
        let wasClosed = closed.withLock { closed -> Bool in
            let was = closed
            closed = true
            return was
        }
        if wasClosed { return }
        writer.stop()
        if let thread = thread.withLock({ t -> pthread_t? in
            let old = t
            t = nil
            return old
        }) {
            pthread_join(thread, nil)
        }
        writer.closeConnection()
        reader.withLock { conn in
            conn?.close()
            conn = nil
        }
        fileLock.release()
    }

    /// From memory: the database size is measured by the writer after each commit, so a
    /// scrape does not even stat the file.
    public var stats: StoreStats {
        let s = writer.snapshot()
        return StoreStats(
            writesTotal: s.writes, errorsTotal: s.errors, pendingRuns: s.pending, droppedRuns: s.dropped,
            databaseBytes: s.databaseBytes)
    }

    /// The database file and its write-ahead log.
    static func databaseBytes(_ path: String) -> Int {
        func size(_ path: String) -> Int {
            var info = stat()
            return stat(path, &info) == 0 ? Int(info.st_size) : 0
        }
        return size(path) + size(path + "-wal")
    }

    /// Runs `body` on the read connection (one reader at a time).
    func read<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        let result: Result<T, StoreError> = reader.withLock { conn in
            guard let conn else { return .failure(StoreError(code: SQLITE_MISUSE, message: "store \(path) is closed")) }
            do throws(StoreError) { return .success(try body(conn)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Test hook: runs SQL on the writer connection between batches, e.g.
    /// `PRAGMA max_page_count` to make writes fail with SQLITE_FULL.
    func executeOnWriter(_ sql: String) throws(StoreError) {
        try writer.withConnection { (db) throws(StoreError) in try db.execute(sql) }
    }
}
