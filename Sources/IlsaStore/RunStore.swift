public import Foundation

/// Where runs and their histories are kept.
///
/// A run's history only grows, and only at its end. Every change goes through one call,
/// ``write(_:)``: a batch of ``RunWrite``s (a new run with its first events, events appended
/// after the last sequence the writer saw, a cancellation from the store alone), stored in one
/// transaction, all or nothing. An append names the last sequence its writer has seen and the
/// batch fails with ``StoreError/Code/conflict`` (naming the run in ``StoreError/run``) when that
/// history has moved on, so two runners never both extend one history (optimistic concurrency).
///
/// The protocol is synchronous, and called from the engine's own thread: see
/// `docs/decisions/0003-store.md` for why, and for how a server database's asynchronous client
/// fits behind it. Implementations: ``InMemoryRunStore`` (drills, the REPL's throw-away session,
/// tests) and `SQLiteRunStore` (module `IlsaStoreSQLite`, one file). Every one passes the
/// conformance suite (`Tests/IlsaEngineTests/Store/StoreConformanceTests.swift`).
///
/// Every method throws ``StoreError``.
public protocol RunStore: Sendable {
    /// Stores a batch of changes to one or more runs in one transaction: every change or none.
    /// The changes apply in order, as if one after another, so a batch may create a run and
    /// append to it. An empty batch does nothing.
    ///
    /// - Throws: `invalidEvents` when a change's events are not numbered from its last
    ///   sequence + 1 without gaps, or hold a value the store cannot keep (checked before
    ///   anything is written); `conflict` when a run to create exists, an append's history has
    ///   moved past its `after`, or a run to cancel has ended; `notFound` when a run to append to
    ///   or cancel does not exist. The error's ``StoreError/run`` names the run; nothing of the
    ///   batch is stored.
    func write(_ batch: [RunWrite]) throws

    /// The run's events after a sequence, in order. Fails with `notFound` when there is no such run.
    func history(of run: RunID, after sequence: Int) throws -> [HistoryEvent]

    /// The run, or `nil` when there is none with the id.
    func run(_ id: RunID) throws -> RunRecord?

    /// The runs with a status, or all runs when `status` is `nil`, newest first (by creation
    /// time, then the latest stored first).
    func runs(status: RunStatus?) throws -> [RunRecord]

    // MARK: Read models (projections)

    /// The tasks a query selects, by due time (tasks without one last), then creation time, run
    /// and command number.
    func tasks(_ query: TaskQuery) throws -> [TaskSummary]

    /// The task with an id, or `nil`.
    func task(_ id: TaskID) throws -> TaskSummary?

    /// A run's escalations, or every run's when `run` is nil; only those still to decide when
    /// `openOnly`. Oldest first.
    func escalations(run: RunID?, openOnly: Bool) throws -> [EscalationSummary]

    /// The escalation with an id, or `nil`.
    func escalation(_ id: EscalationID) throws -> EscalationSummary?

    // MARK: Pages of lists (the CLI's, later HTTP's)

    /// A page of the runs a query selects, in the order of ``runs(status:)``, and how many it
    /// selects in all, read together. The active runs' first page costs the same with 100 runs
    /// or 100,000.
    func runs(_ query: RunQuery, page: PageRequest) throws -> Page<RunRecord>

    /// The ids of runs that start with `prefix`, in order, at most `limit` of them: what a
    /// command a person types an id's first letters into (`ilsa status 3f9c`) looks up.
    func runIDs(withPrefix prefix: String, limit: Int) throws -> [RunID]

    /// A page of the tasks a query selects, in the order of ``tasks(_:)``, and how many it
    /// selects in all, read together; `query.limit` does not apply. Unfinished tasks (every
    /// query whose states are among ``TaskQuery/openStates``, or overdue) are listed without
    /// reading the finished ones.
    func tasks(_ query: TaskQuery, page: PageRequest) throws -> Page<TaskSummary>

