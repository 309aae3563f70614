/// Durable runs on a SQLite file: rebuilding a run from a long history, as the engine does after
/// a restart, and persisting task transitions on each durability, with the log's checkpoints in
/// the commit or in the background, and appends batched or not.
import IlsaStoreSQLite
import Foundation
import IlsaEngine

func replayCases(_ options: Options) throws -> [Case] {
    let events = options.quick ? 1_000 : 10_000
    // One fixed folder, emptied first: a run leaves at most this one behind.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-replay")
    try? FileManager.default.removeItem(at: folder)
    let clock = VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000))
    let notes = options.quick ? 500 : 5_000
    var cases: [Case] = []
    if options.selects("durable.replay") {
        let path = folder.appendingPathComponent("ilsa.sqlite").path
        // One log command per event, then a wait: the history has `events` + 2 events.
        let playbook = """
            return ilsa.workflow { name = "long", title = "A long history", run = function()
              for i = 1, \(events - 1) do ilsa.log("step " .. i) end
              ilsa.sleep("1h")
            end }
            """
        let engine = Engine(store: try SQLiteRunStore(path: path), clock: clock, source: { _ in playbook })
        try engine.start(playbook: "long.lua", id: "r1", seed: 1)
        cases.append(
            Case(key: "durable.replay", label: "rebuild a run from a \(events + 1)-event history and signal it (SQLite file)", unit: "ms") {
                // A fresh engine holds no run: the signal reads the history, replays the script
                // against it, and appends one event.
                let fresh = Engine(store: try SQLiteRunStore(path: path), clock: clock, source: { _ in playbook })
                return try nanoseconds { try fresh.signal("r1", name: "ping") } / 1e6
            })
    }
    // Task transitions, each one transaction, on each durability and with the log's checkpoints
    // in the commit (SQLite's automatic checkpoint) or in the background (the store's default):
    // the mean, and the slowest 0.1% (where a checkpoint in the commit shows).
    let settings: [(key: String, name: String, durability: Durability, checkpoints: SQLiteRunStore.Checkpoints)] = [
        ("", "FULL, checkpoints in background (default)", .powerCutSafe, .background),
        (".normal", "NORMAL, checkpoints in background", .processCrashSafe, .background),
        (".inline", "FULL, checkpoints in the commit", .powerCutSafe, .onCommit),
        (".normal-inline", "NORMAL, checkpoints in the commit (before)", .processCrashSafe, .onCommit),
    ]
    for setting in settings {
        let mean = "durable.transitions" + setting.key, tail = "durable.transitions.tail" + setting.key
        guard options.selects(mean) || options.selects(tail) else { continue }
        let engine = try notesEngine(
            folder.appendingPathComponent("notes\(setting.key).sqlite").path, setting.durability, setting.checkpoints, clock)
        cases.append(
            Case(key: mean, label: "task transition persisted: \(setting.name)", unit: "µs") {
                try transitions(engine, notes).reduce(0, +) / Double(notes) / 1e3
            })
        cases.append(
            Case(key: tail, label: "  its slowest 0.1% (p99.9)", unit: "µs") {
                percentile999(try transitions(engine, notes)) / 1e3
            })
    }
    // As answers come to a city's runs: bursts of 100 transitions, each on another of 1,000
    // runs (so a checkpoint has many pages to copy), then 25 ms without any (not timed), where
    // a background checkpoint runs.
    for setting in settings {
        let mean = "durable.bursts" + setting.key, tail = "durable.bursts.tail" + setting.key
        guard options.selects(mean) || options.selects(tail) else { continue }
        let (engine, tasks) = try cityEngine(
            folder.appendingPathComponent("bursts\(setting.key).sqlite").path, setting.durability, setting.checkpoints, clock,
            runs: options.quick ? 100 : 1_000)
        var next = 0
        func bursts() throws -> [Double] {
            try (0..<notes / 100).flatMap { _ in
                Thread.sleep(forTimeInterval: 0.025)
                return try (0..<100).map { _ in
                    next += 1
                    let task = tasks[next % tasks.count]
                    return try nanoseconds { try engine.update(task: task, .note, by: "CITY.SITROOM", note: "reading") }
                }
            }
        }
        cases.append(
            Case(key: mean, label: "in bursts over 1,000 runs: \(setting.name)", unit: "µs") {
                try bursts().reduce(0, +) / Double(notes) / 1e3
            })
        cases.append(
            Case(key: tail, label: "  its slowest 0.1% (p99.9)", unit: "µs") {
                percentile999(try bursts()) / 1e3
            })
    }
    // What batching does under FULL: appends to ten runs, each in its own transaction, or the
    // ten in one batch (one commit, one sync). Per append.
    if options.selects("durable.batch") {
        let store = try SQLiteRunStore(path: folder.appendingPathComponent("batch.sqlite").path)
        let runs = (1...10).map { RunID("b\($0)") }
        var last = 0
        for run in runs {
            try store.create(RunRecord(id: run, workflow: "b", title: "B", scriptHash: "", createdAt: clock.now), firstEvents: [])
        }
        func event() -> HistoryEvent {
            HistoryEvent(sequence: last + 1, kind: .signalReceived, name: "signal", payload: ["name": "ping"], at: clock.now)
        }
        let rounds = notes / 10
        cases.append(
            Case(key: "durable.batch.single", label: "store append, 10 runs, a transaction each (FULL)", unit: "µs") {
                try nanoseconds {
                    for _ in 0..<rounds {
                        let next = event()
                        for run in runs { try store.append([next], to: run, after: last) }
                        last += 1
                    }
                } / Double(rounds * runs.count) / 1e3
            })
        cases.append(
            Case(key: "durable.batch.ten", label: "store append, 10 runs in one batch (FULL, per append)", unit: "µs") {
                try nanoseconds {
                    for _ in 0..<rounds {
                        let next = event()
                        try store.write(runs.map { .append([next], to: $0, after: last) })
                        last += 1
                    }
                } / Double(rounds * runs.count) / 1e3
            })
    }
    return cases.filter { options.selects($0.key) }
}

