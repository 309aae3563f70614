public import Foundation
public import IlsaStore

/// A task with what only its run's history holds: its checklist and the items ticked, its tags,
/// and its own story (created, every update with who and the note, every ladder climb). What
/// `ilsa task show` prints and the board's task page draws.
public struct TaskDetail: Sendable {
    /// One thing that happened to the task.
    public struct Entry: Sendable {
        public enum What: Sendable {
            case created
            case updated(TaskUpdate)
            case climbed(TaskClimb)
        }

        public var at: Date
        public var what: What
    }

    public var task: TaskSummary
    public var checklist: [String]
    /// The checklist's items ticked, by number from 1, as the last update that ticked left them.
    public var ticked: Set<Int>
    public var tags: [String]
    public var entries: [Entry]

    /// The detail of `task` from its run's history.
    public init(task: TaskSummary, history: [HistoryEvent]) {
        self.task = task
        checklist = []
        ticked = []
        tags = []
        entries = []
        for event in history {
            switch event.fact {
            case .issued(let command) where command.number == task.id.number:
                if case .createTask(let spec) = command.request {
                    checklist = spec.checklist ?? []
                    tags = spec.tags ?? []
                }
                entries.append(Entry(at: event.at, what: .created))
            case .taskUpdated(let update) where update.task == task.id:
                if let checked = update.checked { ticked = Set(checked) }
                entries.append(Entry(at: event.at, what: .updated(update)))
            case .taskClimbed(let climb) where climb.task == task.id:
                entries.append(Entry(at: event.at, what: .climbed(climb)))
            default: continue
            }
        }
    }
}