    /// A page of the escalations a query selects, oldest first (as ``escalations(run:openOnly:)``),
    /// and how many it selects in all, read together. Those still to decide are listed without
    /// reading the others.
    func escalations(_ query: EscalationQuery, page: PageRequest) throws -> Page<EscalationSummary>

    /// Waiting runs with something due by the clock at `now` (a timer, a ladder climb), the
    /// earliest first (ties in the order the runs were stored), at most `limit` of them, each
    /// with its history's length.
    func runsDue(at now: Date, limit: Int) throws -> [DueRun]

    /// The earliest time any waiting run has something due, or `nil` when none has.
    func nextWake() throws -> Date?

    /// Waiting runs with something due at `now`, as ``runsDue(at:limit:)``, each leased to
    /// `owner` for `duration` (by the store's own clock) when the store is shared by several
    /// machines: runs another owner holds a lease on are left out, and each run's lease says
    /// what a write made under it (``RunWrite/lease``) must still hold. A store for one machine
    /// (an SQLite file, memory) leases nothing: its own locks and the append's check on the
    /// history's last sequence keep two runners from both extending a run.
    func claimDue(at now: Date, limit: Int, owner: String, for duration: TimeInterval) throws -> [DueRun]

    // MARK: Playbook versions

    /// The version of a playbook with an id (`sha256:...`), or nil.
    func playbookVersion(_ id: String) throws -> PlaybookVersion?

    /// Every version kept, by playbook name, the newest first, with the runs on each.
    func playbookVersions() throws -> [PlaybookVersionSummary]

    // MARK: The outbox (effects)

    /// Claims for `claimant`, until `until`, at most `limit` pending effects due by `now` that
    /// nobody holds (or whose holder's claim has run out), the earliest due first, then in the
    /// order they were stored; only those on `channel`, when one is named. Their
    /// ``EffectRecord/claimedBy`` and `claimedUntil` are the new claim's.
    func claimEffects(dueBy now: Date, limit: Int, claimant: String, until: Date, channel: Effect.Channel?) throws -> [EffectRecord]

    /// Records what happened to effects `claimant` holds, in one transaction. An outcome for an
    /// effect `claimant` no longer holds (its claim ran out and another took it, or it was
    /// settled) is not recorded: fencing, so a dispatcher that was paused cannot overwrite the
    /// one that took over.
    /// - Returns: The keys whose outcomes were not recorded.
    func settleEffects(_ outcomes: [(key: String, outcome: EffectOutcome)], claimant: String) throws -> Set<String>

    /// The effects a query selects, oldest first.
    func effects(_ query: EffectQuery) throws -> [EffectRecord]

    /// The effect with a key, or `nil`.
    func effect(_ key: String) throws -> EffectRecord?

    /// How many effects stand where.
    func effectCounts() throws -> EffectCounts

    /// Puts a dead or pending effect back, due at `at`, with no claim: `ilsa effects retry`.
    /// - Throws: `notFound` for an unknown key; `conflict` for an effect already delivered.
    func retryEffect(_ key: String, at: Date) throws

    /// When a pending effect is next due (or its holder's claim runs out), or `nil` when none is pending.
    func nextEffectDue() throws -> Date?

    /// Puts effects into the outbox as another store held them (``StoreCopy``): each with its
    /// status, attempts, times and error, after those there are, in the order given; claims
    /// are not copied (whoever held one is not working on this store). An effect whose key is
    /// there already is left as it is. Their runs must be in the store.
    func restoreEffects(_ records: [EffectRecord]) throws

    /// Forgets delivered effects settled before a time (the outbox only grows otherwise); pending
    /// and dead ones stay. - Returns: How many were forgotten.
    func pruneEffects(deliveredBefore: Date) throws -> Int

    // MARK: Workers

    /// Records a worker's heartbeat (inserting or replacing it by id).
    func beat(_ worker: WorkerBeat) throws

    /// Forgets a worker that stopped cleanly.
    func endBeat(_ id: String) throws

    /// The workers that have beaten, the most recently seen first.
    func workers() throws -> [WorkerBeat]

    // MARK: Schedules

