/// Several machines (issue 16): 100,000 waiting runs on SQLite and on PostgreSQL side by side,
/// the same runs in each: waking one (a signal, a due timer), what workers ask to find due
/// work, and the lists' first pages.
///
/// Run i waits as in the `waiting` case (for a signal, or its timer i + 1 minutes after the
/// start), with one open task (the `lists` case's pages have something to read). The runs are
/// started by the engine on a store in memory and written to both stores with batched writes,
/// 100 runs a transaction. Both are kept between invocations: the SQLite file in the temporary
/// folder, the schema `bench_waiting_N` in the database (made again when its count is off).
import IlsaStoreSQLite
import IlsaStorePostgres
import IlsaStore
import Foundation
import IlsaEngine

private let waitingPlaybook = """
    return ilsa.workflow { name = "wait", title = "Waiting", run = function(ctx)
      ilsa.task { title = "수위 확인", assignee = { role = "DONG.HEAD", district = ctx.params.district } }
      local timer = ilsa.timer(ctx.params.after)
      while true do
        local item, answer = ilsa.any { ilsa.signal("reading"), timer }
        if item == timer then return "timed out" end
        ilsa.log("reading " .. tostring(answer.payload))
      end
    end }
    """

private let waitingStart = Date(timeIntervalSince1970: 1_752_624_000)

