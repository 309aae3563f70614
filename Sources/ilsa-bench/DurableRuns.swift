/// Durable runs on a SQLite file: rebuilding a run from a long history, as the engine does after
/// a restart, and persisting task transitions.
import IlsaStoreSQLite
import Foundation
import IlsaEngine

func replayCases(_ options: Options) throws -> [Case] {
    let events = options.quick ? 1_000 : 10_000
    // One fixed folder, emptied first: a run leaves at most this one behind.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ilsa-bench-replay")
    try? FileManager.default.removeItem(at: folder)
    let path = folder.appendingPathComponent("ilsa.sqlite").path
    // One log command per event, then a wait: the history has `events` + 2 events.
    let playbook = """
        return ilsa.workflow { name = "long", title = "A long history", run = function()
          for i = 1, \(events - 1) do ilsa.log("step " .. i) end
          ilsa.sleep("1h")
        end }
        """
    let clock = VirtualClock(startingAt: Date(timeIntervalSince1970: 1_752_624_000))
    let engine = Engine(store: try SQLiteRunStore(path: path), clock: clock, source: { _ in playbook })
    try engine.start(playbook: "long.lua", id: "r1", seed: 1)

    // One task that takes notes: each note is a task transition stored in its own transaction.
    let notes = options.quick ? 500 : 5_000
    let notesPath = folder.appendingPathComponent("notes.sqlite").path
    let notesPlaybook = """
        return ilsa.workflow { name = "notes", title = "Notes", run = function()
          ilsa.task { title = "Keep the situation log" }:wait()
        end }
        """
    let notesEngine = Engine(store: try SQLiteRunStore(path: notesPath), clock: clock, source: { _ in notesPlaybook })
    try notesEngine.start(playbook: "notes.lua", id: "n1", seed: 1)

    return [
        Case(key: "durable.transitions", label: "task transition persisted (update(task:.note), one transaction each)", unit: "µs") {
            try nanoseconds {
                for i in 0..<notes { try notesEngine.update(task: "n1.1", .note, by: "CITY.SITROOM", note: "reading \(i)") }
            } / Double(notes) / 1e3
        },
        Case(key: "durable.replay", label: "rebuild a run from a \(events + 1)-event history and signal it (SQLite file)", unit: "ms") {
            // A fresh engine holds no run: the signal reads the history, replays the script
            // against it, and appends one event.
            let fresh = Engine(store: try SQLiteRunStore(path: path), clock: clock, source: { _ in playbook })
            return try nanoseconds { try fresh.signal("r1", name: "ping") } / 1e6
        },
    ].filter { options.selects($0.key) }
}