    /// The schedules operators set, oldest first.
    func schedules() throws -> [StoredSchedule]

    /// Keeps an operator's schedule. - Throws: ``StoreError`` `conflict` when its id is taken.
    func addSchedule(_ schedule: StoredSchedule) throws

    /// Forgets an operator's schedule. - Returns: Whether there was one with the id.
    func removeSchedule(id: String) throws -> Bool

    // MARK: Watching

    /// A number that changes when another process commits to the store: a server reads it
    /// often and cheaply to notice what the CLI or another server changed. Nil when the store
    /// cannot tell (an in-memory store, which no other process shares).
    func externalChangeMark() throws -> Int?
}

/// One run's change in a ``RunStore/write(_:)`` batch.
///
/// A value, so what a later store adds to the same transaction (the lease a writer holds) can
/// be added here as fields without another method.
public struct RunWrite: Hashable, Sendable {
    public enum Change: Hashable, Sendable {
        /// A new run with the first events of its history, numbered `1...n`, and its read
        /// models. The run's `lastSequence`, `updatedAt` (the last event's time, else the
        /// record's), `wakeAt` and `waits` (the projection's schedule) are the store's to set.
        case create(RunRecord, firstEvents: [HistoryEvent], projection: RunProjection?)
        /// Events added to the end of a run's history, numbered from `after + 1` (may be empty
        /// to change only the status), the run's new status (`nil` keeps it), and its read
        /// models (`nil` leaves them). The run's `updatedAt` becomes the last event's time.
        case append(RunID, events: [HistoryEvent], after: Int, status: RunStatus?, projection: RunProjection?)
        /// A cancellation from the store alone, reading neither the history nor the read
        /// models: `event` (a `run_cancelled`) is renumbered after the history's last event and
        /// stored without a command number, the run is marked cancelled with nothing to wake
        /// for, its open tasks cancelled and its open escalations closed. For a run that cannot
        /// be rebuilt, whatever its history holds. A conflict when the run has ended.
        case cancelWithoutReading(RunID, event: HistoryEvent)
    }

    public var change: Change
    /// The lease the writer took the run with (``RunStore/claimDue(at:limit:owner:for:)``),
    /// for an append: the store refuses the write with ``StoreError/Code/leaseLost`` when the
    /// lease is no longer the writer's, and gives it back when the write is stored. Nil for a
    /// write that needs no lease (a person's action; a store that leases nothing).
    public var lease: RunLease?
    /// Playbook versions the change's runs started with, kept in the same transaction, each once
    /// by its id (one already there is left as it is).
    public var playbooks: [PlaybookVersion] = []
    /// The playbook version the run replays from now on (its ``RunRecord/scriptHash``), when the
    /// change moves it to another (an upgrade, a retry on a fixed playbook); kept in the same
    /// transaction as the change's events. Its text goes in ``playbooks``.
    public var pin: String?
    /// What the change's plugin hooks decided to send: stored in the outbox in the same
    /// transaction, each once by its key (an effect whose key is there already is not added again).
    public var effects: [Effect]

    public init(_ change: Change, effects: [Effect] = [], lease: RunLease? = nil) {
        self.change = change
        self.effects = effects
        self.lease = lease
    }

    /// The run the change is to.
    public var run: RunID {
        switch change {
        case .create(let record, _, _): record.id
        case .append(let run, _, _, _, _): run
        case .cancelWithoutReading(let run, _): run
        }
    }

    /// A new run with its first events and read models.
    public static func create(
        _ run: RunRecord, firstEvents: [HistoryEvent], projection: RunProjection? = nil, effects: [Effect] = [],
        playbooks: [PlaybookVersion] = []
    ) -> RunWrite {
        var write = RunWrite(.create(run, firstEvents: firstEvents, projection: projection), effects: effects)
        write.playbooks = playbooks
        return write
    }

