import IlsaStore
import Foundation
import IlsaLua

/// One run of a playbook, alive in memory: its Lua state, the coroutine running `run(ctx)`, and
/// its place in the history.
///
/// Built from the history alone: the script runs again from the start, its commands are checked
/// against the recorded ones and its waits take the recorded answers, until the history ends and
/// the run is live. Live events collect in ``pending`` until the engine stores them.
final class RunExecution {
    /// How a run ended.
    enum End: Equatable {
        case completed
        case failed(String)
        case cancelled
    }

    let id: RunID
    let lua: LuaState
    let clock: any EngineClock
    /// The city's roster: assignees and ladders are checked against it (nil: not checked).
    let roster: Roster?
    /// Strands ready to run, in the order they run.
    private var runnable: [Strand] = []
    /// Strands waiting for an answer.
    private(set) var blocked: [Strand] = []
    /// While ``fireTimers()`` runs: waits on due timers may be answered.
    var firingTimers = false
    private var cursor: ReplayCursor
    /// Events the run made live, not stored yet.
    private(set) var pending: [HistoryEvent] = []
    /// What plugin hooks queued for the outbox on the pending events, stored with them.
    var effects: [Effect] = []
    /// How many events the history has, stored or pending.
    private(set) var sequence: Int
    /// What the host may keep and do for the run.
    let budget: RunBudget
    /// The engine's stop: Lua interrupted by it ends the step unstored, not the run.
    let stop: EngineStop?
    /// About how many bytes the history takes, stored and pending; and the pending events alone
    /// (what this activation added).
    private var historyBytes = 0
    private var pendingBytes = 0
    /// How the run ended, once it has.
    var end: End?
    /// Whether an operator holds the run's clock (``pause(_:)``).
    var paused = false
    /// What `ilsa.patched` answered for each name, the first time the run asked.
    var patches: [String: Bool] = [:]
    /// The status the store keeps for the run.
    var status: RunStatus {
        switch end {
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelled
        case nil: paused ? .paused : .waiting
        }
    }
    /// When the run started: T0 for due times like "T0+2h".
    let started: Date
    /// The run's time: the time of the event being replayed, or of this activation when live.
    var now: Date
    var random = SplitMix64(seed: 0)
    private var nextCommand = 1
    /// Tasks by id.
    var tasks: [TaskID: TaskRecord] = [:]
    /// Escalations by id.
    var escalations: [EscalationID: EscalationRecord] = [:]
    /// Branches `ilsa.branch` started, by id.
    var branches: [BranchID: BranchRecord] = [:]
    /// The strand running now, while a script runs.
    private(set) var current: Strand?
    /// Every strand that has not finished, by id: runnable, blocked, or waiting for a join.
    private var strands: [Int: Strand] = [:]
    private var nextStrand = 1
    /// The read models as last stored: a save writes what changed since.
    var saved = SavedReadModels()
    /// Signals that arrived and no wait has taken yet, oldest first.
    var inbox: [InboxSignal] = []
    /// An error that must end the run however the script handles errors (a nondeterminism).
    private var fatal: RuntimeError?
    /// Whether the run is a prompt session's (``PromptDriver``).
    let isPrompt: Bool

    /// Rebuilds a run from its history and runs it up to where it waits or ends.
    init(
        id: RunID, playbook prepared: PreparedPlaybook, history: [HistoryEvent], clock: any EngineClock,
        roster: Roster? = nil, budget: RunBudget = .default, stop: EngineStop? = nil
    ) throws {
        guard let first = history.first, case .started(let start) = first.fact else {
            throw RuntimeError(.invalidState, "run '\(id)' has no start in its history")
        }
        self.id = id
        self.budget = budget
        self.stop = stop
        self.historyBytes = history.reduce(0) { $0 + $1.estimatedSize }
        self.clock = clock
        self.roster = roster
        self.cursor = ReplayCursor(events: history)
        self.sequence = history.count
        self.now = first.at
        self.started = first.at
        // The state the playbook's top level ran in (its `require` gives the plugins' modules
        // only; print and warn say nothing until the bindings make print a log line).
        self.lua = prepared.lua
        self.isPrompt = prepared.isPromptDriver
        lua.limits = .sandboxDefault
        let main = Strand(id: 0, coroutine: lua.coroutine(prepared.run))
        strands[0] = main
        try registerBindings()
        main.resumeWith = [context(from: start)]
        runnable = [main]
        if let stop {
            try stop.running(lua.interrupter) { try run() }
        } else {
            try run()
        }
    }

