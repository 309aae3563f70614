import Foundation
import IlsaEngine
import IlsaStorePostgres
import IlsaTesting
import Testing

/// Leases on due runs in the store several machines share (decision 0007): each due run goes
/// to one worker at a time; a worker that lost its lease cannot write, even when nobody wrote
/// since; a dead worker's runs are anyone's when its lease runs out.
@Suite(.serialized) struct PostgresLeaseTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    typealias F = StoreFixtures

    /// Two stores on one database, as two machines would have, and `count` waiting runs due now.
    func twoWorkers(runs count: Int) throws -> (PostgresRunStore, PostgresRunStore) {
        let first = try folder.postgresStore()
        let second = try folder.postgresStore()
        for n in 0..<count {
            try first.create(
                F.run(RunID("r\(n)"), status: .waiting, at: Double(n)), firstEvents: [F.started()],
                projection: RunProjection(schedule: .init(wakeAt: F.t0)))
        }
        return (first, second)
    }

    @Test func eachDueRunGoesToOneWorkerAtATime() throws {
        let (first, second) = try twoWorkers(runs: 10)
        let now = F.t0.addingTimeInterval(1)
        let a = try first.claimDue(at: now, limit: 6, owner: "a", for: 30)
        let b = try second.claimDue(at: now, limit: 10, owner: "b", for: 30)
        #expect(a.count == 6)
        #expect(b.count == 4, "the other worker gets only what the first does not hold")
        #expect(Set(a.map(\.run)).isDisjoint(with: b.map(\.run)))
        #expect(a.allSatisfy { $0.lease?.owner == "a" } && b.allSatisfy { $0.lease?.owner == "b" })
        #expect(try second.claimDue(at: now, limit: 10, owner: "c", for: 30).isEmpty, "every due run is held")
        // The store still says what is due, for those who only look.
        #expect(try second.runsDue(at: now, limit: 100).count == 10)
    }

    @Test func anAppendUnderALeaseGivesItBack() throws {
        let (first, second) = try twoWorkers(runs: 1)
        let now = F.t0.addingTimeInterval(1)
        let claimed = try #require(try first.claimDue(at: now, limit: 1, owner: "a", for: 30).first)
        let write = RunWrite.append([F.events(2...2)[0]], to: claimed.run, after: claimed.lastSequence, lease: claimed.lease)
        try first.write([write])
        let again = try #require(try second.claimDue(at: now, limit: 1, owner: "b", for: 30).first, "the lease went with the write")
        #expect(again.lease?.fence == (claimed.lease?.fence ?? 0) + 1)
    }

    @Test func aLapsedLeaseCannotWriteEvenWhenNobodyWroteSince() throws {
        let (first, second) = try twoWorkers(runs: 1)
        let now = F.t0.addingTimeInterval(1)
        let paused = try #require(try first.claimDue(at: now, limit: 1, owner: "a", for: 0.2).first)
        #expect(try second.claimDue(at: now, limit: 1, owner: "b", for: 30).isEmpty, "held by a")
        Thread.sleep(forTimeInterval: 0.4)  // a is paused past its lease
        let takeover = try #require(try second.claimDue(at: now, limit: 1, owner: "b", for: 30).first, "anyone's once it ran out")
        let late = RunWrite.append([F.events(2...2)[0]], to: paused.run, after: paused.lastSequence, lease: paused.lease)
        do {
            try first.write([late])
            Issue.record("a write under a lapsed lease was stored")
        } catch let error as StoreError {
            #expect(error.code == .leaseLost)
        }
        #expect(try first.history(of: paused.run).count == 1, "nothing of a's was stored")
        let write = RunWrite.append([F.events(2...2)[0]], to: takeover.run, after: takeover.lastSequence, lease: takeover.lease)
        try second.write([write])
        #expect(try second.history(of: takeover.run).count == 2)
    }

    @Test func theSameWorkerTakingARunAgainHasANewFence() throws {
        let (first, _) = try twoWorkers(runs: 1)
        let now = F.t0.addingTimeInterval(1)
        let old = try #require(try first.claimDue(at: now, limit: 1, owner: "a", for: 30).first)
        let new = try #require(try first.claimDue(at: now, limit: 1, owner: "a", for: 30).first)
        #expect(new.lease != old.lease)
        let stale = RunWrite.append([F.events(2...2)[0]], to: old.run, after: old.lastSequence, lease: old.lease)
        do {
            try first.write([stale])
            Issue.record("a write under the older lease was stored")
        } catch let error as StoreError {
            #expect(error.code == .leaseLost)
        }
    }

    @Test func actionsFromPeopleNeedNoLeaseAndTheWorkerReloads() throws {
        let (first, second) = try twoWorkers(runs: 1)
        let now = F.t0.addingTimeInterval(1)
        let claimed = try #require(try first.claimDue(at: now, limit: 1, owner: "a", for: 30).first)
        try second.append([F.events(2...2)[0]], to: claimed.run, after: 1)  // a person, meanwhile
        let write = RunWrite.append([F.events(2...2)[0]], to: claimed.run, after: claimed.lastSequence, lease: claimed.lease)
        do {
            try first.write([write])
            Issue.record("a stale append was stored")
        } catch let error as StoreError {
            #expect(error.code == .conflict, "the worker reloads and tries again, still holding its lease")
        }
        try first.write([RunWrite.append([F.events(3...3)[0]], to: claimed.run, after: 2, lease: claimed.lease)])
        #expect(try first.history(of: claimed.run).count == 3)
    }

    @Test func anotherProcessesWritesAreNoticed() throws {
        let (first, second) = try twoWorkers(runs: 1)
        let before = try #require(try first.externalChangeMark())
        try first.append([F.events(2...2)[0]], to: "r0", after: 1)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try first.externalChangeMark() == before, "a store's own writes are not news to it")
        try second.append([F.events(3...3)[0]], to: "r0", after: 2)
        var mark = try first.externalChangeMark()
        let deadline = Date().addingTimeInterval(5)
        while mark == before, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            mark = try first.externalChangeMark()
        }
        #expect(mark != before, "the other store's write was heard")
    }
}
