import IlsaStore
import Foundation

/// How facts change a run's tasks and escalations. The live path (someone acts now) and replay
/// (the fact read back from history) both go through these, so a rebuilt run is the same run.
extension RunExecution {
    /// Someone acted on a task.
    func applyTaskUpdate(_ update: TaskUpdate) {
        guard tasks[update.task] != nil else { return }
        tasks[update.task]?.state = update.state
        tasks[update.task]?.summary.updatedAt = now
        tasks[update.task]?.summary.updatedBy = update.by
        if let note = update.note { tasks[update.task]?.summary.note = note }
        if let assignee = update.assignee {
            tasks[update.task]?.summary.unit = assignee.unit
            tasks[update.task]?.summary.person = assignee.person
        }
        if update.restartsLadder {
            tasks[update.task]?.summary.rung = 0
            tasks[update.task]?.summary.escalatedTo = nil
            tasks[update.task]?.ladderRestarted = now
        }
        if update.state.isTerminal { tasks[update.task]?.end = update }
        for milestone in TaskMilestone.allCases where milestone.isReached(by: update.state) {
            if tasks[update.task]?.milestones[milestone] == nil { tasks[update.task]?.milestones[milestone] = update }
        }
    }

    /// A task climbed its ladder.
    func applyClimb(_ climb: TaskClimb) {
        guard tasks[climb.task] != nil else { return }
        tasks[climb.task]?.summary.rung = climb.rung
        tasks[climb.task]?.summary.escalatedTo = climb.to
        tasks[climb.task]?.summary.updatedAt = now
        tasks[climb.task]?.summary.updatedBy = "ladder"
    }

    /// The decider has seen an escalation.
    func applyEscalationAcknowledged(_ acknowledgement: EscalationAcknowledgement) {
        guard escalations[acknowledgement.escalation] != nil else { return }
        escalations[acknowledgement.escalation]?.summary.state = .acknowledged
        escalations[acknowledgement.escalation]?.summary.by = acknowledgement.by
        escalations[acknowledgement.escalation]?.summary.updatedAt = now
    }

    /// Someone decided an escalation.
    func applyDecision(_ decision: EscalationEnd) {
        let id = decision.escalation
        guard escalations[id] != nil else { return }
        escalations[id]?.end = decision
        escalations[id]?.summary.state = .decided
        escalations[id]?.summary.decision = decision.option
        escalations[id]?.summary.by = decision.by
        escalations[id]?.summary.note = decision.note
        escalations[id]?.summary.updatedAt = now
    }

    /// Ends a task from inside the run (the playbook cancelled it, or the run ended).
    func closeTask(_ task: TaskID, state: TaskState, by person: String?) {
        let update = TaskUpdate(task: task, state: state, by: person)
        tasks[task]?.state = state
        tasks[task]?.end = update
        for milestone in TaskMilestone.allCases where tasks[task]?.milestones[milestone] == nil {
            tasks[task]?.milestones[milestone] = update
        }
        tasks[task]?.summary.updatedAt = now
        if let person { tasks[task]?.summary.updatedBy = person }
    }

    /// Ends an escalation from inside the run (the playbook withdrew it, or the run ended).
    func closeEscalation(_ escalation: EscalationID, state: EscalationState, by person: String?) {
        escalations[escalation]?.end = EscalationEnd(escalation: escalation, state: state, by: person)
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
            schedule = RunProjection.Schedule(wakeAt: wakeAt, waits: conditions)
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
        guard !paused else { return nil }  // held: nothing is due by the clock until it resumes
        let timers = blocked.compactMap(\.wait).flatMap(\.conditions).compactMap { condition -> Date? in
            if case .timer(let until) = condition { until } else { nil }
        }
        return (timers + tasks.values.compactMap(\.nextClimb)).min()
    }
}