    /// Events appended after the last sequence the writer saw, with the run's status and read models.
    public static func append(
        _ events: [HistoryEvent], to run: RunID, after lastSequence: Int, status: RunStatus? = nil,
        projection: RunProjection? = nil, effects: [Effect] = [], lease: RunLease? = nil
    ) -> RunWrite {
        RunWrite(.append(run, events: events, after: lastSequence, status: status, projection: projection), effects: effects, lease: lease)
    }

    /// A cancellation from the store alone.
    public static func cancelWithoutReading(_ run: RunID, event: HistoryEvent) -> RunWrite {
        RunWrite(.cancelWithoutReading(run, event: event))
    }
}

extension RunStore {
    /// Claims due effects on every channel: ``claimEffects(dueBy:limit:claimant:until:channel:)``.
    public func claimEffects(dueBy now: Date, limit: Int, claimant: String, until: Date) throws -> [EffectRecord] {
        try claimEffects(dueBy: now, limit: limit, claimant: claimant, until: until, channel: nil)
    }

    /// Stores one change: ``write(_:)`` with a batch of one.
    public func write(_ change: RunWrite) throws {
        try write([change])
    }

    /// Records a new run with the first events of its history, numbered `1...n`, and its read
    /// models, in one transaction: a run is stored with what its first activation did, or not
    /// at all. Fails with `conflict` when a run with the id exists.
    public func create(_ run: RunRecord, firstEvents: [HistoryEvent], projection: RunProjection?) throws {
        try write([.create(run, firstEvents: firstEvents, projection: projection)])
    }

    /// Records a new run with the first events of its history, without read models.
    public func create(_ run: RunRecord, firstEvents: [HistoryEvent]) throws {
        try write([.create(run, firstEvents: firstEvents)])
    }

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
    public func append(
        _ events: [HistoryEvent], to run: RunID, after lastSequence: Int, status: RunStatus?, projection: RunProjection?
    ) throws {
        try write([.append(events, to: run, after: lastSequence, status: status, projection: projection)])
    }

    /// Adds events to the end of a run's history, keeping its status and read models.
    public func append(_ events: [HistoryEvent], to run: RunID, after lastSequence: Int) throws {
        try write([.append(events, to: run, after: lastSequence)])
    }

    /// Adds events to the end of a run's history and sets its status, keeping its read models.
    public func append(_ events: [HistoryEvent], to run: RunID, after lastSequence: Int, status: RunStatus?) throws {
        try write([.append(events, to: run, after: lastSequence, status: status)])
    }

    /// Cancels a run from the store alone, reading neither its history nor its read models:
    /// appends `event` (a `run_cancelled`, renumbered after the history's last event), marks the
    /// run cancelled, its open tasks cancelled and its open escalations closed, in one
    /// transaction. For a run that cannot be rebuilt, whatever its history holds.
    /// - Throws: `notFound`; `conflict` when the run has ended.
    public func cancelWithoutReading(_ run: RunID, event: HistoryEvent) throws {
        try write([.cancelWithoutReading(run, event: event)])
    }

    /// The run's whole history, in order. Fails with `notFound` when there is no such run.
    public func history(of run: RunID) throws -> [HistoryEvent] {
        try history(of: run, after: 0)
    }

    /// Every run, newest first.
    public func runs() throws -> [RunRecord] {
        try runs(status: nil)
    }
}

/// A waiting run with something due, and how many events its history holds (so an engine can
/// tell whether its copy in memory is current).
public struct DueRun: Hashable, Sendable {
    public var run: RunID
    public var lastSequence: Int
    /// The lease the run was claimed with, when the store leases runs.
    public var lease: RunLease?

    public init(run: RunID, lastSequence: Int, lease: RunLease? = nil) {
        self.run = run
        self.lastSequence = lastSequence
        self.lease = lease
    }
}

/// A worker's lease on a run: who holds it and the run's fence when it was taken. Each
/// hand-over of a run to a worker counts up its fence, so a lease from before a hand-over
/// names an old fence and no longer holds, even if the same worker takes the run again.
public struct RunLease: Hashable, Sendable {
    public var owner: String
    public var fence: Int

    public init(owner: String, fence: Int) {
        self.owner = owner
        self.fence = fence
    }
}
