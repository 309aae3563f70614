public import Foundation
import Synchronization

/// A ``RunStore`` in memory: what drills, the REPL's throw-away session and tests use. Nothing
/// survives the process.
///
/// It keeps the same rules as the stores on disk, and passes the same conformance suite:
/// histories numbered without gaps, conflicts for a stale append or a run created twice,
/// batches all or nothing, times to the millisecond, values the store on disk could not keep
/// (`NaN`) refused. Thread-safe: one lock around everything. Queries scan what they select
/// from, which suits the few runs of a drill or a session, not a city's year of them.
public final class InMemoryRunStore: RunStore, AccountStore {
    let state = Mutex(State())

    /// An empty store.
    public init() {}

    // MARK: Writes

    public func write(_ batch: [RunWrite]) throws {
        guard !batch.isEmpty else { return }
        // Checked before the lock: the events' numbering and their payloads.
        for write in batch { try Self.check(write) }
        try state.withLock { state in
            // Every change is checked against the store as the changes before it in the batch
            // leave it, then all are applied: nothing is applied when one is refused.
            var overlay: [RunID: Head] = [:]
            for write in batch {
                let run = write.run
                let head = overlay[run] ?? state.runs[run].map { Head(lastSequence: $0.record.lastSequence, status: $0.record.status) }
                overlay[run] = try Self.check(write.change, against: head)
            }
            for write in batch {
                state.apply(write.change)
                state.outbox.add(write.effects)
                for version in write.playbooks where state.playbooks[version.id] == nil { state.playbooks[version.id] = version }
                if let pin = write.pin { state.runs[write.run]?.record.scriptHash = pin }
            }
        }
    }

    /// What a batch's checks need to know of a run: how long its history is and its status.
    private struct Head {
        var lastSequence: Int
        var status: RunStatus
    }

    private static func check(_ write: RunWrite) throws {
        let run = write.run
        func numbering(_ events: [HistoryEvent], after: Int) throws {
            if let problem = StoreChecks.numbering(events, after: after, run: run) {
                throw StoreError(.invalidEvents, problem, path: "", run: run)
            }
        }
        func storable(_ value: JSONValue, what: String) throws {
            guard !value.isStorable else { return }
            do {
                _ = try value.encoded()
            } catch {
                throw StoreError(.invalidEvents, StoreChecks.unstorable(error, run: run, what: what), path: "", run: run)
            }
        }
        switch write.change {
        case .create(let record, let events, let projection):
            try numbering(events, after: 0)
            try storable(record.params, what: "params")
            for event in events { try storable(event.payload, what: "event \(event.sequence) payload") }
            try storable(.array((projection?.schedule?.waits ?? []).map(\.json)), what: "waits")
        case .append(_, let events, let after, _, let projection):
            try numbering(events, after: after)
            for event in events { try storable(event.payload, what: "event \(event.sequence) payload") }
            try storable(.array((projection?.schedule?.waits ?? []).map(\.json)), what: "waits")
        case .cancelWithoutReading(_, let event):
            try storable(event.payload, what: "the cancellation")
        }
    }

    /// Checks a change against the run as the batch has left it; returns the run after it.
    private static func check(_ change: RunWrite.Change, against head: Head?) throws -> Head {
        switch change {
        case .create(let record, let events, _):
            guard head == nil else {
                throw StoreError(.conflict, "run '\(record.id)' already exists", path: "", run: record.id)
            }
            return Head(lastSequence: events.count, status: record.status)
        case .append(let run, let events, let after, let status, _):
            guard let head else { throw StoreError(.notFound, "no run '\(run)'", path: "", run: run) }
            guard head.lastSequence == after else {
                throw StoreError(
                    .conflict,
                    "run '\(run)' has \(head.lastSequence) events in its history, not \(after): another runner has extended it",
                    path: "", run: run)
            }
            return Head(lastSequence: after + events.count, status: status ?? head.status)
        case .cancelWithoutReading(let run, _):
            guard let head else { throw StoreError(.notFound, "no run '\(run)'", path: "", run: run) }
            if head.status.isFinal {
                throw StoreError(.conflict, "run '\(run)' has ended (\(head.status.rawValue))", path: "", run: run)
            }
            return Head(lastSequence: head.lastSequence + 1, status: .cancelled)
        }
    }

