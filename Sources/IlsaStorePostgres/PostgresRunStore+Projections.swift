public import IlsaStore
public import Foundation
import PostgresNIO

/// The read models (task and escalation summaries, each run's wake time), written with the
/// history in one transaction; the scheduler's due runs and their leases.
extension PostgresRunStore {
    /// Writes the summaries, each in one statement: a new one is inserted, an existing one gets
    /// what a task's life changes (what it was created with never does).
    func writeProjection(_ projection: RunProjection, run: RunID, _ session: Session) throws {
        for summary in projection.tasks {
            try session.execute(
                """
                INSERT INTO tasks (id, run_id, number, title, detail, role, district, unit, person, priority, class, state,
                    due_at, rung, escalated_to, created_at, updated_at, updated_by, note)
                VALUES (\(summary.id.description), \(run.rawValue), \(summary.id.number), \(summary.title), \(summary.detail),
                    \(summary.role), \(summary.district), \(summary.unit), \(summary.person), \(summary.priority),
                    \(summary.taskClass.rawValue), \(summary.state.rawValue), \(summary.due?.millisecondsSince1970), \(summary.rung),
                    \(summary.escalatedTo), \(summary.createdAt.millisecondsSince1970), \(summary.updatedAt.millisecondsSince1970),
                    \(summary.updatedBy), \(summary.note))
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, rung = excluded.rung, escalated_to = excluded.escalated_to,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by, note = excluded.note,
                    unit = excluded.unit, person = excluded.person
                """)
        }
        for summary in projection.escalations {
            let options = try payloadText(.array(summary.options.map { .string($0) }), run: run, what: "escalation options")
            try session.execute(
                """
                INSERT INTO escalations (id, run_id, number, target, severity, reason, options, state, decision, decided_by, note,
                    created_at, updated_at)
                VALUES (\(summary.id.description), \(run.rawValue), \(summary.id.number), \(summary.to), \(summary.severity),
                    \(summary.reason), \(options), \(summary.state.rawValue), \(summary.decision), \(summary.by), \(summary.note),
                    \(summary.createdAt.millisecondsSince1970), \(summary.updatedAt.millisecondsSince1970))
                ON CONFLICT (id) DO UPDATE SET target = excluded.target, severity = excluded.severity, reason = excluded.reason,
                    options = excluded.options, state = excluded.state, decision = excluded.decision, decided_by = excluded.decided_by,
                    note = excluded.note, created_at = excluded.created_at, updated_at = excluded.updated_at
                """)
        }
    }

    public func tasks(_ query: TaskQuery) throws -> [TaskSummary] {
        var filter = Self.filter(query)
        let limit = query.limit.map { " LIMIT \(filter.bind(max(0, $0)))" } ?? ""
        return try connections.withConnection { session in
            try session.all(filter.query("SELECT * FROM tasks", order: Self.taskOrder + limit), taskSummary)
        }
    }

    public func task(_ id: TaskID) throws -> TaskSummary? {
        try connections.withConnection { session in try session.first("SELECT * FROM tasks WHERE id = \(id.description)", taskSummary) }
    }

    public func escalations(run: RunID?, openOnly: Bool) throws -> [EscalationSummary] {
        let filter = Self.filter(EscalationQuery(run: run, states: openOnly ? EscalationQuery.openStates : nil))
        return try connections.withConnection { session in
            try session.all(filter.query("SELECT * FROM escalations", order: Self.escalationOrder), escalationSummary)
        }
    }

    public func escalation(_ id: EscalationID) throws -> EscalationSummary? {
        try connections.withConnection { session in
            try session.first("SELECT * FROM escalations WHERE id = \(id.description)", escalationSummary)
        }
    }

    public func runsDue(at now: Date, limit: Int) throws -> [DueRun] {
        try connections.withConnection { session in
            try session.all(
                """
                SELECT id, last_sequence FROM runs WHERE status = 'waiting' AND wake_at IS NOT NULL AND wake_at <= \(now.millisecondsSince1970)
                ORDER BY wake_at, position LIMIT \(max(0, limit))
                """
            ) { row in
                let columns = Columns(row, path: path)
                return DueRun(run: RunID(try columns("id", as: String.self)), lastSequence: try columns("last_sequence"))
            }
        }
    }

