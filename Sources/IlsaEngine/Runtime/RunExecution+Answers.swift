import IlsaStore
import Foundation

/// Answers from outside, taken between activations: a task done, a signal, time passing. Each is
/// recorded before the run resumes, so a replay sees the same answers in the same order.
extension RunExecution {
    /// Records what someone did to a task, and resumes the run if it waits for the task to end.
    func update(
        _ task: TaskID, _ action: TaskAction, by person: String, note: String?, checked: [Int]? = nil, assignee: Assignee? = nil
    ) throws {
        guard let current = tasks[task] else { throw RuntimeError(.notFound, "run '\(id)' has no task '\(task)'") }
        if let checked {
            let count = current.checklistItems
            if let wrong = checked.first(where: { !(1...max(1, count)).contains($0) }) ?? (count == 0 ? checked.first : nil) {
                throw RuntimeError(
                    .invalidArgument,
                    count == 0 ? "task '\(task)' has no checklist" : "task '\(task)' has checklist items 1 to \(count), not \(wrong)")
            }
            guard Set(checked).count == checked.count else { throw RuntimeError(.invalidArgument, "a checklist item is ticked twice") }
        }
        guard end == nil else { throw RuntimeError(.invalidState, "run '\(id)' has ended; its tasks are closed") }
        guard let state = action.next(from: current.state) else {
            throw RuntimeError(
                .invalidState,
                "task '\(task)' is \(current.state.rawValue.replacingOccurrences(of: "_", with: " ")); it cannot take '\(action.rawValue)'")
        }
        if action == .start || action == .complete,
            let blocking = current.after.first(where: { tasks[$0]?.state != .done })
        {
            let state = tasks[blocking]?.state.rawValue.replacingOccurrences(of: "_", with: " ") ?? "unknown"
            throw RuntimeError(.invalidState, "task '\(task)' comes after '\(blocking)', which is \(state)")
        }
        // A handover restarts the ladder when the task's ladder says so.
        let restarts = action == .reassign && current.ladder?.onReassign == .restart
        let update = TaskUpdate(
            task: task, action: action, state: state, by: person, note: note, checked: checked?.sorted(), assignee: assignee,
            restartsLadder: restarts)
        now = clock.now
        record(.taskUpdated(update))
        applyTaskUpdate(update)
        try run()
    }

    /// Records the decision on an escalation, and resumes the run if it waits for it.
    func decide(_ escalation: EscalationID, option: String, by person: String, note: String?) throws {
        guard let escalationRecord = escalations[escalation] else {
            throw RuntimeError(.notFound, "run '\(id)' has no escalation '\(escalation)'")
        }
        switch escalationRecord.summary.state {
        case .withdrawn: throw RuntimeError(.invalidState, "escalation '\(escalation)' was withdrawn by the playbook")
        case .decided:
            throw RuntimeError(
                .invalidState, "escalation '\(escalation)' is already decided ('\(escalationRecord.summary.decision ?? "")')")
        case .closed: throw RuntimeError(.invalidState, "run '\(id)' has ended; its escalations are closed")
        case .open, .acknowledged: break
        }
        guard escalationRecord.options.contains(option) else {
            let offered = escalationRecord.options.map { "'\($0)'" }.joined(separator: ", ")
            throw RuntimeError(.invalidState, "escalation '\(escalation)' offers \(offered); '\(option)' is not one of them")
        }
        guard end == nil else { throw RuntimeError(.invalidState, "run '\(id)' has ended; its escalations are closed") }
        let decision = EscalationEnd(escalation: escalation, state: .decided, option: option, by: person, note: note)
        now = clock.now
        record(.escalationDecided(decision))
        applyDecision(decision)
        try run()
    }

    /// Records that the decider has seen an escalation (the clock stops for it).
    func acknowledge(escalation: EscalationID, by person: String) throws {
        guard let current = escalations[escalation] else { throw RuntimeError(.notFound, "run '\(id)' has no escalation '\(escalation)'") }
        guard end == nil, current.end == nil else { throw RuntimeError(.invalidState, "escalation '\(escalation)' has ended") }
        guard !current.acknowledged else { throw RuntimeError(.invalidState, "escalation '\(escalation)' is already acknowledged") }
        let acknowledgement = EscalationAcknowledgement(escalation: escalation, by: person)
        now = clock.now
        record(.escalationAcknowledged(acknowledgement))
        applyEscalationAcknowledged(acknowledgement)
    }