    // MARK: Commands (called by the bindings while the script runs)

    /// Records or replays the next command the script issues, and returns its number.
    func issue(_ request: Command.Request) throws -> Int {
        let command = Command(number: nextCommand, request)
        let replayed = try matchingHistory { try cursor.issue(command, apply: apply) }
        if !replayed {
            try charge(request.arguments, name: request.name)
            record(.issued(command))
        }
        nextCommand += 1
        return command.number
    }

    /// Records or replays a question the script asks of the world outside the run (the
    /// roster): live, `look` answers it and the answer is recorded with the question; replayed,
    /// the recorded answer is returned, so a roster edited since does not change the run.
    func observe(_ kind: RosterQuestion.Kind, query: JSONValue, _ look: () throws -> JSONValue) throws -> JSONValue {
        let number = nextCommand
        if let recorded = try matchingHistory({ try cursor.observe(command: number, kind: kind, query: query, apply: apply) }) {
            nextCommand += 1
            return recorded
        }
        try charge(query, name: kind.rawValue)
        let result = try look()  // a bad question raises in the script, and nothing is recorded
        let command = Command(number: number, .askRoster(RosterQuestion(kind: kind, query: query, result: result)))
        try charge(.null, name: kind.rawValue, adding: HistoryEvent(sequence: 0, at: now, .issued(command)).estimatedSize)
        nextCommand += 1
        record(.issued(command))
        return result
    }

    /// Whether the run takes the new path a playbook marks with `ilsa.patched(name)`: decided
    /// at the run's first call with that name and kept. Live, it is true and recorded as a
    /// marker; replayed, it is true where the history holds the marker and false where it does
    /// not (the run was recorded by a version without the patch).
    func patched(_ name: String) throws -> Bool {
        if let decided = patches[name] { return decided }
        let taken: Bool
        if !cursor.records(command: nextCommand) {
            _ = try issue(.patch(name))
            taken = true
        } else if cursor.nextCommandIs(.patch(name), number: nextCommand) {
            _ = try issue(.patch(name))
            taken = true
        } else {
            taken = false
        }
        patches[name] = taken
        return taken
    }

    /// Checks a live command against the budgets before it is recorded. Arguments too large are
    /// the script's mistake, which it may catch (nothing is recorded); a history that would pass
    /// its activation's or its run's budget ends the run, whatever the script does.
    /// - Parameter adding: The bytes the command's event adds, when it is more than its arguments.
    func charge(_ arguments: JSONValue, name: String, adding: Int? = nil) throws {
        let size = arguments.estimatedSize
        guard size <= budget.payloadBytes else {
            throw LuaArgumentError(
                position: 1,
                problem: "its arguments take \(size.formatted()) bytes; a command's arguments may take at most "
                    + "\(RunBudget.size(budget.payloadBytes)) (budget payload_bytes)")
        }
        let added = adding ?? (48 + name.utf8.count + size)
        if pendingBytes + added > budget.activationBytes {
            try exceed(
                "this activation's history would pass \(RunBudget.size(budget.activationBytes)) (budget activation_bytes) at '\(name)'")
        }
        if historyBytes + added > budget.historyBytes {
            try exceed("the run's history would pass \(RunBudget.size(budget.historyBytes)) (budget history_bytes) at '\(name)'")
        }
    }

    /// Ends the run for going past a budget: the script cannot catch it, and the run fails with
    /// the reason in its history.
    func exceed(_ reason: String) throws -> Never {
        let error = RuntimeError(.budgetExceeded, "budget exceeded: " + reason)
        fatal = error
        lua.interrupter.interrupt()
        throw error
    }

