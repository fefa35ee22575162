// The single writer thread: takes pending runs in batches and commits each batch (runs and
// their samples) in one transaction with cached prepared statements. A failed batch is rolled
// back, kept pending and retried after the flush interval; the writer never stops on errors.
#if canImport(Glibc)
import Glibc
#endif
import CSQLite
import ThreadSupport
import Synchronization

final class Writer: @unchecked Sendable {
    // Everything below `cond` is guarded by it (hence @unchecked Sendable).
    private let cond = Condition()
    private var queue: PendingQueue
    private var writesTotal = 0
    private var errorsTotal = 0
    private var databaseBytes: Int
    private let path: String
    private var attempts: UInt64 = 0
    private var lastFailedAttempt: UInt64 = 0
    private var flushTarget: UInt64 = 0
    private var stopping = false
    private var exited = false
    private var tickDeadline: UInt64?
    private var retryNotBefore: UInt64?
    /// Failed attempts since the last success: retries back off, and a streak is logged at its
    /// start, then at most once a minute, then when it ends (a full disk lasts hours).
    private var failureStreak = 0
    private var lastFailureLog: UInt64 = 0

    static let longestRetryDelay: UInt64 = 5_000_000_000
    static let failureLogInterval: UInt64 = 60_000_000_000

    private let connection: Mutex<Connection?>
    private let batchSize: Int
    private let interval: UInt64
    private let onError: @Sendable (String) -> Void
    private let onRecovery: @Sendable (String) -> Void

    init(connection: Connection, batchSize: Int, flushInterval: Duration, maxPendingRuns: Int, maxPendingBytes: Int,
         onError: @escaping @Sendable (String) -> Void, onRecovery: @escaping @Sendable (String) -> Void) {
        self.connection = Mutex(connection)
        self.batchSize = max(1, batchSize)
        self.interval = flushInterval.nanoseconds
        path = connection.path
        databaseBytes = Store.databaseBytes(connection.path)
        self.queue = PendingQueue(capacity: maxPendingRuns, byteCapacity: maxPendingBytes)
        self.onError = onError
        self.onRecovery = onRecovery
    }

    func enqueue(_ run: RunRecord) {
        cond.lock()
        if exited || stopping {
            queue.countDropped(1)
            cond.unlock()
            return
        }
        queue.append(run)
        let queued = queue.queuedCount
        // Wake the writer when it has something new to time, or a full batch.
        if queued == 1 || queued == batchSize { cond.signal() }
        cond.unlock()
    }

    /// Blocks until every run enqueued before the call is committed (or dropped), or until a
    /// write attempt that started after the call has failed, or the writer has stopped.
    func flush() {
        cond.lock()
        let target = queue.nextSeq - 1
        let attemptAtCall = attempts
        flushTarget = max(flushTarget, target)
        cond.broadcast()
        while queue.oldestOutstanding <= target && lastFailedAttempt <= attemptAtCall && !exited {
            cond.wait()
        }
        cond.unlock()
    }

    /// Drains what it can (one attempt more after a failure), then ends the loop.
    func stop() {
        cond.lock()
        stopping = true
        cond.broadcast()
        cond.unlock()
    }

    func snapshot() -> (writes: Int, errors: Int, pending: Int, dropped: Int, databaseBytes: Int) {
        cond.lock()
        defer { cond.unlock() }
        return (writesTotal, errorsTotal, queue.pendingCount, queue.dropped, databaseBytes)
    }

