// One sqlite3 connection with its statement cache and a transaction helper.
import CSQLite

/// Not thread-safe by itself (opened NOMUTEX): the store gives each connection to one
/// thread at a time behind a Mutex, hence @unchecked Sendable.
final class Connection: @unchecked Sendable {
    private(set) var handle: OpaquePointer?
    let path: String
    private var cache: [String: Statement] = [:]

    init(path: String, create: Bool, busyTimeout: Duration) throws(StoreError) {
        self.path = path
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        if create { flags |= SQLITE_OPEN_CREATE }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = StoreError.from(db, code: rc, sql: nil)
            sqlite3_close_v2(db)
            throw StoreError(code: error.code, message: "cannot open \(path): \(error.message)")
        }
        handle = db
        let millis = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(db, Int32(clamping: millis))
    }

    deinit {
        close()
    }

    private func open() throws(StoreError) -> OpaquePointer {
        guard let handle else { throw StoreError(code: SQLITE_MISUSE, message: "connection to \(path) is closed") }
        return handle
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError) {
        let db = try open()
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw StoreError.from(db, code: rc, sql: sql) }
    }

    /// The single integer a pragma or aggregate query returns.
    func scalarInt(_ sql: String) throws(StoreError) -> Int {
        let stmt = try prepare(sql)
        guard try stmt.step() else { throw StoreError(code: SQLITE_ERROR, message: "no row", sql: sql) }
        return stmt.int(0)
    }

    func scalarString(_ sql: String) throws(StoreError) -> String {
        let stmt = try prepare(sql)
        guard try stmt.step() else { throw StoreError(code: SQLITE_ERROR, message: "no row", sql: sql) }
        return stmt.string(0)
    }

    func prepare(_ sql: String) throws(StoreError) -> Statement {
        try Statement(db: open(), sql: sql)
    }

    /// A statement prepared once per connection and reused; reset before it is handed out.
    func cached(_ sql: String) throws(StoreError) -> Statement {
        if let stmt = cache[sql] {
            stmt.reset()
            return stmt
        }
        let stmt = try prepare(sql)
        cache[sql] = stmt
        return stmt
    }

    /// True inside an open transaction.
    var inTransaction: Bool {
        guard let handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }

    /// Runs `body` in `BEGIN IMMEDIATE` (the write lock is taken up front, so a busy
    /// database fails here rather than halfway); rolls back on any error.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // A failed COMMIT may leave the transaction open; a failed statement may have ended it.
            if inTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Finalizes cached statements and closes; idempotent.
    func close() {
        cache.removeAll()
        if let handle {
            sqlite3_close_v2(handle)
            self.handle = nil
        }
    }
}

extension Connection {
    var lastInsertRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }
}
