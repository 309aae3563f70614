import Foundation
import GRDB
import IlsaEngine
import IlsaTesting
import Testing

/// The read models: task and escalation summaries and each run's next wake time, written with
/// the history and read by `ilsa tasks`, `ilsa escalations` and the scheduler.
struct RuntimeProjectionTests {
    static let start = Date(timeIntervalSince1970: 1_752_624_000)

    static let playbook = """
        return ilsa.workflow { name = "p", title = "P", run = function()
          local check = ilsa.task {
            title = "반지하 세대 연락", detail = "Call every registered semi-basement household",
            assignee = { role = "DONG.HEAD", district = "singil" }, due = "1h", class = "life_safety",
            priority = "urgent",
          }
          local pumps = ilsa.task { title = "배수펌프 점검", assignee = { role = "FIRE.SC119", district = "singil" }, due = "3h" }
          local e = ilsa.escalate { to = "control_tower", severity = "alert", reason = "Underpass flooding",
            options = { "open_shelters", "hold" } }
          local first = ilsa.any { check, ilsa.timer("2h") }
          local decision = e:wait()
          return decision.option
        end }
        """

    /// A bench on an SQLite file (the read models are checked in the file too), with the city's
    /// roster; ``EngineBench/makeEngine(source:)`` gives an engine as a new process would have.
    func bench(capacity: Int = 256) throws -> EngineBench {
        try EngineBench(Self.playbook, start: Self.start, store: .sqlite, roster: Fixtures.roster, cacheCapacity: capacity)
    }

    @Test func tasksAreListedAsTheRunCreatesAndChangesThem() throws {
        let bench = try bench()
        let current = try bench.makeEngine()
        try current.start(playbook: "p.lua", id: "r1")
        let store = try bench.store()
        let tasks = try store.tasks(TaskQuery(run: "r1"))
        #expect(tasks.map(\.id) == ["r1.1", "r1.2"])  // by due time
        let check = try #require(tasks.first)
        #expect(check.title == "반지하 세대 연락")
        #expect(check.detail == "Call every registered semi-basement household")
        #expect(check.role == "DONG.HEAD" && check.district == "singil")
        #expect(check.priority == "urgent" && check.taskClass == .lifeSafety && check.state == .open)
        #expect(check.due == Self.start.addingTimeInterval(3600))
        #expect(check.createdAt == Self.start)

        try bench.clock.advance(by: .seconds(600))
        try current.update(task: "r1.2", .acknowledge, by: "119 안전센터장", note: "펌프 2대 준비")
        let pumps = try #require(try store.task("r1.2"))
        #expect(pumps.state == .acknowledged && pumps.updatedBy == "119 안전센터장" && pumps.note == "펌프 2대 준비")
        #expect(pumps.updatedAt == Self.start.addingTimeInterval(600))

        // Filters: district, role, state, overdue.
        #expect(try store.tasks(TaskQuery(role: "FIRE.SC119")).map(\.id) == ["r1.2"])
        #expect(try store.tasks(TaskQuery(district: "wolpi")).isEmpty)
        #expect(try store.tasks(TaskQuery(states: [.open])).map(\.id) == ["r1.1"])
        #expect(try store.tasks(TaskQuery(overdueAt: Self.start.addingTimeInterval(3601))).map(\.id) == ["r1.1"])
        #expect(try store.tasks(TaskQuery(limit: 1)).count == 1)
    }

    @Test func ladderClimbsShowInTheTaskList() throws {
        let bench = try bench()
        let current = try bench.makeEngine()
        try current.start(playbook: "p.lua", id: "r1")
        try bench.clock.advance(by: .seconds(75 * 60))
        try current.work()
        let check = try #require(try bench.store().task("r1.1"))
        #expect(check.rung == 1 && check.escalatedTo == "unit_head" && check.updatedBy == "ladder")
    }

    @Test func escalationsAreListedUntilDecided() throws {
        let bench = try bench()
        let current = try bench.makeEngine()
        try current.start(playbook: "p.lua", id: "r1")
        let store = try bench.store()
        var open = try store.escalations(run: nil, openOnly: true)
        #expect(open.map(\.id) == ["r1.3"])
        #expect(open.first?.to == "control_tower" && open.first?.severity == "alert")
        #expect(open.first?.options == ["open_shelters", "hold"] && open.first?.state == .open)
        try current.acknowledge(escalation: "r1.3", by: "상황실")
        open = try store.escalations(run: "r1", openOnly: true)
        #expect(open.first?.state == .acknowledged && open.first?.by == "상황실")
        try current.completeTask("r1.1", by: "신길동장")
        try current.decide("r1.3", option: "hold", by: "시장", note: "비 그침")
        #expect(try store.escalations(run: nil, openOnly: true).isEmpty)
        let decided = try #require(try store.escalation("r1.3"))
        #expect(decided.state == .decided && decided.decision == "hold" && decided.by == "시장" && decided.note == "비 그침")
        // The run completed: its last open task closed with it, and it has nothing to wake for.
        #expect(try store.task("r1.2")?.state == .cancelled)
        #expect(try store.run("r1")?.status == .completed)
        #expect(try store.run("r1")?.wakeAt == nil)
    }

