public import IlsaStore
public import Foundation
public import IlsaLua

/// Runs playbooks durably: starts runs, takes answers from outside (a task done, time passing),
/// and keeps every run's history in the store, so a run continues after any restart exactly
/// where it was.
///
/// Runs stay live in memory between activations, in a cache of at most ``cacheCapacity`` Lua
/// states; a run that is not cached (evicted, or after a restart) is rebuilt from its history
/// when it is next needed, so memory is bounded by the cache, not by the number of runs. Several
/// processes may share one store: a run another process has moved on is rebuilt before use.
/// Not thread-safe: use it from one isolation domain.
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
    /// The plugins whose modules playbooks may `require`.
    public let plugins: PluginSet
    /// Where plugin hooks' console lines go, once what caused them is stored.
    public var pluginIO = PluginIO.standard
    /// Told about each plugin hook that failed or ran too long; the run goes on either way.
    public var onPluginProblem: ((PluginProblem) -> Void)?
    /// Runs plugin hooks and signal sources; made on first use, when a plugin has either.
    lazy var pluginHost: PluginHost? =
        plugins.plugins.contains { !$0.manifest.provides.hooks.isEmpty || !$0.manifest.provides.signals.isEmpty }
        ? PluginHost(plugins: plugins, stop: stop) : nil
    /// What the host keeps and does for each run, at most.
    public var budget = RunBudget.default
    /// Stops the engine from another thread: the step in progress is interrupted and not
    /// stored, and ``work(problem:)`` takes no further run.
    public let stop = EngineStop()
    /// Who this engine is when it leases due runs from a store several machines share
    /// (``RunStore/claimDue(at:limit:owner:for:)``): each engine its own.
    public var leaseOwner =
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    /// How long a due run stays leased to this engine while it works on it: when the engine
    /// dies (or is paused, or cut off) mid-step, another takes the run over after this long.
    public var leaseDuration: TimeInterval = 30
    /// Playbook versions this engine has seen stored (a store never forgets one), so a start
    /// sends a playbook's text only the first time.
    private var storedVersions: Set<String> = []
    /// The plugins' code as versions, by plugin name (those that provide modules): what each
    /// run records at its start, and keeps.
    lazy var pluginVersions: [String: PlaybookVersion] = Dictionary(
        uniqueKeysWithValues: plugins.plugins.filter { !$0.manifest.provides.modules.isEmpty }.map { plugin in
            (
                plugin.name,
                PlaybookVersion(
                    workflow: PlaybookVersion.pluginPrefix + plugin.name, path: plugin.codeFile, source: plugin.code, createdAt: clock.now)
            )
        })
    /// Plugin code read back from the store for runs that started with other code, by version id.
    private var pinnedPluginCode: [String: String] = [:]
    /// Feed signals a trigger has dealt with in a district (`workflow|plugin|id|district`): a
    /// report the feed keeps giving is looked up in the store once per engine.
    var handledTriggers: Set<String> = []
    /// Reads a playbook's source by the name a run was started with.
    let source: (String) throws -> String
    var live: LiveRuns

    /// How many runs stay live in memory at most.
    public var cacheCapacity: Int { live.capacity }

    /// - Parameters:
    ///   - source: Gives a playbook's text for the name it was started with; by default, reads
    ///     the file at that path. A replay reads it again, so an edited playbook is checked
    ///     against the histories of its runs.
    ///   - cacheCapacity: How many runs stay live in memory at most.
    public init(
        store: any RunStore, clock: any EngineClock, roster: Roster? = nil, source: ((String) throws -> String)? = nil,
        cacheCapacity: Int = 256, plugins: PluginSet = .empty
    ) {
        self.plugins = plugins
        self.live = LiveRuns(capacity: cacheCapacity)
        self.store = store
        self.clock = clock
        self.roster = roster
        self.source = source ?? Playbook.text(ofFile:)
    }

    /// Starts a run of the playbook at `path` (as `source` reads it) and runs it until it first
    /// waits or ends. The playbook's metadata is checked before anything is stored; declared
    /// parameters that `params` leaves out take their defaults.
    /// - Returns: What the start made: the run's id, its first events, the tasks and escalations
    ///   its first step made, its status.
    /// - Throws: ``PlaybookError`` for a playbook that does not load; ``StoreError``.
    @discardableResult
    public func start(
        playbook path: String, params: JSONValue = .object([:]), id: RunID? = nil, seed: UInt64? = nil, startedBy: String? = nil
    ) throws -> RunChange {
        let id = id ?? RunID(String(UUID().uuidString.prefix(8)).lowercased())
        let text = try source(path)
        let prepared = try PlaybookCache.shared.prepare(source: text, file: path, plugins: plugins)
        let playbook = prepared.metadata
        let params = try playbook.withDefaults(params, roster: roster)
        let seed = seed ?? UInt64.random(in: 0...UInt64(Int64.max))
        let started = HistoryEvent(
            sequence: 1, at: clock.now,
            .started(
                RunStart(
                    workflow: playbook.name, playbook: path, params: params, seed: seed, startedBy: startedBy,
                    plugins: pluginVersions.mapValues(\.id))))
        // The first activation runs before anything is stored, and is stored with the start in
        // one transaction: a crash leaves the run whole or absent, never started and stuck.
        let execution = try RunExecution(
            id: id, playbook: prepared, history: [started], clock: clock, roster: roster, budget: budget, stop: stop)
        // The run keeps the text it started with: it replays that version, whatever the file
        // says later.
        let version = PlaybookVersion(workflow: playbook.name, path: path, source: text, createdAt: started.at)
        let record = RunRecord(
            id: id, workflow: playbook.name, title: playbook.title, scriptHash: version.id, params: params,
            status: execution.status, createdAt: started.at)
        runHooks(execution)
        try stop.check()
        let events = [started] + execution.takePending()
        let projection = execution.takeProjection()
        let versions = ([version] + pluginVersions.values).filter { !storedVersions.contains($0.id) }
        try store.write([
            .create(record, firstEvents: events, projection: projection, effects: execution.takeEffects(), playbooks: versions)
        ])
        storedVersions.formUnion(versions.map(\.id))
        execution.saved.status = record.status
        live.insert(execution)
        writeConsoleLines(of: events)
        return RunChange(
            run: id, events: events, tasks: projection?.tasks ?? [], escalations: projection?.escalations ?? [],
            status: record.status, wakeAt: projection?.schedule?.wakeAt)
    }

    /// Starts a run with parameters given as text (`--param district=singil`): each is checked
    /// and converted by the playbook's declaration against the roster, and defaults fill in the
    /// rest, so `ctx.params` holds every declared parameter.
    /// - Throws: ``PlaybookError`` for an unknown, missing or malformed parameter; nothing is stored then.
    @discardableResult
    public func start(
        playbook path: String, arguments: [String: String], id: RunID? = nil, seed: UInt64? = nil, startedBy: String? = nil
    ) throws -> RunChange {
        guard let roster else {
            throw RuntimeError(.invalidState, "parameters are checked against the roster, and this engine has none")
        }
        let playbook = try PlaybookCache.shared.metadata(source: try source(path), file: path, plugins: plugins)
        let params = try playbook.resolveParameters(arguments, roster: roster)
        return try start(playbook: path, params: .object(params), id: id, seed: seed, startedBy: startedBy)
    }

    /// Records what someone did to a task (acknowledged, started, completed, failed it, or
    /// added a note, ticking its checklist's items: `checked` is every item ticked after it,
    /// by number from 1) and wakes the run if it waits for the task to end.
    /// - Returns: What changed: the update, what the run did next, the tasks and escalations it
    ///   touched.
    /// - Throws: ``RuntimeError`` for an unknown task, or an action its state does not allow
    ///   (a task already done cannot be acknowledged); nothing is recorded then.
    @discardableResult
    public func update(task: TaskID, _ action: TaskAction, by person: String, note: String? = nil, checked: [Int]? = nil) throws
        -> RunChange
    {
        try checkAnswer(["by": .string(person), "note": note.map(JSONValue.string) ?? .null], what: "the note")
        guard action != .reassign else {
            throw RuntimeError(.invalidArgument, "a task is handed to another holder with reassign(task:to:by:)")
        }
        return try mutate(task.run) { try $0.update(task, action, by: person, note: note, checked: checked) }
    }

    /// Hands a task to another holder of its role in its district (a unit or a person the
    /// roster says holds it there): the task is open again for them to acknowledge, and its
    /// escalation ladder keeps its clock. Recorded in the run's history.
    /// - Throws: ``RuntimeError`` `invalidArgument` for a unit or person that does not hold the
    ///   role there (naming those who do), or a task with no role; nothing is recorded then.
    @discardableResult
    public func reassign(task: TaskID, to holder: String, by person: String, note: String? = nil) throws -> RunChange {
        guard let summary = try store.task(task) else { throw RuntimeError(.notFound, "no task '\(task)'") }
        guard let roster else { throw RuntimeError(.invalidState, "reassigning is checked against the roster, and this engine has none") }
        guard let code = summary.role, let district = summary.district.flatMap({ roster.district(District.ID($0)) }) else {
            throw RuntimeError(.invalidArgument, "task '\(task)' is not for a role in a district; only those are handed to another holder")
        }
        // The unit or person by any of its names; it must hold the role in the task's district.
        let holders = roster.holders(of: Role.Code(code), in: district)
        let wanted = roster.unit(named: holder)?.id.rawValue ?? holder
        let chosen = holders.first { candidate in
            switch candidate {
            case .unit(let unit): unit.id.rawValue == wanted
            case .person(let someone): someone.id.rawValue == holder
            }
        }
        guard let chosen else {
            let names = holders.map { candidate -> String in
                switch candidate {
                case .unit(let unit): unit.id.rawValue
                case .person(let someone): someone.id.rawValue
                }
            }
            throw RuntimeError(
                .invalidArgument,
                "'\(holder)' does not hold \(code) in \(district.id)"
                    + (names.isEmpty ? "; nobody else does" : "; those who do: " + names.joined(separator: ", ")))
        }
        let assignee: Assignee =
            switch chosen {
            case .unit(let unit): Assignee(role: code, district: district.id.rawValue, unit: unit.id.rawValue)
            case .person(let someone):
                Assignee(role: code, district: district.id.rawValue, unit: someone.unit.rawValue, person: someone.id.rawValue)
            }
        try checkAnswer(["by": .string(person), "note": note.map(JSONValue.string) ?? .null], what: "the note")
        return try mutate(task.run) { try $0.update(task, .reassign, by: person, note: note, assignee: assignee) }
    }

    /// Records that someone completed a task: ``update(task:_:by:note:)`` with `.complete`.
    @discardableResult
    public func completeTask(_ task: TaskID, by person: String, note: String? = nil) throws -> RunChange {
        try update(task: task, .complete, by: person, note: note)
    }

    /// The tasks a run has created and their states.
    public func tasks(of run: RunID) throws -> [TaskID: TaskState] {
        guard try store.run(run) != nil else { throw RuntimeError(.notFound, "no run '\(run)'") }
        return Dictionary(uniqueKeysWithValues: try store.tasks(TaskQuery(run: run)).map { ($0.id, $0.state) })
    }

    /// Records that the decider has seen an escalation, before deciding it.
    @discardableResult
    public func acknowledge(escalation: EscalationID, by person: String) throws -> RunChange {
        try checkAnswer(["by": .string(person)], what: "the name")
        return try mutate(escalation.run) { try $0.acknowledge(escalation: escalation, by: person) }
    }

    /// Records a decision on an escalation (one of the options it offers) and wakes the run if
    /// it waits for it.
    @discardableResult
    public func decide(_ escalation: EscalationID, option: String, by person: String, note: String? = nil) throws -> RunChange {
        try checkAnswer(
            ["option": .string(option), "by": .string(person), "note": note.map(JSONValue.string) ?? .null], what: "the decision")
        return try mutate(escalation.run) { try $0.decide(escalation, option: option, by: person, note: note) }
    }

    /// Cancels a run: it stops where it waits, and its tasks and escalations close.
    ///
    /// A run that can no longer be rebuilt (its playbook edited or gone, a plugin it needs
    /// missing, a history that cannot be read) is still cancelled: the cancellation is recorded
    /// with the reason it could not be replayed, and its open tasks and escalations are closed
    /// in the read models. A duty officer can always stop a run.
    @discardableResult
    public func cancel(_ run: RunID, by person: String, reason: String? = nil) throws -> RunChange {
        try checkAnswer(["by": .string(person), "reason": reason.map(JSONValue.string) ?? .null], what: "the reason")
        let cancellation = RunCancellation(by: person, reason: reason)
        do {
            return try mutate(run) { try $0.cancel(cancellation) }
        } catch let error as StoreError where error.code != .unreadable {
            throw error
        } catch let error as RuntimeError where error.code == .notFound || error.code == .stopped {
            throw error
        } catch {
            return try cancelWithoutReplay(run, cancellation, because: error)
        }
    }

    /// Sends a named signal to a run (a new weather warning, a crowd-density reading). The run's
    /// wait for that name takes it, now or later; signals are taken in the order they arrive.
    @discardableResult
    public func signal(_ run: RunID, name: String, payload: JSONValue = .null) throws -> RunChange {
        try checkAnswer(["signal": .string(name), "payload": payload], what: "the signal's payload")
        return try mutate(run) { try $0.receiveSignal(name, payload: payload) }
    }

    /// The run's state as its history makes it, without changing anything: its tasks,
    /// escalations, status and what it waits for. Reads the store; a run in memory is not used.
    public func state(of run: RunID) throws -> RunChange {
        guard let record = try store.run(run) else { throw RuntimeError(.notFound, "no run '\(run)'") }
        return RunChange(
            run: run, events: try store.history(of: run), tasks: try store.tasks(TaskQuery(run: run)),
            escalations: try store.escalations(run: run, openOnly: false), status: record.status, wakeAt: record.wakeAt)
    }

    /// Does what is due by the clock in waiting runs: fires timers and climbs the ladders of
    /// tasks nobody acknowledged in time. Only runs with something due are touched: the store
    /// keeps each waiting run's next wake time.
    ///
    /// A run that cannot go on (its playbook was edited and no longer matches its history, its
    /// file is gone) does not hold up the others: each run is worked on its own.
    /// - Parameters:
    ///   - run: Only this run (a host that just heard of it); by default every run with
    ///     something due.
    ///   - limit: At most this many runs, the earliest due first: a host that shares its thread
    ///     takes what is due in slices and calls again (``nextWake()`` says when).
    ///   - problem: Told about each run that could not go on. Without one, `work` does every
    ///     other run, then throws the first such error.
    /// - Returns: What changed in each run that changed, in the order the runs were worked.
    /// - Throws: ``StoreError`` at once when the store fails; ``RuntimeError`` `notFound` for an
    ///   unknown `run`.
    @discardableResult
    public func work(run: RunID? = nil, limit: Int = .max, problem: ((RunID, any Error) -> Void)? = nil) throws -> [RunChange] {
        var changed: [RunChange] = []
        var seen: Set<RunID> = []
        var firstProblem: (any Error)?
        while seen.count < limit {
            let due = try dueRuns(run, limit: min(256, limit - seen.count)).filter { !seen.contains($0.run) }
            if due.isEmpty { break }
            for entry in due {
                try stop.check()
                seen.insert(entry.run)
                do {
                    let change = try mutate(entry.run, expecting: entry.lastSequence, lease: entry.lease) { execution in
                        execution.climbLadders()
                        try execution.fireTimers()
                    }
                    if !change.events.isEmpty { changed.append(change) }
                } catch let error as StoreError where error.code == .leaseLost {
                    continue  // another engine took the run over and does what was due
                } catch let error as StoreError where error.code != .conflict && error.code != .invalidEvents {
                    throw error  // the store fails; a value it cannot keep is the run's problem (below)
                } catch let error as RuntimeError where error.code == .stopped {
                    throw error
                } catch {
                    // Another runner moved the run on (or ended it) since it was found due:
                    // what was due is done, not a problem of the run's.
                    if try movedOn(entry) { continue }
                    if let problem { problem(entry.run, error) } else if firstProblem == nil { firstProblem = error }
                }
            }
        }
        if let firstProblem { throw firstProblem }
        return changed
    }

    /// The text a run replays: the version it started with, kept in the store; the file at its
    /// path for a run started before versions were kept.
    private func pinnedSource(of record: RunRecord, path: String) throws -> String {
        guard PlaybookVersion.isVersionID(record.scriptHash) else { return try source(path) }
        guard let version = try store.playbookVersion(record.scriptHash) else {
            throw StoreError(
                .unreadable, "run '\(record.id)' names playbook version \(record.scriptHash), which the store does not hold", path: "")
        }
        return version.source
    }

    /// The plugins a run replays with: the code it started with (or moved to last), where it
    /// differs from the code loaded now.
    private func pinnedPlugins(of history: [HistoryEvent]) throws -> PluginSet {
        var pins: [String: String] = [:]
        for event in history {
            switch event.fact {
            case .started(let start): pins = start.plugins
            case .upgraded(let move), .retried(let move): if !move.plugins.isEmpty { pins = move.plugins }
            default: break
            }
        }
        var codes: [String: String] = [:]
        for (name, id) in pins where pluginVersions[name] != nil && pluginVersions[name]?.id != id {
            if pinnedPluginCode[id] == nil {
                guard let version = try store.playbookVersion(id) else {
                    throw StoreError(.unreadable, "a run names plugin '\(name)' code \(id), which the store does not hold", path: "")
                }
                pinnedPluginCode[id] = version.source
            }
            codes[name] = pinnedPluginCode[id]
        }
        return codes.isEmpty ? plugins : plugins.pinning(codes)
    }

    /// Whether a due run's history has grown, or the run has ended, since it was found due.
    private func movedOn(_ entry: DueRun) throws -> Bool {
        guard let record = try store.run(entry.run) else { return true }
        return record.lastSequence != entry.lastSequence || record.status.isFinal
    }

    /// The runs with something due now, the earliest first, leased to this engine when the
    /// store leases runs: only `run` when one is named.
    private func dueRuns(_ run: RunID?, limit: Int) throws -> [DueRun] {
        guard let run else { return try store.claimDue(at: clock.now, limit: limit, owner: leaseOwner, for: leaseDuration) }
        guard let record = try store.run(run) else { throw RuntimeError(.notFound, "no run '\(run)'") }
        guard record.status == .waiting, let wake = record.wakeAt, wake <= clock.now else { return [] }
        return [DueRun(run: run, lastSequence: record.lastSequence)]
    }

    /// The earliest time any waiting run has something due by the clock, or nil: when ``work()``
    /// next has something to do (a drill advances its virtual clock to it).
    public func nextWake() throws -> Date? { try store.nextWake() }

    /// Forgets the runs held in memory, as a restart would: they are rebuilt from the store.
    public func evictAll() { live.removeAll() }

    /// What stops the Lua code a run in memory is running now, from another thread (Ctrl-C at
    /// the REPL): the run fails as interrupted, as when it breaches its time limit. Nil when
    /// the run is not in memory. Take it before the run runs, on the engine's thread.
    public func interrupter(of run: RunID) -> LuaInterrupter? { live.get(run)?.lua.interrupter }

    /// How many runs are live in memory now (at most ``cacheCapacity``).
    public var liveRuns: Int { live.count }

    // MARK: Internals

    /// Refuses an answer from outside larger than a run may take (``RunBudget/payloadBytes``).
    func checkAnswer(_ fields: [String: JSONValue], what: String) throws {
        let size = JSONValue.object(fields).estimatedSize
        guard size > budget.payloadBytes else { return }
        throw RuntimeError(
            .budgetExceeded,
            "\(what) takes \(size.formatted()) bytes; a run takes at most \(RunBudget.size(budget.payloadBytes)) at once (budget payload_bytes)"
        )
    }

    /// Applies a change to a run and stores what it made, and returns it. When another process
    /// extended the history meanwhile (the append conflicts, or a run from memory refuses the
    /// change), the run is rebuilt from the store and the change applied again, as often as it
    /// takes (each conflict means another writer moved the run on, so this ends): a valid
    /// change is never refused because someone else wrote first. When the change fails,
    /// nothing is stored.
    /// A change under a lease (`lease`, from ``dueRuns(_:limit:)``) is stored only while the
    /// lease holds (``StoreError/Code/leaseLost`` otherwise, not tried again).
    func mutate(
        _ run: RunID, expecting sequence: Int? = nil, lease: RunLease? = nil, _ change: (RunExecution) throws -> Void
    ) throws -> RunChange {
        var conflicts = 0
        var staleRetried = false
        while true {
            let cached = live.get(run) != nil
            let execution = try self.execution(run, expecting: sequence)
            do {
                return try stop.running(execution.lua.interrupter) {
                    try change(execution)
                    return try save(execution, lease: lease)
                }
            } catch let error as RuntimeError where error.code == .stopped {
                live.remove(run)  // interrupted half-way: rebuilt from the store next time
                throw error
            } catch let error as StoreError where error.code == .conflict {
                live.remove(run)
                conflicts += 1
                try backOff(after: conflicts, error)
            } catch is RuntimeError where cached && !staleRetried {
                live.remove(run)  // it may only be stale: ask the store's history
                staleRetried = true
            } catch {
                live.remove(run)
                throw error
            }
        }
    }

    /// Waits a little before trying a conflicting change again, longer the more it has
    /// conflicted (with jitter, so racing writers spread out), up to a few milliseconds; gives
    /// up as `busy` only after ``maximumConflicts``, which takes writers that never pause.
    func backOff(after conflicts: Int, _ error: StoreError) throws {
        guard conflicts < Self.maximumConflicts else {
            throw StoreError(
                .busy, "run '\(error.run.map(\.rawValue) ?? "")' kept changing under this command (\(conflicts) tries); try again",
                path: error.path, run: error.run)
        }
        try stop.check()
        let ceiling = min(1 << min(conflicts, 6), 50)  // milliseconds
        usleep(UInt32.random(in: 0...UInt32(ceiling * 1000)))
    }

    /// Tries of one change that conflicted before it is given up as busy: about a minute of
    /// others' writes.
    static let maximumConflicts = 2_000

    /// The run in memory, or rebuilt from its history.
    ///
    /// A run in memory may be stale: another process may have extended its history. That is
    /// caught where it matters without a read per call: a stale run's append fails with a
    /// conflict, and ``mutate(_:expecting:_:)`` rebuilds it and tries again.
    /// - Parameter sequence: The history's length as the caller read it from the store; a run
    ///   in memory that differs is rebuilt.
    private func execution(_ run: RunID, expecting sequence: Int? = nil) throws -> RunExecution {
        if let execution = live.get(run), sequence == nil || execution.sequence == sequence { return execution }
        guard let record = try store.run(run) else { throw RuntimeError(.notFound, "no run '\(run)'") }
        // An ended run takes nothing more, and is not rebuilt to say so (a run that failed at its
        // time limit would spend it again on every command).
        guard !record.status.isFinal else {
            throw RuntimeError(
                .invalidState,
                "run '\(run)' has ended (\(record.status.rawValue)); its tasks and escalations are closed and it takes no more answers"
                    + (record.status == .failed ? " (after its playbook is fixed, ilsa retry \(run) takes it up again)" : ""))
        }
        let history = try store.history(of: run)
        guard case .started(let start)? = history.first?.fact else {
            throw RuntimeError(.invalidState, "run '\(run)' does not record its start")
        }
        let path = start.playbook
        let prepared: PreparedPlaybook
        do {
            prepared = try PlaybookCache.shared.prepare(
                source: try pinnedSource(of: record, path: path), file: path, plugins: try pinnedPlugins(of: history))
        } catch let error as PlaybookError {
            let missing = error.message.contains("module '") && error.message.contains("' not found")
            throw RuntimeError(
                .invalidPlaybook,
                "the playbook does not load: \(error.message)"
                    + (missing
                        ? "; the run needs the plugins it started with: run ilsa from the project folder, or name their folder in ILSA_PLUGIN_PATH"
                        : ""))
        }
        let execution = try RunExecution(
            id: run, playbook: prepared, history: history, clock: clock, roster: roster, budget: budget, stop: stop)
        // A store upgraded from before read models marks its waiting runs due at time 0: write
        // theirs now. Otherwise the store's read models already match the history.
        execution.saved.status = record.status
        // The store's read models match the history, unless the rebuilt run went on past it
        // (then every summary is written) or the store was upgraded from before read models
        // (its waiting runs are marked due at time 0).
        if execution.pending.isEmpty && record.wakeAt != Date(millisecondsSince1970: 0) { execution.assumeSaved() }
        try save(execution)  // events the run made going live (it died mid-way), if any
        live.insert(execution)
        return execution
    }

    /// Runs plugin hooks on what the run just did; their records are stored with it.
    func runHooks(_ execution: RunExecution) {
        guard let host = pluginHost, !execution.pending.isEmpty else { return }
        execution.runHooks(host) { self.onPluginProblem?($0) }
    }

    /// Stores the events the run made, its status and read models, atomically, and returns
    /// them; nothing is stored when nothing changed (but a lease is given back, so a run this
    /// engine found nothing due in, its clock behind another's, waits for no lease to run out).
    @discardableResult
    private func save(_ execution: RunExecution, lease: RunLease? = nil) throws -> RunChange {
        runHooks(execution)
        try stop.check()  // a hook interrupted by a stop: store nothing, the step is done again
        let events = execution.takePending()
        let projection = execution.takeProjection()
        let status = execution.status
        let change = RunChange(
            run: execution.id, events: events, tasks: projection?.tasks ?? [], escalations: projection?.escalations ?? [],
            status: status, wakeAt: projection?.schedule?.wakeAt ?? execution.wakeAt)
        guard !events.isEmpty || projection != nil || status != execution.saved.status else {
            if let lease { try store.write(.append([], to: execution.id, after: execution.sequence, lease: lease)) }
            return change
        }
        try store.write(
            .append(
                events, to: execution.id, after: execution.sequence - events.count, status: status, projection: projection,
                effects: execution.takeEffects(), lease: lease))
        execution.saved.status = status
        writeConsoleLines(of: events)
        return change
    }

    /// Writes the console lines hooks sent on events just stored: never for a step that was not.
    func writeConsoleLines(of events: [HistoryEvent]) {
        for event in events {
            guard case .hookRan(let hook) = event.fact else { continue }
            for case .console(let text) in hook.effects { pluginIO.console(text) }
        }
    }
}
