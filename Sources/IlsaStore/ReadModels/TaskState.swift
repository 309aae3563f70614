import Foundation

/// Where a task is in its life: open → acknowledged → in progress → done, failed or cancelled.
/// Overdue is not a state: it follows from the due time and the clock.
public enum TaskState: String, Sendable, Codable, CaseIterable {
    case open
    case acknowledged
    case inProgress = "in_progress"
    case done
    case failed
    case cancelled

    /// Whether the task is finished: waits on it are answered, and nothing more can change it.
    public var isTerminal: Bool { self == .done || self == .failed || self == .cancelled }
}

/// What someone does to a task from outside the playbook (the CLI, the REPL, later HTTP).
public enum TaskAction: String, Sendable, CaseIterable {
    case acknowledge
    case start
    case complete
    case fail
    /// Adds a note (evidence, progress) without changing the state.
    case note
    /// Hands the task to another holder of its role: it is open again, for them to acknowledge;
    /// its ladder keeps its clock.
    case reassign

    /// The state the action leads to from `state`, or nil when it does not apply there.
    package func next(from state: TaskState) -> TaskState? {
        guard !state.isTerminal else { return nil }
        switch self {
        case .acknowledge: return state == .open ? .acknowledged : nil
        case .start: return state == .open || state == .acknowledged ? .inProgress : nil
        case .complete: return .done
        case .fail: return .failed
        case .note: return state
        case .reassign: return .open
        }
    }
}
