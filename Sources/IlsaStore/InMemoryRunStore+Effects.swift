public import Foundation

extension InMemoryRunStore {
    /// The outbox: effects by key, and the order they were stored in.
    struct Outbox {
        var records: [String: EffectRecord] = [:]
        var order: [String: Int] = [:]
        var next = 0

        /// Adds effects not there yet (by key), due at once.
        mutating func add(_ effects: [Effect]) {
            for effect in effects where records[effect.key] == nil {
                var effect = effect
                effect.createdAt = effect.createdAt.roundedToMilliseconds
                records[effect.key] = EffectRecord(effect: effect, status: .pending, nextAttemptAt: effect.createdAt)
                order[effect.key] = next
                next += 1
            }
        }

        /// Records in the order they were stored.
        var stored: [EffectRecord] {
            records.values.sorted { order[$0.effect.key, default: 0] < order[$1.effect.key, default: 0] }
        }
    }

    public func restoreEffects(_ records: [EffectRecord]) throws {
        try state.withLock { state in
            for record in records where state.outbox.records[record.effect.key] == nil {
                guard state.runs[record.effect.run] != nil else {
                    throw StoreError(.notFound, "no run '\(record.effect.run)' for effect '\(record.effect.key)'", path: "")
                }
                var record = record
                record.claimedBy = nil
                record.claimedUntil = nil
                state.outbox.records[record.effect.key] = record
                state.outbox.order[record.effect.key] = state.outbox.next
                state.outbox.next += 1
            }
        }
    }

    public func claimEffects(dueBy now: Date, limit: Int, claimant: String, until: Date, channel: Effect.Channel?) throws -> [EffectRecord]
    {
        let (now, until) = (now.roundedToMilliseconds, until.roundedToMilliseconds)
        return state.withLock { state in
            let due = state.outbox.stored.filter { record in
                record.status == .pending && (record.nextAttemptAt ?? now) <= now && (record.claimedUntil.map { $0 <= now } ?? true)
                    && (channel == nil || record.effect.channel == channel)
            }
            .sorted { ($0.nextAttemptAt ?? now) < ($1.nextAttemptAt ?? now) }  // stable: ties keep the stored order
            .prefix(max(0, limit))
            return due.map { record in
                var record = record
                record.claimedBy = claimant
                record.claimedUntil = until
                state.outbox.records[record.effect.key] = record
                return record
            }
        }
    }

    public func settleEffects(_ outcomes: [(key: String, outcome: EffectOutcome)], claimant: String) throws -> Set<String> {
        state.withLock { state in
            var refused: Set<String> = []
            for (key, outcome) in outcomes {
                guard var record = state.outbox.records[key], record.status == .pending, record.claimedBy == claimant else {
                    refused.insert(key)
                    continue
                }
                switch outcome {
                case .placed(let offset):
                    record.placedAt = offset
                case .delivered(let at):
                    record.end(.delivered, at: at, next: nil, error: record.lastError, attempt: false)
                case .retry(let next, let error):
                    record.end(.pending, at: nil, next: next, error: error, attempt: true)
                case .dead(let at, let error):
                    record.end(.dead, at: at, next: nil, error: error, attempt: true)
                }
                state.outbox.records[key] = record
            }
            return refused
        }
    }

    public func effects(_ query: EffectQuery) throws -> [EffectRecord] {
        state.withLock { state in
            Array(
                state.outbox.stored.filter { record in
                    (query.statuses.isEmpty || query.statuses.contains(record.status))
                        && (!query.failingOnly || record.isFailing)
                        && (query.run == nil || record.effect.run == query.run)
                }
                .prefix(max(0, query.limit)))
        }
    }

    public func effect(_ key: String) throws -> EffectRecord? {
        state.withLock { $0.outbox.records[key] }
    }

    public func effectCounts() throws -> EffectCounts {
        state.withLock { state in
            var counts = EffectCounts()
            for record in state.outbox.records.values {
                switch record.status {
                case .pending:
                    counts.pending += 1
                    if record.isFailing { counts.failing += 1 }
                case .delivered: counts.delivered += 1
                case .dead: counts.dead += 1
                }
            }
            return counts
        }
    }

    public func retryEffect(_ key: String, at: Date) throws {
        try state.withLock { state in
            guard var record = state.outbox.records[key] else { throw StoreError(.notFound, "no effect '\(key)'", path: "") }
            guard record.status != .delivered else { throw StoreError(.conflict, "effect '\(key)' was delivered", path: "") }
            record.status = .pending
            record.nextAttemptAt = at.roundedToMilliseconds
            record.settledAt = nil
            record.claimedBy = nil
            record.claimedUntil = nil
            state.outbox.records[key] = record
        }
    }

    public func nextEffectDue() throws -> Date? {
        state.withLock { state in
            state.outbox.records.values.compactMap { record -> Date? in
                guard record.status == .pending, let next = record.nextAttemptAt else { return nil }
                return max(next, record.claimedUntil ?? next)
            }.min()
        }
    }

    public func pruneEffects(deliveredBefore: Date) throws -> Int {
        state.withLock { state in
            let old = state.outbox.records.values.filter { $0.status == .delivered && ($0.settledAt ?? .distantFuture) < deliveredBefore }
            for record in old {
                state.outbox.records[record.effect.key] = nil
                state.outbox.order[record.effect.key] = nil
            }
            return old.count
        }
    }

    public func beat(_ worker: WorkerBeat) throws {
        var worker = worker
        worker.startedAt = worker.startedAt.roundedToMilliseconds
        worker.seenAt = worker.seenAt.roundedToMilliseconds
        state.withLock { $0.workers[worker.id] = worker }
    }

    public func endBeat(_ id: String) throws {
        _ = state.withLock { $0.workers.removeValue(forKey: id) }
    }

    public func workers() throws -> [WorkerBeat] {
        state.withLock { $0.workers.values.sorted { ($0.seenAt, $0.id) > ($1.seenAt, $1.id) } }
    }
}

extension EffectRecord {
    /// Ends the claim on an effect with an outcome (as the SQLite store's settlement does).
    fileprivate mutating func end(_ status: Status, at: Date?, next: Date?, error: String?, attempt: Bool) {
        self.status = status
        if let at { settledAt = at.roundedToMilliseconds }
        nextAttemptAt = next?.roundedToMilliseconds
        lastError = error
        if attempt { attempts += 1 }
        claimedBy = nil
        claimedUntil = nil
    }
}

extension InMemoryRunStore {
    /// No other process shares an in-memory store.
    public func externalChangeMark() throws -> Int? { nil }
}
