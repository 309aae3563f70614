public import Foundation

/// Where runs and their histories are kept.
///
/// A run's history only grows, and only at its end: ``append(_:to:after:status:projection:)`` names the
/// last sequence the caller has seen and fails with ``StoreError/Code/conflict`` when the history
/// has moved on, so two runners never both extend one history (optimistic concurrency). The
/// engine ships ``SQLiteRunStore``; the protocol lets a server database serve several runners on
/// several machines later.
///
/// Every method throws ``StoreError``.
public protocol RunStore: Sendable {
    /// Records a new run with the first events of its history, numbered `1...n`, and its read
    /// models, in one transaction: a run is stored with what its first activation did, or not
    /// at all. Fails with `conflict` when a run with the id exists.
    func create(_ run: RunRecord, firstEvents: [HistoryEvent], projection: RunProjection?) throws

    /// Adds events to the end of a run's history in one transaction, and sets the run's status
    /// when one is given; the run's `updatedAt` becomes the last event's time. The run's read
    /// models change in the same transaction when a projection is given.
    ///
    /// - Parameters:
    ///   - events: The events, numbered from `lastSequence + 1` without gaps; may be empty to
    ///     change only the status.
    ///   - run: The run.
    ///   - lastSequence: The sequence of the last event the caller has seen (0 for none).
    ///   - status: The run's new status, or `nil` to keep it.
    ///   - projection: Task and escalation summaries to write, the run's next wake time and
    ///     waits; `nil` to leave the read models as they are.
    /// - Throws: `conflict` when the history's last sequence is not `lastSequence`, `notFound`
    ///   when there is no such run, `invalidEvents` when the events are not numbered from
    ///   `lastSequence + 1`.
    func append(
        _ events: [HistoryEvent], to run: RunID, after lastSequence: Int, status: RunStatus?, projection: RunProjection?
    ) throws

    /// Cancels a run from the store alone, reading neither its history nor its read models:
    /// appends `event` (a `run_cancelled`, renumbered after the history's last event), marks the
    /// run cancelled, its open tasks cancelled and its open escalations closed, in one
    /// transaction. For a run that cannot be rebuilt, whatever its history holds.
    /// - Throws: `notFound`; `conflict` when the run has ended.
    func cancelWithoutReading(_ run: RunID, event: HistoryEvent) throws

    /// The run's events after a sequence, in order. Fails with `notFound` when there is no such run.
    func history(of run: RunID, after sequence: Int) throws -> [HistoryEvent]

    /// The run, or `nil` when there is none with the id.
    func run(_ id: RunID) throws -> RunRecord?

    /// The runs with a status, or all runs when `status` is `nil`, newest first.
    func runs(status: RunStatus?) throws -> [RunRecord]

    // MARK: Read models (projections)

    /// The tasks a query selects, by due time (tasks without one last), then id.
    func tasks(_ query: TaskQuery) throws -> [TaskSummary]

    /// The task with an id, or `nil`.
    func task(_ id: TaskID) throws -> TaskSummary?

    /// A run's escalations, or every run's when `run` is nil; only those still to decide when
    /// `openOnly`. Oldest first.
    func escalations(run: RunID?, openOnly: Bool) throws -> [EscalationSummary]

    /// The escalation with an id, or `nil`.
    func escalation(_ id: EscalationID) throws -> EscalationSummary?

    /// Waiting runs with something due by the clock at `now` (a timer, a ladder climb), the
    /// earliest first, at most `limit` of them, each with its history's length.
    func runsDue(at now: Date, limit: Int) throws -> [DueRun]

    /// The earliest time any waiting run has something due, or `nil` when none has.
    func nextWake() throws -> Date?
}

extension RunStore {
    /// Records a new run with the first events of its history, without read models.
    public func create(_ run: RunRecord, firstEvents: [HistoryEvent]) throws {
        try create(run, firstEvents: firstEvents, projection: nil)
    }

    /// The run's whole history, in order. Fails with `notFound` when there is no such run.
    public func history(of run: RunID) throws -> [HistoryEvent] {
        try history(of: run, after: 0)
    }

    /// Every run, newest first.
    public func runs() throws -> [RunRecord] {
        try runs(status: nil)
    }

    /// Adds events to the end of a run's history, keeping its status and read models.
    public func append(_ events: [HistoryEvent], to run: RunID, after lastSequence: Int) throws {
        try append(events, to: run, after: lastSequence, status: nil, projection: nil)
    }

    /// Adds events to the end of a run's history and sets its status, keeping its read models.
    public func append(_ events: [HistoryEvent], to run: RunID, after lastSequence: Int, status: RunStatus?) throws {
        try append(events, to: run, after: lastSequence, status: status, projection: nil)
    }
}

/// A waiting run with something due, and how many events its history holds (so an engine can
/// tell whether its copy in memory is current).
public struct DueRun: Hashable, Sendable {
    public var run: RunID
    public var lastSequence: Int

    public init(run: RunID, lastSequence: Int) {
        self.run = run
        self.lastSequence = lastSequence
    }
}
