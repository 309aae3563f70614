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

    /// The state the action leads to from `state`, or nil when it does not apply there.
    func next(from state: TaskState) -> TaskState? {
        guard !state.isTerminal else { return nil }
        switch self {
        case .acknowledge: return state == .open ? .acknowledged : nil
        case .start: return state == .open || state == .acknowledged ? .inProgress : nil
        case .complete: return .done
        case .fail: return .failed
        case .note: return state
        }
    }
}

/// A task as the run knows it: its summary (what lists show), once finished the answer its
/// waits get, and what it needs to climb its escalation ladder while nobody acknowledges it.
struct TaskRecord: Equatable {
    var summary: TaskSummary
    var answer: JSONValue?
    var ladder: EscalationLadder?
    /// Tasks that must be done before this one can be started or completed.
    var after: [String] = []
    /// The strand that created it: cancelling that strand's branch cancels the task.
    var strand: Int = 0

    var state: TaskState {
        get { summary.state }
        set { summary.state = newValue }
    }
    var due: Date? { summary.due }
    var taskClass: TaskClass { summary.taskClass }
    var rung: Int { summary.rung }

    /// When the ladder next climbs a rung, if the task stays open until then: its due time plus
    /// the grace periods of the rungs it has reached.
    var nextClimb: Date? {
        guard state == .open, let due, let ladder, rung + 1 < ladder.rungs.count else { return nil }
        let waited = ladder.rungs[0...rung].reduce(Duration.zero) { $0 + ($1.grace(for: taskClass) ?? .zero) }
        return ClockArithmetic.date(due, plus: waited)
    }
}
