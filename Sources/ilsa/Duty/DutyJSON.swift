import IlsaStore
import Foundation
import IlsaEngine

/// The JSON forms of tasks, escalations and runs that the duty officer's commands print with
/// `--json`: snake_case keys, every key present (null when there is nothing), times as ISO 8601
/// UTC text with milliseconds (`2025-07-16T00:15:00.000Z`), as the run commands write them.
enum DutyJSON {
    /// A time as ISO 8601 in UTC, or null.
    static func time(_ date: Date?) -> JSONValue {
        date.map { .string(TimeText.iso($0)) } ?? .null
    }

    static func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// A task as `ilsa tasks --json` lists it; `overdue` and `due_in` are as of `now`.
    static func task(_ task: TaskSummary, now: Date) -> JSONValue {
        .object([
            "id": .string(task.id.description),
            "run": .string(task.run.rawValue),
            "title": .string(task.title),
            "detail": text(task.detail),
            "role": text(task.role),
            "district": text(task.district),
            "unit": text(task.unit),
            "person": text(task.person),
            "assignee": .string(task.assignee),
            "priority": .string(task.priority),
            "class": .string(task.taskClass.rawValue),
            "state": .string(task.state.rawValue),
            "due": time(task.due),
            "due_in": task.due.map { .string(RelativeTime.describe(from: now, to: $0)) } ?? .null,
            "overdue": .bool(task.isOverdue(at: now)),
            "rung": .integer(Int64(task.rung)),
            "escalated_to": text(task.escalatedTo),
            "created_at": time(task.createdAt),
            "updated_at": time(task.updatedAt),
            "updated_by": text(task.updatedBy),
            "note": text(task.note),
        ])
    }

    /// An escalation as `ilsa escalations --json` lists it.
    static func escalation(_ escalation: EscalationSummary) -> JSONValue {
        .object([
            "id": .string(escalation.id.description),
            "run": .string(escalation.run.rawValue),
            "to": .string(escalation.to),
            "severity": .string(escalation.severity),
            "severity_ko": text(DutyText.koreanSeverity[escalation.severity]),
            "reason": .string(escalation.reason),
            "options": .array(escalation.options.map { .string($0) }),
            "state": .string(escalation.state.rawValue),
            "decision": text(escalation.decision),
            "by": text(escalation.by),
            "note": text(escalation.note),
            "created_at": time(escalation.createdAt),
            "updated_at": time(escalation.updatedAt),
        ])
    }
}
