/// The store of the `lists` case: many waiting heavy-rain runs, written through the store's
/// batched writes in a few seconds rather than run one by one.
///
/// Each run is a copy of a real one: `workflows/heavy_rain.lua` started through the engine (on a
/// store in memory) once at the advisory level (four open tasks: the dong head, the 119 centre,
/// the police box, each with its due time; waiting for them, two signals and a timer) and once at
/// the warning level (an open escalation to the control tower too). Copy i is run i of the city's
/// last days: started `spacing` after the one before it (the newest just now, so the oldest are
/// long overdue), in district i mod 10, every fourth one at the warning level; its history,
/// tasks, escalations and waits are the original's with the run's id, district and times.
import IlsaStoreSQLite
import IlsaStore
import Foundation
import IlsaEngine

struct ListsStore {
    /// How many runs the store holds.
    var count: Int
    /// Between one run's start and the next's.
    var spacing: TimeInterval = 3

    static let districts = ["wolpi", "sadong", "sangnok1", "sangnok2", "banwol", "gojan", "choji", "seonbu", "singil", "daebu"]

    /// Makes the store at `path` (a new file), writing `batch` runs a transaction. Small
    /// batches leave the write-ahead log at the size a store in use keeps (a few MB): the log
    /// stays as large as the largest transaction, and every process that opens the store
    /// first reads it whole (SQLite's recovery): with 1,000 runs a batch it was 39 MB, and
    /// each `ilsa` process 120 ms slower.
    func make(at path: String, batch: Int = 100) throws {
        let templates = try Self.templates()
        let store = try SQLiteRunStore(path: path, durability: .processCrashSafe)
        let newest = Date().addingTimeInterval(-spacing)
        let began = Date()
        for start in stride(from: 0, to: count, by: batch) {
            let writes = (start..<min(count, start + batch)).map { i in
                let template = templates[i % 4 == 0 ? 1 : 0]
                return template.copy(
                    id: Self.id(i), district: Self.districts[i % 10],
                    createdAt: newest.addingTimeInterval(-Double(count - 1 - i) * spacing))
            }
            try store.write(writes)
            if start > 0 && start % 20_000 == 0 {
                FileHandle.standardError.write(
                    Data("ilsa-bench: \(start) of \(count) runs written (\(Int(-began.timeIntervalSinceNow)) s)\n".utf8))
            }
        }
    }

    /// Eight hex digits, as `ilsa run` makes them, unique: i times an odd number, modulo 2^32.
    static func id(_ i: Int) -> RunID {
        RunID(String(format: "%08x", UInt32(truncatingIfNeeded: UInt64(i) &* 2_654_435_761)))
    }

    /// The two runs each copy is made from: advisory, and warning (with an escalation).
    static func templates() throws -> [RunTemplate] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let roster = try Roster.load(contentsOfFile: root.appendingPathComponent("plugins/ansan/roster.lua").path)
        let plugins = try PluginSet.discover(in: [root.appendingPathComponent("plugins").path]).modulesOnly
        let playbook = root.appendingPathComponent("workflows/heavy_rain.lua").path
        return try ["advisory", "warning"].map { level in
            let store = InMemoryRunStore()
            let engine = Engine(store: store, clock: VirtualClock(startingAt: Date()), roster: roster, plugins: plugins)
            let run = try engine.start(playbook: playbook, params: ["district": "singil", "level": .string(level)], id: "template").run
            guard let record = try store.run(run), record.status == .waiting else {
                throw BenchFailure(description: "the heavy-rain template (\(level)) is not waiting")
            }
            return RunTemplate(
                record: record, events: try store.history(of: run), tasks: try store.tasks(TaskQuery(run: run)),
                escalations: try store.escalations(run: run, openOnly: false))
        }
    }
}

/// A run as the engine left it, to copy under another id, district and start.
struct RunTemplate {
    var record: RunRecord
    var events: [HistoryEvent]
    var tasks: [TaskSummary]
    var escalations: [EscalationSummary]

    /// The template's district, in its parameters, tasks and texts.
    static let district = "singil"

    /// The run as if started at `createdAt` in `district`, with the id `id`.
    func copy(id: RunID, district: String, createdAt: Date) -> RunWrite {
        let shift = createdAt.timeIntervalSince(record.createdAt)
        func moved(_ date: Date) -> Date { date.addingTimeInterval(shift) }
        func text(_ value: String) -> String {
            value.replacingOccurrences(of: record.id.rawValue + ".", with: id.rawValue + ".")
                .replacingOccurrences(of: Self.district, with: district)
        }
        func json(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let string): .string(text(string))
            case .array(let items): .array(items.map(json))
            case .object(let fields): .object(fields.mapValues(json))
            default: value
            }
        }
        var run = record
        run.id = id
        run.params = json(record.params)
        run.createdAt = createdAt
        run.updatedAt = moved(record.updatedAt)
        let events = events.map {
            HistoryEvent(
                sequence: $0.sequence, kind: $0.kind, command: $0.command, name: $0.name, payload: json($0.payload), at: moved($0.at))
        }
        let tasks = tasks.map { task in
            var copy = task
            copy.id = TaskID(run: id, number: task.id.number)
            copy.run = id
            copy.district = task.district == nil ? nil : district
            copy.due = task.due.map(moved)
            copy.createdAt = moved(task.createdAt)
            copy.updatedAt = moved(task.updatedAt)
            return copy
        }
        let escalations = escalations.map { escalation in
            var copy = escalation
            copy.id = EscalationID(run: id, number: escalation.id.number)
            copy.run = id
            copy.reason = text(escalation.reason)
            copy.createdAt = moved(escalation.createdAt)
            copy.updatedAt = moved(escalation.updatedAt)
            return copy
        }
        let waits = record.waits.map { wait -> WaitCondition in
            switch wait {
            case .task(let task): .task(TaskID(run: id, number: task.number))
            case .taskReached(let task, let milestone): .taskReached(TaskID(run: id, number: task.number), milestone)
            case .escalation(let escalation): .escalation(EscalationID(run: id, number: escalation.number))
            case .branch(let branch): .branch(BranchID(run: id, number: branch.number))
            case .timer(let date): .timer(moved(date))
            case .signal: wait
            }
        }
        return .create(
            run, firstEvents: events,
            projection: RunProjection(
                tasks: tasks, escalations: escalations, schedule: .init(wakeAt: record.wakeAt.map(moved), waits: waits)))
    }
}
