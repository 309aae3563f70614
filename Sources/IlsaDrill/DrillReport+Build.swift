public import IlsaEngine
public import IlsaStore
public import Foundation

/// Making a report from what the drill's store holds: the run's history (the record of what
/// happened, and when) and its read models (each task's and escalation's final state).
extension DrillReport {
    static func build(drill: Drill, store: any RunStore, run: RunID, stoppedAt: Date) throws -> DrillReport {
        try build(
            store: store, run: run, stoppedAt: stoppedAt, roster: drill.roster, path: drill.path, seed: drill.seed, horizon: drill.horizon,
            responders: drill.responders.name)
    }

    /// The after-action report of a real run, from the store that holds it: the drill's report
    /// on the wall clock, with the people who answered in place of simulated responders.
    public static func afterAction(store: any RunStore, run: RunID, roster: Roster, now: Date) throws -> DrillReport {
        let history = try store.history(of: run)
        guard let started = history.first, case .started(let start) = started.fact else {
            throw RuntimeError(.notFound, "no run '\(run)'")
        }
        let end = history.last { $0.fact.endsRun }?.at ?? now
        var report = try build(
            store: store, run: run, stoppedAt: now, roster: roster, path: start.playbook, seed: start.seed,
            horizon: .milliseconds(end.millisecondsSince1970 - started.at.millisecondsSince1970), responders: "people on duty 실제 대응")
        report.isDrill = false
        return report
    }

    private static func build(
        store: any RunStore, run: RunID, stoppedAt: Date, roster: Roster, path: String, seed: UInt64, horizon: Duration, responders: String
    ) throws -> DrillReport {
        let history = try store.history(of: run)
        guard let record = try store.run(run), let started = history.first else {
            throw RuntimeError(.invalidState, "the drill's run is not in its store")
        }
        let t0 = started.at
        func offset(_ date: Date) -> Duration { .milliseconds(date.millisecondsSince1970 - t0.millisecondsSince1970) }

        let outcome: Outcome =
            switch record.status {
            case .completed: .completed
            case .failed: .failed
            case .cancelled: .cancelled
            case .running, .waiting, .paused: .waiting
            }
        let last = history.last { $0.fact.endsRun }
        let end = outcome == .waiting ? offset(stoppedAt) : offset(last?.at ?? stoppedAt)

        let tasks = try buildTasks(store.tasks(TaskQuery(run: run)), history: history, offset: offset)
        let escalations = try buildEscalations(store.escalations(run: run, openOnly: false), history: history, offset: offset)
        let params: [String: JSONValue] =
            if case .started(let start) = started.fact, case .object(let fields) = start.params { fields } else { [:] }
        let parameters = params.sorted { $0.key < $1.key }.map { Parameter(name: $0.key, value: Self.text($0.value)) }
        var roleTitles: [String: String] = [:]
        for role in tasks.compactMap(\.role) {
            roleTitles[role] = roster.role(Role.Code(role))?.title.korean
        }

        var report = DrillReport(
            playbook: record.workflow, title: record.title, path: path, parameters: parameters, seed: seed,
            start: t0, horizon: horizon, responders: responders, outcome: outcome,
            failure: { if case .failed(let failure)? = last?.fact { failure.message } else { nil } }(), end: end,
            returned: { if case .completed(let completion)? = last?.fact { completion.result } else { nil } }(), timeline: [], tasks: tasks,
            escalations: escalations, criticalPath: [], roleTitles: roleTitles)
        report.timeline = report.timelineEntries(history, offset: offset)
        report.criticalPath = report.criticalLinks(history, offset: offset)
        return report
    }

    private static func buildTasks(
        _ summaries: [TaskSummary], history: [HistoryEvent], offset: (Date) -> Duration
    ) -> [Task] {
        var acknowledged: [TaskID: (at: Date, by: String?)] = [:]
        var finished: [TaskID: (at: Date, by: String?)] = [:]
        var climbs: [TaskID: [Climb]] = [:]
        for event in history {
            switch event.fact {
            case .taskUpdated(let update):
                if update.state == .acknowledged, acknowledged[update.task] == nil { acknowledged[update.task] = (event.at, update.by) }
                if update.state.isTerminal { finished[update.task] = (event.at, update.by) }
            case .taskClimbed(let climb):
                climbs[climb.task, default: []].append(Climb(at: offset(event.at), rung: climb.rung, to: climb.to))
            default:
                break
            }
        }
        return summaries.sorted { $0.id < $1.id }.map { summary in
            let end = finished[summary.id].map { offset($0.at) } ?? (summary.state.isTerminal ? offset(summary.updatedAt) : nil)
            let due = summary.due.map(offset)
            let result: Task.Result =
                switch summary.state {
                case .done: Self.inTime(end, due) ? .met : .missed
                case .failed: .failed
                case .cancelled: .cancelled
                case .open, .acknowledged, .inProgress: .open
                }
            return Task(
                id: summary.id.description, title: summary.title, assignee: summary.assignee, role: summary.role,
                district: summary.district,
                taskClass: summary.taskClass.rawValue, priority: summary.priority, created: offset(summary.createdAt), due: due,
                acknowledged: acknowledged[summary.id].map { offset($0.at) },
                acknowledgedBy: acknowledged[summary.id]?.by, finished: end,
                finishedBy: finished[summary.id]?.by ?? summary.updatedBy, state: summary.state,
                climbs: climbs[summary.id] ?? [], result: result)
        }
    }

    private static func buildEscalations(
        _ summaries: [EscalationSummary], history: [HistoryEvent], offset: (Date) -> Duration
    ) -> [Escalation] {
        var acknowledged: [EscalationID: Date] = [:]
        var decided: [EscalationID: Date] = [:]
        for event in history {
            switch event.fact {
            case .escalationAcknowledged(let acknowledgement):
                if acknowledged[acknowledgement.escalation] == nil { acknowledged[acknowledgement.escalation] = event.at }
            case .escalationDecided(let end): decided[end.escalation] = event.at
            default: break
            }
        }
        return summaries.sorted { $0.id < $1.id }.map { summary in
            Escalation(
                id: summary.id.description, to: summary.to, severity: summary.severity, reason: summary.reason, options: summary.options,
                raised: offset(summary.createdAt), acknowledged: acknowledged[summary.id].map(offset),
                decided: decided[summary.id].map(offset), decision: summary.decision, by: summary.by, state: summary.state)
        }
    }

    /// Whether a task finished at `end` was done by `due` (always, without a due time).
    static func inTime(_ end: Duration?, _ due: Duration?) -> Bool {
        guard let due, let end else { return true }
        return end <= due
    }

    /// A parameter or payload value as text: strings as they are, whole floats without `.0`.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: String(Int64(number))
        default: value.description
        }
    }
}