    // MARK: Reads

    public func history(of run: RunID, after sequence: Int) throws -> [HistoryEvent] {
        try state.withLock { state in
            guard let stored = state.runs[run] else { throw StoreError(.notFound, "no run '\(run)'", path: "", run: run) }
            // Sequences are 1...n at offsets 0..<n.
            let start = min(max(sequence, 0), stored.events.count)
            return Array(stored.events[start...])
        }
    }

    public func run(_ id: RunID) throws -> RunRecord? {
        state.withLock { $0.runs[id]?.record }
    }

    public func runs(status: RunStatus?) throws -> [RunRecord] {
        selectedRuns(status.map { [$0] })
    }

    public func runs(_ query: RunQuery, page: PageRequest) throws -> Page<RunRecord> {
        selectedRuns(query.statuses).page(page)
    }

    public func runIDs(withPrefix prefix: String, limit: Int) throws -> [RunID] {
        state.withLock { state in
            Array(state.runs.keys.filter { $0.rawValue.hasPrefix(prefix) }.sorted { $0.rawValue < $1.rawValue }.prefix(max(0, limit)))
        }
    }

    /// The runs with these statuses (every run for nil), newest first.
    private func selectedRuns(_ statuses: Set<RunStatus>?) -> [RunRecord] {
        state.withLock { state in
            state.runs.values
                .filter { statuses?.contains($0.record.status) ?? true }
                .sorted { ($0.record.createdAt, $0.order) > ($1.record.createdAt, $1.order) }
                .map(\.record)
        }
    }

    public func tasks(_ query: TaskQuery) throws -> [TaskSummary] {
        let sorted = selectedTasks(query)
        guard let limit = query.limit else { return sorted }
        return Array(sorted.prefix(max(0, limit)))
    }

    public func tasks(_ query: TaskQuery, page: PageRequest) throws -> Page<TaskSummary> {
        selectedTasks(query).page(page)
    }

    /// The tasks a query selects, without its limit, in the order SQLite's `ORDER BY` gives.
    private func selectedTasks(_ query: TaskQuery) -> [TaskSummary] {
        let now = query.overdueAt?.millisecondsSince1970
        let selected = state.withLock { state in
            let candidates =
                query.run.map { run in (state.tasksByRun[run] ?? []).compactMap { state.tasks[$0] } }
                ?? Array(state.tasks.values)
            return candidates.filter { task in
                (query.workflow == nil || state.runs[task.run]?.record.workflow == query.workflow)
                    && (query.district == nil || task.district == query.district)
                    && (query.role == nil || task.role == query.role)
                    && (query.assignee.map { [task.role, task.unit, task.person].contains($0) } ?? true)
                    && (query.states?.contains(task.state) ?? true)
                    && (now.map { now in !task.state.isTerminal && task.due.map { $0.millisecondsSince1970 < now } == true } ?? true)
            }
        }
        return selected.sorted { a, b in
            // Due time, tasks without one last; then creation, run, command number (as SQLite's ORDER BY).
            let (ad, bd) = (a.due?.millisecondsSince1970, b.due?.millisecondsSince1970)
            if (ad == nil) != (bd == nil) { return ad != nil }
            if let ad, let bd, ad != bd { return ad < bd }
            if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
            if a.run != b.run { return a.run.rawValue.utf8.lexicographicallyPrecedes(b.run.rawValue.utf8) }
            return a.id.number < b.id.number
        }
    }

    public func task(_ id: TaskID) throws -> TaskSummary? {
        state.withLock { $0.tasks[id] }
    }

    public func escalations(run: RunID?, openOnly: Bool) throws -> [EscalationSummary] {
        selectedEscalations(EscalationQuery(run: run, states: openOnly ? EscalationQuery.openStates : nil))
    }

    public func escalations(_ query: EscalationQuery, page: PageRequest) throws -> Page<EscalationSummary> {
        selectedEscalations(query).page(page)
    }

