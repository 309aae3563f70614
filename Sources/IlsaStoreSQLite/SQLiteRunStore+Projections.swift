public import IlsaStore
public import Foundation
import GRDB

/// The read models: task and escalation summaries and each run's next wake time, written with
/// the history in one transaction and queried by the CLI and the scheduler.
extension SQLiteRunStore {
    /// Writes the task and escalation summaries (the run's wake time and waits go with its row).
    ///
    /// An existing summary is updated in place (`ON CONFLICT ... DO UPDATE`): `INSERT OR
    /// REPLACE` deleted the row and inserted it again under a new rowid, which wrote two table
    /// pages and every index's page; in place, a task transition writes its row's page and only
    /// the indexes whose columns changed. Every page is a write-ahead log frame the commit syncs.
    /// Only what a task's life changes is set (its state, rung, who and when, the note, the unit
    /// or person a reassignment handed it to): what it was created with never changes, and an index whose columns are not set is not touched
    /// (the v4 index of unfinished tasks was rewritten by every transition while they were).
    func writeProjection(_ projection: RunProjection, run: RunID, db: Database) throws {
        let task = try db.cachedStatement(
            sql: """
                INSERT INTO tasks (id, run_id, title, detail, role, district, unit, person, priority, class, state,
                    due_at, rung, escalated_to, created_at, updated_at, updated_by, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, rung = excluded.rung, escalated_to = excluded.escalated_to,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by, note = excluded.note,
                    unit = excluded.unit, person = excluded.person
                """)
        for summary in projection.tasks {
            try task.execute(arguments: [
                summary.id.description, run.rawValue, summary.title, summary.detail, summary.role, summary.district, summary.unit,
                summary.person, summary.priority, summary.taskClass.rawValue, summary.state.rawValue,
                summary.due?.millisecondsSince1970, summary.rung, summary.escalatedTo,
                summary.createdAt.millisecondsSince1970, summary.updatedAt.millisecondsSince1970, summary.updatedBy,
                summary.note,
            ])
        }
        let escalation = try db.cachedStatement(
            sql: """
                INSERT INTO escalations (id, run_id, target, severity, reason, options, state, decision,
                    decided_by, note, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, target = excluded.target,
                    severity = excluded.severity, reason = excluded.reason, options = excluded.options, state = excluded.state,
                    decision = excluded.decision, decided_by = excluded.decided_by, note = excluded.note,
                    created_at = excluded.created_at, updated_at = excluded.updated_at
                """)
        for summary in projection.escalations {
            let options = try payloadText(.array(summary.options.map { .string($0) }), run: run, what: "escalation options")
            try escalation.execute(arguments: [
                summary.id.description, run.rawValue, summary.to, summary.severity, summary.reason, options, summary.state.rawValue,
                summary.decision, summary.by, summary.note, summary.createdAt.millisecondsSince1970,
                summary.updatedAt.millisecondsSince1970,
            ])
        }
    }

    public func tasks(_ query: TaskQuery) throws -> [TaskSummary] {
        let filter = Self.filter(query)
        var sql = "SELECT * FROM tasks" + filter.whereClause + Self.taskOrder
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        return try perform { try read { db in try decodeAll(db, sql: sql, arguments: filter.arguments, taskSummary) } }
    }

