import CSQLite
import Dispatch
import Foundation
import Testing
@testable import OutpostStore

@Suite struct WriteTests {
    @Test func tenThousandRunsWithSamplesLand() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db)
        defer { store.close() }
        for i in 0..<10_000 { store.enqueue(sampleRun(i, job: "job\(i % 10)")) }
        store.flush()
        #expect(try store.runCount() == 10_000)
        let plain = try PlainDB(dir.db)
        #expect(try plain.int("SELECT count(*) FROM samples") == 20_000)
        // Every sample points at a run of the same job with its start time.
        #expect(try plain.int("SELECT count(*) FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.job = s.job AND r.started_at = s.ts") == 20_000)
        let stats = store.stats
        #expect(stats.writesTotal == 10_000)
        #expect(stats.pendingRuns == 0)
        #expect(stats.errorsTotal == 0)
        #expect(stats.droppedRuns == 0)
        #expect(stats.databaseBytes > 0)
    }

    @Test func recentRunsNewestFirstWithSamples() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db)
        defer { store.close() }
        for i in 0..<50 { store.enqueue(sampleRun(i, job: i % 2 == 0 ? "even" : "odd")) }
        var noSamples = sampleRun(1000, job: "even", output: "line1\nline2 ✓")
        noSamples.samples = []
        noSamples.message = ""
        store.enqueue(noSamples)
        store.flush()
        let recent = try store.recentRuns(job: "even", limit: 4)
        #expect(recent == [noSamples, sampleRun(48, job: "even"), sampleRun(46, job: "even"), sampleRun(44, job: "even")])
        #expect(try store.recentRuns(job: "odd", limit: 100).count == 25)
        #expect(try store.recentRuns(job: "none", limit: 10).isEmpty)
        #expect(try store.recentRuns(job: "even", limit: 0).isEmpty)
    }

    @Test func concurrentEnqueueFromManyThreads() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db, batchSize: 100, flushInterval: .milliseconds(5))
        defer { store.close() }
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<1000 { store.enqueue(sampleRun(t * 1000 + i, job: "t\(t)")) }
            if t % 2 == 0 { store.flush() }
        }
        store.flush()
        #expect(try store.runCount() == 8000)
        for t in 0..<8 {
            let runs = try store.recentRuns(job: "t\(t)", limit: 2000)
            #expect(runs.count == 1000)
            #expect(runs.first == sampleRun(t * 1000 + 999, job: "t\(t)"))
        }
        #expect(store.stats.writesTotal == 8000)
    }

    @Test func smallTrickleIsWrittenByTheTimerWithoutFlush() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db, flushInterval: .milliseconds(20))
        defer { store.close() }
        store.enqueue(sampleRun(1))
        var count = 0
        for _ in 0..<200 where count == 0 {
            usleep(10_000)
            count = try store.runCount()
        }
        #expect(count == 1)
    }

    @Test func closeWritesWhatIsPending() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db, flushInterval: .seconds(60))
        for i in 0..<123 { store.enqueue(sampleRun(i)) }
        store.close()
        store.enqueue(sampleRun(999))  // after close: dropped, no crash
        #expect(store.stats.droppedRuns == 1)
        store.flush()  // returns at once
        #expect(try PlainDB(dir.db).int("SELECT count(*) FROM runs") == 123)
        #expect(throws: StoreError.self) { try store.runCount() }
    }

    /// Without close: what flush returned for is already in the file, readable by a fresh
    /// connection, and the file is consistent.
    @Test func flushedBatchesAreDurableWithoutClose() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db)
        defer { store.close() }
        for i in 0..<2500 { store.enqueue(sampleRun(i)) }
        store.flush()
        let plain = try PlainDB(dir.db)
        #expect(try plain.int("SELECT count(*) FROM runs") == 2500)
        #expect(try plain.int("SELECT count(*) FROM samples") == 5000)
        #expect(try plain.column("PRAGMA integrity_check") == ["ok"])
    }
}
