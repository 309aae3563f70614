public import IlsaStore
public import Foundation
import PostgresNIO

/// The outbox (decision 0005) and workers' heartbeats.
extension PostgresRunStore {
    /// Adds effects in the write's transaction, due at once; one whose key is there is left.
    func insert(_ effects: [Effect], _ session: Session) throws {
        for effect in effects {
            let at = effect.createdAt.millisecondsSince1970
            try session.execute(
                """
                INSERT INTO effects (key, run_id, plugin, channel, target, body, content_type, created_at, status, attempts,
                    next_attempt_at)
                VALUES (\(effect.key), \(effect.run.rawValue), \(effect.plugin), \(effect.channel.rawValue), \(effect.target),
                    \(effect.body), \(effect.contentType), \(at), 'pending', 0, \(at))
                ON CONFLICT (key) DO NOTHING
                """)
        }
    }

    public func restoreEffects(_ records: [EffectRecord]) throws {
        guard !records.isEmpty else { return }
        try connections.transaction { session in
            for record in records {
                let effect = record.effect
                try session.execute(
                    """
                    INSERT INTO effects (key, run_id, plugin, channel, target, body, content_type, created_at, status, attempts,
                        next_attempt_at, last_error, settled_at, placed_at)
                    VALUES (\(effect.key), \(effect.run.rawValue), \(effect.plugin), \(effect.channel.rawValue), \(effect.target),
                        \(effect.body), \(effect.contentType), \(effect.createdAt.millisecondsSince1970), \(record.status.rawValue),
                        \(record.attempts), \(record.nextAttemptAt?.millisecondsSince1970), \(record.lastError),
                        \(record.settledAt?.millisecondsSince1970), \(record.placedAt))
                    ON CONFLICT (key) DO NOTHING
                    """)
            }
        }
    }

    /// Claims in one statement, skipping effects another claim is taking (`SKIP LOCKED`), so
    /// dispatchers in several processes never wait on each other nor take the same effect.
    public func claimEffects(dueBy now: Date, limit: Int, claimant: String, until: Date, channel: Effect.Channel?) throws -> [EffectRecord]
    {
        let time = now.millisecondsSince1970
        let records = try connections.transaction { session in
            try session.all(
                """
                WITH due AS (
                    SELECT seq FROM effects
                    WHERE status = 'pending' AND next_attempt_at <= \(time)
                        AND (claimed_until IS NULL OR claimed_until <= \(time)) AND (\(channel?.rawValue)::text IS NULL OR channel = \(channel?.rawValue))
                    ORDER BY next_attempt_at, seq LIMIT \(max(0, limit))
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE effects SET claimed_by = \(claimant), claimed_until = \(until.millisecondsSince1970)
                FROM due WHERE effects.seq = due.seq
                RETURNING effects.*
                """, effectRecord)
        }
        return records.sorted { ($0.nextAttemptAt ?? .distantPast, $0.sequence) < ($1.nextAttemptAt ?? .distantPast, $1.sequence) }
            .map(\.record)
    }

    public func settleEffects(_ outcomes: [(key: String, outcome: EffectOutcome)], claimant: String) throws -> Set<String> {
        guard !outcomes.isEmpty else { return [] }
        return try connections.transaction { session in
            var refused: Set<String> = []
            for (key, outcome) in outcomes {
                let changed = try session.query(Self.settlement(outcome, key: key, claimant: claimant)).changed
                if changed == 0 { refused.insert(key) }
            }
            return refused
        }
    }

    /// The statement that records an outcome, for an effect the claimant still holds.
    private static func settlement(_ outcome: EffectOutcome, key: String, claimant: String) -> PostgresQuery {
        let held = "WHERE key = $1 AND status = 'pending' AND claimed_by = $2"
        var binds = PostgresBindings()
        binds.append(key)
        binds.append(claimant)
        let set: String
        switch outcome {
        case .placed(let offset):
            binds.append(offset)
            set = "placed_at = $3"
        case .delivered(let at):
            binds.append(at.millisecondsSince1970)
            set = "status = 'delivered', settled_at = $3, next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL"
        case .retry(let next, let error):
            binds.append(next.millisecondsSince1970)
            binds.append(error)
            set = "attempts = attempts + 1, next_attempt_at = $3, last_error = $4, claimed_by = NULL, claimed_until = NULL"
        case .dead(let at, let error):
            binds.append(at.millisecondsSince1970)
            binds.append(error)
            set = """
                status = 'dead', attempts = attempts + 1, settled_at = $3, next_attempt_at = NULL, last_error = $4,
                    claimed_by = NULL, claimed_until = NULL
                """
        }
        return PostgresQuery(unsafeSQL: "UPDATE effects SET \(set) \(held)", binds: binds)
    }

