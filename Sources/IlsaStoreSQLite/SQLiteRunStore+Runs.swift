public import IlsaStore
import Foundation
import GRDB

extension SQLiteRunStore {
    public func write(_ batch: [RunWrite]) throws {
        guard !batch.isEmpty else { return }
        // Everything that can be checked without the file is, before the transaction: the
        // events' numbering and their payloads' JSON.
        let prepared = try batch.map { try PreparedChange($0, path: path) }
        try perform {
            try transaction { db in
                for (change, write) in zip(prepared, batch) {
                    switch change {
                    case .create(let create): try apply(create, db: db)
                    case .append(let append): try apply(append, db: db)
                    case .cancel(let cancel): try apply(cancel, db: db)
                    }
                    try insert(write.effects, db: db)
                    try insert(write.playbooks, db: db)
                    if let pin = write.pin {
                        try db.execute(sql: "UPDATE runs SET script_hash = ? WHERE id = ?", arguments: [pin, write.run.rawValue])
                    }
                }
            }
        }
    }

    // MARK: - Changes, applied in the transaction

    private func apply(_ create: PreparedCreate, db: Database) throws {
        let run = create.run
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM runs WHERE id = ?"), arguments: [run.id.rawValue]) != nil {
            throw StoreError(.conflict, "run '\(run.id)' already exists", path: path, run: run.id)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO runs (id, workflow, title, script_hash, params, status, created_at, updated_at,
                    last_sequence, wake_at, waits)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            run.id.rawValue, run.workflow, run.title, run.scriptHash, create.params, run.status.rawValue,
            run.createdAt.millisecondsSince1970,
            (create.events.last?.event.at ?? run.updatedAt).millisecondsSince1970, create.events.count, create.wakeAt,
            create.waits,
        ])
        try insert(create.events, run: run.id, db: db)
        if let projection = create.projection { try writeProjection(projection, run: run.id, db: db) }
    }

    private func apply(_ append: PreparedAppend, db: Database) throws {
        let run = append.run
        let last = append.after + append.events.count
        let updatedAt = append.events.last.map { $0.event.at.millisecondsSince1970 }
        // Cached statements: compiling one costs more than running it.
        if let schedule = append.schedule {
            try db.cachedStatement(
                sql: """
                    UPDATE runs SET last_sequence = ?, updated_at = coalesce(?, updated_at),
                        status = coalesce(?, status), wake_at = ?, waits = ?
                    WHERE id = ? AND last_sequence = ?
                    """
            ).execute(arguments: [
                last, updatedAt, append.status?.rawValue, schedule.wakeAt, schedule.waits, run.rawValue, append.after,
            ])
        } else {
            try db.cachedStatement(
                sql: """
                    UPDATE runs SET last_sequence = ?, updated_at = coalesce(?, updated_at),
                        status = coalesce(?, status)
                    WHERE id = ? AND last_sequence = ?
                    """
            ).execute(arguments: [last, updatedAt, append.status?.rawValue, run.rawValue, append.after])
        }
        if db.changesCount == 0 {
            guard
                let actual = try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT last_sequence FROM runs WHERE id = ?"), arguments: [run.rawValue])
            else { throw StoreError(.notFound, "no run '\(run)'", path: path, run: run) }
            throw StoreError(
                .conflict,
                "run '\(run)' has \(actual) events in its history, not \(append.after): another runner has extended it",
                path: path, run: run)
        }
        try insert(append.events, run: run, db: db)
        if let projection = append.projection { try writeProjection(projection, run: run, db: db) }
    }

    private func apply(_ cancel: PreparedCancel, db: Database) throws {
        let run = cancel.run
        guard
            let status = try String.fetchOne(
                db.cachedStatement(sql: "SELECT status FROM runs WHERE id = ?"), arguments: [run.rawValue])
        else {
            throw StoreError(.notFound, "no run '\(run)'", path: path, run: run)
        }
        if let status = RunStatus(rawValue: status), status.isFinal {
            throw StoreError(.conflict, "run '\(run)' has ended (\(status.rawValue))", path: path, run: run)
        }
        // The history's own last event, not the run's count: the run may be what cannot be read.
        let last =
            try Int.fetchOne(db, sql: "SELECT max(sequence) FROM history WHERE run_id = ?", arguments: [run.rawValue]) ?? 0
        let at = cancel.event.at.millisecondsSince1970
        try db.execute(
            sql: "INSERT INTO history (run_id, sequence, kind, command, name, payload, at) VALUES (?, ?, ?, NULL, ?, ?, ?)",
            arguments: [run.rawValue, last + 1, cancel.event.kind.rawValue, cancel.event.name, cancel.payload, at])
        try db.execute(
            sql: "UPDATE runs SET status = ?, last_sequence = ?, updated_at = ?, wake_at = NULL, waits = '[]' WHERE id = ?",
            arguments: [RunStatus.cancelled.rawValue, last + 1, at, run.rawValue])
        let open = TaskState.allCases.filter { !$0.isTerminal }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try db.execute(
            sql: "UPDATE tasks SET state = ?, updated_at = ? WHERE run_id = ? AND state IN (\(open))",
            arguments: [TaskState.cancelled.rawValue, at, run.rawValue])
        try db.execute(
            sql: "UPDATE escalations SET state = ?, updated_at = ? WHERE run_id = ? AND state IN (?, ?)",
            arguments: [
                EscalationState.closed.rawValue, at, run.rawValue, EscalationState.open.rawValue,
                EscalationState.acknowledged.rawValue,
            ])
    }

    /// Keeps playbook versions, each once by its id.
    private func insert(_ versions: [PlaybookVersion], db: Database) throws {
        for version in versions {
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO playbook_versions (id, workflow, path, source, created_at) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [version.id, version.workflow, version.path, version.source, version.createdAt.millisecondsSince1970])
        }
    }

    public func playbookVersion(_ id: String) throws -> PlaybookVersion? {
        try perform {
            try read { db in
                try decodeAll(db, sql: "SELECT * FROM playbook_versions WHERE id = ?", arguments: [id]) { row in
                    try PlaybookVersion(
                        stored: try column(row, "id"), workflow: try column(row, "workflow"), path: try column(row, "path"),
                        source: try column(row, "source"), createdAt: Date(millisecondsSince1970: try column(row, "created_at")),
                        store: path)
                }.first
            }
        }
    }

    public func playbookVersions() throws -> [PlaybookVersionSummary] {
        try perform {
            try read { db in
                try decodeAll(
                    db,
                    sql: """
                        SELECT v.id, v.workflow, v.path, v.created_at, count(r.id) AS runs,
                            sum(r.status IN ('running', 'waiting', 'paused')) AS active
                        FROM playbook_versions v LEFT JOIN runs r ON r.script_hash = v.id
                        WHERE v.workflow NOT LIKE 'plugin:%'
                        GROUP BY v.id ORDER BY v.workflow, v.created_at DESC, v.id
                        """
                ) { row in
                    PlaybookVersionSummary(
                        id: try column(row, "id"), workflow: try column(row, "workflow"), path: try column(row, "path"),
                        createdAt: Date(millisecondsSince1970: try column(row, "created_at")), runs: try column(row, "runs"),
                        activeRuns: (try column(row, "active") as Int?) ?? 0)
                }
            }
        }
    }

    // MARK: - Reads

    public func history(of run: RunID, after sequence: Int) throws -> [HistoryEvent] {
        try perform {
            try read { db in
                let events = try decodeAll(
                    db.cachedStatement(
                        sql: """
                            SELECT sequence, kind, command, name, payload, at FROM history
                            WHERE run_id = ? AND sequence > ? ORDER BY sequence
                            """),
                    arguments: [run.rawValue, sequence]
                ) { row in try event(row, run: run) }
                if events.isEmpty,
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [run.rawValue]) == nil
                {
                    throw StoreError(.notFound, "no run '\(run)'", path: path)
                }
                return events
            }
        }
    }

    /// An event as the history's row holds it.
    private func event(_ row: Row, run: RunID) throws -> HistoryEvent {
        let sequence: Int = try column(row, "sequence")
        let payload: String = try column(row, "payload")
        // An event whose payload does not hold what its kind needs reads as unrecognized: the
        // store keeps what it was given; the engine refuses to replay it, and can cancel it.
        return HistoryEvent(
            sequence: sequence,
            kind: HistoryEvent.Kind(rawValue: try column(row, "kind")),
            command: try column(row, "command"),
            name: try column(row, "name"),
            payload: try decode(payload, what: "run '\(run)' event \(sequence) payload"),
            at: Date(millisecondsSince1970: try column(row, "at")))
    }

    public func run(_ id: RunID) throws -> RunRecord? {
        try perform {
            try read { db in
                try decodeAll(db.cachedStatement(sql: "SELECT * FROM runs WHERE id = ?"), arguments: [id.rawValue], record).first
            }
        }
    }

    public func runs(status: RunStatus?) throws -> [RunRecord] {
        try perform {
            try read { db in
                if let status {
                    try decodeAll(
                        db, sql: "SELECT * FROM runs WHERE status = ? ORDER BY created_at DESC, rowid DESC", arguments: [status.rawValue],
                        record)
                } else {
                    try decodeAll(db, sql: "SELECT * FROM runs ORDER BY created_at DESC, rowid DESC", record)
                }
            }
        }
    }

    // MARK: - Rows

    private func insert(_ rows: [PreparedEvent], run: RunID, db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO history (run_id, sequence, kind, command, name, payload, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for row in rows {
            try statement.execute(arguments: [
                run.rawValue, row.event.sequence, row.event.kind.rawValue, row.event.command, row.event.name,
                row.payload, row.event.at.millisecondsSince1970,
            ])
        }
    }

    func record(_ row: Row) throws -> RunRecord {
        let id = RunID(try column(row, "id") as String)
        let statusText: String = try column(row, "status")
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreError(.io, "run '\(id)' has an unknown status '\(statusText)'", path: path)
        }
        return RunRecord(
            id: id, workflow: try column(row, "workflow"), title: try column(row, "title"), scriptHash: try column(row, "script_hash"),
            params: try decode(try column(row, "params"), what: "run '\(id)' params"), status: status,
            createdAt: Date(millisecondsSince1970: try column(row, "created_at")),
            updatedAt: Date(millisecondsSince1970: try column(row, "updated_at")),
            lastSequence: try column(row, "last_sequence"),
            wakeAt: (try column(row, "wake_at") as Int64?).map(Date.init(millisecondsSince1970:)),
            waits: try waits(try decode(try column(row, "waits"), what: "run '\(id)' waits"), run: id))
    }

    /// A run's waits as the store keeps them.
    private func waits(_ value: JSONValue, run: RunID) throws -> [WaitCondition] {
        do {
            return try (value.arrayValue ?? []).map { try WaitCondition($0) }
        } catch {
            throw StoreError(.unreadable, "run '\(run)' waits cannot be read back: \(error)", path: path)
        }
    }

    // MARK: - Payloads

    func payloadText(_ value: JSONValue, run: RunID, what: String) throws -> String {
        try StoreText(path: path).payload(value, run: run, what: what)
    }

    func decode(_ text: String, what: String) throws -> JSONValue {
        try StoreText(path: path).decode(text, what: what)
    }
}

extension SQLiteRunStore {
    /// A row's column as `T`, or a ``StoreError`` when the file holds something else there: a
    /// store file is untrusted input, and GRDB's subscript stops the process on a value it
    /// cannot convert.
    func column<T: DatabaseValueConvertible>(_ row: Row, _ name: String) throws -> T {
        do {
            return try row.decode(T.self, forColumn: name)
        } catch {
            throw StoreError(
                .unreadable,
                "the store holds a value Ilsa cannot read in column '\(name)' (\(error)); the file was changed by another program",
                path: path)
        }
    }
}
