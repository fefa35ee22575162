import CSQLite
import Foundation
import Testing
@testable import OutpostStore

@Suite struct SchemaTests {
    @Test func freshFileIsCreatedAndMigrated() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db)
        #expect(store.migrationsApplied == 1)
        let plain = try PlainDB(dir.db)
        #expect(try plain.int("PRAGMA user_version") == 1)
        let tables = try plain.column("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        #expect(tables == ["runs", "samples"])
        let indexes = try plain.column("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
        #expect(indexes == ["runs_job_started", "samples_job_name_ts", "samples_run"])
        #expect(try plain.column("PRAGMA journal_mode") == ["wal"])
        store.close()
    }

    @Test func reopenKeepsDataAndDoesNotMigrateAgain() throws {
        let dir = TempDir()
        do {
            let store = try Store(path: dir.db)
            store.enqueue(sampleRun(1))
            store.close()
        }
        let store = try Store(path: dir.db)
        defer { store.close() }
        #expect(store.migrationsApplied == 0)
        #expect(try store.runCount() == 1)
        #expect(try store.recentRuns(job: "web", limit: 5) == [sampleRun(1)])
    }

    @Test func futureSchemaVersionIsRefused() throws {
        let dir = TempDir()
        try PlainDB(dir.db).exec("PRAGMA user_version = 7")
        let error = #expect(throws: StoreError.self) { try Store(path: dir.db) }
        #expect(error?.message.contains("schema version 7, newer than this Outpost knows (1)") == true)
        // Refusal left the file alone and released the lock.
        #expect(try PlainDB(dir.db).int("PRAGMA user_version") == 7)
        let again = #expect(throws: StoreError.self) { try Store(path: dir.db) }
        #expect(again?.message.contains("schema version 7") == true)
    }

    @Test func errorDescriptionNamesCodeAndSQL() {
        let error = StoreError(code: 13, message: "database or disk is full", sql: "INSERT INTO runs (job) VALUES (?1)")
        #expect(error.description == "sqlite error 13 (database or disk is full) in INSERT INTO runs (job) VALUES (?1): database or disk is full")
    }
}
