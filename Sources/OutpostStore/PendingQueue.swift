// The runs waiting for the writer, in order, with sequence numbers so flush() can tell
// when everything enqueued before it is done. Plain value type; the writer locks around it.

struct PendingRun {
    let seq: UInt64
    let run: RunRecord
    /// About what the run holds in memory; a run's output may be 128 KiB, its message 100 B.
    let bytes: Int

    init(seq: UInt64, run: RunRecord) {
        self.seq = seq
        self.run = run
        bytes = 96 + run.job.utf8.count + run.message.utf8.count + run.output.utf8.count
            + run.samples.reduce(0) { $0 + 40 + $1.name.utf8.count }
    }
}

struct PendingQueue {
    let capacity: Int
    /// Queued runs are also bounded in bytes: while the disk is full, 100,000 runs of large
    /// output would otherwise be gigabytes.
    let byteCapacity: Int
    private var items: [PendingRun] = []
    /// Bytes of the queued runs (not those in flight).
    private(set) var queuedBytes = 0
    private var head = 0
    /// The batch the writer is committing now (taken from the front).
    private(set) var inFlight: [PendingRun] = []
    private(set) var nextSeq: UInt64 = 1
    private(set) var dropped = 0

    init(capacity: Int, byteCapacity: Int = 64 << 20) {
        self.capacity = max(1, capacity)
        self.byteCapacity = max(1, byteCapacity)
    }

    var queuedCount: Int { items.count - head }
    /// Queued plus in flight: what `pendingRuns` reports.
    var pendingCount: Int { queuedCount + inFlight.count }
    var headSeq: UInt64? { head < items.count ? items[head].seq : nil }

    /// Sequence number of the oldest run neither committed nor dropped (nextSeq when none).
    var oldestOutstanding: UInt64 {
        inFlight.first?.seq ?? headSeq ?? nextSeq
    }

    /// Appends, dropping the oldest queued runs beyond capacity; returns how many were dropped.
    @discardableResult
    mutating func append(_ run: RunRecord) -> Int {
        let pending = PendingRun(seq: nextSeq, run: run)
        items.append(pending)
        queuedBytes += pending.bytes
        nextSeq += 1
        return trim()
    }

    /// Moves up to `limit` runs from the front into flight.
    mutating func takeBatch(limit: Int) -> [PendingRun] {
        let n = min(limit, queuedCount)
        inFlight = Array(items[head..<(head + n)])
        queuedBytes -= inFlight.reduce(0) { $0 + $1.bytes }
        head += n
        compactIfWorthIt()
        return inFlight
    }

    mutating func commitInFlight() -> Int {
        let n = inFlight.count
        inFlight = []
        return n
    }

    /// Puts a failed batch back at the front, in order, then enforces capacity.
    @discardableResult
    mutating func requeueInFlight() -> Int {
        items.removeFirst(head)
        head = 0
        items.insert(contentsOf: inFlight, at: 0)
        queuedBytes += inFlight.reduce(0) { $0 + $1.bytes }
        inFlight = []
        return trim()
    }

    /// Counts runs that could not even be queued (after close).
    mutating func countDropped(_ n: Int) {
        dropped += n
    }

    /// While a batch is in flight only the queued runs count against capacity (memory may reach
    /// capacity + batch size); when a failed batch comes back the oldest overall go first.
    private mutating func trim() -> Int {
        var n = 0
        // The newest run always stays, however large.
        while queuedCount > 1 && (queuedCount > capacity || queuedBytes > byteCapacity) {
            queuedBytes -= items[head].bytes
            head += 1
            n += 1
        }
        dropped += n
        compactIfWorthIt()
        return n
    }

    private mutating func compactIfWorthIt() {
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4096 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
    }
}