    /// Runs a step of the replay cursor. A mismatch with the history ends the run: nothing in
    /// the script may catch it.
    private func matchingHistory<T>(_ step: () throws -> T) throws -> T {
        do {
            return try step()
        } catch let error as RuntimeError {
            fatal = error
            lua.interrupter.interrupt()
            throw error
        }
    }

    /// The roster to check the next command against: nil when the command is replayed. It was
    /// checked when it was made, against the roster of the day; a unit removed since must not
    /// break the run that already gave it a task.
    var checkingRoster: Roster? { cursor.records(command: nextCommand) ? nil : roster }

    /// Whether the next command is replayed from the history (it was checked when it was made).
    var replaying: Bool { cursor.records(command: nextCommand) }

    /// The command the history records next, when it is the one the script issues next.
    var nextRecordedCommand: Command? {
        guard let command = cursor.nextCommand(), command.number == nextCommand else { return nil }
        return command
    }

    /// The first command the history records from here on for which `look` has an answer,
    /// looking past other commands, answers and facts; nil when `look` says to stop (`.some(nil)`)
    /// or the history ends first.
    func upcomingCommand<T>(_ look: (Command) -> T??) -> T? { cursor.upcomingCommand(look) }

    /// How many strands are going now (main, branches, parallel ones).
    var strandCount: Int { strands.count }

    func createTask(number: Int, record: TaskRecord) -> TaskID {
        let task = TaskID(run: id, number: number)
        var record = record
        record.summary.id = task
        record.strand = current?.id ?? 0
        tasks[task] = record
        return task
    }

    /// Starts a strand for a branch of the running one; it runs once the running strand waits.
    func startStrand(_ function: LuaValue, join: Join? = nil, branch: Int = 0, handle: BranchID? = nil) -> Strand {
        let strand = Strand(
            id: nextStrand, coroutine: lua.coroutine(function), parent: current, join: join, branch: branch, handle: handle)
        nextStrand += 1
        strands[strand.id] = strand
        runnable.append(strand)
        return strand
    }

    /// Stops a strand and every strand it started: they never run again, their open tasks are
    /// cancelled and their open escalations withdrawn, and the history names each.
    /// - Returns: The tasks it cancelled.
    /// - Throws: When the running strand is among them (a branch cannot cancel itself).
    @discardableResult
    func cancelStrands(from root: Strand, branch: BranchID) throws -> [TaskID] {
        if let current, current.descends(from: root) {
            throw LuaArgumentError(
                position: 1, problem: "branch \(branch) cannot cancel itself or a branch that started it; return from it instead")
        }
        let doomed = Set(strands.values.filter { $0.descends(from: root) }.map(\.id))
        for id in doomed { strands[id] = nil }
        runnable.removeAll { doomed.contains($0.id) }
        blocked.removeAll { doomed.contains($0.id) }
        let open = tasks.filter { doomed.contains($0.value.strand) && !$0.value.state.isTerminal }.keys.sorted()
        let undecided = escalations.filter { doomed.contains($0.value.strand) && $0.value.end == nil }.keys.sorted()
        for task in open { closeTask(task, state: .cancelled, by: "playbook") }
        for escalation in undecided { closeEscalation(escalation, state: .withdrawn, by: "playbook") }
        for (handle, record) in branches where doomed.contains(record.strand) && record.end == nil {
            branches[handle]?.end = BranchEnd(branch: handle, state: "cancelled")
        }
        recordClosed(ItemsClosed(cause: "branch.cancel", branch: branch, tasks: open, escalations: undecided))
        return open
    }

    /// The strand a branch started, while it runs or waits.
    func strand(_ id: Int) -> Strand? { strands[id] }

    /// Takes the events made since the last call, for the store.
    func takePending() -> [HistoryEvent] {
        defer {
            pending.removeAll()
            pendingBytes = 0
        }
        return pending
    }

