import IlsaStoreSQLite
import Foundation
import IlsaEngine
import Testing

/// Runs and histories in a real SQLite file.
struct StoreTests {
    let folder: StoreTestFolder

    init() throws { folder = try StoreTestFolder() }

    @Test func createsAppendsAndReadsARun() throws {
        let store = try folder.store()
        #expect(FileManager.default.fileExists(atPath: folder.path(".ilsa/ilsa.sqlite")))
        let run = StoreFixtures.run("r1")
        try store.create(run, firstEvents: [StoreFixtures.started()])
        var stored = run
        stored.lastSequence = 1 // the store counts the events it holds
        #expect(try store.run("r1") == stored)
        #expect(try store.run("nope") == nil)

        let more = StoreFixtures.events(2...5)
        try store.append(more, to: "r1", after: 1, status: .waiting)
        let history = try store.history(of: "r1")
        #expect(history == [StoreFixtures.started()] + more)
        #expect(history.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(history[1].payload["title"] == "대피소 1 개방")
        #expect(history[2].payload["took"] == .number(0.5))
        #expect(history[2].payload["id"] == .integer(1))

        let updated = try #require(try store.run("r1"))
        #expect(updated.status == .waiting)
        #expect(updated.updatedAt == more.last!.at)
        #expect(updated.createdAt == run.createdAt)
        #expect(updated.params["ratio"] == .number(1.0))

        // Only a status change: the history stays as it is.
        try store.append([], to: "r1", after: 5, status: .completed)
        #expect(try store.run("r1")?.status == .completed)
        #expect(try store.history(of: "r1").count == 5)
    }

    @Test func historyAfterASequence() throws {
        let store = try folder.store()
        try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()] + StoreFixtures.events(2...10))
        #expect(try store.history(of: "r1", after: 7).map(\.sequence) == [8, 9, 10])
        #expect(try store.history(of: "r1", after: 10).isEmpty)
        #expect(try store.history(of: "r1", after: 0).count == 10)
    }

    @Test func unknownRunsAndBadSequencesAreRefused() throws {
        let store = try folder.store()
        #expect(throws: StoreError.self) { try store.history(of: "ghost") }
        do {
            try store.append(StoreFixtures.events(2...2), to: "ghost", after: 1, status: nil)
            Issue.record("expected notFound")
        } catch let error as StoreError {
            #expect(error.code == .notFound)
            #expect(error.description.hasSuffix("ilsa.sqlite: no run 'ghost'"))
        }
        try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])
        do {
            try store.append(StoreFixtures.events(3...4), to: "r1", after: 1, status: nil)
            Issue.record("expected invalidEvents")
        } catch let error as StoreError {
            #expect(error.code == .invalidEvents)
        }
        do {
            try store.create(StoreFixtures.run("r1"), firstEvents: [])
            Issue.record("expected conflict")
        } catch let error as StoreError {
            #expect(error.code == .conflict)
            #expect(error.message == "run 'r1' already exists")
        }
        do {
            let bad = HistoryEvent(sequence: 2, kind: .commandIssued, command: 1, name: "log", payload: [.number(.nan)], at: StoreFixtures.t0)
            try store.append([bad], to: "r1", after: 1, status: nil)
            Issue.record("expected invalidEvents")
        } catch let error as StoreError {
            #expect(error.code == .invalidEvents)
        }
        #expect(try store.history(of: "r1").count == 1)
    }

    @Test func staleAppendIsAConflict() throws {
        let store = try folder.store()
        try store.create(StoreFixtures.run("r1"), firstEvents: [StoreFixtures.started()])
        try store.append(StoreFixtures.events(2...3), to: "r1", after: 1, status: nil)
        do {
            try store.append(StoreFixtures.events(2...3), to: "r1", after: 1, status: .failed)
            Issue.record("expected conflict")
        } catch let error as StoreError {
            #expect(error.code == .conflict)
            #expect(error.message == "run 'r1' has 3 events in its history, not 1: another runner has extended it")
        }
        #expect(try store.run("r1")?.status == .running)
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

    @Test func runsByStatusNewestFirst() throws {
        let store = try folder.store()
        try store.create(StoreFixtures.run("old", at: 0), firstEvents: [])
        try store.create(StoreFixtures.run("mid", status: .waiting, at: 60), firstEvents: [])
        try store.create(StoreFixtures.run("new", at: 120), firstEvents: [])
        try store.create(StoreFixtures.run("done", status: .completed, at: 30), firstEvents: [])
        #expect(try store.runs().map(\.id) == ["new", "mid", "done", "old"])
        #expect(try store.runs(status: .running).map(\.id) == ["new", "old"])
        #expect(try store.runs(status: .waiting).map(\.id) == ["mid"])
        #expect(try store.runs(status: .failed).isEmpty)
        try store.append([], to: "old", after: 0, status: .cancelled)
        #expect(try store.runs(status: .cancelled).map(\.id) == ["old"])
    }

    @Test func tenThousandEventsInOrder() throws {
        let store = try folder.store()
        try store.create(StoreFixtures.run("big"), firstEvents: [StoreFixtures.started()])
        var last = 1
        while last < 10_000 {
            let next = min(last + 500, 10_000)
            try store.append(StoreFixtures.events(last + 1...next), to: "big", after: last, status: nil)
            last = next
        }
        let clock = ContinuousClock()
        var history: [HistoryEvent] = []
        let elapsed = try clock.measure { history = try store.history(of: "big") }
        print("StoreTests: read a 10,000-event history in \(elapsed)")
        #expect(history.count == 10_000)
        #expect(history.map(\.sequence) == Array(1...10_000))
        #expect(history[9_999] == StoreFixtures.events(10_000...10_000)[0])
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
