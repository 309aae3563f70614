public import IlsaStore
import Foundation
import GRDB

extension SQLiteRunStore {
    public func create(_ run: RunRecord, firstEvents: [HistoryEvent], projection: RunProjection?) throws {
        try check(firstEvents, after: 0, run: run.id)
        let params = try payloadText(run.params, run: run.id, what: "params")
        let schedule = projection?.schedule ?? RunProjection.Schedule()
        let waits = try payloadText(.array(schedule.waits.map(\.json)), run: run.id, what: "waits")
        let rows = try firstEvents.map { try EventRow($0, store: self, run: run.id) }
        try perform {
            try write { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [run.id.rawValue]) != nil {
                    throw StoreError(.conflict, "run '\(run.id)' already exists", path: path)
                }
                try db.execute(
                    sql: """
                        INSERT INTO runs (id, workflow, title, script_hash, params, status, created_at, updated_at,
                            last_sequence, wake_at, waits)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        run.id.rawValue, run.workflow, run.title, run.scriptHash, params, run.status.rawValue,
                        run.createdAt.millisecondsSince1970, (firstEvents.last?.at ?? run.updatedAt).millisecondsSince1970,
                        firstEvents.count, schedule.wakeAt?.millisecondsSince1970, waits,
                    ])
                try insert(rows, run: run.id, db: db)
                if let projection { try write(projection, run: run.id, db: db) }
            }
        }
    }

    public func append(
        _ events: [HistoryEvent], to run: RunID, after lastSequence: Int, status: RunStatus?, projection: RunProjection?
    ) throws {
        try check(events, after: lastSequence, run: run)
        let rows = try events.map { try EventRow($0, store: self, run: run) }
        let schedule = projection?.schedule
        let waits = try schedule.map { try payloadText(.array($0.waits.map(\.json)), run: run, what: "waits") }
        let updatedAt = events.last.map { $0.at.millisecondsSince1970 }
        try perform {
            try write { db in
                // Cached statements: compiling one costs more than running it.
                if let schedule, let waits {
                    try db.cachedStatement(
                        sql: """
                            UPDATE runs SET last_sequence = ?, updated_at = coalesce(?, updated_at),
                                status = coalesce(?, status), wake_at = ?, waits = ?
                            WHERE id = ? AND last_sequence = ?
                            """
                    ).execute(arguments: [
                        lastSequence + events.count, updatedAt, status?.rawValue,
                        schedule.wakeAt?.millisecondsSince1970, waits, run.rawValue, lastSequence,
                    ])
                } else {
                    try db.cachedStatement(
                        sql: """
                            UPDATE runs SET last_sequence = ?, updated_at = coalesce(?, updated_at),
                                status = coalesce(?, status)
                            WHERE id = ? AND last_sequence = ?
                            """
                    ).execute(arguments: [lastSequence + events.count, updatedAt, status?.rawValue, run.rawValue, lastSequence])
                }
                if db.changesCount == 0 {
                    guard
                        let actual = try Int.fetchOne(
                            db, sql: "SELECT last_sequence FROM runs WHERE id = ?", arguments: [run.rawValue])
                    else { throw StoreError(.notFound, "no run '\(run)'", path: path) }
                    throw StoreError(
                        .conflict,
                        "run '\(run)' has \(actual) events in its history, not \(lastSequence): another runner "
                            + "has extended it",
                        path: path)
                }
                try insert(rows, run: run, db: db)
                if let projection { try write(projection, run: run, db: db) }
            }
        }
    }

    public func history(of run: RunID, after sequence: Int) throws -> [HistoryEvent] {
        let rows = try perform {
            try read { db in
                let rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT sequence, kind, command, name, payload, at FROM history
                            WHERE run_id = ? AND sequence > ? ORDER BY sequence
                            """),
                    arguments: [run.rawValue, sequence])
                if rows.isEmpty,
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [run.rawValue]) == nil
                {
                    throw StoreError(.notFound, "no run '\(run)'", path: path)
                }
                return rows
            }
        }
        return try rows.map { row in
            let sequence: Int = try column(row, "sequence")
            let payload: String = try column(row, "payload")
            // An event whose payload does not hold what its kind needs reads as unrecognized: the
            // store keeps what it was given; the engine refuses to replay it, and can cancel it.
            return HistoryEvent(
                sequence: sequence, kind: HistoryEvent.Kind(rawValue: try column(row, "kind")), command: try column(row, "command"),
                name: try column(row, "name"), payload: try decode(payload, what: "run '\(run)' event \(sequence) payload"),
                at: Date(millisecondsSince1970: try column(row, "at")))
        }
    }

    public func run(_ id: RunID) throws -> RunRecord? {
        let row = try perform {
            try read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM runs WHERE id = ?"), arguments: [id.rawValue])
            }
        }
        return try row.map(record)
    }

    public func runs(status: RunStatus?) throws -> [RunRecord] {
        let rows = try perform {
            try read { db in
                if let status {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM runs WHERE status = ? ORDER BY created_at DESC, rowid DESC",
                        arguments: [status.rawValue])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY created_at DESC, rowid DESC")
                }
            }
        }
        return try rows.map(record)
    }

    // MARK: - Rows

    /// An event ready to insert, its payload already JSON text.
    private struct EventRow {
        var event: HistoryEvent
        var payload: String

        init(_ event: HistoryEvent, store: SQLiteRunStore, run: RunID) throws {
            self.event = event
            payload = try store.payloadText(event.payload, run: run, what: "event \(event.sequence) payload")
        }
    }

    private func insert(_ rows: [EventRow], run: RunID, db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO history (run_id, sequence, kind, command, name, payload, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for row in rows {
            try statement.execute(arguments: [
                run.rawValue, row.event.sequence, row.event.kind.rawValue, row.event.command, row.event.name,
                row.payload, row.event.at.millisecondsSince1970,
            ])
        }
    }

    private func record(_ row: Row) throws -> RunRecord {
        let id = RunID(try column(row, "id") as String)
        let statusText: String = try column(row, "status")
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreError(.io, "run '\(id)' has an unknown status '\(statusText)'", path: path)
        }
        return RunRecord(
            id: id, workflow: try column(row, "workflow"), title: try column(row, "title"), scriptHash: try column(row, "script_hash"),
            params: try decode(try column(row, "params"), what: "run '\(id)' params"), status: status,
            createdAt: Date(millisecondsSince1970: try column(row, "created_at")), updatedAt: Date(millisecondsSince1970: try column(row, "updated_at")),
            lastSequence: try column(row, "last_sequence"), wakeAt: (try column(row, "wake_at") as Int64?).map(Date.init(millisecondsSince1970:)),
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

    // MARK: - Checks and payloads

    /// Refuses events that are not numbered `after + 1`, `after + 2`, ...
    private func check(_ events: [HistoryEvent], after lastSequence: Int, run: RunID) throws {
        for (offset, event) in events.enumerated() where event.sequence != lastSequence + 1 + offset {
            throw StoreError(
                .invalidEvents,
                "run '\(run)': event \(offset + 1) of \(events.count) has sequence \(event.sequence), expected "
                    + "\(lastSequence + 1 + offset) (events are numbered from 1 without gaps)",
                path: path)
        }
    }

    func payloadText(_ value: JSONValue, run: RunID, what: String) throws -> String {
        do {
            return try value.encodedText()
        } catch {
            throw StoreError(.invalidEvents, "run '\(run)' \(what): \(error)", path: path)
        }
    }

    func decode(_ text: String, what: String) throws -> JSONValue {
        do {
            return try JSONValue(json: text, maximumDepth: JSONValue.storedMaximumDepth)
        } catch {
            throw StoreError(.unreadable, "\(what) cannot be read back: \(error)", path: path)
        }
    }
}

extension SQLiteRunStore {
    public func cancelWithoutReading(_ run: RunID, event: HistoryEvent) throws {
        let payload = try payloadText(event.payload, run: run, what: "the cancellation")
        try perform {
            try write { db in
                guard let status = try String.fetchOne(db, sql: "SELECT status FROM runs WHERE id = ?", arguments: [run.rawValue]) else {
                    throw StoreError(.notFound, "no run '\(run)'", path: path)
                }
                if let status = RunStatus(rawValue: status), status.isFinal {
                    throw StoreError(.conflict, "run '\(run)' has ended (\(status.rawValue))", path: path)
                }
                let last = try Int.fetchOne(db, sql: "SELECT max(sequence) FROM history WHERE run_id = ?", arguments: [run.rawValue]) ?? 0
                let at = event.at.millisecondsSince1970
                try db.execute(
                    sql: "INSERT INTO history (run_id, sequence, kind, command, name, payload, at) VALUES (?, ?, ?, NULL, ?, ?, ?)",
                    arguments: [run.rawValue, last + 1, event.kind.rawValue, event.name, payload, at])
                try db.execute(
                    sql: "UPDATE runs SET status = ?, last_sequence = ?, updated_at = ?, wake_at = NULL, waits = '[]' WHERE id = ?",
                    arguments: [RunStatus.cancelled.rawValue, last + 1, at, run.rawValue])
                let open = TaskState.allCases.filter { !$0.isTerminal }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                try db.execute(
                    sql: "UPDATE tasks SET state = ?, updated_at = ? WHERE run_id = ? AND state IN (\(open))",
                    arguments: [TaskState.cancelled.rawValue, at, run.rawValue])
                try db.execute(
                    sql: "UPDATE escalations SET state = ?, updated_at = ? WHERE run_id = ? AND state IN (?, ?)",
                    arguments: [EscalationState.closed.rawValue, at, run.rawValue, EscalationState.open.rawValue, EscalationState.acknowledged.rawValue])
            }
        }
    }

    /// A row's column as `T`, or a ``StoreError`` when the file holds something else there: a
    /// store file is untrusted input, and GRDB's subscript stops the process on a value it
    /// cannot convert.
    func column<T: DatabaseValueConvertible>(_ row: Row, _ name: String) throws -> T {
        do {
            return try row.decode(T.self, forColumn: name)
        } catch {
            throw StoreError(.unreadable, "the store holds a value Ilsa cannot read in column '\(name)' (\(error)); the file was changed by another program", path: path)
        }
    }
}