    /// Takes the effects hooks queued since the last call, for the store's outbox.
    func takeEffects() -> [Effect] {
        defer { effects.removeAll() }
        return effects
    }

    // MARK: Driving the strands

    /// Runs strands until every one waits or the run ends. When all are blocked it takes the
    /// history's next answer, or (live) an answer the run already has: a task done, a signal in
    /// the inbox, a due timer while firing timers.
    func run() throws {
        while end == nil {
            if !runnable.isEmpty {
                try step(runnable.removeFirst())
            } else if let recorded = try cursor.nextAnswer(apply: apply) {
                guard case .answered(let answer) = recorded.fact else {
                    // The history records the run's cancellation, and what it closed before it.
                    end = .cancelled
                    closeOpenItems(recording: false)
                    return
                }
                try route(answer, at: recorded.at)
            } else if let (strand, answer) = immediateAnswer() {
                record(.answered(answer))
                wake(strand, with: answer)
            } else {
                return
            }
        }
    }

    /// Resumes one strand until it waits, forks or finishes.
    private func step(_ strand: Strand) throws {
        let outcome: LuaCoroutine.Outcome
        current = strand
        defer { current = nil }
        do {
            outcome = try strand.coroutine.resume(strand.resumeWith)
        } catch let error as LuaError {
            if error.kind == .cancelled, stop?.isRequested == true { throw EngineStop.stopped }
            if let fatal, fatal.code != .budgetExceeded { throw fatal }
            let message = (fatal?.message ?? error.message).truncated(toBytes: budget.messageBytes)
            try conclude(
                .failed(message),
                .failed(RunFailure(message: message, traceback: (error.traceback ?? "").truncated(toBytes: budget.messageBytes))))
            return
        }
        switch outcome {
        case .suspended(let wait as Wait):
            strand.wait = wait
            blocked.append(strand)
        case .suspended(let fork as Fork):
            let join = Join(parent: strand, count: fork.functions.count)
            for (index, function) in fork.functions.enumerated() {
                _ = startStrand(function, join: join, branch: index)
            }
        case .suspended(let ending as SelfCancel):
            strands[strand.id] = nil
            try conclude(.cancelled, .cancelled(RunCancellation(by: "playbook", reason: ending.reason)))
        case .suspended(let other):
            throw RuntimeError(.invalidState, "unknown suspension \(other)")
        case .yielded:
            let message = "coroutine.yield outside a coroutine in run()"
            try conclude(.failed(message), .failed(RunFailure(message: message)))
        case .finished(let results):
            strands[strand.id] = nil
            if let handle = strand.handle {
                let (result, dropped) = kept(results.first)
                branches[handle]?.end = BranchEnd(branch: handle, state: "done", result: result, resultDropped: dropped)
                return
            }
            guard let join = strand.join else {
                let (result, dropped) = kept(results.first)
                try conclude(.completed, .completed(RunCompletion(result: result, resultDropped: dropped)))
                return
            }
            join.results[strand.branch] = results.first ?? .nil
            join.remaining -= 1
            if join.remaining == 0 {
                join.parent.resumeWith = [.table(LuaTable(array: join.results))]
                runnable.append(join.parent)
            }
        }
    }

    /// What the history keeps of a result: the value, or null and why when it cannot be stored
    /// (a function) or passes the payload budget.
    private func kept(_ result: LuaValue?) -> (JSONValue, dropped: String?) {
        let value: JSONValue
        do {
            value = try JSONValue(lua: result ?? .nil, path: "result")
        } catch {
            return (.null, nil)  // a function, a handle: nothing to keep, as before
        }
        guard value.estimatedSize <= budget.payloadBytes else {
            return (
                .null,
                "the result takes \(value.estimatedSize.formatted()) bytes; at most \(RunBudget.size(budget.payloadBytes)) "
                    + "is kept (budget payload_bytes)"
            )
        }
        return (value, nil)
    }