    /// The escalations a query selects, oldest first.
    private func selectedEscalations(_ query: EscalationQuery) -> [EscalationSummary] {
        let selected = state.withLock { state in
            let candidates =
                query.run.map { run in (state.escalationsByRun[run] ?? []).compactMap { state.escalations[$0] } }
                ?? Array(state.escalations.values)
            return candidates.filter { query.states?.contains($0.state) ?? true }
        }
        return selected.sorted { a, b in
            if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
            if a.run != b.run { return a.run.rawValue.utf8.lexicographicallyPrecedes(b.run.rawValue.utf8) }
            return a.id.number < b.id.number
        }
    }

    public func escalation(_ id: EscalationID) throws -> EscalationSummary? {
        state.withLock { $0.escalations[id] }
    }

    public func runsDue(at now: Date, limit: Int) throws -> [DueRun] {
        let now = now.millisecondsSince1970
        let due = state.withLock { state in
            state.runs.values.compactMap { stored -> (wake: Int64, order: Int, run: DueRun)? in
                guard stored.record.status == .waiting, let wake = stored.record.wakeAt?.millisecondsSince1970, wake <= now
                else { return nil }
                return (wake, stored.order, DueRun(run: stored.record.id, lastSequence: stored.record.lastSequence))
            }
        }
        let sorted = due.sorted { ($0.wake, $0.order) < ($1.wake, $1.order) }.map(\.run)
        // SQLite's LIMIT: a negative one is no limit.
        return limit < 0 ? sorted : Array(sorted.prefix(limit))
    }

    public func playbookVersion(_ id: String) throws -> PlaybookVersion? {
        state.withLock { $0.playbooks[id] }
    }

    public func playbookVersions() throws -> [PlaybookVersionSummary] {
        state.withLock { state in
            state.playbooks.values.filter { !$0.workflow.hasPrefix(PlaybookVersion.pluginPrefix) }.map { version in
                let runs = state.runs.values.filter { $0.record.scriptHash == version.id }
                return PlaybookVersionSummary(
                    id: version.id, workflow: version.workflow, path: version.path, createdAt: version.createdAt, runs: runs.count,
                    activeRuns: runs.count { !$0.record.status.isFinal })
            }
            .sorted { ($0.workflow, $1.createdAt, $0.id) < ($1.workflow, $0.createdAt, $1.id) }
        }
    }

    /// Nothing else shares a store in memory: it leases nothing.
    public func claimDue(at now: Date, limit: Int, owner: String, for duration: TimeInterval) throws -> [DueRun] {
        try runsDue(at: now, limit: limit)
    }

    public func nextWake() throws -> Date? {
        state.withLock { state in
            state.runs.values.compactMap { $0.record.status == .waiting ? $0.record.wakeAt : nil }.min()
        }
    }

}

// MARK: - The state

extension InMemoryRunStore {
    struct StoredRun {
        var record: RunRecord
        var events: [HistoryEvent]
        /// The order runs were stored in: ties in `runs` and `runsDue` go by it.
        var order: Int
    }

    struct State {
        var runs: [RunID: StoredRun] = [:]
        /// The effects hooks decided to send, and the workers' heartbeats.
        var outbox = Outbox()
        var workers: [String: WorkerBeat] = [:]
        /// The schedules operators set, in the order they were added.
        var schedules: [StoredSchedule] = []
        /// Accounts by name, API tokens by id (with the order they were added).
        var accounts: [String: Account] = [:]
        var tokens: [String: (order: Int, token: APIToken)] = [:]
        var nextOrder = 0
        var tasks: [TaskID: TaskSummary] = [:]
        var tasksByRun: [RunID: Set<TaskID>] = [:]
        var escalations: [EscalationID: EscalationSummary] = [:]
        var escalationsByRun: [RunID: Set<EscalationID>] = [:]
        var playbooks: [String: PlaybookVersion] = [:]