func fleetWaitingCases(_ options: Options) throws -> [Case] {
    let count = options.quick ? 2_000 : 100_000
    let wakes = options.quick ? 50 : 500
    let reads = options.quick ? 5 : 20
    // key, label, unit, and what a round measures on an engine over a store.
    let ops: [(String, String, String, (WaitingBench) throws -> Double)] = [
        ("signal", "signal one, not in memory (\(wakes) a round)", "µs", { try $0.signal(wakes) }),
        ("work", "work(): find and fire the one due run", "µs", { try $0.work() }),
        ("due", "runsDue(limit: 50), 50 due", "µs", { try $0.reading(reads) { store, later in try store.runsDue(at: later, limit: 50) } }),
        (
            "claim", "claimDue(limit: 50), 50 due (leases on PostgreSQL)", "µs",
            { try $0.reading(reads) { store, later in try store.claimDue(at: later, limit: 50, owner: "bench", for: 0) } }
        ),
        (
            "idle", "claimDue with nothing due (an idle worker's poll)", "µs",
            { try $0.reading(reads) { store, _ in try store.claimDue(at: waitingStart, limit: 256, owner: "bench", for: 30) } }
        ),
        ("nextwake", "nextWake()", "µs", { try $0.reading(reads) { store, _ in try store.nextWake() } }),
        ("read", "run(id): one run by its id (one statement)", "µs", { try $0.reading(reads) { store, _ in try store.run("w1") } }),
        (
            "runs", "first page of active runs, with the count", "µs",
            { try $0.reading(reads) { store, _ in try store.runs(.active, page: PageRequest(limit: 50)) } }
        ),
        (
            "tasks", "first page of unfinished tasks, with the count", "µs",
            {
                try $0.reading(reads) { store, _ in try store.tasks(TaskQuery(states: TaskQuery.openStates), page: PageRequest(limit: 50)) }
            }
        ),
    ]
    let stores = [("sqlite", "SQLite"), ("pg", "PostgreSQL")]
    let keys = ops.flatMap { op in stores.map { "fleet.waiting.\(op.0).\($0.0)" } }
    guard try fleetSelected(options, keys) else { return [] }
    guard let rosterPath = findRoster() else { throw BenchFailure(description: "plugins/ansan/roster.lua not found") }
    let roster = try Roster.load(contentsOfFile: rosterPath)

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-fleet-waiting-\(count)")
    let path = folder.appendingPathComponent("ilsa.sqlite").path
    let url = fleetURL(schema: "bench_waiting_\(count)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var sqlite = try SQLiteRunStore(path: path)
    var postgres = try PostgresRunStore(url: url)
    var toMake: [any RunStore] = []
    let completed = [try waitingCompleted(sqlite, count: count), try waitingCompleted(postgres, count: count)]
    if completed[0] == nil {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        sqlite = try SQLiteRunStore(path: path)
        toMake.append(sqlite)
    }
    if completed[1] == nil {
        try postgres.dropSchema()
        postgres = try PostgresRunStore(url: url)
        toMake.append(postgres)
    }
    if !toMake.isEmpty { try makeWaiting(count, into: toMake, roster: roster) }

    let benches = zip([sqlite as any RunStore, postgres], completed).map { store, done in
        WaitingBench(store: store, roster: roster, count: count, minute: done ?? 0)
    }
    var cases: [Case] = []
    for (key, label, unit, measure) in ops {
        for ((storeKey, storeName), bench) in zip(stores, benches) where options.selects("fleet.waiting.\(key).\(storeKey)") {
            cases.append(
                Case(key: "fleet.waiting.\(key).\(storeKey)", label: "\(storeName): \(label)", unit: unit) { try measure(bench) })
        }
    }
    return cases
}

/// How many of the store's runs completed (each timed `work()` ends one), or nil when the store
/// does not hold the `count` runs (none yet, or another size).
private func waitingCompleted(_ store: any RunStore, count: Int) throws -> Int? {
    let completed = try store.runs(RunQuery(statuses: [.completed]), page: PageRequest(limit: 0)).total ?? 0
    let waiting = try store.runs(RunQuery(statuses: [.waiting]), page: PageRequest(limit: 0)).total ?? 0
    return waiting > 0 && waiting + completed == count ? completed : nil
}

/// Starts the runs on a store in memory, 100 at a time, and writes each hundred to `stores` in
/// one batch, with the playbook's version (the runs name it; stored once).
private func makeWaiting(_ count: Int, into stores: [any RunStore], roster: Roster) throws {
    let began = Date()
    for first in stride(from: 0, to: count, by: 100) {
        let memory = InMemoryRunStore()
        let clock = VirtualClock(startingAt: waitingStart)
        let engine = Engine(store: memory, clock: clock, roster: roster, source: { _ in waitingPlaybook }, cacheCapacity: 1)
        let writes = try (first..<min(count, first + 100)).map { i -> RunWrite in
            let id = RunID("w\(i)")
            let params: JSONValue = ["after": .string("\(i + 1)m"), "district": .string(referenceDistricts[i % 10])]
            try engine.start(playbook: "wait.lua", params: params, id: id, seed: 1)
            guard let record = try memory.run(id), record.status == .waiting else {
                throw BenchFailure(description: "waiting run \(id) is not waiting")
            }
            return .create(
                record, firstEvents: try memory.history(of: id),
                projection: RunProjection(
                    tasks: try memory.tasks(TaskQuery(run: id)), schedule: .init(wakeAt: record.wakeAt, waits: record.waits)),
                playbooks: i == first ? try memory.playbookVersion(record.scriptHash).map { [$0] } ?? [] : [])
        }
        for store in stores { try store.write(writes) }
        if first > 0 && first % 20_000 == 0 {
            FileHandle.standardError.write(
                Data("ilsa-bench: \(first) of \(count) waiting runs written (\(Int(-began.timeIntervalSinceNow)) s)\n".utf8))
        }
    }
}

/// An engine over one of the stores, and where its clock stands.
private final class WaitingBench {
    let store: any RunStore
    let engine: Engine
    let clock = VirtualClock(startingAt: waitingStart)
    let count: Int
    /// Minutes after the start the clock stands at: runs up to this one's timer have fired.
    var minute: Int
    var generator = SplitMix(seed: 42)

    init(store: any RunStore, roster: Roster, count: Int, minute: Int) {
        self.store = store
        self.count = count
        self.minute = minute
        engine = Engine(store: store, clock: clock, roster: roster, source: { _ in waitingPlaybook }, cacheCapacity: 256)
    }

    /// Signals `wakes` runs picked at random among the second half (the first ones complete
    /// in the work() case), none in memory: µs each.
    func signal(_ wakes: Int) throws -> Double {
        let runs = (0..<wakes).map { _ in RunID("w\(count / 2 + Int(generator.next() % UInt64(count / 2)))") }
        engine.evictAll()
        return try nanoseconds {
            for run in runs { try engine.signal(run, name: "reading", payload: .integer(42)) }
        } / Double(wakes) / 1e3
    }

    /// One more minute passes: exactly one more run's timer is due, and work() fires it (µs).
    func work() throws -> Double {
        minute += 1
        try clock.advance(to: waitingStart.addingTimeInterval(Double(minute * 60)))
        var woken = 0
        let elapsed = try nanoseconds { woken = try engine.work().count }
        guard woken == 1 else { throw BenchFailure(description: "expected one due run, found \(woken)") }
        return elapsed / 1e3
    }

    /// A read, `times` over, at a time when the next 100 runs' timers are due: µs each.
    func reading<T>(_ times: Int, _ body: (any RunStore, Date) throws -> T) throws -> Double {
        let later = waitingStart.addingTimeInterval(Double((minute + 100) * 60))
        return try nanoseconds {
            for _ in 0..<times { _ = try body(store, later) }
        } / Double(times) / 1e3
    }
}
