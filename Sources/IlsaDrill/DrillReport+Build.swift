import IlsaEngine
import IlsaStore
import Foundation

/// Making a report from what the drill's store holds: the run's history (the record of what
/// happened, and when) and its read models (each task's and escalation's final state).
extension DrillReport {
    static func build(drill: Drill, store: any RunStore, run: RunID, stoppedAt: Date) throws -> DrillReport {
        let history = try store.history(of: run)
        guard let record = try store.run(run), let started = history.first else {
            throw RuntimeError(.invalidState, "the drill's run is not in its store")
        }
        let t0 = started.at
        func offset(_ date: Date) -> Duration { .milliseconds(date.millisecondsSince1970 - t0.millisecondsSince1970) }

        let outcome: Outcome = switch record.status {
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelled
        case .running, .waiting: .waiting
        }
        let last = history.last { [.runCompleted, .runFailed, .runCancelled].contains($0.kind) }
        let end = outcome == .waiting ? offset(stoppedAt) : offset(last?.at ?? stoppedAt)

        let tasks = try buildTasks(store.tasks(TaskQuery(run: run)), history: history, offset: offset)
        let escalations = try buildEscalations(store.escalations(run: run, openOnly: false), history: history, offset: offset)
        let parameters: [Parameter] = (started.payload["params"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? [:])
            .sorted { $0.key < $1.key }.map { Parameter(name: $0.key, value: Self.text($0.value)) }
        var roleTitles: [String: String] = [:]
        for role in tasks.compactMap(\.role) {
            roleTitles[role] = drill.roster.role(Role.Code(role))?.title.korean
        }

        var report = DrillReport(
            playbook: record.workflow, title: record.title, path: drill.path, parameters: parameters, seed: drill.seed,
            start: t0, horizon: drill.horizon, responders: drill.responders.name, outcome: outcome,
            failure: last?.kind == .runFailed ? last?.payload["message"]?.stringValue : nil, end: end,
            returned: last?.kind == .runCompleted ? last?.payload["result"] : nil, timeline: [], tasks: tasks,
            escalations: escalations, criticalPath: [], roleTitles: roleTitles)
        report.timeline = report.timelineEntries(history, offset: offset)
        report.criticalPath = report.criticalLinks(history, offset: offset)
        return report
    }

    private static func buildTasks(
        _ summaries: [TaskSummary], history: [HistoryEvent], offset: (Date) -> Duration
    ) -> [Task] {
        var acknowledged: [String: HistoryEvent] = [:]
        var finished: [String: HistoryEvent] = [:]
        var climbs: [String: [Climb]] = [:]
        for event in history {
            guard let task = event.payload["task"]?.stringValue else { continue }
            if event.kind == .taskUpdated, let state = event.payload["state"]?.stringValue.flatMap(TaskState.init(rawValue:)) {
                if state == .acknowledged, acknowledged[task] == nil { acknowledged[task] = event }
                if state.isTerminal { finished[task] = event }
            } else if event.kind == .taskEscalated, let rung = event.payload["rung"]?.integerValue {
                climbs[task, default: []].append(Climb(at: offset(event.at), rung: Int(rung), to: event.payload["to"]?.stringValue ?? ""))
            }
        }
        return summaries.sorted { number($0.id) < number($1.id) }.map { summary in
            let end = finished[summary.id].map { offset($0.at) } ?? (summary.state.isTerminal ? offset(summary.updatedAt) : nil)
            let due = summary.due.map(offset)
            let result: Task.Result = switch summary.state {
            case .done: Self.inTime(end, due) ? .met : .missed
            case .failed: .failed
            case .cancelled: .cancelled
            case .open, .acknowledged, .inProgress: .open
            }
            return Task(
                id: summary.id, title: summary.title, assignee: summary.assignee, role: summary.role, district: summary.district,
                taskClass: summary.taskClass.rawValue, priority: summary.priority, created: offset(summary.createdAt), due: due,
                acknowledged: acknowledged[summary.id].map { offset($0.at) },
                acknowledgedBy: acknowledged[summary.id]?.payload["by"]?.stringValue, finished: end,
                finishedBy: finished[summary.id]?.payload["by"]?.stringValue ?? summary.updatedBy, state: summary.state,
                climbs: climbs[summary.id] ?? [], result: result)
        }
    }

    private static func buildEscalations(
        _ summaries: [EscalationSummary], history: [HistoryEvent], offset: (Date) -> Duration
    ) -> [Escalation] {
        var acknowledged: [String: Date] = [:]
        var decided: [String: Date] = [:]
        for event in history {
            guard let id = event.payload["escalation"]?.stringValue else { continue }
            if event.kind == .escalationAcknowledged, acknowledged[id] == nil { acknowledged[id] = event.at }
            if event.kind == .escalationDecided { decided[id] = event.at }
        }
        return summaries.sorted { number($0.id) < number($1.id) }.map { summary in
            Escalation(
                id: summary.id, to: summary.to, severity: summary.severity, reason: summary.reason, options: summary.options,
                raised: offset(summary.createdAt), acknowledged: acknowledged[summary.id].map(offset),
                decided: decided[summary.id].map(offset), decision: summary.decision, by: summary.by, state: summary.state)
        }
    }

    /// Whether a task finished at `end` was done by `due` (always, without a due time).
    static func inTime(_ end: Duration?, _ due: Duration?) -> Bool {
        guard let due, let end else { return true }
        return end <= due
    }

    /// The command number in an id like `drill.12`, for ordering (`drill.9` before `drill.10`).
    static func number(_ id: String) -> Int { Int(id.split(separator: ".").last ?? "") ?? 0 }

    /// A parameter or payload value as text: strings as they are, whole floats without `.0`.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: String(Int64(number))
        default: value.description
        }
    }
}
