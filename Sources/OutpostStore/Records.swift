// The values the store reads and writes: one check run and the samples it measured.

/// One measured value of a run, e.g. `http_duration_seconds = 0.12 s`.
public struct SampleRecord: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var unit: String

    public init(name: String, value: Double, unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// One finished run of a check, with its samples; the unit of writing.
public struct RunRecord: Sendable, Equatable {
    public var job: String
    public var kind: String
    /// Unix seconds.
    public var startedAt: Double
    /// Seconds.
    public var duration: Double
    /// 0...3 (ok, warning, critical, unknown).
    public var status: Int
    public var message: String
    public var output: String
    public var samples: [SampleRecord]

    public init(
        job: String, kind: String, startedAt: Double, duration: Double, status: Int,
        message: String, output: String, samples: [SampleRecord]
    ) {
        self.job = job
        self.kind = kind
        self.startedAt = startedAt
        self.duration = duration
        self.status = status
        self.message = message
        self.output = output
        self.samples = samples
    }
}

/// Counters of the store, for the agent's own metrics.
public struct StoreStats: Sendable, Equatable {
    /// Runs committed since the store was opened.
    public var writesTotal: Int
    /// Failed write attempts (each rolled back and retried later).
    public var errorsTotal: Int
    /// Runs enqueued but not yet committed, including a batch being written.
    public var pendingRuns: Int
    /// Runs discarded because the pending queue was full (or enqueued after close).
    public var droppedRuns: Int
    /// Size of the main database file plus its -wal file.
    public var databaseBytes: Int

    public init(writesTotal: Int = 0, errorsTotal: Int = 0, pendingRuns: Int = 0, droppedRuns: Int = 0, databaseBytes: Int = 0) {
        self.writesTotal = writesTotal
        self.errorsTotal = errorsTotal
        self.pendingRuns = pendingRuns
        self.droppedRuns = droppedRuns
        self.databaseBytes = databaseBytes
    }
}
