public import IlsaStore
import Foundation
import PostgresNIO

extension PostgresRunStore {
    public func write(_ batch: [RunWrite]) throws {
        guard !batch.isEmpty else { return }
        // What can be checked without the database is, first: numbering, and JSON to text.
        let prepared = try batch.map { try PreparedChange($0, path: path) }
        try connections.transaction { session in
            for (change, write) in zip(prepared, batch) {
                switch change {
                case .create(let create): try apply(create, session)
                case .append(let append): try apply(append, lease: write.lease, session)
                case .cancel(let cancel): try apply(cancel, session)
                }
                try insert(write.effects, session)
                for version in write.playbooks {
                    try session.execute(
                        """
                        INSERT INTO playbook_versions (id, workflow, path, source, created_at)
                        VALUES (\(version.id), \(version.workflow), \(version.path), \(version.source), \(version.createdAt.millisecondsSince1970))
                        ON CONFLICT (id) DO NOTHING
                        """)
                }
                if let pin = write.pin {
                    try session.execute("UPDATE runs SET script_hash = \(pin) WHERE id = \(write.run.rawValue)")
                }
            }
            try notify(session)
        }
    }

    // MARK: Changes, applied in the transaction

    private func apply(_ create: PreparedCreate, _ session: Session) throws {
        let run = create.run
        let updatedAt = (create.events.last?.event.at ?? run.updatedAt).millisecondsSince1970
        let inserted = try session.query(
            """
            INSERT INTO runs (id, workflow, title, script_hash, params, status, created_at, updated_at, last_sequence, wake_at, waits)
            VALUES (\(run.id.rawValue), \(run.workflow), \(run.title), \(run.scriptHash), \(create.params), \(run.status.rawValue),
                \(run.createdAt.millisecondsSince1970), \(updatedAt), \(create.events.count), \(create.wakeAt), \(create.waits))
            ON CONFLICT (id) DO NOTHING
            """
        ).changed
        guard inserted == 1 else { throw StoreError(.conflict, "run '\(run.id)' already exists", path: path, run: run.id) }
        try insert(create.events, run: run.id, session)
        if let projection = create.projection { try writeProjection(projection, run: run.id, session) }
    }

    /// An append: it must follow the history's last event and, under a lease, still hold the
    /// lease, which it gives back (its work is done).
    private func apply(_ append: PreparedAppend, lease: RunLease?, _ session: Session) throws {
        let run = append.run
        var binds = PostgresBindings()
        binds.append(append.after + append.events.count)
        binds.append(append.events.last?.event.at.millisecondsSince1970)
        binds.append(append.status?.rawValue)
        binds.append(append.schedule == nil)
        binds.append(append.schedule?.wakeAt)
        binds.append(append.schedule?.waits ?? "[]")
        binds.append(run.rawValue)
        binds.append(append.after)
        var sql = """
            UPDATE runs SET last_sequence = $1, updated_at = coalesce($2, updated_at), status = coalesce($3, status),
                wake_at = CASE WHEN $4 THEN wake_at ELSE $5 END, waits = CASE WHEN $4 THEN waits ELSE $6 END
            """
        if let lease {
            binds.append(lease.owner)
            binds.append(lease.fence)
            sql += ", lease_owner = NULL, lease_until = NULL WHERE id = $7 AND last_sequence = $8 AND lease_owner = $9 AND fence = $10"
        } else {
            sql += " WHERE id = $7 AND last_sequence = $8"
        }
        if try session.query(PostgresQuery(unsafeSQL: sql, binds: binds)).changed == 0 {
            guard let actual = try session.value("SELECT last_sequence FROM runs WHERE id = \(run.rawValue)", as: Int.self) else {
                throw StoreError(.notFound, "no run '\(run)'", path: path, run: run)
            }
            // The history is where the writer left it, so the lease is what failed.
            if lease != nil, actual == append.after {
                throw StoreError(
                    .leaseLost, "run '\(run)' was taken over by another worker (this one's lease on it ran out)", path: path, run: run)
            }
            throw StoreError(
                .conflict, "run '\(run)' has \(actual) events in its history, not \(append.after): another runner has extended it",
                path: path, run: run)
        }
        try insert(append.events, run: run, session)
        if let projection = append.projection { try writeProjection(projection, run: run, session) }
    }

