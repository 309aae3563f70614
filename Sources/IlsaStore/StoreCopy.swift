public import Foundation

/// Copies one store into another, whatever keeps either (`ilsa store copy`): an SQLite file
/// into the PostgreSQL database several machines will share, or back.
///
/// Everything a run is goes across through the store protocol: each run's record, its whole
/// history, its tasks and escalations, its wake time and what it waits for, the playbook version
/// it replays; then the outbox
/// (each effect with its status, attempts and times, claims dropped), the accounts, the API
/// tokens and the operators' schedules. Runs in flight are copied as they stand, and go on in the target from their
/// histories, which the engine replays. Leases and workers' heartbeats are not copied: they
/// belong to the processes on the source.
///
/// The target must be empty, and nobody may write to the source while it is copied (stop its
/// workers and servers first): runs are written in batches, each a transaction, so a copy that
/// stops half-way leaves part of the store; empty the target and copy again.
public struct StoreCopy {
    /// What was copied.
    public struct Counts: Hashable, Sendable {
        public var runs = 0
        public var events = 0
        public var tasks = 0
        public var escalations = 0
        public var effects = 0
        public var accounts = 0
        public var tokens = 0
        public var playbooks = 0
        public var schedules = 0

        public init() {}
    }

    public let source: any RunStore & AccountStore
    public let target: any RunStore & AccountStore
    /// Runs a transaction on the target holds.
    public var batch = 200

    public init(from source: any RunStore & AccountStore, to target: any RunStore & AccountStore) {
        self.source = source
        self.target = target
    }

    /// Copies everything, telling `progress` after each batch of runs (runs copied, runs in all).
    /// - Throws: ``StoreError`` `conflict` when the target holds runs or accounts; the stores'
    ///   errors; `io` when the target's counts differ from the source's afterwards.
    @discardableResult
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> Counts {
        let held = try target.runs(RunQuery(), page: PageRequest(limit: 0)).total ?? 0
        guard held == 0, try target.accounts().isEmpty else {
            throw StoreError(
                .conflict, "the target store is not empty (\(held) runs): copy into a new store", path: "")
        }
        var counts = Counts()
        // Oldest first, so the target's "newest first" lists come out as the source's.
        let runs = try source.runs(status: nil).reversed()
        var pending: [RunWrite] = []
        var copiedVersions: Set<String> = []
        for record in runs {
            let history = try source.history(of: record.id)
            let tasks = try source.tasks(TaskQuery(run: record.id))
            let escalations = try source.escalations(run: record.id, openOnly: false)
            let projection = RunProjection(
                tasks: tasks, escalations: escalations, schedule: .init(wakeAt: record.wakeAt, waits: record.waits))
            // The playbook version the run replays, and its plugins' code, once each.
            var versions: [PlaybookVersion] = []
            for id in [record.scriptHash] + Self.pluginVersions(in: history) {
                guard PlaybookVersion.isVersionID(id), copiedVersions.insert(id).inserted, let version = try source.playbookVersion(id)
                else {
                    continue
                }
                versions.append(version)
                if !version.workflow.hasPrefix(PlaybookVersion.pluginPrefix) { counts.playbooks += 1 }
            }
            pending.append(.create(record, firstEvents: history, projection: projection, playbooks: versions))
            counts.runs += 1
            counts.events += history.count
            counts.tasks += tasks.count
            counts.escalations += escalations.count
            if pending.count >= batch {
                try target.write(pending)
                pending = []
                progress(counts.runs, runs.count)
            }
        }
        try target.write(pending)
        progress(counts.runs, runs.count)
        // The outbox in its order (the order due effects are delivered in, ties broken by it).
        let effects = try source.effects(EffectQuery(limit: .max))
        for start in stride(from: 0, to: effects.count, by: batch) {
            try target.restoreEffects(Array(effects[start..<min(effects.count, start + batch)]))
        }
        counts.effects = effects.count
        let tokens = try source.tokens(account: nil)
        for account in try source.accounts() {
            try target.addAccount(account)
            counts.accounts += 1
        }
        for token in tokens {
            try target.addToken(token)
            counts.tokens += 1
        }
        for schedule in try source.schedules() {
            try target.addSchedule(schedule)
            counts.schedules += 1
        }
        try check(counts)
        return counts
    }

    /// The plugin code versions a history names: at its start, and at each move to another version.
    static func pluginVersions(in history: [HistoryEvent]) -> [String] {
        history.flatMap { event -> [String] in
            switch event.fact {
            case .started(let start): Array(start.plugins.values)
            case .upgraded(let change), .retried(let change): Array(change.plugins.values)
            default: []
            }
        }
    }

    /// Reads the target's totals back and compares them with what was copied.
    private func check(_ counts: Counts) throws {
        let runs = try target.runs(RunQuery(), page: PageRequest(limit: 0)).total ?? 0
        let effects = try target.effectCounts()
        let copiedEffects = effects.pending + effects.delivered + effects.dead
        guard runs == counts.runs, copiedEffects == counts.effects, try target.accounts().count == counts.accounts else {
            throw StoreError(
                .io, "the copy does not add up: \(runs) of \(counts.runs) runs, \(copiedEffects) of \(counts.effects) effects", path: "")
        }
    }
}