    public func effects(_ query: EffectQuery) throws -> [EffectRecord] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if !query.statuses.isEmpty {
            conditions.append("status IN (\(query.statuses.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")))")
        }
        if query.failingOnly { conditions.append("status = 'pending' AND attempts > 0") }
        if let run = query.run {
            binds.append(run.rawValue)
            conditions.append("run_id = $\(binds.count)")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try connections.withConnection { session in
            try session.all(
                PostgresQuery(unsafeSQL: "SELECT * FROM effects\(filter) ORDER BY seq LIMIT \(max(0, query.limit))", binds: binds),
                effectRecord)
        }.map(\.record)
    }

    public func effect(_ key: String) throws -> EffectRecord? {
        try connections.withConnection { session in try session.first("SELECT * FROM effects WHERE key = \(key)", effectRecord) }?.record
    }

    public func effectCounts() throws -> EffectCounts {
        let rows = try connections.withConnection { session in
            try session.all(
                """
                SELECT status, count(*) AS total, count(*) FILTER (WHERE status = 'pending' AND attempts > 0) AS failing
                FROM effects GROUP BY status
                """
            ) { row in
                let columns = Columns(row, path: path)
                return (try columns("status", as: String.self), try columns("total", as: Int.self), try columns("failing", as: Int.self))
            }
        }
        var counts = EffectCounts()
        for (status, total, failing) in rows {
            switch status {
            case "pending":
                counts.pending = total
                counts.failing = failing
            case "delivered": counts.delivered = total
            case "dead": counts.dead = total
            default: break
            }
        }
        return counts
    }

    public func retryEffect(_ key: String, at: Date) throws {
        try connections.transaction { session in
            guard let status = try session.value("SELECT status FROM effects WHERE key = \(key) FOR UPDATE", as: String.self) else {
                throw StoreError(.notFound, "no effect '\(key)'", path: path)
            }
            guard status != EffectRecord.Status.delivered.rawValue else {
                throw StoreError(.conflict, "effect '\(key)' was delivered", path: path)
            }
            try session.execute(
                """
                UPDATE effects SET status = 'pending', next_attempt_at = \(at.millisecondsSince1970), settled_at = NULL,
                    claimed_by = NULL, claimed_until = NULL
                WHERE key = \(key)
                """)
        }
    }

    public func nextEffectDue() throws -> Date? {
        try connections.withConnection { session in
            try session.value(
                "SELECT min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at))) FROM effects WHERE status = 'pending'",
                as: Int64?.self)
        }.flatMap { $0 }.map(Date.init(millisecondsSince1970:))
    }

    public func pruneEffects(deliveredBefore: Date) throws -> Int {
        try connections.transaction { session in
            try session.query("DELETE FROM effects WHERE status = 'delivered' AND settled_at < \(deliveredBefore.millisecondsSince1970)")
                .changed
        }
    }

    // MARK: Workers

    public func beat(_ worker: WorkerBeat) throws {
        try connections.withConnection { session in
            try session.execute(
                """
                INSERT INTO workers (id, kind, host, pid, started_at, seen_at)
                VALUES (\(worker.id), \(worker.kind), \(worker.host), \(worker.pid), \(worker.startedAt.millisecondsSince1970),
                    \(worker.seenAt.millisecondsSince1970))
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, host = excluded.host, pid = excluded.pid,
                    started_at = excluded.started_at, seen_at = excluded.seen_at
                """)
        }
    }

    public func endBeat(_ id: String) throws {
        try connections.withConnection { session in try session.execute("DELETE FROM workers WHERE id = \(id)") }
    }

    public func workers() throws -> [WorkerBeat] {
        try connections.withConnection { session in
            try session.all("SELECT * FROM workers ORDER BY seen_at DESC, id DESC") { row in
                let columns = Columns(row, path: path)
                return WorkerBeat(
                    id: try columns("id"), kind: try columns("kind"), host: try columns("host"),
                    pid: Int32(clamping: try columns("pid", as: Int64.self)),
                    startedAt: try columns.date("started_at"), seenAt: try columns.date("seen_at"))
            }
        }
    }

    // MARK: Rows

    /// An effect as its row holds it, with the row's place in the outbox.
    private func effectRecord(_ row: PostgresRow) throws -> (record: EffectRecord, sequence: Int64, nextAttemptAt: Date?) {
        let columns = Columns(row, path: path)
        let key: String = try columns("key")
        guard let channel = Effect.Channel(rawValue: try columns("channel")),
            let status = EffectRecord.Status(rawValue: try columns("status"))
        else { throw StoreError(.unreadable, "effect '\(key)' has an unknown channel or status", path: path) }
        let next = try columns.optionalDate("next_attempt_at")
        let record = EffectRecord(
            effect: Effect(
                key: key, run: RunID(try columns("run_id", as: String.self)), plugin: try columns("plugin"), channel: channel,
                target: try columns("target"), body: try columns("body"), contentType: try columns("content_type"),
                createdAt: try columns.date("created_at")),
            status: status, attempts: try columns("attempts"), nextAttemptAt: next, lastError: try columns("last_error"),
            settledAt: try columns.optionalDate("settled_at"), claimedBy: try columns("claimed_by"),
            claimedUntil: try columns.optionalDate("claimed_until"), placedAt: try columns("placed_at"))
        return (record, try columns("seq"), next)
    }
}
