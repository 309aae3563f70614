public import Foundation

/// Which tasks to list: every field narrows the list; the defaults list every task.
///
/// ```swift
/// let late = try store.tasks(TaskQuery(district: "singil", overdueAt: clock.now))
/// ```
public struct TaskQuery: Hashable, Sendable {
    public var run: RunID?
    public var district: String?
    public var role: String?
    /// Only tasks in these states; nil for any state.
    public var states: Set<TaskState>?
    /// Only tasks unfinished and past their due time at this instant.
    public var overdueAt: Date?
    public var limit: Int?

    public init(
        run: RunID? = nil, district: String? = nil, role: String? = nil, states: Set<TaskState>? = nil,
        overdueAt: Date? = nil, limit: Int? = nil
    ) {
        self.run = run
        self.district = district
        self.role = role
        self.states = states
        self.overdueAt = overdueAt
        self.limit = limit
    }
}
