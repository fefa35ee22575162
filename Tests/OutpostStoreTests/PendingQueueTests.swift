import Testing
@testable import OutpostStore

@Suite struct PendingQueueTests {
    @Test func failedBatchGoesBackInOrderAndCapacityDropsOldest() {
        var q = PendingQueue(capacity: 5)
        for i in 0..<4 { q.append(sampleRun(i)) }
        let batch = q.takeBatch(limit: 3)
        #expect(batch.map(\.seq) == [1, 2, 3])
        #expect(q.oldestOutstanding == 1)
        for i in 4..<10 { q.append(sampleRun(i)) }  // 7 queued > 5: drops seq 4, 5
        #expect(q.dropped == 2)
        #expect(q.pendingCount == 8)  // 3 in flight + 5 queued
        #expect(q.requeueInFlight() == 3)  // back in front, then the oldest 3 go
        #expect(q.dropped == 5)
        #expect(q.takeBatch(limit: 10).map(\.seq) == [6, 7, 8, 9, 10])
        #expect(q.commitInFlight() == 5)
        #expect(q.oldestOutstanding == 11)
    }

    @Test func bytesAreBoundedTooDroppingTheOldest() {
        var q = PendingQueue(capacity: 1000, byteCapacity: 300_000)
        let big = RunRecord(job: "chatty", kind: "command", startedAt: 0, duration: 0, status: 0, message: "",
                            output: String(repeating: "x", count: 100_000), samples: [])
        for _ in 0..<5 { q.append(big) }
        #expect(q.queuedCount == 2, "two 100 KB runs fit in 300 KB, three do not")
        #expect(q.dropped == 3)
        #expect(q.queuedBytes <= 300_000)
        #expect(q.takeBatch(limit: 10).map(\.seq) == [4, 5])
        #expect(q.queuedBytes == 0)
        q.requeueInFlight()
        #expect(q.queuedBytes > 200_000)
    }
}
