import IlsaStoreSQLite
import Foundation
import GRDB
import IlsaEngine
import IlsaTesting
import Testing

/// Files the store must refuse, and a store locked by another process.
struct StoreFileTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private func openingError(_ path: String, busyTimeout: TimeInterval = 5) -> StoreError? {
        do {
            _ = try SQLiteRunStore(path: path, busyTimeout: busyTimeout)
            return nil
        } catch {
            return error as? StoreError
        }
    }

    @Test func newerSchemaIsRefused() throws {
        let path = folder.path("ilsa.sqlite")
        do {
            let store = try SQLiteRunStore(path: path)
            try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])
        }
        let queue = try DatabaseQueue(path: path)
        let newer = SQLiteRunStore.schemaVersion + 1
        try queue.write { db in try db.execute(sql: "PRAGMA user_version = \(newer)") }
        try queue.close()
        let error = try #require(openingError(path))
        #expect(error.code == .newerVersion)
        #expect(
            error.message
                == "store was written by a newer version of Ilsa (schema \(newer); this ilsa reads up to \(newer - 1)); upgrade ilsa")
        #expect(error.description == "\(path): \(error.message)")
    }

    @Test func garbageFileIsRefused() throws {
        let path = folder.path("garbage.sqlite")
        try Data("this is not a database, just some notes\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(openingError(path))
        #expect(error.code == .notAStore)
        #expect(error.message == "is not an Ilsa store (not an SQLite database)")
        // The file is left as it was.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "this is not a database, just some notes\n")
    }

    @Test func anotherProgramsDatabaseIsRefused() throws {
        let path = folder.path("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try queue.close()
        let error = try #require(openingError(path))
        #expect(error.code == .notAStore)
    }

    @Test func emptyFileBecomesAStore() throws {
        let path = folder.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try SQLiteRunStore(path: path)
        #expect(try store.runs().isEmpty)
    }

    @Test func lockedStoreFailsAsBusyAfterTheTimeout() throws {
        let path = folder.path("ilsa.sqlite")
        let store = try SQLiteRunStore(path: path, busyTimeout: 0.3)
        try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])

        // Another process holds the write lock.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? other.inDatabase { db in try db.execute(sql: "ROLLBACK") } }

        let start = ContinuousClock.now
        do {
            try store.append(StoreFixtures.events(2...2), to: "r1", after: 1, status: nil)
            Issue.record("expected busy")
        } catch let error as StoreError {
            #expect(error.code == .busy)
            #expect(error.message == "the store is locked by another process (waited 0.3 s); try again when it is done")
        }
        #expect(ContinuousClock.now - start >= .milliseconds(250))
        // Reading still works while another process writes (WAL).
        #expect(try store.history(of: "r1").count == 1)
    }
}