    private func apply(_ cancel: PreparedCancel, _ session: Session) throws {
        let run = cancel.run
        guard let status = try session.value("SELECT status FROM runs WHERE id = \(run.rawValue) FOR UPDATE", as: String.self) else {
            throw StoreError(.notFound, "no run '\(run)'", path: path, run: run)
        }
        if let status = RunStatus(rawValue: status), status.isFinal {
            throw StoreError(.conflict, "run '\(run)' has ended (\(status.rawValue))", path: path, run: run)
        }
        // The history's own last event, not the run's count: the run may be what cannot be read.
        let last = try session.value("SELECT coalesce(max(sequence), 0) FROM history WHERE run_id = \(run.rawValue)", as: Int.self) ?? 0
        let at = cancel.event.at.millisecondsSince1970
        try session.execute(
            """
            INSERT INTO history (run_id, sequence, kind, command, name, payload, at)
            VALUES (\(run.rawValue), \(last + 1), \(cancel.event.kind.rawValue), NULL, \(cancel.event.name), \(cancel.payload), \(at))
            """)
        try session.execute(
            """
            UPDATE runs SET status = \(RunStatus.cancelled.rawValue), last_sequence = \(last + 1), updated_at = \(at),
                wake_at = NULL, waits = '[]', lease_owner = NULL, lease_until = NULL
            WHERE id = \(run.rawValue)
            """)
        try session.execute(
            """
            UPDATE tasks SET state = \(TaskState.cancelled.rawValue), updated_at = \(at)
            WHERE run_id = \(run.rawValue) AND state IN ('open', 'acknowledged', 'in_progress')
            """)
        try session.execute(
            """
            UPDATE escalations SET state = \(EscalationState.closed.rawValue), updated_at = \(at)
            WHERE run_id = \(run.rawValue) AND state IN ('open', 'acknowledged')
            """)
    }