    /// Gives a recorded answer to the strand that waits for it.
    private func route(_ answer: Answer, at time: Date) throws {
        guard let strand = blocked.first(where: { $0.wait?.command == answer.number }) else {
            throw RuntimeError(
                .nondeterminism,
                """
                the playbook no longer matches this run's history: it records an answer to command \
                \(answer.number), which nothing in the script waits for now
                """)
        }
        now = time
        wake(strand, with: answer)
    }

    /// Ends the run: what it leaves open closes (and the history names it), then its end is
    /// recorded, or checked against the recorded one.
    func conclude(_ end: End, _ fact: RunFact) throws {
        self.end = end
        closeOpenItems()
        try finish(fact)
    }

    /// Closes what the run leaves open when it ends: its tasks are cancelled, its escalations
    /// closed (nobody can act on them any more), and, live, the history names each.
    func closeOpenItems(recording: Bool = true) {
        let open = tasks.filter { !$0.value.state.isTerminal }.keys.sorted()
        let undecided = escalations.filter { $0.value.end == nil }.keys.sorted()
        for task in open { closeTask(task, state: .cancelled, by: nil) }
        for escalation in undecided { closeEscalation(escalation, state: .closed, by: nil) }
        let cause =
            switch end {
            case .completed: "run.completed"
            case .failed: "run.failed"
            case .cancelled, nil: "run.cancelled"
            }
        if recording { recordClosed(ItemsClosed(cause: cause, tasks: open, escalations: undecided)) }
    }

    /// Records what was closed, when it is something and the run is live (a replay reads it back).
    func recordClosed(_ closed: ItemsClosed) {
        guard !closed.tasks.isEmpty || !closed.escalations.isEmpty, cursor.isLive else { return }
        record(.closed(closed))
    }

    /// Makes a blocked strand runnable with its answer.
    func wake(_ strand: Strand, with answer: Answer) {
        take(answer)
        blocked.removeAll { $0 === strand }
        strand.wait = nil
        strand.resumeWith = [answer.scriptValue.luaValue]
        runnable.append(strand)
    }

    /// Records the end of the run, or checks it against the recorded one.
    func finish(_ fact: RunFact) throws {
        if let recorded = cursor.end(apply: apply) {
            guard recorded.kind == StoredEvent(fact).kind else {
                throw RuntimeError(
                    .nondeterminism, "the playbook now ends with \(StoredEvent(fact).kind), but the history records \(recorded.kind)")
            }
            return
        }
        record(fact)
    }

    func record(_ fact: RunFact) {
        sequence += 1
        let event = HistoryEvent(sequence: sequence, at: now, fact)
        pending.append(event)
        pendingBytes += event.estimatedSize
        historyBytes += event.estimatedSize
    }

    /// Applies a recorded fact while replaying: the same change the live path made.
    func apply(_ event: HistoryEvent) {
        now = event.at
        switch event.fact {
        case .started(let start): random = SplitMix64(seed: start.seed)
        case .taskUpdated(let update): applyTaskUpdate(update)
        case .taskClimbed(let climb): applyClimb(climb)
        case .escalationAcknowledged(let acknowledgement): applyEscalationAcknowledged(acknowledgement)
        case .escalationDecided(let end): applyDecision(end)
        case .signalReceived(let arrival): inbox.append(InboxSignal(id: event.sequence, arrival: arrival))
        case .paused: paused = true
        case .resumed: paused = false
        default: break
        }
    }

    private func context(from start: RunStart) -> LuaValue {
        .table(LuaTable(fields: ["run_id": .string(LuaString(id.rawValue)), "params": start.params.luaValue]))
    }
}

/// A run's read models as the store holds them.
struct SavedReadModels {
    var tasks: [TaskID: TaskSummary] = [:]
    var escalations: [EscalationID: EscalationSummary] = [:]
    /// The schedule as stored; nil before the first save.
    var schedule: RunProjection.Schedule?
    /// The run's status as stored.
    var status: RunStatus = .running
}

/// A small deterministic generator for `ilsa.random`: the same seed gives the same numbers on
/// every replay.
package struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension JSONValue {
    /// Compact JSON for messages.
    var compactText: String { (try? encodedText()) ?? "\(self)" }
}
