public import Foundation

/// A task as people see it in lists: who has it, by when, where it is in its life and how far it
/// has climbed its escalation ladder. A projection of the run's history, kept by the store for
/// queries (`ilsa tasks`); the history stays the record.
public struct TaskSummary: Hashable, Sendable {
    public var id: TaskID
    public var run: RunID
    public var title: String
    public var detail: String?
    /// The assignee's role code and district, when the task names them (a citywide role has no
    /// district).
    public var role: String?
    public var district: String?
    /// The unit or the person the task is assigned to, when it names one.
    public var unit: String?
    public var person: String?
    /// `low`, `normal`, `high` or `urgent`.
    public var priority: String
    public var taskClass: TaskClass
    public var state: TaskState
    public var due: Date?
    /// The ladder rung the task has climbed to; 0 while it is with its assignee.
    public var rung: Int
    /// Who has it at that rung (`unit_head`, `DIST.CHAIR`, `control_tower`), once it has climbed.
    public var escalatedTo: String?
    public var createdAt: Date
    /// When someone (or the ladder) last changed it, and who.
    public var updatedAt: Date
    public var updatedBy: String?
    /// The latest note anyone left on it.
    public var note: String?

    public init(
        id: TaskID, run: RunID, title: String, detail: String? = nil, role: String? = nil, district: String? = nil,
        unit: String? = nil, person: String? = nil, priority: String = "normal", taskClass: TaskClass = .preparedness,
        state: TaskState = .open, due: Date? = nil,
        rung: Int = 0, escalatedTo: String? = nil, createdAt: Date, updatedAt: Date? = nil, updatedBy: String? = nil,
        note: String? = nil
    ) {
        self.id = id
        self.run = run
        self.title = title
        self.detail = detail
        self.role = role
        self.district = district
        self.unit = unit
        self.person = person
        self.priority = priority
        self.taskClass = taskClass
        self.state = state
        self.due = due?.roundedToMilliseconds
        self.rung = rung
        self.escalatedTo = escalatedTo
        self.createdAt = createdAt.roundedToMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).roundedToMilliseconds
        self.updatedBy = updatedBy
        self.note = note
    }

    /// Who has the task, for people: `DONG.HEAD singil`, `CITY.SITROOM`, `unit sc119.wolpi`,
    /// `person kim.duty`.
    /// `—` when the task names nobody.
    public var assignee: String {
        Self.assignee(role: role, district: district, unit: unit, person: person) ?? "—"
    }

    /// Who has a task, from its assignee's parts (as a task's summary or its creation records
    /// them), or nil when it names nobody.
    public static func assignee(role: String?, district: String?, unit: String?, person: String?) -> String? {
        if let person { return "person \(person)" }
        if let role { return district.map { "\(role) \($0)" } ?? role }
        if let unit { return "unit \(unit)" }
        return nil
    }

    /// Whether the task is past its due time at `now` and not finished.
    public func isOverdue(at now: Date) -> Bool {
        guard let due, !state.isTerminal else { return false }
        return due < now
    }
}
