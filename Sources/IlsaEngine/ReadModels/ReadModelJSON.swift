public import IlsaStore
public import Foundation

/// The JSON forms of tasks and escalations, as the duty officer's commands print them with
/// `--json` and the server's API answers: snake_case keys, every key present (null when there is
/// nothing), times as ISO 8601 UTC text with milliseconds (`2025-07-16T00:15:00.000Z`), and
/// beside each time its display form in the city's time zone (`due_local`: `2025-07-16 09:15 KST`).
public enum ReadModelJSON {
    /// A time as ISO 8601 in UTC, or null.
    public static func time(_ date: Date?) -> JSONValue {
        date.map { .string(iso($0)) } ?? .null
    }

    /// `2025-07-16T09:00:00.000Z`: always with milliseconds, so every time has one width.
    public static func iso(_ date: Date) -> String {
        let text = ISOTime.format(date)
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }

    /// A time as people in the city read it, or null.
    public static func local(_ date: Date?, _ city: CityTime) -> JSONValue {
        date.map { .string(city.stamp($0)) } ?? .null
    }

    public static func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// Korean names of the crisis levels escalations and runs carry.
    public static let koreanSeverity: [String: String] = [
        "interest": "관심", "caution": "주의", "alert": "경계", "serious": "심각",
    ]

    /// A task as `ilsa tasks --json` lists it; `overdue` and `due_in` are as of `now`.
    public static func task(_ task: TaskSummary, now: Date, city: CityTime) -> JSONValue {
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
            "due_local": local(task.due, city),
            "due_in": task.due.map { .string(RelativeTime.describe(from: now, to: $0)) } ?? .null,
            "overdue": .bool(task.isOverdue(at: now)),
            "rung": .integer(Int64(task.rung)),
            "escalated_to": text(task.escalatedTo),
            "created_at": time(task.createdAt),
            "updated_at": time(task.updatedAt),
            "updated_local": local(task.updatedAt, city),
            "updated_by": text(task.updatedBy),
            "note": text(task.note),
        ])
    }

    /// An escalation as `ilsa escalations --json` lists it.
    public static func escalation(_ escalation: EscalationSummary, city: CityTime) -> JSONValue {
        .object([
            "id": .string(escalation.id.description),
            "run": .string(escalation.run.rawValue),
            "to": .string(escalation.to),
            "severity": .string(escalation.severity),
            "severity_ko": text(koreanSeverity[escalation.severity]),
            "reason": .string(escalation.reason),
            "options": .array(escalation.options.map { .string($0) }),
            "state": .string(escalation.state.rawValue),
            "decision": text(escalation.decision),
            "by": text(escalation.by),
            "note": text(escalation.note),
            "created_at": time(escalation.createdAt),
            "created_local": local(escalation.createdAt, city),
            "updated_at": time(escalation.updatedAt),
        ])
    }
}