    /// Ends the run where it waits: nothing it waits for will answer it any more.
    func cancel(_ cancellation: RunCancellation) throws {
        guard end == nil else { throw RuntimeError(.invalidState, "run '\(id)' has already ended") }
        now = clock.now
        try conclude(.cancelled, .cancelled(cancellation))
    }

    /// Holds the run's clock: its timers do not fire and its ladders do not climb until it
    /// resumes. People's answers still reach it.
    func pause(_ hold: RunHold) throws {
        guard end == nil else { throw RuntimeError(.invalidState, "run '\(id)' has ended") }
        guard !paused else { throw RuntimeError(.invalidState, "run '\(id)' is already paused") }
        now = clock.now
        record(.paused(hold))
        paused = true
    }

    /// Lets the run's clock go again: what came due while it was paused happens now.
    func resume(_ hold: RunHold) throws {
        guard end == nil else { throw RuntimeError(.invalidState, "run '\(id)' has ended") }
        guard paused else { throw RuntimeError(.invalidState, "run '\(id)' is not paused") }
        now = clock.now
        record(.resumed(hold))
        paused = false
        climbLadders()
        try fireTimers()
    }

    /// Records a signal for the run: the wait that asks for it, now or later, takes it.
    func receiveSignal(_ name: String, payload: JSONValue) throws {
        guard end == nil else { throw RuntimeError(.invalidState, "run '\(id)' has ended; it takes no signals") }
        now = clock.now
        let arrival = SignalArrival(signal: name, payload: payload)
        record(.signalReceived(arrival))
        inbox.append(InboxSignal(id: sequence, arrival: arrival))
        try run()
    }

    /// Climbs the ladder of every open task overdue past its rung's grace period, as many rungs
    /// as the time passed allows. Acknowledging a task stops its climb.
    /// - Returns: Whether any task climbed.
    @discardableResult
    func climbLadders() -> Bool {
        var climbed = false
        guard end == nil, !paused else { return false }
        for task in tasks.keys.sorted() {
            while let current = tasks[task], let climb = current.nextClimb, climb <= clock.now, let ladder = current.ladder {
                let climb = TaskClimb(task: task, rung: current.rung + 1, to: ladder.rungs[current.rung + 1].target.description)
                now = clock.now
                record(.taskClimbed(climb))
                applyClimb(climb)
                climbed = true
            }
        }
        return climbed
    }

    /// Answers every wait on a timer that is due by the clock, and runs the run on.
    /// - Returns: Whether anything was answered.
    @discardableResult
    func fireTimers() throws -> Bool {
        let due = blocked.contains {
            $0.wait?.conditions.contains { if case .timer(let until) = $0 { until <= clock.now } else { false } } ?? false
        }
        guard end == nil, !paused, due else { return false }
        now = clock.now
        firingTimers = true
        defer { firingTimers = false }
        try run()
        return true
    }

    /// The first blocked strand (by command number) whose wait the run can answer now, and the
    /// answer: a task done before the wait, a signal waiting in the inbox, a due timer while
    /// timers fire (only ``fireTimers()`` answers timers, at the clock's time, so a run rebuilt
    /// after a restart answers them at the same time as one that never stopped).
    func immediateAnswer() -> (Strand, Answer)? {
        for strand in blocked.sorted(by: { ($0.wait?.command ?? 0) < ($1.wait?.command ?? 0) }) {
            guard let wait = strand.wait else { continue }
            for (index, condition) in wait.conditions.enumerated() {
                let outcome: Answer.Outcome? =
                    switch condition {
                    case .task(let task): tasks[task]?.end.map { .task($0) }
                    case .taskReached(let task, let milestone): tasks[task]?.milestones[milestone].map { .task($0) }
                    case .signal(let name): inbox.first { $0.arrival.signal == name }.map { .signal($0.arrival, arrival: $0.id) }
                    case .escalation(let escalation): escalations[escalation]?.end.map { .escalation($0) }
                    case .branch(let branch): branches[branch]?.end.map { .branch($0) }
                    case .timer(let until): firingTimers && until <= clock.now ? .timer(until) : nil
                    }
                if let outcome { return (strand, Answer(number: wait.command, index: index + 1, outcome: outcome)) }
            }
        }
        return nil
    }

    /// Takes out of the inbox the signal an answer carries, so no other wait gets it.
    func take(_ answer: Answer) {
        guard case .signal(_, let arrival) = answer.outcome else { return }
        inbox.removeAll { $0.id == arrival }
    }
}
