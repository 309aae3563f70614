import Foundation

/// Runs playbooks durably: starts runs, takes answers from outside (a task done, time passing),
/// and keeps every run's history in the store, so a run continues after any restart exactly
/// where it was.
///
/// Runs live in memory between activations; after a restart the engine rebuilds one from its
/// history when it is next needed. Not thread-safe: use it from one isolation domain.
///
/// ```swift
/// let engine = Engine(store: try SQLiteRunStore(path: ".ilsa/ilsa.sqlite"), clock: WallClock())
/// let run = try engine.start(playbook: "workflows/heavy_rain.lua", params: ["district": "singil"])
/// ```
public final class Engine {
    public let store: any RunStore
    public let clock: any EngineClock
    /// The city's roster: task assignees and escalation ladders come from it.
    public let roster: Roster?
    /// Reads a playbook's source by the name a run was started with.
    private let source: (String) throws -> String
    private var live: [RunID: RunExecution] = [:]

    /// - Parameters:
    ///   - source: Gives a playbook's text for the name it was started with; by default, reads
    ///     the file at that path. A replay reads it again, so an edited playbook is checked
    ///     against the histories of its runs.
    public init(store: any RunStore, clock: any EngineClock, roster: Roster? = nil, source: ((String) throws -> String)? = nil) {
        self.store = store
        self.clock = clock
        self.roster = roster
        self.source = source ?? { try String(contentsOfFile: $0, encoding: .utf8) }
    }

    /// Starts a run of the playbook at `path` (as `source` reads it) and runs it until it first
    /// waits or ends. The playbook's metadata is checked before anything is stored.
    /// - Throws: ``PlaybookError`` for a playbook that does not load; ``StoreError``.
    @discardableResult
    public func start(playbook path: String, params: JSONValue = .object([:]), id: RunID? = nil, seed: UInt64? = nil) throws -> RunID {
        let id = id ?? RunID(String(UUID().uuidString.prefix(8)).lowercased())
        let playbook = try Playbook.load(source: try source(path), chunkName: "@" + path)
        let seed = seed ?? UInt64.random(in: 0...UInt64(Int64.max))
        let started = HistoryEvent(
            sequence: 1, kind: .runStarted, name: playbook.name,
            payload: .object(["playbook": .string(path), "params": params, "seed": .integer(Int64(seed))]),
            at: clock.now)
        let record = RunRecord(
            id: id, workflow: playbook.name, title: playbook.title, scriptHash: playbook.scriptHash, params: params,
            createdAt: started.at)
        try store.create(record, firstEvents: [started])
        let execution = try RunExecution(
            id: id, playbook: playbook.source, chunkName: "@" + path, history: [started], clock: clock, roster: roster)
        live[id] = execution
        try save(execution)
        return id
    }

    /// Records what someone did to a task (acknowledged, started, completed, failed it, or
    /// added a note) and wakes the run if it waits for the task to end.
    /// - Throws: ``RuntimeError`` for an unknown task, or an action its state does not allow
    ///   (a task already done cannot be acknowledged); nothing is recorded then.
    public func update(task: String, _ action: TaskAction, by person: String, note: String? = nil) throws {
        let execution = try self.execution(RunID(String(task.prefix { $0 != "." })))
        try execution.update(task, action, by: person, note: note)
        try save(execution)
    }

    /// Records that someone completed a task: ``update(task:_:by:note:)`` with `.complete`.
    public func completeTask(_ task: String, by person: String, note: String? = nil) throws {
        try update(task: task, .complete, by: person, note: note)
    }

    /// The tasks a run has created and their states.
    public func tasks(of run: RunID) throws -> [String: TaskState] { try execution(run).tasks.mapValues(\.state) }

    /// Records that the decider has seen an escalation, before deciding it.
    public func acknowledge(escalation: String, by person: String) throws {
        let execution = try self.execution(RunID(String(escalation.prefix { $0 != "." })))
        try execution.acknowledge(escalation: escalation, answer: .object(["escalation": .string(escalation), "by": .string(person)]))
        try save(execution)
    }

    /// Records a decision on an escalation (one of the options it offers) and wakes the run if
    /// it waits for it.
    public func decide(_ escalation: String, option: String, by person: String, note: String? = nil) throws {
        let execution = try self.execution(RunID(String(escalation.prefix { $0 != "." })))
        var answer: [String: JSONValue] = [
            "escalation": .string(escalation), "state": "decided", "option": .string(option), "by": .string(person),
        ]
        if let note { answer["note"] = .string(note) }
        try execution.decide(escalation, answer: .object(answer))
        try save(execution)
    }

    /// Cancels a run: it stops where it waits, and its tasks and escalations close.
    public func cancel(_ run: RunID, by person: String, reason: String? = nil) throws {
        let execution = try self.execution(run)
        var answer: [String: JSONValue] = ["by": .string(person)]
        if let reason { answer["reason"] = .string(reason) }
        try execution.cancel(answer: .object(answer))
        try save(execution)
        live[run] = nil
    }

    /// Sends a named signal to a run (a new weather warning, a crowd-density reading). The run's
    /// wait for that name takes it, now or later; signals are taken in the order they arrive.
    public func signal(_ run: RunID, name: String, payload: JSONValue = .null) throws {
        let execution = try self.execution(run)
        try execution.receiveSignal(name, payload: payload)
        try save(execution)
    }

    /// Does what is due by the clock in every waiting run: fires timers and climbs the ladders
    /// of tasks nobody acknowledged in time. Returns how many runs changed.
    @discardableResult
    public func work() throws -> Int {
        var changed = 0
        for record in try store.runs(status: .waiting) {
            let execution = try self.execution(record.id)
            let climbed = execution.climbLadders()
            let fired = try execution.fireTimers()
            guard climbed || fired else { continue }
            try save(execution)
            changed += 1
        }
        return changed
    }

    /// Forgets the runs held in memory, as a restart would: they are rebuilt from the store.
    public func evictAll() { live.removeAll() }

    // MARK: Internals

    /// The run in memory, or rebuilt from its history.
    private func execution(_ run: RunID) throws -> RunExecution {
        if let execution = live[run] { return execution }
        guard try store.run(run) != nil else { throw RuntimeError(.notFound, "no run '\(run)'") }
        let history = try store.history(of: run)
        guard case .string(let path) = history.first?.payload["playbook"] ?? .null else {
            throw RuntimeError(.invalidState, "run '\(run)' does not record its playbook")
        }
        let execution = try RunExecution(
            id: run, playbook: try source(path), chunkName: "@" + path, history: history, clock: clock, roster: roster)
        if !execution.pending.isEmpty { try save(execution) } // a run that died between its last events
        live[run] = execution
        return execution
    }

    /// Stores the events the run made and its status, atomically.
    private func save(_ execution: RunExecution) throws {
        let events = execution.takePending()
        let status: RunStatus
        switch execution.end {
        case .completed: status = .completed
        case .failed: status = .failed
        case .cancelled: status = .cancelled
        case nil: status = .waiting
        }
        try store.append(events, to: execution.id, after: execution.sequence - events.count, status: status)
    }
}
