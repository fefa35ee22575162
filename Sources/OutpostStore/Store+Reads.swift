// Queries over committed runs; they see the last committed batch (WAL snapshot).

extension Store {
    /// The newest runs of `job` (by started_at, then insertion), each with its samples in insertion order.
    public func recentRuns(job: String, limit: Int) throws -> [RunRecord] {
        try read { (db) throws(StoreError) -> [RunRecord] in
            let runsQuery = try db.cached(
                "SELECT id, job, kind, started_at, duration, status, message, output FROM runs "
                    + "WHERE job = ?1 ORDER BY started_at DESC, id DESC LIMIT ?2")
            defer { runsQuery.reset() }
            try runsQuery.bind(job, at: 1)
            try runsQuery.bind(max(0, limit), at: 2)
            var rows: [(id: Int64, run: RunRecord)] = []
            while try runsQuery.step() {
                let run = RunRecord(
                    job: runsQuery.string(1), kind: runsQuery.string(2), startedAt: runsQuery.double(3),
                    duration: runsQuery.double(4), status: runsQuery.int(5), message: runsQuery.string(6),
                    output: runsQuery.string(7), samples: [])
                rows.append((Int64(runsQuery.int(0)), run))
            }
            let samplesQuery = try db.cached(
                "SELECT name, value, unit FROM samples WHERE run_id = ?1 ORDER BY rowid")
            defer { samplesQuery.reset() }
            return try rows.map { (row) throws(StoreError) -> RunRecord in
                var run = row.run
                samplesQuery.reset()
                try samplesQuery.bind(row.id, at: 1)
                while try samplesQuery.step() {
                    run.samples.append(
                        SampleRecord(name: samplesQuery.string(0), value: samplesQuery.double(1), unit: samplesQuery.string(2)))
                }
                return run
            }
        }
    }

    /// Committed runs in the database.
    public func runCount() throws -> Int {
        try read { (db) throws(StoreError) in try db.scalarInt("SELECT count(*) FROM runs") }
    }
}
