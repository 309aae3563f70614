public import Foundation

/// What changed in a run's read models with one append to its history: the tasks and
/// escalations whose summaries changed and, when it changed, the run's schedule. The store
/// writes it in the same transaction as the events, so lists never disagree with histories.
public struct RunProjection: Hashable, Sendable {
    /// Summaries to insert or replace.
    public var tasks: [TaskSummary]
    public var escalations: [EscalationSummary]
    /// The run's new schedule, or nil when it did not change.
    public var schedule: Schedule?

    public init(tasks: [TaskSummary] = [], escalations: [EscalationSummary] = [], schedule: Schedule? = nil) {
        self.tasks = tasks
        self.escalations = escalations
        self.schedule = schedule
    }

    /// When the scheduler must next look at a run, and what the run waits for.
    public struct Schedule: Hashable, Sendable {
        /// The earliest time the run has something due by the clock (a timer, a ladder climb),
        /// or nil.
        public var wakeAt: Date?
        /// What the run's strands wait for, one entry per condition.
        public var waits: [WaitCondition]

        public init(wakeAt: Date? = nil, waits: [WaitCondition] = []) {
            self.wakeAt = wakeAt?.roundedToMilliseconds
            self.waits = waits
        }
    }
}
