// Numbered migrations, tracked in PRAGMA user_version; the only place the schema is written down.
import CSQLite

enum Schema {
    /// Migration N is `migrations[N - 1]`; append, never edit a shipped one.
    static let migrations: [String] = [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            job TEXT NOT NULL,
            kind TEXT NOT NULL,
            started_at REAL NOT NULL,
            duration REAL NOT NULL,
            status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),
            message TEXT NOT NULL,
            output TEXT NOT NULL
        );
        CREATE INDEX runs_job_started ON runs (job, started_at);
        CREATE TABLE samples (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            job TEXT NOT NULL,
            ts REAL NOT NULL,
            name TEXT NOT NULL,
            value REAL NOT NULL,
            unit TEXT NOT NULL
        );
        CREATE INDEX samples_job_name_ts ON samples (job, name, ts);
        CREATE INDEX samples_run ON samples (run_id);
        """
    ]

    static var latestVersion: Int { migrations.count }

    static let insertRunSQL =
        "INSERT INTO runs (job, kind, started_at, duration, status, message, output) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    static let insertSampleSQL =
        "INSERT INTO samples (run_id, job, ts, name, value, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

    /// Brings the database to `latestVersion`; returns how many migrations ran.
    /// Each migration and its version bump commit together, so a crash leaves a known version.
    static func migrate(_ db: Connection) throws(StoreError) -> Int {
        let found = try db.scalarInt("PRAGMA user_version")
        if found > latestVersion {
            throw StoreError(
                code: SQLITE_ERROR,
                message: "database \(db.path) has schema version \(found), newer than this Outpost knows (\(latestVersion)); refusing to open it",
                sql: "PRAGMA user_version")
        }
        var applied = 0
        for version in (found + 1)..<(latestVersion + 1) {
            try db.transaction { () throws(StoreError) in
                // Re-read under the write lock, in case another opener got here first.
                guard try db.scalarInt("PRAGMA user_version") < version else { return }
                try db.execute(migrations[version - 1])
                try db.execute("PRAGMA user_version = \(version)")
                applied += 1
            }
        }
        return applied
    }
}

extension Store {
    /// The schema as SQL text (all migrations in order), so other code (the benchmark's C
    /// baseline) can build the very same tables.
    public static var schemaSQL: String { Schema.migrations.joined(separator: ";\n") }
    public static var insertRunSQL: String { Schema.insertRunSQL }
    public static var insertSampleSQL: String { Schema.insertSampleSQL }
}
