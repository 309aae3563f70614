public import Foundation
public import IlsaStore

/// What one engine call changed in one run, as the store now holds it: the events appended, the
/// tasks and escalations made or changed, and where the run is. The CLI, the REPL, hooks and the
/// server show this; none of them reads the store before and after to find out.
public struct RunChange: Sendable, Hashable {
    public var run: RunID
    /// The events the call appended, in order.
    public var events: [HistoryEvent]
    /// The tasks the call made or changed, as they are now, by id.
    public var tasks: [TaskSummary]
    /// The escalations the call made or changed, as they are now, by id.
    public var escalations: [EscalationSummary]
    public var status: RunStatus
    /// When the run next has something due by the clock, while it waits.
    public var wakeAt: Date?

    public init(
        run: RunID, events: [HistoryEvent] = [], tasks: [TaskSummary] = [], escalations: [EscalationSummary] = [],
        status: RunStatus, wakeAt: Date? = nil
    ) {
        self.run = run
        self.events = events
        self.tasks = tasks
        self.escalations = escalations
        self.status = status
        self.wakeAt = wakeAt
    }

    /// Whether the call changed nothing.
    public var isEmpty: Bool { events.isEmpty && tasks.isEmpty && escalations.isEmpty }

    /// The tasks the call made.
    public var createdTasks: [TaskSummary] {
        let made = Set(
            events.compactMap { event -> Int? in
                if case .issued(let command) = event.fact, case .createTask = command.request { return command.number }
                return nil
            })
        return tasks.filter { made.contains($0.id.number) }
    }

    /// The tasks the call ended (done, failed, or cancelled with the run or by the playbook).
    public var closedTasks: [TaskSummary] { tasks.filter(\.state.isTerminal) }

    /// The tasks the run closed itself in the call, as its history names them: work `run` left
    /// open when it ended, or that a cancelled branch (or the run's cancellation) closed.
    public var tasksClosedByRun: [TaskSummary] {
        let closed = Set(events.flatMap { event -> [TaskID] in if case .closed(let items) = event.fact { items.tasks } else { [] } })
        return tasks.filter { closed.contains($0.id) }
    }

    /// The escalations the call raised.
    public var raisedEscalations: [EscalationSummary] {
        let made = Set(
            events.compactMap { event -> Int? in
                if case .issued(let command) = event.fact, case .escalate = command.request { return command.number }
                return nil
            })
        return escalations.filter { made.contains($0.id.number) }
    }

    /// The escalations the call ended (decided, withdrawn, closed with the run).
    public var closedEscalations: [EscalationSummary] { escalations.filter { !$0.state.isOpen } }
}
