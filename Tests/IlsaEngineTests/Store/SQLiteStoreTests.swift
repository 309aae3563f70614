import Foundation
import IlsaEngine
import IlsaStoreSQLite
import Testing

/// What only the SQLite store does: a file several processes share. (What every store does is in StoreConformanceTests; files it refuses in
/// StoreFileTests and the attack suite.)
struct SQLiteStoreTests {
    let folder: StoreTestFolder

    init() throws { folder = try StoreTestFolder() }

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
        for round in 0..<20 {
            let last = 1 + round * 2
            let events = StoreFixtures.events(last + 1...last + 2)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for store in [a, b] {
                    group.addTask {
                        do {
                            try store.append(events, to: "r1", after: last, status: nil)
                            return true
                        } catch let error as StoreError {
                            #expect(error.code == .conflict)
                            return false
                        } catch {
                            Issue.record("unexpected \(error)")
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "round \(round)")
        }
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
}