    public func task(_ id: TaskID) throws -> TaskSummary? {
        try perform {
            try read { db in try decodeAll(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id.description], taskSummary).first }
        }
    }

    public func escalations(run: RunID?, openOnly: Bool) throws -> [EscalationSummary] {
        let filter = Self.filter(EscalationQuery(run: run, states: openOnly ? EscalationQuery.openStates : nil))
        return try perform {
            try read { db in
                try decodeAll(
                    db, sql: "SELECT * FROM escalations" + filter.whereClause + Self.escalationOrder, arguments: filter.arguments,
                    escalationSummary)
            }
        }
    }

    public func escalation(_ id: EscalationID) throws -> EscalationSummary? {
        try perform {
            try read { db in
                try decodeAll(db, sql: "SELECT * FROM escalations WHERE id = ?", arguments: [id.description], escalationSummary).first
            }
        }
    }

    public func runsDue(at now: Date, limit: Int) throws -> [DueRun] {
        let rows = try perform {
            try read { db in
                try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT id, last_sequence FROM runs
                            WHERE status = 'waiting' AND wake_at IS NOT NULL AND wake_at <= ?
                            ORDER BY wake_at LIMIT ?
                            """),
                    arguments: [now.millisecondsSince1970, limit])
            }
        }
        return rows.map { DueRun(run: RunID($0["id"] as String), lastSequence: $0["last_sequence"]) }
    }

    /// An SQLite file is shared by one machine's processes: it leases nothing (its write lock
    /// and the append's check on the last sequence keep two runners from both extending a run).
    public func claimDue(at now: Date, limit: Int, owner: String, for duration: TimeInterval) throws -> [DueRun] {
        try runsDue(at: now, limit: limit)
    }

    public func nextWake() throws -> Date? {
        let milliseconds: Int64? = try perform {
            try read { db in
                try Int64.fetchOne(
                    db, sql: "SELECT min(wake_at) FROM runs WHERE status = 'waiting' AND wake_at IS NOT NULL")
            }
        }
        return milliseconds.map { Date(millisecondsSince1970: $0) }
    }

    // MARK: Rows

    /// The row's `id`, a task's or an escalation's.
    private func item<Kind>(_ row: Row) throws -> ItemID<Kind> {
        let text: String = try column(row, "id")
        guard let id = ItemID<Kind>(text) else {
            throw StoreError(.unreadable, "'\(text)' is not a \(Kind.noun) id; the file was changed by another program", path: path)
        }
        return id
    }

    func taskSummary(_ row: Row) throws -> TaskSummary {
        let id: TaskID = try item(row)
        let stateText: String = try column(row, "state")
        guard let state = TaskState(rawValue: stateText) else {
            throw StoreError(.io, "task '\(id)' has an unknown state '\(stateText)'", path: path)
        }
        return TaskSummary(
            id: id, run: RunID(try column(row, "run_id") as String), title: try column(row, "title"), detail: try column(row, "detail"),
            role: try column(row, "role"),
            district: try column(row, "district"), unit: try column(row, "unit"), person: try column(row, "person"),
            priority: try column(row, "priority"), taskClass: TaskClass(rawValue: try column(row, "class")),
            state: state, due: (try column(row, "due_at") as Int64?).map(Date.init(millisecondsSince1970:)), rung: try column(row, "rung"),
            escalatedTo: try column(row, "escalated_to"), createdAt: Date(millisecondsSince1970: try column(row, "created_at")),
            updatedAt: Date(millisecondsSince1970: try column(row, "updated_at")), updatedBy: try column(row, "updated_by"),
            note: try column(row, "note"))
    }

    func escalationSummary(_ row: Row) throws -> EscalationSummary {
        let id: EscalationID = try item(row)
        let stateText: String = try column(row, "state")
        guard let state = EscalationState(rawValue: stateText) else {
            throw StoreError(.io, "escalation '\(id)' has an unknown state '\(stateText)'", path: path)
        }
        let options = try decode(try column(row, "options"), what: "escalation '\(id)' options").arrayValue?.compactMap(\.stringValue)
        return EscalationSummary(
            id: id, run: RunID(try column(row, "run_id") as String), to: try column(row, "target"), severity: try column(row, "severity"),
            reason: try column(row, "reason"), options: options ?? [], state: state, decision: try column(row, "decision"),
            by: try column(row, "decided_by"), note: try column(row, "note"),
            createdAt: Date(millisecondsSince1970: try column(row, "created_at")),
            updatedAt: Date(millisecondsSince1970: try column(row, "updated_at")))
    }
}
