// The one error type of the store: SQLite's result code, its message and the SQL that failed.
import CSQLite

/// A failed SQLite call (or a refusal to open) with the statement that caused it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// SQLite primary result code, e.g. 13 (SQLITE_FULL), 5 (SQLITE_BUSY).
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// "sqlite error 13 (database or disk is full) in INSERT INTO runs...: database or disk is full"
    public var description: String {
        let name = String(cString: sqlite3_errstr(code))
        var text = "sqlite error \(code) (\(name))"
        if let sql {
            text += " in \(StoreError.abbreviate(sql))"
        }
        return text + ": " + message
    }

    /// Keeps log lines short: migrations are whole scripts.
    static func abbreviate(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
        return flat.count > 80 ? String(flat.prefix(77)) + "..." : flat
    }

    /// The error SQLite holds for `db` after a call returned `code`.
    static func from(_ db: OpaquePointer?, code: Int32, sql: String?) -> StoreError {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return StoreError(code: code & 0xff, message: message, sql: sql)
    }
}