    /// Runs `body` on the writer connection between batches (tests use it to break writes).
    func withConnection<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        let result: Result<T, StoreError> = connection.withLock { conn in
            guard let conn else { return .failure(StoreError(code: SQLITE_MISUSE, message: "store is closed")) }
            do throws(StoreError) { return .success(try body(conn)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    func closeConnection() {
        connection.withLock { conn in
            conn?.close()
            conn = nil
        }
    }

    // MARK: - The loop

    func run() {
        var giveUpMessage: String?
        cond.lock()
        while true {
            let queued = queue.queuedCount
            if queued == 0 {
                if stopping { break }
                tickDeadline = nil
                cond.wait()
                continue
            }
            let now = Condition.now()
            let deadline = tickDeadline ?? (now + interval)
            tickDeadline = deadline
            let flushWanted = (queue.headSeq ?? .max) <= flushTarget
            let due = queued >= batchSize || flushWanted || stopping || now >= deadline
            let holding = !stopping && (retryNotBefore.map { now < $0 } ?? false)
            if !due || holding {
                cond.wait(until: holding ? (retryNotBefore ?? deadline) : deadline)
                continue
            }
            let batch = queue.takeBatch(limit: batchSize)
            attempts += 1
            let attempt = attempts
            cond.unlock()

            let failure = write(batch)
            let bytes = failure == nil ? Store.databaseBytes(path) : nil

            cond.lock()
            if let bytes { databaseBytes = bytes }
            var message: String?
            var recovery: String?
            let finished = Condition.now()
            if let failure {
                errorsTotal += 1
                failureStreak += 1
                lastFailedAttempt = attempt
                let backoff = interval << UInt64(min(failureStreak - 1, 16))
                retryNotBefore = finished + min(backoff, max(interval, Self.longestRetryDelay))
                queue.requeueInFlight()
                if failureStreak == 1 || finished - lastFailureLog >= Self.failureLogInterval || stopping {
                    lastFailureLog = finished
                    message = "store: writing \(batch.count) runs failed: \(failure); "
                        + "\(queue.pendingCount) runs kept pending for retry"
                        + (failureStreak > 1 ? " (\(failureStreak) failed attempts in a row)" : "")
                        + (queue.dropped > 0 ? ", \(queue.dropped) oldest dropped so far (queue full)" : "")
                }
                if stopping {
                    giveUpMessage = "store: closing with \(queue.pendingCount) runs not written (last error: \(failure))"
                }
            } else {
                writesTotal += queue.commitInFlight()
                retryNotBefore = nil
                if failureStreak > 0 {
                    recovery = "store: writes succeed again after \(failureStreak) failed attempts"
                    failureStreak = 0
                }
                if queue.queuedCount == 0 { tickDeadline = nil }
            }
            cond.broadcast()
            if message != nil || recovery != nil {
                cond.unlock()
                if let message { onError(message) }
                if let recovery { onRecovery(recovery) }
                cond.lock()
            }
            if giveUpMessage != nil { break }
        }
        exited = true
        cond.broadcast()
        cond.unlock()
        if let giveUpMessage { onError(giveUpMessage) }
    }

    /// One transaction for the batch; nil on success.
    private func write(_ batch: [PendingRun]) -> StoreError? {
        do throws(StoreError) {
            try withConnection { (db) throws(StoreError) in
                try db.transaction { () throws(StoreError) in
                    let insertRun = try db.cached(Schema.insertRunSQL)
                    let insertSample = try db.cached(Schema.insertSampleSQL)
                    for item in batch {
                        let run = item.run
                        try insertRun.bind(run.job, at: 1)
                        try insertRun.bind(run.kind, at: 2)
                        try insertRun.bind(run.startedAt, at: 3)
                        try insertRun.bind(run.duration, at: 4)
                        try insertRun.bind(run.status, at: 5)
                        try insertRun.bind(run.message, at: 6)
                        try insertRun.bind(run.output, at: 7)
                        try insertRun.step()
                        insertRun.reset()
                        guard !run.samples.isEmpty else { continue }
                        let runID = db.lastInsertRowID
                        try insertSample.bind(runID, at: 1)
                        try insertSample.bind(run.job, at: 2)
                        try insertSample.bind(run.startedAt, at: 3)
                        for sample in run.samples {
                            try insertSample.bind(sample.name, at: 4)
                            try insertSample.bind(sample.value, at: 5)
                            try insertSample.bind(sample.unit, at: 6)
                            try insertSample.step()
                            insertSample.reset()
                        }
                    }
                }
            }
            return nil
        } catch {
            return error
        }
    }
}
