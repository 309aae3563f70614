import IlsaStore
import Foundation

/// A task as the run knows it: its summary (what lists show), once finished the answer its
/// waits get, and what it needs to climb its escalation ladder while nobody acknowledges it.
struct TaskRecord: Equatable {
    var summary: TaskSummary
    /// How it ended, once it has: what its waits get.
    var end: TaskUpdate?
    /// The update that took it to each milestone (or past it): what waits for the milestone get.
    var milestones: [TaskMilestone: TaskUpdate] = [:]
    var ladder: EscalationLadder?
    /// Tasks that must be done before this one can be started or completed.
    var after: [TaskID] = []
    /// The strand that created it: cancelling that strand's branch cancels the task.
    var strand: Int = 0
    /// How many items its checklist has.
    var checklistItems = 0
    /// When a reassignment last started its ladder afresh: the grace periods count from here
    /// when it is later than the due time.
    var ladderRestarted: Date?

    var state: TaskState {
        get { summary.state }
        set { summary.state = newValue }
    }
    var due: Date? { summary.due }
    var taskClass: TaskClass { summary.taskClass }
    var rung: Int { summary.rung }

    /// When the ladder next climbs a rung, if the task stays open until then: its due time (or
    /// the handover that restarted the ladder, when later) plus the grace periods of the rungs it
    /// has reached.
    var nextClimb: Date? {
        guard state == .open, let due, let ladder, rung + 1 < ladder.rungs.count else { return nil }
        let waited = ladder.rungs[0...rung].reduce(Duration.zero) { $0 + ($1.grace(for: taskClass) ?? .zero) }
        return ClockArithmetic.date(max(due, ladderRestarted ?? due), plus: waited)
    }
}