        /// Applies a change already checked: nothing here can fail.
        mutating func apply(_ change: RunWrite.Change) {
            switch change {
            case .create(let record, let events, let projection):
                var stored = record
                let schedule = projection?.schedule ?? RunProjection.Schedule()
                stored.lastSequence = events.count
                stored.updatedAt = (events.last?.at ?? record.updatedAt)
                stored.wakeAt = schedule.wakeAt
                stored.waits = schedule.waits
                runs[record.id] = StoredRun(record: stored.normalised, events: events.map(\.normalised), order: nextOrder)
                nextOrder += 1
                if let projection { write(projection, run: record.id) }
            case .append(let run, let events, _, let status, let projection):
                guard var stored = runs.removeValue(forKey: run) else { return }
                stored.events += events.map(\.normalised)
                stored.record.lastSequence = stored.events.count
                if let last = events.last { stored.record.updatedAt = last.at.roundedToMilliseconds }
                if let status { stored.record.status = status }
                if let schedule = projection?.schedule {
                    stored.record.wakeAt = schedule.wakeAt?.roundedToMilliseconds
                    stored.record.waits = schedule.waits
                }
                runs[run] = stored
                if let projection { write(projection, run: run) }
            case .cancelWithoutReading(let run, let event):
                guard var stored = runs.removeValue(forKey: run) else { return }
                let at = event.at.roundedToMilliseconds
                stored.events.append(HistoryEvent(sequence: stored.events.count + 1, at: at, event.fact))
                stored.record.status = .cancelled
                stored.record.lastSequence = stored.events.count
                stored.record.updatedAt = at
                stored.record.wakeAt = nil
                stored.record.waits = []
                runs[run] = stored
                for id in tasksByRun[run] ?? [] where tasks[id].map({ !$0.state.isTerminal }) == true {
                    tasks[id]?.state = .cancelled
                    tasks[id]?.updatedAt = at
                }
                for id in escalationsByRun[run] ?? [] where escalations[id]?.state.isOpen == true {
                    escalations[id]?.state = .closed
                    escalations[id]?.updatedAt = at
                }
            }
        }

        /// Inserts or replaces summaries by id, as the run's (as SQLite's `INSERT OR REPLACE`).
        mutating func write(_ projection: RunProjection, run: RunID) {
            for task in projection.tasks {
                var task = task.normalised
                task.run = run
                if let previous = tasks[task.id], previous.run != run { tasksByRun[previous.run]?.remove(task.id) }
                tasks[task.id] = task
                tasksByRun[run, default: []].insert(task.id)
            }
            for escalation in projection.escalations {
                var escalation = escalation.normalised
                escalation.run = run
                if let previous = escalations[escalation.id], previous.run != run {
                    escalationsByRun[previous.run]?.remove(escalation.id)
                }
                escalations[escalation.id] = escalation
                escalationsByRun[run, default: []].insert(escalation.id)
            }
        }
    }
}

// Times as a store on disk gives them back: to the millisecond. (The initialisers round, but
// the properties are `var`s.)
extension RunRecord {
    fileprivate var normalised: RunRecord {
        var record = self
        record.createdAt = createdAt.roundedToMilliseconds
        record.updatedAt = updatedAt.roundedToMilliseconds
        record.wakeAt = wakeAt?.roundedToMilliseconds
        return record
    }
}

extension HistoryEvent {
    fileprivate var normalised: HistoryEvent {
        at == at.roundedToMilliseconds
            ? self : HistoryEvent(sequence: sequence, at: at, fact)
    }
}

extension TaskSummary {
    fileprivate var normalised: TaskSummary {
        var task = self
        task.due = due?.roundedToMilliseconds
        task.createdAt = createdAt.roundedToMilliseconds
        task.updatedAt = updatedAt.roundedToMilliseconds
        return task
    }
}

extension EscalationSummary {
    fileprivate var normalised: EscalationSummary {
        var escalation = self
        escalation.createdAt = createdAt.roundedToMilliseconds
        escalation.updatedAt = updatedAt.roundedToMilliseconds
        return escalation
    }
}

extension JSONValue {
    /// Whether a store can keep the value: it holds no `NaN` or infinity.
    fileprivate var isStorable: Bool {
        switch self {
        case .null, .bool, .integer, .string: true
        case .number(let d): d.isFinite
        case .array(let items): items.allSatisfy(\.isStorable)
        case .object(let fields): fields.values.allSatisfy(\.isStorable)
        }
    }
}
