import IlsaEngine
public import IlsaStore

/// The report as JSON, for scripts (`ilsa drill --json`). Offsets from T0 are whole seconds,
/// in fields ending in `_s`.
extension DrillReport {
    public var json: JSONValue {
        func seconds(_ offset: Duration?) -> JSONValue { offset.map { .integer($0.components.seconds) } ?? .null }
        func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let tasks: [JSONValue] = self.tasks.map { task in
            .object([
                "id": .string(task.id), "title": .string(task.title), "assignee": .string(task.assignee),
                "role": string(task.role), "district": string(task.district), "class": .string(task.taskClass),
                "priority": .string(task.priority), "created_s": seconds(task.created), "due_s": seconds(task.due),
                "acknowledged_s": seconds(task.acknowledged), "acknowledged_by": string(task.acknowledgedBy),
                "finished_s": seconds(task.finished), "finished_by": string(task.finishedBy), "state": .string(task.state.rawValue),
                "result": .string(task.result.rawValue), "late_s": seconds(task.lateness),
                "climbs": .array(
                    task.climbs.map { .object(["at_s": seconds($0.at), "rung": .integer(Int64($0.rung)), "to": .string($0.to)]) }),
            ])
        }
        let escalations: [JSONValue] = self.escalations.map { escalation in
            .object([
                "id": .string(escalation.id), "to": .string(escalation.to), "severity": .string(escalation.severity),
                "reason": .string(escalation.reason), "options": .array(escalation.options.map(JSONValue.string)),
                "raised_s": seconds(escalation.raised), "acknowledged_s": seconds(escalation.acknowledged),
                "decided_s": seconds(escalation.decided), "decision": string(escalation.decision), "by": string(escalation.by),
                "state": .string(escalation.state.rawValue),
            ])
        }
        var summary: [String: JSONValue] = [:]
        for result in [Task.Result.met, .missed, .failed, .cancelled, .open] {
            summary["tasks_\(result.rawValue)"] = .integer(Int64(count(result)))
        }
        summary["highest_rung"] = .integer(Int64(highestClimb?.climb.rung ?? 0))
        summary["highest_severity"] = string(highestEscalation?.severity)
        return .object([
            "playbook": .string(playbook), "title": .string(title), "path": .string(path),
            "parameters": .object(Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, JSONValue.string($0.value)) })),
            "seed": .string(String(seed)), "start": .string(ISOTime.format(start)), "horizon_s": seconds(horizon),
            "responders": .string(responders), "outcome": .string(outcome.rawValue), "failure": string(failure),
            "end_s": seconds(end), "returned": returned ?? .null, "summary": .object(summary),
            "timeline": .array(
                timeline.map {
                    .object([
                        "at_s": seconds($0.at), "kind": .string($0.kind.rawValue), "text": .string($0.text), "ref": string($0.reference),
                    ])
                }),
            "tasks": .array(tasks), "escalations": .array(escalations),
            "critical_path": .array(
                criticalPath.map {
                    .object([
                        "kind": .string($0.kind.rawValue), "label": .string($0.label), "from_s": seconds($0.from), "to_s": seconds($0.to),
                        "ref": string($0.reference),
                    ])
                }),
        ])
    }
}
