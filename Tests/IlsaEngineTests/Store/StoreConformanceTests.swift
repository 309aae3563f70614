import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// What every ``RunStore`` must do, whatever keeps the runs: each test runs once per kind of
/// store (``StoreKind``). A new store adds its kind and passes these before anything uses it.
struct StoreConformanceTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    typealias F = StoreFixtures

    /// The error a call throws, or nil (and an issue recorded) when it throws none or another kind.
    func storeError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> StoreError? {
        do {
            try body()
            Issue.record("expected a StoreError", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            return error
        } catch {
            Issue.record("expected a StoreError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    // MARK: Runs and histories

    @Test(arguments: StoreKind.allCases)
    func createsAndReadsBackARun(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        let run = F.run("r1")
        try store.create(run, firstEvents: [F.started()])
        var stored = run
        stored.lastSequence = 1  // the store counts the events it holds
        stored.updatedAt = F.started().at
        #expect(try store.run("r1") == stored)
        #expect(try store.run("nope") == nil)
        #expect(try store.history(of: "r1") == [F.started()])
        // Integers and floats stay apart, Korean text as it was.
        let read = try #require(try store.run("r1"))
        #expect(read.params["ratio"] == .number(1.0) && read.params["level"] == .integer(2))
        #expect(read.title == "태풍 대비 r1")
        // Without events, the run's updatedAt is the record's.
        try store.create(F.run("r0", at: 5), firstEvents: [])
        #expect(try store.run("r0")?.updatedAt == F.t0 + 5)
        #expect(try store.run("r0")?.lastSequence == 0)
        #expect(try store.history(of: "r0").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func appendsAreNumberedOnAndSetTheStatus(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        let run = F.run("r1")
        try store.create(run, firstEvents: [F.started()])
        let more = F.events(2...5)
        try store.append(more, to: "r1", after: 1, status: .waiting)
        let history = try store.history(of: "r1")
        #expect(history == [F.started()] + more)
        #expect(history.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(history[1].payload["title"] == "대피소 1 개방")
        #expect(history[2].payload["took"] == .number(0.5))
        #expect(history[2].payload["id"] == .integer(1))

        let updated = try #require(try store.run("r1"))
        #expect(updated.status == .waiting)
        #expect(updated.lastSequence == 5)
        #expect(updated.updatedAt == more.last!.at)
        #expect(updated.createdAt == run.createdAt)

        // Only a status change: the history stays as it is, and so does updatedAt.
        try store.append([], to: "r1", after: 5, status: .completed)
        #expect(try store.run("r1")?.status == .completed)
        #expect(try store.run("r1")?.updatedAt == more.last!.at)
        #expect(try store.history(of: "r1").count == 5)
        // No status: it stays.
        try store.append(F.events(6...6), to: "r1", after: 5)
        #expect(try store.run("r1")?.status == .completed)
    }

    @Test(arguments: StoreKind.allCases)
    func gapsAndUnstorableValuesAreRefused(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        // Numbered from anything but 1, with a gap, or repeating.
        for events in [F.events(2...3), [F.started()] + F.events(3...3), [F.started(), F.started()]] {
            let error = storeError { try store.create(F.run("r1"), firstEvents: events) }
            #expect(error?.code == .invalidEvents && error?.run == "r1")
        }
        #expect(try store.run("r1") == nil)
        try store.create(F.run("r1"), firstEvents: [F.started()])
        let gap = storeError { try store.append(F.events(3...4), to: "r1", after: 1, status: nil) }
        #expect(gap?.code == .invalidEvents)
        #expect(
            gap?.message
                == "run 'r1': event 1 of 2 has sequence 3, expected 2 (events are numbered from 1 without gaps)")
        let nan = HistoryEvent(sequence: 2, kind: .commandIssued, command: 1, name: "log", payload: [.number(.nan)], at: F.t0)
        #expect(storeError { try store.append([nan], to: "r1", after: 1, status: nil) }?.code == .invalidEvents)
        var infinite = F.run("r2")
        infinite.params = ["x": .number(.infinity)]
        #expect(storeError { try store.create(infinite, firstEvents: []) }?.code == .invalidEvents)
        // Numbering is checked before the run is looked up.
        #expect(storeError { try store.append(F.events(5...5), to: "ghost", after: 1) }?.code == .invalidEvents)
        #expect(try store.history(of: "r1").count == 1)
        #expect(try store.run("r2") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aStaleAppendIsAConflict(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("r1"), firstEvents: [F.started()])
        try store.append(F.events(2...3), to: "r1", after: 1, status: nil)
        let error = storeError { try store.append(F.events(2...3), to: "r1", after: 1, status: .failed) }
        #expect(error?.code == .conflict && error?.run == "r1")
        #expect(error?.message == "run 'r1' has 3 events in its history, not 1: another runner has extended it")
        // Ahead of the history is as stale as behind it.
        #expect(storeError { try store.append(F.events(6...6), to: "r1", after: 5) }?.code == .conflict)
        #expect(try store.run("r1")?.status == .running)
        #expect(try store.history(of: "r1").count == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func aRunCreatedTwiceIsAConflict(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("r1"), firstEvents: [F.started()])
        let error = storeError { try store.create(F.run("r1", workflow: "other"), firstEvents: []) }
        #expect(error?.code == .conflict && error?.run == "r1")
        #expect(error?.message == "run 'r1' already exists")
        #expect(try store.run("r1")?.workflow == "storm_preparation")
        #expect(try store.history(of: "r1").count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func unknownRunsAreNotFound(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        #expect(try store.run("ghost") == nil)
        #expect(storeError { _ = try store.history(of: "ghost") }?.code == .notFound)
        #expect(storeError { _ = try store.history(of: "ghost", after: 3) }?.code == .notFound)
        let append = storeError { try store.append(F.events(2...2), to: "ghost", after: 1, status: nil) }
        #expect(append?.code == .notFound && append?.run == "ghost")
        #expect(append?.message == "no run 'ghost'")
        #expect(storeError { try store.cancelWithoutReading("ghost", event: Self.cancellation) }?.code == .notFound)
        #expect(try store.task("ghost.1") == nil)
        #expect(try store.escalation("ghost.2") == nil)
        #expect(try store.tasks(TaskQuery(run: "ghost")).isEmpty)
        #expect(try store.escalations(run: "ghost", openOnly: false).isEmpty)
        #expect(try store.runs().isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func historyAfterASequence(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("r1"), firstEvents: [F.started()] + F.events(2...10))
        #expect(try store.history(of: "r1", after: 7).map(\.sequence) == [8, 9, 10])
        #expect(try store.history(of: "r1", after: 10).isEmpty)
        #expect(try store.history(of: "r1", after: 12).isEmpty)
        #expect(try store.history(of: "r1", after: 0).count == 10)
        #expect(try store.history(of: "r1", after: 9) == F.events(10...10))
    }

    @Test(arguments: StoreKind.allCases)
    func runsByStatusNewestFirst(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("old", at: 0), firstEvents: [])
        try store.create(F.run("mid", status: .waiting, at: 60), firstEvents: [])
        try store.create(F.run("new", at: 120), firstEvents: [])
        try store.create(F.run("done", status: .completed, at: 30), firstEvents: [])
        try store.create(F.run("twin", at: 120), firstEvents: [])  // same time as "new", stored later
        #expect(try store.runs().map(\.id) == ["twin", "new", "mid", "done", "old"])
        #expect(try store.runs(status: .running).map(\.id) == ["twin", "new", "old"])
        #expect(try store.runs(status: .waiting).map(\.id) == ["mid"])
        #expect(try store.runs(status: .failed).isEmpty)
        try store.append([], to: "old", after: 0, status: .cancelled)
        #expect(try store.runs(status: .cancelled).map(\.id) == ["old"])
    }

    @Test(arguments: StoreKind.allCases)
    func timesAreKeptToTheMillisecond(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        var run = F.run("r1")
        run.createdAt = F.t0 + 0.000_4  // set after the initialiser, which rounds
        try store.create(run, firstEvents: [])
        #expect(try store.run("r1")?.createdAt == F.t0)
        var task = F.task("r1.1", run: "r1", due: F.t0 + 60)
        task.due = F.t0 + 60.000_6
        try store.append([], to: "r1", after: 0, status: .waiting, projection: RunProjection(tasks: [task]))
        #expect(try store.task("r1.1")?.due?.millisecondsSince1970 == (F.t0 + 60.001).millisecondsSince1970)
    }

    @Test(arguments: StoreKind.allCases)
    func tenThousandEventsInOrder(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("big"), firstEvents: [F.started()])
        var last = 1
        while last < 10_000 {
            let next = min(last + 500, 10_000)
            try store.append(F.events(last + 1...next), to: "big", after: last, status: nil)
            last = next
        }
        let clock = ContinuousClock()
        var history: [HistoryEvent] = []
        let elapsed = try clock.measure { history = try store.history(of: "big") }
        print("StoreConformanceTests (\(kind)): read a 10,000-event history in \(elapsed)")
        #expect(history.count == 10_000)
        #expect(history.map(\.sequence) == Array(1...10_000))
        #expect(history[9_999] == F.events(10_000...10_000)[0])
    }

    /// Two runners on one store append after the same sequence at the same moment: exactly one wins.
    @Test(arguments: StoreKind.allCases)
    func racingAppendsExactlyOneWins(_ kind: StoreKind) async throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("r1"), firstEvents: [F.started()])
        await F.raceAppends(on: [store, store])
        #expect(try store.history(of: "r1").map(\.sequence) == Array(1...41))
    }

    // MARK: Batches

    @Test(arguments: StoreKind.allCases)
    func aBatchStoresSeveralRunsAtOnce(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("r1"), firstEvents: [F.started()])
        try store.write([
            .append(F.events(2...3), to: "r1", after: 1, status: .waiting, projection: RunProjection(tasks: [F.task("r1.1", run: "r1")])),
            .create(
                F.run("r2"), firstEvents: [F.started()], projection: RunProjection(escalations: [F.escalation("r2.1", run: "r2", at: 0)])),
            // A batch may append to a run it creates: the changes apply in order.
            .append(F.events(2...2), to: "r2", after: 1, status: .waiting),
        ])
        #expect(try store.history(of: "r1").count == 3 && store.run("r1")?.status == .waiting)
        #expect(try store.history(of: "r2").count == 2 && store.run("r2")?.lastSequence == 2)
        #expect(try store.task("r1.1") != nil && store.escalation("r2.1") != nil)
        // Two appends to one run in one batch: the second follows the first.
        try store.write([.append(F.events(4...4), to: "r1", after: 3), .append(F.events(5...6), to: "r1", after: 4)])
        #expect(try store.run("r1")?.lastSequence == 6)
        // An empty batch does nothing.
        try store.write([])
        #expect(try store.runs().count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchIsAllOrNothing(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("r1"), firstEvents: [F.started()])
        try store.create(F.run("r2"), firstEvents: [F.started()])
        try store.append(F.events(2...3), to: "r2", after: 1)
        let before = try snapshot(store)

        // One history moved on: the error names it, and nothing of the batch is stored.
        let stale = storeError {
            try store.write([
                .append(
                    F.events(2...2), to: "r1", after: 1, status: .waiting, projection: RunProjection(tasks: [F.task("r1.1", run: "r1")])),
                .create(F.run("r3"), firstEvents: [F.started()]),
                .append(F.events(2...2), to: "r2", after: 1),
            ])
        }
        #expect(stale?.code == .conflict && stale?.run == "r2")
        #expect(try snapshot(store) == before)

        // A run created twice in one batch, a run missing, a run that has ended: the same.
        #expect(
            storeError {
                try store.write([.create(F.run("r3"), firstEvents: []), .create(F.run("r3"), firstEvents: [])])
            }?.run == "r3")
        #expect(
            storeError {
                try store.write([.append(F.events(2...2), to: "r1", after: 1), .append([], to: "ghost", after: 0)])
            }?.code == .notFound)
        try store.append([], to: "r2", after: 3, status: .completed)
        let ended = try snapshot(store)
        #expect(
            storeError {
                try store.write([.append(F.events(2...2), to: "r1", after: 1), .cancelWithoutReading("r2", event: Self.cancellation)])
            }?.run == "r2")
        // The second append of one run must follow the first one's events.
        #expect(
            storeError {
                try store.write([.append(F.events(2...2), to: "r1", after: 1), .append(F.events(2...2), to: "r1", after: 1)])
            }?.code == .conflict)
        // Events misnumbered anywhere in the batch: refused before anything is written.
        #expect(
            storeError {
                try store.write([.create(F.run("r4"), firstEvents: [F.started()]), .append(F.events(4...4), to: "r1", after: 1)])
            }?.code == .invalidEvents)
        #expect(try snapshot(store) == ended)
        #expect(try store.run("r3") == nil && store.run("r4") == nil)
    }

    /// Everything a store holds that these tests write, to compare before and after.
    struct Snapshot: Equatable {
        var runs: [RunRecord]
        var histories: [[HistoryEvent]]
        var tasks: [TaskSummary]
        var escalations: [EscalationSummary]
    }

    func snapshot(_ store: any RunStore) throws -> Snapshot {
        let runs = try store.runs()
        return Snapshot(
            runs: runs, histories: try runs.map { try store.history(of: $0.id) }, tasks: try store.tasks(TaskQuery()),
            escalations: try store.escalations(run: nil, openOnly: false))
    }

    // MARK: Read models

    @Test(arguments: StoreKind.allCases)
    func statusAndReadModelsChangeWithTheHistory(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        let wake = F.t0 + 3600
        let waits: [WaitCondition] = [.task("r1.1"), .timer(wake)]
        try store.create(
            F.run("r1"), firstEvents: [F.started()],
            projection: RunProjection(tasks: [F.task("r1.1", run: "r1")], schedule: .init(wakeAt: wake, waits: waits)))
        var record = try #require(try store.run("r1"))
        #expect(record.wakeAt == wake && record.waits == waits)
        #expect(try store.task("r1.1") == F.task("r1.1", run: "r1"))

        // A projection without a schedule leaves the wake time; a summary replaces its old self.
        var acknowledged = F.task("r1.1", run: "r1")
        acknowledged.state = .acknowledged
        acknowledged.updatedAt = F.t0 + 60
        acknowledged.updatedBy = "신길동장"
        acknowledged.note = "출동 중"
        try store.append(F.events(2...2), to: "r1", after: 1, status: .waiting, projection: RunProjection(tasks: [acknowledged]))
        record = try #require(try store.run("r1"))
        #expect(record.wakeAt == wake && record.status == .waiting)
        #expect(try store.task("r1.1") == acknowledged)
        #expect(try store.tasks(TaskQuery(run: "r1")).count == 1)

        // No projection: the read models stay as they are.
        try store.append(F.events(3...3), to: "r1", after: 2, status: nil, projection: nil)
        #expect(try store.task("r1.1") == acknowledged && store.run("r1")?.wakeAt == wake)

        // A schedule with nothing due clears the wake time.
        try store.append([], to: "r1", after: 3, status: .waiting, projection: RunProjection(schedule: .init()))
        record = try #require(try store.run("r1"))
        #expect(record.wakeAt == nil && record.waits.isEmpty)
        #expect(try store.nextWake() == nil)

        // A summary is the run's that writes it, whatever it says.
        try store.create(F.run("r2"), firstEvents: [], projection: RunProjection(tasks: [F.task("r2.1", run: "r1")]))
        #expect(try store.task("r2.1")?.run == "r2")
    }

    @Test(arguments: StoreKind.allCases)
    func taskQueries(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        let h = 3600.0
        try store.create(
            F.run("r1"), firstEvents: [],
            projection: RunProjection(tasks: [
                F.task("r1.2", run: "r1", role: "DONG.HEAD", district: "singil", due: F.t0 + 2 * h),
                F.task("r1.10", run: "r1", role: "DONG.HEAD", district: "singil", due: F.t0 + 2 * h),  // same due: by number
                F.task("r1.3", run: "r1", role: "FIRE.SC119", district: "wolpi", due: F.t0 + h, state: .acknowledged),
                F.task("r1.4", run: "r1", role: "CITY.SITROOM", district: nil, due: nil),  // no due time: last
                F.task("r1.5", run: "r1", role: "DONG.HEAD", district: "wolpi", due: F.t0 + 0.5 * h, state: .done),
            ]))
        try store.create(
            F.run("r2"), firstEvents: [],
            projection: RunProjection(tasks: [
                F.task("r2.1", run: "r2", role: "DONG.HEAD", district: "singil", due: F.t0 + 3 * h, state: .inProgress),
                F.task("r2.2", run: "r2", role: "POL.BOX", district: "singil", due: F.t0 + 2 * h, at: 10),  // later created
            ]))
        func ids(_ query: TaskQuery) throws -> [TaskID] { try store.tasks(query).map(\.id) }
        #expect(try ids(TaskQuery()) == ["r1.5", "r1.3", "r1.2", "r1.10", "r2.2", "r2.1", "r1.4"])
        #expect(try ids(TaskQuery(run: "r1")) == ["r1.5", "r1.3", "r1.2", "r1.10", "r1.4"])
        #expect(try ids(TaskQuery(run: "r2")) == ["r2.2", "r2.1"])
        #expect(try ids(TaskQuery(district: "singil")) == ["r1.2", "r1.10", "r2.2", "r2.1"])
        #expect(try ids(TaskQuery(role: "DONG.HEAD")) == ["r1.5", "r1.2", "r1.10", "r2.1"])
        #expect(try ids(TaskQuery(run: "r1", district: "singil", role: "DONG.HEAD")) == ["r1.2", "r1.10"])
        #expect(try ids(TaskQuery(states: [.acknowledged, .inProgress])) == ["r1.3", "r2.1"])
        #expect(try ids(TaskQuery(states: [])) == [])
        // Overdue: unfinished and due before the instant (not at it); a task without a due time never is.
        #expect(try ids(TaskQuery(overdueAt: F.t0 + 2 * h)) == ["r1.3"])
        #expect(try ids(TaskQuery(overdueAt: F.t0 + 2 * h + 0.001)) == ["r1.3", "r1.2", "r1.10", "r2.2"])
        #expect(try ids(TaskQuery(district: "singil", overdueAt: F.t0 + 10 * h)) == ["r1.2", "r1.10", "r2.2", "r2.1"])
        #expect(try ids(TaskQuery(limit: 2)) == ["r1.5", "r1.3"])
        #expect(try ids(TaskQuery(limit: 0)) == [])
        #expect(try ids(TaskQuery(limit: -1)) == [])
        #expect(try store.task("r1.10")?.title == "task r1.10")
        #expect(try store.task("r1.99") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func escalationsOpenUntilDecided(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(
            F.run("r1"), firstEvents: [],
            projection: RunProjection(escalations: [
                F.escalation("r1.9", run: "r1", at: 60), F.escalation("r1.10", run: "r1", at: 60), F.escalation("r1.3", run: "r1", at: 120),
            ]))
        try store.create(F.run("r2"), firstEvents: [], projection: RunProjection(escalations: [F.escalation("r2.4", run: "r2", at: 0)]))
        func ids(run: RunID?, openOnly: Bool) throws -> [EscalationID] { try store.escalations(run: run, openOnly: openOnly).map(\.id) }
        #expect(try ids(run: nil, openOnly: true) == ["r2.4", "r1.9", "r1.10", "r1.3"])
        #expect(try ids(run: "r1", openOnly: false) == ["r1.9", "r1.10", "r1.3"])

        var acknowledged = F.escalation("r1.9", run: "r1", at: 60)
        acknowledged.state = .acknowledged
        acknowledged.by = "상황실"
        var decided = F.escalation("r1.10", run: "r1", at: 60)
        decided.state = .decided
        decided.decision = "hold"
        decided.by = "시장"
        decided.note = "비 그침"
        decided.updatedAt = F.t0 + 600
        var withdrawn = F.escalation("r2.4", run: "r2", at: 0)
        withdrawn.state = .withdrawn
        try store.append([], to: "r1", after: 0, status: nil, projection: RunProjection(escalations: [acknowledged, decided]))
        try store.append([], to: "r2", after: 0, status: nil, projection: RunProjection(escalations: [withdrawn]))
        #expect(try ids(run: nil, openOnly: true) == ["r1.9", "r1.3"])
        #expect(try ids(run: "r2", openOnly: true) == [])
        #expect(try ids(run: nil, openOnly: false) == ["r2.4", "r1.9", "r1.10", "r1.3"])
        #expect(try store.escalation("r1.10") == decided)
        #expect(try store.escalation("r1.10")?.options == ["open_shelters", "hold"])
        #expect(try store.escalation("r1.9")?.state == .acknowledged)
    }

    // MARK: Pages of lists

    @Test(arguments: StoreKind.allCases)
    func runPagesAreNewestFirstWithTheirCount(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        try store.create(F.run("old", status: .waiting, at: 0), firstEvents: [])
        try store.create(F.run("done", status: .completed, at: 30), firstEvents: [])
        try store.create(F.run("mid", at: 60), firstEvents: [])
        try store.create(F.run("new", status: .waiting, at: 120), firstEvents: [])
        try store.create(F.run("twin", status: .waiting, at: 120), firstEvents: [])  // same time as "new", stored later
        try store.create(F.run("failed", status: .failed, at: 150), firstEvents: [])
        func ids(_ query: RunQuery, _ page: PageRequest) throws -> ([RunID], Int?) {
            let result = try store.runs(query, page: page)
            return (result.items.map(\.id), result.total)
        }
        // The active runs, waiting and running merged, newest first.
        #expect(try ids(.active, PageRequest(limit: 10)) == (["twin", "new", "mid", "old"], 4))
        #expect(try ids(.active, PageRequest(limit: 2)) == (["twin", "new"], 4))
        #expect(try ids(.active, PageRequest(number: 2, size: 2)) == (["mid", "old"], 4))
        #expect(try ids(.active, PageRequest(number: 3, size: 2)) == ([], 4))
        #expect(try ids(.active, .count) == ([], 4))
        // Without the count: the same page.
        #expect(try ids(.active, PageRequest(limit: 2, offset: 1, counts: false)) == (["new", "mid"], nil))
        #expect(try ids(RunQuery(), PageRequest(limit: 3, offset: 2)) == (["new", "mid", "done"], 6))
        #expect(try ids(RunQuery(statuses: [.completed, .failed]), PageRequest(limit: 10)) == (["failed", "done"], 2))
        #expect(try ids(RunQuery(statuses: []), PageRequest(limit: 10)) == ([], 0))
        // The same runs, in the same order, as the whole list gives.
        #expect(try store.runs(RunQuery(), page: PageRequest(limit: 10)).items == store.runs())
        #expect(try store.runs(RunQuery(statuses: [.waiting]), page: PageRequest(limit: 10)).items == store.runs(status: .waiting))
        let page = try store.runs(.active, page: PageRequest(limit: 2, offset: 1))
        #expect(page.offset == 1 && page.hasMore)
        #expect(try !store.runs(.active, page: PageRequest(limit: 3, offset: 2)).hasMore)
        // A run that ends leaves the active list.
        try store.append([], to: "twin", after: 0, status: .completed)
        #expect(try ids(.active, PageRequest(limit: 1)) == (["new"], 3))
    }

    @Test(arguments: StoreKind.allCases)
    func taskPagesPutTogetherAreTheWholeList(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        let h = 3600.0
        var tasks: [TaskSummary] = []
        let states: [TaskState] = [.open, .acknowledged, .inProgress, .done, .failed, .cancelled]
        for n in 1...30 {
            let run = RunID("r\(n % 3)")
            var task = F.task(
                TaskID(run: run, number: n), run: run, role: n % 4 == 0 ? "POL.BOX" : "DONG.HEAD",
                district: n % 5 == 0 ? nil : ["singil", "wolpi"][n % 2], due: n % 7 == 0 ? nil : F.t0 + Double(n % 6) * h,
                state: states[n % 6], at: Double(n % 2))
            if n % 9 == 0 { task.unit = "sc119.singil" }
            tasks.append(task)
        }
        for run in ["r0", "r1", "r2"] as [RunID] {
            try store.create(F.run(run), firstEvents: [], projection: RunProjection(tasks: tasks.filter { $0.run == run }))
        }
        let queries = [
            TaskQuery(), TaskQuery(states: TaskQuery.openStates), TaskQuery(states: [.open]), TaskQuery(states: [.done, .open]),
            TaskQuery(states: [.failed]), TaskQuery(states: []), TaskQuery(district: "singil", states: TaskQuery.openStates),
            TaskQuery(role: "POL.BOX"), TaskQuery(assignee: "POL.BOX"), TaskQuery(assignee: "sc119.singil"),
            TaskQuery(run: "r1", states: TaskQuery.openStates), TaskQuery(overdueAt: F.t0 + 3 * h),
            TaskQuery(states: [.done, .acknowledged], overdueAt: F.t0 + 3 * h), TaskQuery(district: "wolpi", overdueAt: F.t0 + 9 * h),
        ]
        for query in queries {
            let whole = try store.tasks(query)
            var pages: [TaskSummary] = []
            for number in 1...(whole.count / 4 + 2) {
                let page = try store.tasks(query, page: PageRequest(number: number, size: 4))
                #expect(page.total == whole.count, "\(query)")
                #expect(page.hasMore == (number * 4 < whole.count), "\(query)")
                pages += page.items
            }
            #expect(pages.map(\.id) == whole.map(\.id), "\(query)")
            #expect(try store.tasks(query, page: .count).items.isEmpty)
            let uncounted = try store.tasks(query, page: PageRequest(limit: 3, offset: 2, counts: false))
            #expect(uncounted.total == nil && uncounted.items.map(\.id) == Array(whole.dropFirst(2).prefix(3)).map(\.id))
        }
        // The filters select what they say.
        let open = try store.tasks(TaskQuery(states: TaskQuery.openStates), page: PageRequest(limit: 100))
        #expect(open.total == 15 && open.items.allSatisfy { !$0.state.isTerminal })
        #expect(try store.tasks(TaskQuery(assignee: "sc119.singil")).map(\.id) == ["r0.18", "r0.9", "r0.27"].map { TaskID($0)! })
        #expect(try store.tasks(TaskQuery(assignee: "POL.BOX")) == store.tasks(TaskQuery(role: "POL.BOX")))
        let late = try store.tasks(TaskQuery(states: [.done, .acknowledged], overdueAt: F.t0 + 3 * h))
        #expect(late.map(\.id) == ["r1.1", "r1.13", "r1.19", "r1.25"].map { TaskID($0)! })
        // The query's own limit is not the page's.
        #expect(try store.tasks(TaskQuery(limit: 1), page: PageRequest(limit: 5)).items.count == 5)
    }

    @Test(arguments: StoreKind.allCases)
    func escalationPagesAreOldestFirst(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        var decided = F.escalation("r1.4", run: "r1", at: 30)
        decided.state = .decided
        var acknowledged = F.escalation("r2.3", run: "r2", at: 90)
        acknowledged.state = .acknowledged
        try store.create(
            F.run("r1"), firstEvents: [],
            projection: RunProjection(escalations: [
                F.escalation("r1.10", run: "r1", at: 60), F.escalation("r1.9", run: "r1", at: 60), decided,
            ]))
        try store.create(
            F.run("r2"), firstEvents: [], projection: RunProjection(escalations: [acknowledged, F.escalation("r2.1", run: "r2", at: 0)]))
        func ids(_ query: EscalationQuery, _ page: PageRequest) throws -> ([EscalationID], Int?) {
            let result = try store.escalations(query, page: page)
            return (result.items.map(\.id), result.total)
        }
        let open = EscalationQuery(states: EscalationQuery.openStates)
        #expect(try ids(open, PageRequest(limit: 10)) == (["r2.1", "r1.9", "r1.10", "r2.3"], 4))
        #expect(try ids(open, PageRequest(number: 2, size: 3)) == (["r2.3"], 4))
        #expect(try ids(EscalationQuery(), PageRequest(limit: 2, offset: 1)) == (["r1.4", "r1.9"], 5))
        #expect(try ids(EscalationQuery(run: "r2", states: [.open]), PageRequest(limit: 10)) == (["r2.1"], 1))
        #expect(try ids(EscalationQuery(states: [.decided, .withdrawn]), PageRequest(limit: 10)) == (["r1.4"], 1))
        #expect(try ids(EscalationQuery(states: []), PageRequest(limit: 10)) == ([], 0))
        #expect(try ids(open, PageRequest(limit: 1, offset: 3, counts: false)) == (["r2.3"], nil))
        #expect(try store.escalations(open, page: PageRequest(limit: 10)).items == store.escalations(run: nil, openOnly: true))
        #expect(
            try store.escalations(EscalationQuery(run: "r1"), page: PageRequest(limit: 10)).items
                == store.escalations(run: "r1", openOnly: false))
    }

    @Test(arguments: StoreKind.allCases)
    func runsDueAndTheNextWakeInOrder(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        func waiting(_ id: RunID, wake: TimeInterval?, status: RunStatus = .waiting) throws {
            try store.create(
                F.run(id, status: status), firstEvents: [F.started()],
                projection: RunProjection(schedule: .init(wakeAt: wake.map { F.t0 + $0 }, waits: [])))
        }
        #expect(try store.nextWake() == nil)
        #expect(try store.runsDue(at: F.t0 + 1e6, limit: 10).isEmpty)
        try waiting("late", wake: 300)
        try waiting("soon", wake: 60)
        try waiting("tie", wake: 300)  // same time as "late", stored after it
        try waiting("idle", wake: nil)
        try waiting("busy", wake: 10, status: .running)  // only waiting runs are due
        try waiting("over", wake: 5, status: .completed)
        #expect(try store.nextWake() == F.t0 + 60)
        #expect(try store.runsDue(at: F.t0 + 59.999, limit: 10).isEmpty)
        #expect(try store.runsDue(at: F.t0 + 60, limit: 10) == [DueRun(run: "soon", lastSequence: 1)])
        #expect(try store.runsDue(at: F.t0 + 300, limit: 10).map(\.run) == ["soon", "late", "tie"])
        #expect(try store.runsDue(at: F.t0 + 300, limit: 2).map(\.run) == ["soon", "late"])
        // The run's history length comes with it, as it grows.
        try store.append(F.events(2...3), to: "late", after: 1)
        #expect(try store.runsDue(at: F.t0 + 300, limit: 10).map(\.lastSequence) == [1, 3, 1])
        // Once it stops waiting, it is no longer due.
        try store.append([], to: "soon", after: 1, status: .running)
        #expect(try store.nextWake() == F.t0 + 300)
        #expect(try store.runsDue(at: F.t0 + 300, limit: 10).map(\.run) == ["late", "tie"])
    }

    // MARK: Cancelling from the store alone

    static let cancellation = HistoryEvent(
        sequence: 0, kind: .runCancelled, command: 7, name: "run", payload: ["by": "kim.minsu", "unreplayable": "edited"],
        at: StoreFixtures.t0 + 900)

    @Test(arguments: StoreKind.allCases)
    func cancelWithoutReadingClosesTheRun(_ kind: StoreKind) throws {
        let store = try kind.make(in: folder)
        var done = F.task("r1.3", run: "r1")
        done.state = .done
        var decided = F.escalation("r1.5", run: "r1", at: 0)
        decided.state = .decided
        var acknowledged = F.escalation("r1.6", run: "r1", at: 0)
        acknowledged.state = .acknowledged
        try store.create(
            F.run("r1", status: .waiting), firstEvents: [F.started()] + F.events(2...4),
            projection: RunProjection(
                tasks: [F.task("r1.1", run: "r1"), F.task("r1.2", run: "r1", state: .inProgress), done],
                escalations: [F.escalation("r1.4", run: "r1", at: 0), decided, acknowledged],
                schedule: .init(wakeAt: F.t0 + 60, waits: [.task("r1.1")])))
        try store.create(F.run("r2", status: .waiting), firstEvents: [], projection: RunProjection(tasks: [F.task("r2.1", run: "r2")]))

        try store.cancelWithoutReading("r1", event: Self.cancellation)
        let history = try store.history(of: "r1")
        let last = try #require(history.last)
        // Renumbered after the history's last event, without a command number.
        #expect(history.count == 5 && last.sequence == 5)
        #expect(last.kind == .runCancelled && last.command == nil && last.name == "run")
        #expect(last.payload == ["by": "kim.minsu", "unreplayable": "edited"] && last.at == F.t0 + 900)
        let record = try #require(try store.run("r1"))
        #expect(record.status == .cancelled && record.lastSequence == 5 && record.updatedAt == F.t0 + 900)
        #expect(record.wakeAt == nil && record.waits.isEmpty)
        #expect(try store.nextWake() == nil)
        // Open tasks cancelled, finished ones left; open escalations closed, decided ones left.
        #expect(try store.tasks(TaskQuery(run: "r1")).map(\.state) == [.cancelled, .cancelled, .done])
        #expect(try store.task("r1.1")?.updatedAt == F.t0 + 900)
        #expect(try store.task("r1.3")?.updatedAt == F.t0)
        #expect(try store.escalations(run: "r1", openOnly: false).map(\.state) == [.closed, .decided, .closed])
        // Another run's are not touched.
        #expect(try store.task("r2.1")?.state == .open)
        // An ended run cannot be cancelled.
        let again = storeError { try store.cancelWithoutReading("r1", event: Self.cancellation) }
        #expect(again?.code == .conflict && again?.run == "r1")
        #expect(again?.message == "run 'r1' has ended (cancelled)")
        #expect(try store.history(of: "r1").count == 5)
    }
}

