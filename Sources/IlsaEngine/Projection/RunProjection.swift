public import Foundation

/// What changed in a run's read models with one append to its history: the tasks and
/// escalations whose summaries changed, when the scheduler must next look at the run, and what
/// it waits for. The store writes it in the same transaction as the events, so lists never
/// disagree with histories.
public struct RunProjection: Hashable, Sendable {
    /// Summaries to insert or replace.
    public var tasks: [TaskSummary]
    public var escalations: [EscalationSummary]
    /// The earliest time the run has something due by the clock (a timer, a ladder climb), or nil.
    public var wakeAt: Date?
    /// What the run's strands wait for, one entry per condition: `{"task": "r.3"}`,
    /// `{"timer": ms}`, `{"signal": "name"}`, `{"escalation": "r.5"}`.
    public var waits: [JSONValue]

    public init(tasks: [TaskSummary] = [], escalations: [EscalationSummary] = [], wakeAt: Date? = nil, waits: [JSONValue] = []) {
        self.tasks = tasks
        self.escalations = escalations
        self.wakeAt = wakeAt?.roundedToMilliseconds
        self.waits = waits
    }
}
