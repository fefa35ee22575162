// A prepared statement that owns its sqlite3_stmt pointer: finalized in deinit, never leaked.
import CSQLite

/// Not thread-safe: used by the one thread that holds its connection.
final class Statement {
    let handle: OpaquePointer
    let sql: String

    init(db: OpaquePointer, sql: String) throws(StoreError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw StoreError.from(db, code: rc, sql: sql)
        }
        self.handle = stmt
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    private func check(_ rc: Int32) throws(StoreError) {
        if rc != SQLITE_OK {
            throw StoreError.from(sqlite3_db_handle(handle), code: rc, sql: sql)
        }
    }

    // Parameters are 1-based, as in SQLite.
    func bind(_ value: Int, at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    func bind(_ value: Int64, at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ value: Double, at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_double(handle, index, value))
    }

    func bind(_ value: String, at index: Int32) throws(StoreError) {
        var value = value
        let rc = value.withUTF8 { bytes -> Int32 in
            // An empty buffer may have no base address; NULL would bind SQL NULL, not ''.
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), csqlite_transient())
            }
        }
        try check(rc)
    }

    /// Advances one row: true when a row is available, false when done.
    /// On error the statement is reset so it can be reused.
    @discardableResult
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = StoreError.from(sqlite3_db_handle(handle), code: rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Makes the statement ready to run again; bindings are kept until rebound.
    func reset() {
        sqlite3_reset(handle)
    }

    func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    func double(_ column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    /// NULL reads as "".
    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
}