extension StoreFixtures {
    /// A task summary; `at` is seconds after t0 for its creation.
    static func task(
        _ id: TaskID, run: RunID, role: String? = "DONG.HEAD", district: String? = "singil", due: Date? = nil,
        state: TaskState = .open, at offset: TimeInterval = 0
    ) -> TaskSummary {
        TaskSummary(
            id: id, run: run, title: "task \(id)", detail: "점검", role: role, district: district, priority: "high",
            taskClass: .lifeSafety, state: state, due: due, createdAt: t0 + offset)
    }

    /// An escalation summary; `at` is seconds after t0 for its creation.
    static func escalation(_ id: EscalationID, run: RunID, at offset: TimeInterval) -> EscalationSummary {
        EscalationSummary(
            id: id, run: run, to: "control_tower", severity: "alert", reason: "지하차도 침수", options: ["open_shelters", "hold"],
            createdAt: t0 + offset)
    }
}

/// The ids of runs that start with a prefix: every store, in order, with its limit.
struct StoreRunPrefixTests {
    @Test(arguments: StoreKind.allCases)
    func runIDsByPrefixInOrderUpToTheLimit(_ kind: StoreKind) throws {
        let folder = try TemporaryFolder()
        let store = try kind.make(in: folder)
        for id in ["abd456", "abc123", "abc124", "xyz", "신길-1", "ab"] {
            try store.create(StoreFixtures.run(RunID(id)), firstEvents: [StoreFixtures.started()])
        }
        #expect(try store.runIDs(withPrefix: "abc", limit: 10) == ["abc123", "abc124"])
        #expect(try store.runIDs(withPrefix: "ab", limit: 10) == ["ab", "abc123", "abc124", "abd456"])
        #expect(try store.runIDs(withPrefix: "ab", limit: 2) == ["ab", "abc123"])
        #expect(try store.runIDs(withPrefix: "신길", limit: 10) == ["신길-1"])
        #expect(try store.runIDs(withPrefix: "q", limit: 10).isEmpty)
    }
}