    @Test func theWakeTimeIsTheEarliestTimerOrLadderClimb() throws {
        let bench = try bench()
        let current = try bench.makeEngine()
        try current.start(playbook: "p.lua", id: "r1")
        let store = try bench.store()
        // The life-safety task is due at 1h and climbs 15 min later; the timer is at 2h.
        #expect(try store.run("r1")?.wakeAt == Self.start.addingTimeInterval(75 * 60))
        #expect(try current.nextWake() == Self.start.addingTimeInterval(75 * 60))
        #expect(try store.runsDue(at: Self.start.addingTimeInterval(74 * 60), limit: 10).isEmpty)
        #expect(try store.runsDue(at: Self.start.addingTimeInterval(75 * 60), limit: 10).map(\.run) == ["r1"])
        let waits = try store.run("r1")?.waits ?? []
        #expect(waits == [.task("r1.1"), .timer(Self.start.addingTimeInterval(7200))])
        // Acknowledged, the task stops climbing: the timer is next.
        try current.update(task: "r1.1", .acknowledge, by: "신길동장")
        #expect(try store.run("r1")?.wakeAt == Self.start.addingTimeInterval(7200))
    }

    @Test func cancellingARunClosesItsTasksAndEscalations() throws {
        let bench = try bench()
        let current = try bench.makeEngine()
        try current.start(playbook: "p.lua", id: "r1")
        try current.cancel("r1", by: "당직관", reason: "경보 해제")
        let store = try bench.store()
        #expect(try store.tasks(TaskQuery(run: "r1")).map(\.state) == [.cancelled, .cancelled])
        #expect(try store.escalation("r1.3")?.state == .closed)
        #expect(try store.nextWake() == nil)
        #expect(throws: RuntimeError.self) { try current.decide("r1.3", option: "hold", by: "시장") }
    }

    @Test func aSmallCacheGivesTheSameRunsAsALargeOne() throws {
        func drive(capacity: Int) throws -> [[HistoryEvent]] {
            let bench = try bench(capacity: capacity)
            let current = try bench.makeEngine()
            let runs = (1...5).map { RunID("r\($0)") }
            for run in runs { try current.start(playbook: "p.lua", id: run, seed: 3) }
            for run in runs { try current.completeTask(TaskID(run: run, number: 1), by: "신길동장") }
            try bench.clock.advance(by: .seconds(3 * 3600))
            try current.work()
            for (index, run) in runs.enumerated() {
                try current.decide(EscalationID(run: run, number: 3), option: index.isMultiple(of: 2) ? "hold" : "open_shelters", by: "시장")
            }
            return try runs.map { try bench.store().history(of: $0) }
        }
        let cached = try drive(capacity: 256)
        #expect(cached.map { $0.last?.payload["result"] } == ["hold", "open_shelters", "hold", "open_shelters", "hold"])
        #expect(try drive(capacity: 1) == cached)
    }

    @Test func twoEnginesOnOneStoreTakeTurnsWithoutConflict() throws {
        // Two processes: the follower holds the run live while a second one acts on its task.
        let bench = try bench()
        let follower = try bench.makeEngine()
        let officer = try bench.makeEngine()
        try follower.start(playbook: "p.lua", id: "r1")
        try officer.completeTask("r1.1", by: "신길동장")
        // The follower's live copy is stale now; it must rebuild rather than conflict.
        try follower.decide("r1.3", option: "open_shelters", by: "시장")
        let history = try bench.history()
        #expect(history.last?.payload["result"] == "open_shelters")
        #expect(history.filter { $0.kind == .taskUpdated }.count == 1)
    }