    /// The events, a statement for up to 1,000 of them: a round trip costs more than a row.
    private func insert(_ rows: [PreparedEvent], run: RunID, _ session: Session) throws {
        for start in stride(from: 0, to: rows.count, by: 1_000) {
            let chunk = rows[start..<min(rows.count, start + 1_000)]
            var binds = PostgresBindings(capacity: chunk.count * 7)
            var values: [String] = []
            for row in chunk {
                let n = binds.count
                values.append("($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5), $\(n + 6), $\(n + 7))")
                binds.append(run.rawValue)
                binds.append(row.event.sequence)
                binds.append(row.event.kind.rawValue)
                binds.append(row.event.command)
                binds.append(row.event.name)
                binds.append(row.payload)
                binds.append(row.event.at.millisecondsSince1970)
            }
            try session.execute(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO history (run_id, sequence, kind, command, name, payload, at) VALUES "
                        + values.joined(separator: ", "), binds: binds))
        }
    }

    // MARK: Reads

    public func playbookVersion(_ id: String) throws -> PlaybookVersion? {
        try connections.withConnection { session in
            try session.first("SELECT * FROM playbook_versions WHERE id = \(id)") { row in
                let columns = Columns(row, path: path)
                return try PlaybookVersion(
                    stored: try columns("id"), workflow: try columns("workflow"), path: try columns("path"), source: try columns("source"),
                    createdAt: try columns.date("created_at"), store: path)
            }
        }
    }

    public func playbookVersions() throws -> [PlaybookVersionSummary] {
        try connections.withConnection { session in
            try session.all(
                """
                SELECT v.id, v.workflow, v.path, v.created_at, count(r.id) AS runs,
                    count(r.id) FILTER (WHERE r.status IN ('running', 'waiting', 'paused')) AS active
                FROM playbook_versions v LEFT JOIN runs r ON r.script_hash = v.id COLLATE "C"
                WHERE v.workflow NOT LIKE 'plugin:%'
                GROUP BY v.id ORDER BY v.workflow, v.created_at DESC, v.id
                """
            ) { row in
                let columns = Columns(row, path: path)
                return PlaybookVersionSummary(
                    id: try columns("id"), workflow: try columns("workflow"), path: try columns("path"),
                    createdAt: try columns.date("created_at"), runs: try columns("runs"), activeRuns: try columns("active"))
            }
        }
    }

    public func history(of run: RunID, after sequence: Int) throws -> [HistoryEvent] {
        try connections.withConnection { session in
            let events = try session.all(
                """
                SELECT sequence, kind, command, name, payload, at FROM history
                WHERE run_id = \(run.rawValue) AND sequence > \(sequence) ORDER BY sequence
                """
            ) { try event($0, run: run) }
            if events.isEmpty, try session.value("SELECT 1 FROM runs WHERE id = \(run.rawValue)", as: Int.self) == nil {
                throw StoreError(.notFound, "no run '\(run)'", path: path)
            }
            return events
        }
    }

    private func event(_ row: PostgresRow, run: RunID) throws -> HistoryEvent {
        let columns = Columns(row, path: path)
        let sequence: Int = try columns("sequence")
        return HistoryEvent(
            sequence: sequence, kind: HistoryEvent.Kind(rawValue: try columns("kind")), command: try columns("command"),
            name: try columns("name"), payload: try decode(try columns("payload"), what: "run '\(run)' event \(sequence) payload"),
            at: try columns.date("at"))
    }

    public func run(_ id: RunID) throws -> RunRecord? {
        try connections.withConnection { session in try session.first("SELECT * FROM runs WHERE id = \(id.rawValue)", record) }
    }

    public func runs(status: RunStatus?) throws -> [RunRecord] {
        try connections.withConnection { session in
            if let status {
                try session.all("SELECT * FROM runs WHERE status = \(status.rawValue) ORDER BY created_at DESC, position DESC", record)
            } else {
                try session.all("SELECT * FROM runs ORDER BY created_at DESC, position DESC", record)
            }
        }
    }

    public func runIDs(withPrefix prefix: String, limit: Int) throws -> [RunID] {
        try connections.withConnection { session in
            try session.all(
                "SELECT id FROM runs WHERE id >= \(prefix) AND id < \(prefix + "\u{10FFFF}") ORDER BY id LIMIT \(max(0, limit))"
            ) { try Columns($0, path: path)("id", as: String.self) }
        }.filter { $0.hasPrefix(prefix) }.map { RunID($0) }
    }

    func record(_ row: PostgresRow) throws -> RunRecord {
        let columns = Columns(row, path: path)
        let id = RunID(try columns("id", as: String.self))
        let statusText: String = try columns("status")
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreError(.io, "run '\(id)' has an unknown status '\(statusText)'", path: path)
        }
        let waits: [WaitCondition]
        do {
            waits = try (try decode(try columns("waits"), what: "run '\(id)' waits").arrayValue ?? []).map { try WaitCondition($0) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unreadable, "run '\(id)' waits cannot be read back: \(error)", path: path)
        }
        return RunRecord(
            id: id, workflow: try columns("workflow"), title: try columns("title"), scriptHash: try columns("script_hash"),
            params: try decode(try columns("params"), what: "run '\(id)' params"), status: status,
            createdAt: try columns.date("created_at"),
            updatedAt: try columns.date("updated_at"), lastSequence: try columns("last_sequence"),
            wakeAt: try columns.optionalDate("wake_at"),
            waits: waits)
    }

    // MARK: Payloads

    func payloadText(_ value: JSONValue, run: RunID, what: String) throws -> String {
        try StoreText(path: path).payload(value, run: run, what: what)
    }

    func decode(_ text: String, what: String) throws -> JSONValue {
        try StoreText(path: path).decode(text, what: what)
    }
}
