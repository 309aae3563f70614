import Foundation
import GRDB
import IlsaEngine
@testable import IlsaStoreSQLite
import IlsaTesting
import Testing

/// What only the SQLite store does: a file several processes share, its durability and its
/// checkpoints. (What every store does is in StoreConformanceTests; files it refuses in
/// StoreFileTests and the attack suite.)
struct SQLiteStoreTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    @Test func theStoreIsAFileAndErrorsNameIt() throws {
        let store = try folder.store()
        #expect(FileManager.default.fileExists(atPath: folder.path(".ilsa/ilsa.sqlite")))
        do {
            try store.append(StoreFixtures.events(2...2), to: "ghost", after: 1, status: nil)
            Issue.record("expected notFound")
        } catch let error as StoreError {
            #expect(error.code == .notFound)
            #expect(error.description.hasSuffix("ilsa.sqlite: no run 'ghost'"))
        }
    }

    /// Two stores on one file, as two runner processes would have: both append after the same
    /// sequence at the same moment, and exactly one wins.
    @Test func twoWritersRacingExactlyOneWins() async throws {
        let a = try folder.store()
        let b = try folder.store()
        try a.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])
        await StoreFixtures.raceAppends(on: [a, b])
        let history = try b.history(of: "r1")
        #expect(history.map(\.sequence) == Array(1...41))
    }

    @Test func historySurvivesReopening() throws {
        let path = folder.path("runs/store.sqlite")
        do {
            let store = try SQLiteRunStore(path: path)
            try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])
            try store.append(StoreFixtures.events(2...4), to: "r1", after: 1, status: .waiting)
        }
        let reopened = try SQLiteRunStore(path: path)
        #expect(try reopened.history(of: "r1") == [StoreFixtures.started()] + StoreFixtures.events(2...4))
        #expect(try reopened.run("r1")?.status == .waiting)
        try reopened.append(StoreFixtures.events(5...5), to: "r1", after: 4, status: nil)
        #expect(try reopened.history(of: "r1").count == 5)
    }

    /// The log stays at its size when the store closes, to be overwritten rather than grown at
    /// the next open; it is checkpointed first, so the database file alone is the backup.
    @Test func theLogIsKeptAndTheFileAloneHoldsEverythingAfterAClose() throws {
        let path = folder.path("kept/store.sqlite")
        do {
            let store = try SQLiteRunStore(path: path)
            try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])
            try store.append(StoreFixtures.events(2...40), to: "r1", after: 1, status: .waiting)
        }
        let log = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(log > 0, "the write-ahead log is kept at its size")
        // Only the database file, copied as a backup would copy it.
        let backup = folder.path("backup/store.sqlite")
        try FileManager.default.createDirectory(atPath: folder.path("backup"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path, toPath: backup)
        let restored = try SQLiteRunStore(path: backup)
        #expect(try restored.history(of: "r1").count == 40)
        #expect(try restored.run("r1")?.status == .waiting)
        // The kept log is reused: the store opens and writes on.
        let reopened = try SQLiteRunStore(path: path)
        try reopened.append(StoreFixtures.events(41...41), to: "r1", after: 40, status: nil)
        #expect(try reopened.history(of: "r1").count == 41)
    }

    @Test func defaultPathHonoursILSA_STORE() {
        #expect(SQLiteRunStore.defaultPath(environment: [:], currentDirectory: "/srv/city") == "/srv/city/.ilsa/ilsa.sqlite")
        #expect(
            SQLiteRunStore.defaultPath(environment: ["ILSA_STORE": "/data/ilsa.db"], currentDirectory: "/srv/city")
                == "/data/ilsa.db")
        #expect(
            SQLiteRunStore.defaultPath(environment: ["ILSA_STORE": "drill/ilsa.db"], currentDirectory: "/srv/city")
                == "/srv/city/drill/ilsa.db")
        #expect(
            SQLiteRunStore.defaultPath(environment: ["ILSA_STORE": ""], currentDirectory: "/srv/city")
                == "/srv/city/.ilsa/ilsa.sqlite")
    }

    // MARK: Durability

    /// The writer's setting, read back from the connection that commits.
    private func writerPragma(_ store: SQLiteRunStore, _ name: String) throws -> String? {
        try store.pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    /// The default survives a power cut: WAL with `synchronous = FULL` (2), although GRDB turns
    /// WAL on with NORMAL (1).
    @Test func theDefaultSurvivesAPowerCut() throws {
        let store = try folder.store()
        #expect(store.durability == .powerCutSafe)
        #expect(try writerPragma(store, "journal_mode") == "wal")
        #expect(try writerPragma(store, "synchronous") == "2")
        // Still so once the store has written, and when the file is opened again.
        try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])
        #expect(try writerPragma(store, "synchronous") == "2")
        #expect(try writerPragma(folder.store(), "synchronous") == "2")
    }

    @Test func theFasterSettingSurvivesAProcessCrash() throws {
        let store = try SQLiteRunStore(path: folder.path("fast.sqlite"), durability: .processCrashSafe)
        #expect(try writerPragma(store, "journal_mode") == "wal")
        #expect(try writerPragma(store, "synchronous") == "1")
        try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])
        #expect(try store.history(of: "r1").count == 1)
        // The setting is the connection's, not the file's.
        #expect(try writerPragma(SQLiteRunStore(path: folder.path("fast.sqlite")), "synchronous") == "2")
    }

    // MARK: Checkpoints

    /// Appends events of 16 KB to a run, one transaction each: about nine pages of the log each.
    private func grow(_ store: SQLiteRunStore, run: RunID, from last: inout Int, events: Int) throws {
        let text = String(repeating: "관측 기록 ", count: 1_200)  // about 16 KB of UTF-8
        for _ in 0..<events {
            let event = HistoryEvent(
                sequence: last + 1, kind: .commandIssued, command: last, name: "log", payload: ["text": .string(text)],
                at: StoreFixtures.t0)
            try store.append([event], to: run, after: last)
            last += 1
        }
    }

    /// How many pages the log holds now (and a passive checkpoint of them, from a connection
    /// of the test's own, which changes nothing the store can see).
    private func logPages(_ path: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let row = try queue.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        return try #require(row?[1] as Int?)
    }

    /// The writer does not checkpoint in its commits: a connection of the store's own does, in
    /// the background, once the log has passed 1,000 pages and the writes pause; it catches up,
    /// and the next write starts the log again from its beginning.
    @Test func checkpointsRunInTheBackgroundAndTheLogStartsAgain() throws {
        let path = folder.path("ilsa.sqlite")
        let store = try SQLiteRunStore(path: path)
        // SQLite's own automatic checkpoint is off on the writer (the hook replaces it).
        #expect(try writerPragma(store, "wal_autocheckpoint") == "0")
        try store.create(StoreFixtures.run("r1"), firstEvents: [])
        var last = 0
        try grow(store, run: "r1", from: &last, events: 80)
        #expect(store.settleCheckpoints() == 0)  // under the threshold: none yet
        try grow(store, run: "r1", from: &last, events: 40)
        let done = try #require(store.settleCheckpoints())
        #expect(done >= 1)
        // The next write starts the log again: it holds that write's pages alone.
        try grow(store, run: "r1", from: &last, events: 1)
        #expect(try logPages(path) < 50)
        // Everything is there, through another connection.
        #expect(try SQLiteRunStore(path: path).history(of: "r1").count == last)
    }

    @Test func checkpointsInTheCommitWhenAsked() throws {
        let store = try SQLiteRunStore(
            path: folder.path("inline.sqlite"), durability: .powerCutSafe, busyTimeout: 5, checkpoints: .onCommit)
        #expect(try writerPragma(store, "wal_autocheckpoint") == "1000")
        #expect(store.settleCheckpoints() == nil)
        try store.create(StoreFixtures.run("r1"), firstEvents: [])
        var last = 0
        try grow(store, run: "r1", from: &last, events: 130)
        // The commit that passed 1,000 pages checkpointed, and the next one started the log again.
        #expect(try logPages(folder.path("inline.sqlite")) < 1_000)
    }
}
