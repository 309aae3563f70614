public import IlsaStore
public import Foundation
import GRDB

extension SQLiteRunStore {
    /// Adds effects to the outbox in the write's transaction, due at once; one whose key is
    /// there already is left as it is.
    func insert(_ effects: [Effect], db: Database) throws {
        guard !effects.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO effects (key, run_id, plugin, channel, target, body, content_type, created_at,
                    status, attempts, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)
                """)
        for effect in effects {
            let at = effect.createdAt.millisecondsSince1970
            try statement.execute(arguments: [
                effect.key, effect.run.rawValue, effect.plugin, effect.channel.rawValue, effect.target, effect.body,
                effect.contentType, at, at,
            ])
        }
    }

    public func restoreEffects(_ records: [EffectRecord]) throws {
        guard !records.isEmpty else { return }
        try perform {
            try transaction { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT OR IGNORE INTO effects (key, run_id, plugin, channel, target, body, content_type, created_at,
                            status, attempts, next_attempt_at, last_error, settled_at, placed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for record in records {
                    let effect = record.effect
                    try statement.execute(arguments: [
                        effect.key, effect.run.rawValue, effect.plugin, effect.channel.rawValue, effect.target, effect.body,
                        effect.contentType, effect.createdAt.millisecondsSince1970, record.status.rawValue, record.attempts,
                        record.nextAttemptAt?.millisecondsSince1970, record.lastError, record.settledAt?.millisecondsSince1970,
                        record.placedAt,
                    ])
                }
            }
        }
    }

    public func claimEffects(dueBy now: Date, limit: Int, claimant: String, until: Date, channel: Effect.Channel?) throws -> [EffectRecord]
    {
        let rows = try perform {
            try transaction { db in
                let rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT * FROM effects
                            WHERE status = 'pending' AND next_attempt_at <= ?1
                                AND (claimed_until IS NULL OR claimed_until <= ?1) AND (?3 IS NULL OR channel = ?3)
                            ORDER BY next_attempt_at, seq LIMIT ?2
                            """),
                    arguments: [now.millisecondsSince1970, max(0, limit), channel?.rawValue])
                let claim = try db.cachedStatement(sql: "UPDATE effects SET claimed_by = ?, claimed_until = ? WHERE seq = ?")
                for row in rows {
                    try claim.execute(arguments: [claimant, until.millisecondsSince1970, row["seq"] as Int64?])
                }
                return rows
            }
        }
        return try rows.map { row in
            var record = try effectRecord(row)
            record.claimedBy = claimant
            record.claimedUntil = Date(millisecondsSince1970: until.millisecondsSince1970)
            return record
        }
    }

    public func settleEffects(_ outcomes: [(key: String, outcome: EffectOutcome)], claimant: String) throws -> Set<String> {
        guard !outcomes.isEmpty else { return [] }
        return try perform {
            try transaction { db in
                var refused: Set<String> = []
                for (key, outcome) in outcomes {
                    let (sql, arguments) = Self.settlement(outcome)
                    try db.cachedStatement(sql: "UPDATE effects SET \(sql) WHERE key = ? AND status = 'pending' AND claimed_by = ?")
                        .execute(arguments: arguments + [key, claimant])
                    if db.changesCount == 0 { refused.insert(key) }
                }
                return refused
            }
        }
    }

    /// The columns an outcome sets.
    private static func settlement(_ outcome: EffectOutcome) -> (String, StatementArguments) {
        switch outcome {
        case .placed(let offset):
            ("placed_at = ?", [offset])
        case .delivered(let at):
            (
                "status = 'delivered', settled_at = ?, next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL",
                [at.millisecondsSince1970]
            )
        case .retry(let next, let error):
            (
                "attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL",
                [next.millisecondsSince1970, error]
            )
        case .dead(let at, let error):
            (
                """
                status = 'dead', attempts = attempts + 1, settled_at = ?, next_attempt_at = NULL, last_error = ?,
                    claimed_by = NULL, claimed_until = NULL
                """,
                [at.millisecondsSince1970, error]
            )
        }
    }

    public func effects(_ query: EffectQuery) throws -> [EffectRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if !query.statuses.isEmpty {
            conditions.append("status IN (\(query.statuses.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(query.statuses.map(\.rawValue).sorted())
        }
        if query.failingOnly { conditions.append("status = 'pending' AND attempts > 0") }
        if let run = query.run {
            conditions.append("run_id = ?")
            arguments += [run.rawValue]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(0, query.limit)]
        let rows = try perform {
            try read { db in try Row.fetchAll(db, sql: "SELECT * FROM effects \(filter) ORDER BY seq LIMIT ?", arguments: arguments) }
        }
        return try rows.map(effectRecord)
    }

    public func effect(_ key: String) throws -> EffectRecord? {
        let row = try perform { try read { db in try Row.fetchOne(db, sql: "SELECT * FROM effects WHERE key = ?", arguments: [key]) } }
        return try row.map(effectRecord)
    }

    public func effectCounts() throws -> EffectCounts {
        let rows = try perform {
            try read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT status, count(*) AS total, sum(status = 'pending' AND attempts > 0) AS failing
                        FROM effects GROUP BY status
                        """)
            }
        }
        var counts = EffectCounts()
        for row in rows {
            let total: Int = try column(row, "total")
            switch try column(row, "status") as String {
            case "pending":
                counts.pending = total
                counts.failing = try column(row, "failing")
            case "delivered": counts.delivered = total
            case "dead": counts.dead = total
            default: break
            }
        }
        return counts
    }

    public func retryEffect(_ key: String, at: Date) throws {
        try perform {
            try transaction { db in
                guard let status = try String.fetchOne(db, sql: "SELECT status FROM effects WHERE key = ?", arguments: [key]) else {
                    throw StoreError(.notFound, "no effect '\(key)'", path: path)
                }
                guard status != EffectRecord.Status.delivered.rawValue else {
                    throw StoreError(.conflict, "effect '\(key)' was delivered", path: path)
                }
                try db.execute(
                    sql: """
                        UPDATE effects SET status = 'pending', next_attempt_at = ?, settled_at = NULL,
                            claimed_by = NULL, claimed_until = NULL
                        WHERE key = ?
                        """,
                    arguments: [at.millisecondsSince1970, key])
            }
        }
    }

    public func nextEffectDue() throws -> Date? {
        let next = try perform {
            try read { db in
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT min(max(next_attempt_at, coalesce(claimed_until, next_attempt_at))) FROM effects
                        WHERE status = 'pending'
                        """)
            }
        }
        return next.map(Date.init(millisecondsSince1970:))
    }

    public func pruneEffects(deliveredBefore: Date) throws -> Int {
        try perform {
            try transaction { db in
                try db.execute(
                    sql: "DELETE FROM effects WHERE status = 'delivered' AND settled_at < ?",
                    arguments: [deliveredBefore.millisecondsSince1970])
                return db.changesCount
            }
        }
    }

    public func beat(_ worker: WorkerBeat) throws {
        try perform {
            try transaction { db in
                try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO workers (id, kind, host, pid, started_at, seen_at) VALUES (?, ?, ?, ?, ?, ?)"
                ).execute(arguments: [
                    worker.id, worker.kind, worker.host, worker.pid, worker.startedAt.millisecondsSince1970,
                    worker.seenAt.millisecondsSince1970,
                ])
            }
        }
    }

    public func endBeat(_ id: String) throws {
        try perform { try transaction { db in try db.execute(sql: "DELETE FROM workers WHERE id = ?", arguments: [id]) } }
    }

    public func workers() throws -> [WorkerBeat] {
        let rows = try perform { try read { db in try Row.fetchAll(db, sql: "SELECT * FROM workers ORDER BY seen_at DESC, id DESC") } }
        return try rows.map { row in
            WorkerBeat(
                id: try column(row, "id"), kind: try column(row, "kind"), host: try column(row, "host"), pid: try column(row, "pid"),
                startedAt: Date(millisecondsSince1970: try column(row, "started_at")),
                seenAt: Date(millisecondsSince1970: try column(row, "seen_at")))
        }
    }

    private func effectRecord(_ row: Row) throws -> EffectRecord {
        let key: String = try column(row, "key")
        let channelText: String = try column(row, "channel")
        let statusText: String = try column(row, "status")
        guard let channel = Effect.Channel(rawValue: channelText), let status = EffectRecord.Status(rawValue: statusText) else {
            throw StoreError(.unreadable, "effect '\(key)' has an unknown channel or status", path: path)
        }
        func date(_ name: String) throws -> Date? { (try column(row, name) as Int64?).map(Date.init(millisecondsSince1970:)) }
        return EffectRecord(
            effect: Effect(
                key: key, run: RunID(try column(row, "run_id") as String), plugin: try column(row, "plugin"), channel: channel,
                target: try column(row, "target"), body: try column(row, "body"), contentType: try column(row, "content_type"),
                createdAt: Date(millisecondsSince1970: try column(row, "created_at"))),
            status: status, attempts: try column(row, "attempts"), nextAttemptAt: try date("next_attempt_at"),
            lastError: try column(row, "last_error"), settledAt: try date("settled_at"), claimedBy: try column(row, "claimed_by"),
            claimedUntil: try date("claimed_until"), placedAt: try column(row, "placed_at"))
    }
}

extension SQLiteRunStore {
    /// SQLite's `data_version` on the writer's connection: it changes when another connection,
    /// so another process, commits; this process's own commits go through that connection and
    /// leave it alone.
    public func externalChangeMark() throws -> Int? {
        try perform { try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") } }
    }
}