/// The times of `count` task transitions (notes on the notes run's task), one after another, in ns.
private func transitions(_ engine: Engine, _ count: Int) throws -> [Double] {
    try (0..<count).map { _ in
        try nanoseconds { try engine.update(task: "n1.1", .note, by: "CITY.SITROOM", note: "reading") }
    }
}

/// The time only 0.1% of the samples exceed.
private func percentile999(_ samples: [Double]) -> Double {
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, sorted.count * 999 / 1000)]
}

/// An engine on its own store with `runs` runs, each with one task that takes notes, all live in
/// memory; and the tasks' ids.
private func cityEngine(
    _ path: String, _ durability: Durability, _ checkpoints: SQLiteRunStore.Checkpoints, _ clock: VirtualClock, runs: Int
) throws -> (Engine, [TaskID]) {
    let playbook = """
        return ilsa.workflow { name = "notes", title = "Notes", run = function()
          ilsa.task { title = "Keep the situation log" }:wait()
        end }
        """
    let store = try SQLiteRunStore(path: path, durability: durability, busyTimeout: 5, checkpoints: checkpoints)
    let engine = Engine(store: store, clock: clock, source: { _ in playbook }, cacheCapacity: runs)
    let ids = (1...runs).map { RunID("c\($0)") }
    for id in ids { try engine.start(playbook: "notes.lua", id: id, seed: 1) }
    return (engine, ids.map { TaskID(run: $0, number: 1) })
}

/// An engine on its own store whose run has one task that takes notes: each note is a task
/// transition, stored in its own transaction.
private func notesEngine(
    _ path: String, _ durability: Durability, _ checkpoints: SQLiteRunStore.Checkpoints, _ clock: VirtualClock
) throws -> Engine {
    let playbook = """
        return ilsa.workflow { name = "notes", title = "Notes", run = function()
          ilsa.task { title = "Keep the situation log" }:wait()
        end }
        """
    let store = try SQLiteRunStore(path: path, durability: durability, busyTimeout: 5, checkpoints: checkpoints)
    let engine = Engine(store: store, clock: clock, source: { _ in playbook })
    try engine.start(playbook: "notes.lua", id: "n1", seed: 1)
    return engine
}