    @Test func readModelsAreRebuiltFromHistoriesForAnUpgradedStore() throws {
        // A store from before read models: its waiting runs are marked due at time 0 and it
        // has no task rows. The first work() rebuilds each run and writes them.
        let bench = try bench()
        try bench.makeEngine().start(playbook: "p.lua", id: "r1")
        let written = try bench.store().tasks(TaskQuery(run: "r1"))
        let queue = try DatabaseQueue(path: bench.folder.path(".ilsa/ilsa.sqlite"))
        try queue.write { db in
            try db.execute(sql: "DELETE FROM tasks; DELETE FROM escalations; UPDATE runs SET wake_at = 0, waits = '[]'")
        }
        try queue.close()
        #expect(try bench.store().tasks(TaskQuery(run: "r1")).isEmpty)
        #expect(try bench.makeEngine().work().isEmpty)  // nothing was due: only the read models were written
        let store = try bench.store()
        #expect(try store.tasks(TaskQuery(run: "r1")) == written)
        #expect(try store.escalation("r1.3")?.state == .open)
        #expect(try store.run("r1")?.wakeAt == Self.start.addingTimeInterval(75 * 60))
        #expect(try store.run("r1")?.waits.count == 2)
    }

    @Test func aStaleRunInMemoryIsRebuiltNotBelieved() throws {
        // The follower holds the run; another process completes a task and the run creates
        // nothing new, then the follower is asked about a task only the newer history knows.
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "first" }:wait()
              ilsa.task { title = "second" }:wait()
              return "done"
            end }
            """
        let bench = try EngineBench(source, start: Self.start, store: .sqlite)
        let follower = Engine(store: try bench.store(), clock: bench.clock, source: { _ in source })
        let officer = Engine(store: try bench.store(), clock: bench.clock, source: { _ in source })
        try follower.start(playbook: "p.lua", id: "r1")
        try officer.completeTask("r1.1", by: "a")  // creates r1.3 in the store's history
        try follower.completeTask("r1.3", by: "b")  // the follower's copy has no r1.3 yet
        #expect(try bench.result() == "done")
        // And a task already done is refused, whoever's copy is older.
        #expect(throws: RuntimeError.self) { try officer.completeTask("r1.3", by: "c") }
    }
}

/// The scheduler keeps going when one run cannot, and replays do not depend on the roster.
struct RuntimeRobustnessTests {
    static let start = Date(timeIntervalSince1970: 1_752_624_000)

    @Test func oneBrokenRunDoesNotHoldUpTheOthers() throws {
        let napping = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.sleep("1h")
              return "rested"
            end }
            """
        var sources = ["a.lua": napping, "b.lua": napping]
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: Self.start)
        func engine() throws -> Engine { Engine(store: try folder.store(), clock: clock, source: { sources[$0]! }) }
        try engine().start(playbook: "a.lua", id: "a")
        try engine().start(playbook: "b.lua", id: "b")
        try folder.unpin("a", "b")  // runs that replay their files
        // Someone edits a.lua while its run sleeps: it now issues another command first.
        sources["a.lua"] = napping.replacingOccurrences(of: "ilsa.sleep(\"1h\")", with: "ilsa.log(\"edited\"); ilsa.sleep(\"1h\")")
        try clock.advance(by: .seconds(3600))
        var problems: [(RunID, RuntimeError.Code?)] = []
        let advanced = try engine().work { run, error in problems.append((run, (error as? RuntimeError)?.code)) }
        #expect(advanced.count == 1)
        #expect(problems.map(\.0) == ["a"] && problems.first?.1 == .nondeterminism)
        #expect(try folder.store().run("b")?.status == .completed)
        // Without a handler, work still does the others, then throws.
        #expect(throws: RuntimeError.self) { try engine().work() }
    }

    @Test func aRunStartedWithARosterReplaysWithoutOne() throws {
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.task { title = "점검", assignee = { role = "DONG.HEAD", district = "singil" } }:wait()
              return "checked"
            end }
            """
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: Self.start)
        try Engine(store: try folder.store(), clock: clock, roster: Fixtures.roster, source: { _ in source })
            .start(playbook: "p.lua", id: "r1")
        try Engine(store: try folder.store(), clock: clock, source: { _ in source }).completeTask("r1.1", by: "신길동장")
        #expect(try folder.store().history(of: "r1").last?.payload["result"] == "checked")
    }

    @Test func aRunIsStoredWithItsFirstActivationInOneGo() throws {
        let folder = try TemporaryFolder()
        let clock = VirtualClock(startingAt: Self.start)
        let source = """
            return ilsa.workflow { name = "p", title = "P", run = function()
              ilsa.log("first")
              ilsa.task { title = "A" }:wait()
            end }
            """
        try Engine(store: try folder.store(), clock: clock, source: { _ in source }).start(playbook: "p.lua", id: "r1")
        let record = try #require(try folder.store().run("r1"))
        #expect(record.status == .waiting && record.lastSequence == 4 && record.waits == [.task("r1.2")])
        #expect(try folder.store().task("r1.2")?.title == "A")
    }
}
