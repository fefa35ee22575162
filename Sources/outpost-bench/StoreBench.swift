// Section "store": Store ingest (enqueue all, flush) against the C loop in BenchSupport,
// same schema text, same data, same batch size, each on its own temp file.
#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import OutpostStore

func storeBench(_ args: [String]) throws {
    let runs = intOption(args, "--runs", default: 200_000)
    let batch = intOption(args, "--batch", default: 1000)
    let dir = try makeTempDir()
    defer { removeTree(dir) }

    // Records are built before timing, as the C loop uses prebuilt strings.
    let records = benchRecords(count: runs)
    let swiftPath = dir + "/swift.db"
    let store = try Store(path: swiftPath, batchSize: batch, maxPendingRuns: runs)
    let start = monotonicSeconds()
    for record in records { store.enqueue(record) }
    let enqueued = monotonicSeconds()
    store.flush()
    let swiftSeconds = monotonicSeconds() - start
    let stats = store.stats
    let committed = try store.runCount()
    store.close()
    guard committed == runs, stats.droppedRuns == 0, stats.errorsTotal == 0 else {
        throw BenchError("swift store committed \(committed) of \(runs) runs (dropped \(stats.droppedRuns), errors \(stats.errorsTotal))")
    }

    var result = bench_ingest_result()
    let rc = bench_c_ingest(
        dir + "/c.db", Store.schemaSQL, Store.insertRunSQL, Store.insertSampleSQL, Int64(runs), Int32(batch), &result)
    guard rc == 0, result.runs == Int64(runs) else {
        let message = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        throw BenchError("c loop failed: sqlite error \(rc): \(message)")
    }

    let swiftRate = Double(runs) / swiftSeconds
    let cRate = Double(runs) / result.seconds
    print("store ingest: \(runs) runs x 2 samples, batch \(batch)")
    print("store ingest: swift \(Int(swiftRate)) runs/s, c \(Int(cRate)) runs/s, ratio \(format(swiftRate / cRate))")
    print("store ingest: swift enqueue only \(Int(Double(runs) / (enqueued - start))) runs/s, database \(stats.databaseBytes / 1024) KiB")
}

func benchRecords(count: Int) -> [RunRecord] {
    let jobs = (0..<Int(bench_job_count())).map { String(cString: bench_job_name(Int32($0))) }
    let message = String(cString: bench_message())
    var records: [RunRecord] = []
    records.reserveCapacity(count)
    for i in 0..<count {
        let duration: Double = 0.001 * Double(i % 100)
        let started: Double = 1_700_000_000 + Double(i)
        let samples = [
            SampleRecord(name: "duration", value: duration, unit: "s"),
            SampleRecord(name: "bytes", value: Double(i * 2), unit: "By"),
        ]
        records.append(RunRecord(
            job: jobs[i % jobs.count], kind: "http", startedAt: started, duration: duration,
            status: i % 4, message: message, output: "", samples: samples))
    }
    return records
}
