import IlsaStore
import Foundation

/// How facts change a run's tasks and escalations. The live path (someone acts now) and replay
/// (the fact read back from history) both go through these, so a rebuilt run is the same run.
extension RunExecution {
    /// Someone acted on a task: `{task, action, state, by, note}`.
    func applyTaskUpdate(_ fact: JSONValue) {
        guard let task = fact["task"]?.stringValue, tasks[task] != nil,
            let state = fact["state"]?.stringValue.flatMap(TaskState.init(rawValue:))
        else { return }
        tasks[task]?.state = state
        tasks[task]?.summary.updatedAt = now
        tasks[task]?.summary.updatedBy = fact["by"]?.stringValue
        if let note = fact["note"]?.stringValue { tasks[task]?.summary.note = note }
        if state.isTerminal { tasks[task]?.answer = fact }
    }

    /// A task climbed its ladder: `{task, rung, to}`.
    func applyClimb(_ fact: JSONValue) {
        guard let task = fact["task"]?.stringValue, tasks[task] != nil, let rung = fact["rung"]?.integerValue else { return }
        tasks[task]?.summary.rung = Int(rung)
        tasks[task]?.summary.escalatedTo = fact["to"]?.stringValue
        tasks[task]?.summary.updatedAt = now
        tasks[task]?.summary.updatedBy = "ladder"
    }

    /// The decider has seen an escalation: `{escalation, by}`.
    func applyEscalationAcknowledged(_ fact: JSONValue) {
        guard let escalation = fact["escalation"]?.stringValue, escalations[escalation] != nil else { return }
        escalations[escalation]?.summary.state = .acknowledged
        escalations[escalation]?.summary.by = fact["by"]?.stringValue
        escalations[escalation]?.summary.updatedAt = now
    }

    /// Someone decided an escalation: `{escalation, state, option, by, note}`.
    func applyDecision(_ fact: JSONValue) {
        guard let escalation = fact["escalation"]?.stringValue, escalations[escalation] != nil else { return }
        escalations[escalation]?.decision = fact
        escalations[escalation]?.summary.state = .decided
        escalations[escalation]?.summary.decision = fact["option"]?.stringValue
        escalations[escalation]?.summary.by = fact["by"]?.stringValue
        escalations[escalation]?.summary.note = fact["note"]?.stringValue
        escalations[escalation]?.summary.updatedAt = now
    }

    /// Ends a task from inside the run (the playbook cancelled it, or the run ended).
    func closeTask(_ task: String, state: TaskState, by person: String?) {
        var answer: [String: JSONValue] = ["task": .string(task), "state": .string(state.rawValue)]
        if let person { answer["by"] = .string(person) }
        tasks[task]?.state = state
        tasks[task]?.answer = .object(answer)
        tasks[task]?.summary.updatedAt = now
        if let person { tasks[task]?.summary.updatedBy = person }
    }

    /// Ends an escalation from inside the run (the playbook withdrew it, or the run ended).
    func closeEscalation(_ escalation: String, state: EscalationState, by person: String?) {
        var answer: [String: JSONValue] = ["escalation": .string(escalation), "state": .string(state.rawValue)]
        if let person { answer["by"] = .string(person) }
        escalations[escalation]?.decision = .object(answer)
        escalations[escalation]?.summary.state = state
        escalations[escalation]?.summary.updatedAt = now
        if let person { escalations[escalation]?.summary.by = person }
    }

    // MARK: Read models

    /// The summaries that changed since the last call, the run's next wake time and its waits:
    /// what the store writes with the events; nil when none of it changed.
    func takeProjection() -> RunProjection? {
        let changedTasks = tasks.values.map(\.summary).filter { saved.tasks[$0.id] != $0 }.sorted { $0.id < $1.id }
        let changedEscalations = escalations.values.map(\.summary).filter { saved.escalations[$0.id] != $0 }.sorted { $0.id < $1.id }
        var schedule = RunProjection.Schedule()
        if end == nil {
            let conditions = blocked.compactMap(\.wait).sorted { $0.command < $1.command }.flatMap(\.conditions)
            schedule = RunProjection.Schedule(wakeAt: wakeAt, waits: conditions.map(Self.describe))
        }
        let projection = RunProjection(
            tasks: changedTasks, escalations: changedEscalations, schedule: schedule == saved.schedule ? nil : schedule)
        guard !changedTasks.isEmpty || !changedEscalations.isEmpty || projection.schedule != nil else { return nil }
        for summary in changedTasks { saved.tasks[summary.id] = summary }
        for summary in changedEscalations { saved.escalations[summary.id] = summary }
        saved.schedule = schedule
        return projection
    }

    /// Takes the read models as they are now to be what the store holds (a run rebuilt from a
    /// store whose read models are up to date).
    func assumeSaved() {
        _ = takeProjection()
    }

    /// The earliest time the run has something due by the clock: a timer it waits on, or the
    /// next climb of an open task's ladder.
    var wakeAt: Date? {
        let timers = blocked.compactMap(\.wait).flatMap(\.conditions).compactMap { condition -> Date? in
            if case .timer(let until) = condition { until } else { nil }
        }
        return (timers + tasks.values.compactMap(\.nextClimb)).min()
    }

    static func describe(_ condition: Wait.Condition) -> JSONValue {
        switch condition {
        case .task(let id): .object(["task": .string(id)])
        case .timer(let until): .object(["timer": .integer(until.millisecondsSince1970)])
        case .signal(let name): .object(["signal": .string(name)])
        case .decision(let escalation): .object(["escalation": .string(escalation)])
        case .branch(let branch): .object(["branch": .string(branch)])
        }
    }
}
