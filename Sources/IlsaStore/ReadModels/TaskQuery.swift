public import Foundation

/// Which tasks to list: every field narrows the list; the defaults list every task.
///
/// ```swift
/// let late = try store.tasks(TaskQuery(district: "singil", overdueAt: clock.now))
/// ```
public struct TaskQuery: Hashable, Sendable {
    public var run: RunID?
    /// Only tasks of runs of this playbook (its name: `heavy_rain`).
    public var workflow: String?
    public var district: String?
    public var role: String?
    /// Only tasks assigned to this role, unit or person (whichever the task names).
    public var assignee: String?
    /// Only tasks in these states; nil for any state.
    public var states: Set<TaskState>?
    /// Only tasks unfinished and past their due time at this instant.
    public var overdueAt: Date?
    /// At most this many tasks, for ``RunStore/tasks(_:)``; a page
    /// (``RunStore/tasks(_:page:)``) has its own limit instead.
    public var limit: Int?

    public init(
        run: RunID? = nil, district: String? = nil, role: String? = nil, assignee: String? = nil, states: Set<TaskState>? = nil,
        overdueAt: Date? = nil, limit: Int? = nil
    ) {
        self.run = run
        self.district = district
        self.role = role
        self.assignee = assignee
        self.states = states
        self.overdueAt = overdueAt
        self.limit = limit
    }

    /// The states of unfinished tasks: open, acknowledged and in progress.
    public static let openStates = Set(TaskState.allCases.filter { !$0.isTerminal })
}
