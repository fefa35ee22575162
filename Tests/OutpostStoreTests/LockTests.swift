import Foundation
import Testing
@testable import OutpostStore

@Suite struct LockTests {
    @Test func secondStoreOnSamePathIsRefusedUntilClose() throws {
        let dir = TempDir()
        let first = try Store(path: dir.db)
        let error = #expect(throws: StoreError.self) { try Store(path: dir.db) }
        #expect(error?.message == "database \(dir.db) is in use by another Outpost process (pid \(getpid()))")
        #expect(error?.code == 5)
        first.close()
        first.close()  // idempotent
        let second = try Store(path: dir.db)
        second.close()
    }

    @Test func lockFileCarriesPid() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db)
        defer { store.close() }
        let text = try String(contentsOfFile: dir.db + ".lock", encoding: .utf8)
        #expect(text == "\(getpid())\n")
    }
}
