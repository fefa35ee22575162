import CSQLite
import Foundation
import Testing
@testable import OutpostStore

/// Real write failures (tests run as root, so chmod would not stop writes): SQLITE_FULL via
/// max_page_count on the writer connection, SQLITE_BUSY via another connection's write lock.
@Suite struct FailureTests {
    @Test func diskFullKeepsRunsPendingAndRetriesUntilTheyLand() throws {
        let dir = TempDir()
        let log = LogCollector(), recoveries = LogCollector()
        let store = try Store(path: dir.db, flushInterval: .milliseconds(20), onError: { log.add($0) }, onRecovery: { recoveries.add($0) })
        defer { store.close() }
        for i in 0..<100 { store.enqueue(sampleRun(i)) }
        store.flush()
        #expect(try store.runCount() == 100)

        try store.executeOnWriter("PRAGMA max_page_count = 1")  // clamps to the current size
        let big = String(repeating: "x", count: 2000)
        for i in 100..<3100 { store.enqueue(sampleRun(i, output: big)) }
        store.flush()
        var stats = store.stats
        #expect(stats.errorsTotal >= 1)
        #expect(stats.pendingRuns == 3000)
        #expect(try store.runCount() == 100)  // the failed batch was rolled back
        #expect(log.all.first?.contains("sqlite error 13 (database or disk is full) in INSERT INTO") == true)
        #expect(log.all.first?.contains("runs kept pending for retry") == true)

        // It keeps retrying on its own while the disk stays full, backing off, and says so
        // once rather than on every attempt.
        usleep(200_000)
        #expect(store.stats.errorsTotal > stats.errorsTotal)
        #expect(store.stats.errorsTotal < 12, "20, 40, 80 ms... apart, not every 20 ms: \(store.stats.errorsTotal)")
        #expect(log.all.count == 1, "\(log.all)")

        try store.executeOnWriter("PRAGMA max_page_count = 1073741823")
        store.flush()
        stats = store.stats
        #expect(stats.pendingRuns == 0)
        #expect(stats.writesTotal == 3100)
        #expect(stats.droppedRuns == 0)
        #expect(try store.runCount() == 3100)
        #expect(recoveries.all.count == 1)
        #expect(recoveries.all.first?.hasPrefix("store: writes succeed again after") == true)
        #expect(try PlainDB(dir.db).column("PRAGMA integrity_check") == ["ok"])
    }

    @Test func busyDatabaseIsRetriedAfterTheLockIsReleased() throws {
        let dir = TempDir()
        let log = LogCollector()
        let store = try Store(path: dir.db, flushInterval: .milliseconds(20), busyTimeout: .milliseconds(30), onError: { log.add($0) })
        defer { store.close() }
        let other = try PlainDB(dir.db)
        try other.exec("BEGIN EXCLUSIVE")
        for i in 0..<10 { store.enqueue(sampleRun(i)) }
        store.flush()
        #expect(store.stats.pendingRuns == 10)
        #expect(store.stats.errorsTotal >= 1)
        #expect(log.all.first?.contains("sqlite error 5 (database is locked) in BEGIN IMMEDIATE") == true)
        try other.exec("ROLLBACK")
        store.flush()
        #expect(store.stats.pendingRuns == 0)
        #expect(try store.runCount() == 10)
        #expect(try store.recentRuns(job: "web", limit: 1) == [sampleRun(9)])
    }

    @Test func pendingQueueIsBoundedDroppingTheOldest() throws {
        let dir = TempDir()
        let store = try Store(
            path: dir.db, batchSize: 10, flushInterval: .milliseconds(20), maxPendingRuns: 50,
            busyTimeout: .milliseconds(10))
        defer { store.close() }
        let other = try PlainDB(dir.db)
        try other.exec("BEGIN EXCLUSIVE")
        for i in 0..<80 { store.enqueue(sampleRun(i)) }
        store.flush()
        let stats = store.stats
        #expect(stats.pendingRuns == 50)
        #expect(stats.droppedRuns == 30)
        try other.exec("ROLLBACK")
        store.flush()
        #expect(try store.runCount() == 50)
        // The newest survived.
        let newest = try store.recentRuns(job: "web", limit: 50)
        #expect(newest.first == sampleRun(79))
        #expect(newest.last == sampleRun(30))
    }

    @Test func closeGivesUpAfterOneFailedAttemptInsteadOfHanging() throws {
        let dir = TempDir()
        let log = LogCollector()
        let store = try Store(path: dir.db, busyTimeout: .milliseconds(10), onError: { log.add($0) })
        let other = try PlainDB(dir.db)
        try other.exec("BEGIN EXCLUSIVE")
        for i in 0..<5 { store.enqueue(sampleRun(i)) }
        store.close()
        #expect(log.all.contains { $0.contains("closing with 5 runs not written") })
        try other.exec("ROLLBACK")
    }
}