    /// Claims due runs nobody holds (or whose holder's lease ran out, by the database's clock,
    /// so workers' clocks need not agree), skipping rows another worker is claiming: the runs
    /// leased, each with its new fence.
    public func claimDue(at now: Date, limit: Int, owner: String, for duration: TimeInterval) throws -> [DueRun] {
        let milliseconds = Int64((max(0, duration) * 1000).rounded())
        return try connections.transaction { session in
            try session.all(
                """
                WITH due AS (
                    SELECT id FROM runs
                    WHERE status = 'waiting' AND wake_at IS NOT NULL AND wake_at <= \(now.millisecondsSince1970)
                        AND (lease_until IS NULL OR lease_until <= \(unescaped: Self.databaseNow) OR lease_owner = \(owner))
                    ORDER BY wake_at, position LIMIT \(max(0, limit))
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE runs SET lease_owner = \(owner), lease_until = \(unescaped: Self.databaseNow) + \(milliseconds), fence = fence + 1
                FROM due WHERE runs.id = due.id
                RETURNING runs.id, runs.last_sequence, runs.fence, runs.wake_at, runs.position
                """
            ) { row -> (DueRun, Int64, Int64) in
                let columns = Columns(row, path: path)
                return (
                    DueRun(
                        run: RunID(try columns("id", as: String.self)), lastSequence: try columns("last_sequence"),
                        lease: RunLease(owner: owner, fence: try columns("fence"))),
                    try columns("wake_at"), try columns("position")
                )
            }
        }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map(\.0)
    }

    /// The database's clock in milliseconds, as SQL: leases are timed by the one clock every
    /// worker shares.
    static let databaseNow = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"

    public func nextWake() throws -> Date? {
        try connections.withConnection { session in
            try session.value("SELECT min(wake_at) FROM runs WHERE status = 'waiting' AND wake_at IS NOT NULL", as: Int64?.self)
        }.flatMap { $0 }.map(Date.init(millisecondsSince1970:))
    }

    // MARK: Rows

    private func item<Kind>(_ columns: Columns) throws -> ItemID<Kind> {
        let text: String = try columns("id")
        guard let id = ItemID<Kind>(text) else {
            throw StoreError(.unreadable, "'\(text)' is not a \(Kind.noun) id; the database was changed by another program", path: path)
        }
        return id
    }

    func taskSummary(_ row: PostgresRow) throws -> TaskSummary {
        let columns = Columns(row, path: path)
        let id: TaskID = try item(columns)
        let stateText: String = try columns("state")
        guard let state = TaskState(rawValue: stateText) else {
            throw StoreError(.io, "task '\(id)' has an unknown state '\(stateText)'", path: path)
        }
        return TaskSummary(
            id: id, run: RunID(try columns("run_id", as: String.self)), title: try columns("title"), detail: try columns("detail"),
            role: try columns("role"), district: try columns("district"), unit: try columns("unit"), person: try columns("person"),
            priority: try columns("priority"), taskClass: TaskClass(rawValue: try columns("class")), state: state,
            due: try columns.optionalDate("due_at"), rung: try columns("rung"), escalatedTo: try columns("escalated_to"),
            createdAt: try columns.date("created_at"), updatedAt: try columns.date("updated_at"), updatedBy: try columns("updated_by"),
            note: try columns("note"))
    }

    func escalationSummary(_ row: PostgresRow) throws -> EscalationSummary {
        let columns = Columns(row, path: path)
        let id: EscalationID = try item(columns)
        let stateText: String = try columns("state")
        guard let state = EscalationState(rawValue: stateText) else {
            throw StoreError(.io, "escalation '\(id)' has an unknown state '\(stateText)'", path: path)
        }
        let options = try decode(try columns("options"), what: "escalation '\(id)' options").arrayValue?.compactMap(\.stringValue)
        return EscalationSummary(
            id: id, run: RunID(try columns("run_id", as: String.self)), to: try columns("target"), severity: try columns("severity"),
            reason: try columns("reason"), options: options ?? [], state: state, decision: try columns("decision"),
            by: try columns("decided_by"), note: try columns("note"), createdAt: try columns.date("created_at"),
            updatedAt: try columns.date("updated_at"))
    }
}
