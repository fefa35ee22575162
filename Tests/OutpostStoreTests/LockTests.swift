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

    @Test func aSymlinkToTheSameDatabaseFindsTheSameLock() throws {
        let dir = TempDir()
        let first = try Store(path: dir.db)
        defer { first.close() }
        let linked = dir.path + "/linked.db"
        try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: dir.db)
        let linkedDirectory = dir.path + "/via"
        try FileManager.default.createSymbolicLink(atPath: linkedDirectory, withDestinationPath: dir.path)
        for other in [linked, linkedDirectory + "/outpost.db"] {
            let error = #expect(throws: StoreError.self) { try Store(path: other) }
            #expect(error?.code == 5, "\(other) is the same database")
        }
    }

    @Test func lockFileCarriesPid() throws {
        let dir = TempDir()
        let store = try Store(path: dir.db)
        defer { store.close() }
        let text = try String(contentsOfFile: dir.db + ".lock", encoding: .utf8)
        #expect(text == "\(getpid())\n")
    }
}
