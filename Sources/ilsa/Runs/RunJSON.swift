import IlsaStore
import Foundation
import IlsaEngine

/// Runs, events, tasks and escalations as the `--json` output of the run commands writes them:
/// snake_case keys, times as ISO 8601 in UTC with milliseconds (`2025-07-16T09:00:00.000Z`),
/// absent values left out.
enum RunJSON {
    /// An event of a run's history, with its words (`text`) when the narrator has any.
    static func event(_ event: HistoryEvent, run: RunID, text: String?) -> JSONValue {
        var fields: [String: JSONValue] = [
            "run": .string(run.rawValue), "sequence": .integer(Int64(event.sequence)), "kind": .string(event.kind.rawValue),
            "name": .string(event.name), "payload": event.payload, "at": .string(ReadModelJSON.iso(event.at)),
        ]
        if let command = event.command { fields["command"] = .integer(Int64(command)) }
        if let text { fields["text"] = .string(text) }
        return .object(fields)
    }

    /// A run as lists show it; `openTasks` when counted.
    static func run(_ record: RunRecord, openTasks: Int? = nil) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(record.id.rawValue), "workflow": .string(record.workflow), "title": .string(record.title),
            "status": .string(record.status.rawValue), "params": record.params, "created_at": .string(ReadModelJSON.iso(record.createdAt)),
            "updated_at": .string(ReadModelJSON.iso(record.updatedAt)), "last_sequence": .integer(Int64(record.lastSequence)),
            "waits": .array(record.waits.map(\.json)),
        ]
        if let wakeAt = record.wakeAt, !record.status.isFinal { fields["wake_at"] = .string(ReadModelJSON.iso(wakeAt)) }
        if let openTasks { fields["open_tasks"] = .integer(Int64(openTasks)) }
        return .object(fields)
    }

    static func task(_ task: TaskSummary) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(task.id.description), "run": .string(task.run.rawValue), "title": .string(task.title),
            "state": .string(task.state.rawValue), "priority": .string(task.priority), "class": .string(task.taskClass.rawValue),
            "rung": .integer(Int64(task.rung)), "created_at": .string(ReadModelJSON.iso(task.createdAt)),
            "updated_at": .string(ReadModelJSON.iso(task.updatedAt)),
        ]
        let optional: [(String, String?)] = [
            ("detail", task.detail), ("role", task.role), ("district", task.district), ("unit", task.unit),
            ("person", task.person), ("escalated_to", task.escalatedTo), ("updated_by", task.updatedBy), ("note", task.note),
            ("due", task.due.map(ReadModelJSON.iso)),
        ]
        for case let (key, value?) in optional { fields[key] = .string(value) }
        return .object(fields)
    }

    static func escalation(_ escalation: EscalationSummary) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(escalation.id.description), "run": .string(escalation.run.rawValue), "to": .string(escalation.to),
            "severity": .string(escalation.severity), "reason": .string(escalation.reason),
            "options": .array(escalation.options.map { .string($0) }), "state": .string(escalation.state.rawValue),
            "created_at": .string(ReadModelJSON.iso(escalation.createdAt)), "updated_at": .string(ReadModelJSON.iso(escalation.updatedAt)),
        ]
        let optional: [(String, String?)] = [("decision", escalation.decision), ("by", escalation.by), ("note", escalation.note)]
        for case let (key, value?) in optional { fields[key] = .string(value) }
        return .object(fields)
    }
}
