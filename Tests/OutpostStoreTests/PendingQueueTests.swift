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
}
