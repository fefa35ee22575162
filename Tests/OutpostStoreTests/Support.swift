// Shared helpers: a temp directory per test, a plain sqlite3 connection for looking behind
// the store's back, sample runs, and a thread-safe log collector for onError.
import CSQLite
import Foundation
import Synchronization
@testable import OutpostStore

final class TempDir {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "outpost-store-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf -> String? in
            guard let base = buf.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        path = made ?? NSTemporaryDirectory() + "outpost-store-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var db: String { path + "/outpost.db" }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A raw connection that does not go through the store.
final class PlainDB {
    let db: OpaquePointer

    init(_ path: String) throws {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard rc == SQLITE_OK, let handle else { throw StoreError(code: rc, message: "open \(path)") }
        db = handle
    }

    deinit { sqlite3_close_v2(db) }

    func exec(_ sql: String) throws {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw StoreError(code: rc, message: String(cString: sqlite3_errmsg(db)), sql: sql) }
    }

    /// First column of every row, as text.
    func column(_ sql: String) throws -> [String] {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw StoreError(code: rc, message: String(cString: sqlite3_errmsg(db)), sql: sql) }
        defer { sqlite3_finalize(stmt) }
        var out: [String] = []
        while sqlite3_step(stmt) == SQLITE_ROW {
            out.append(sqlite3_column_text(stmt, 0).map { String(cString: $0) } ?? "")
        }
        return out
    }

    func int(_ sql: String) throws -> Int {
        Int(try column(sql).first ?? "") ?? -1
    }
}

final class LogCollector: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func add(_ line: String) { lines.withLock { $0.append(line) } }
}

func sampleRun(_ i: Int, job: String = "web", output: String = "") -> RunRecord {
    RunRecord(
        job: job, kind: "http", startedAt: 1_700_000_000 + Double(i), duration: 0.001 * Double(i % 100),
        status: i % 4, message: "run \(i)", output: output,
        samples: [
            SampleRecord(name: "duration", value: Double(i), unit: "s"),
            SampleRecord(name: "bytes", value: Double(i * 2), unit: "By"),
        ])
}
