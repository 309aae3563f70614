import IlsaStore
import Foundation
import GRDB

extension SQLiteRunStore {
    /// The newest schema this Ilsa reads and writes, kept in SQLite's `PRAGMA user_version`.
    public static let schemaVersion = 7

    /// Marks the file as an Ilsa store (`PRAGMA application_id`, the bytes `ILSA`).
    static let applicationID: Int32 = 0x494C_5341

    /// The schema, one migration a version: its GRDB identifier and its SQL, which sets
    /// `user_version` to its number.
    ///
    /// A shipped migration never changes, not even its whitespace: stores compare their schema's
    /// SQL text with what these make (``made(path:)``), so an edited migration would lock every
    /// store it made out. Change the schema with a new migration. (The SQL keeps the indentation
    /// it was first written with: it is part of the text SQLite stores.)
    static let migrations: [(identifier: String, sql: String)] = [
        (
            "v1",
            """
            CREATE TABLE runs (
                id TEXT NOT NULL PRIMARY KEY,
                workflow TEXT NOT NULL,
                title TEXT NOT NULL,
                script_hash TEXT NOT NULL,
                params TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                last_sequence INTEGER NOT NULL
            );
            CREATE INDEX runs_by_status ON runs (status, created_at);
            CREATE INDEX runs_by_creation ON runs (created_at);
            CREATE TABLE history (
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                sequence INTEGER NOT NULL,
                kind TEXT NOT NULL,
                command INTEGER,
                name TEXT NOT NULL,
                payload TEXT NOT NULL,
                at INTEGER NOT NULL,
                PRIMARY KEY (run_id, sequence)
            ) WITHOUT ROWID;
            PRAGMA application_id = \(applicationID);
            PRAGMA user_version = 1;
            """
        ),
        (
            // Waiting runs from a v1 store are due at once: the scheduler's first pass rebuilds
            // them and writes their read models.
            "v2: read models",
            """
            ALTER TABLE runs ADD COLUMN wake_at INTEGER;
            ALTER TABLE runs ADD COLUMN waits TEXT NOT NULL DEFAULT '[]';
            UPDATE runs SET wake_at = 0 WHERE status = 'waiting';
            -- Status first: the scheduler asks for waiting runs due by a time, and with the
            -- status alone SQLite would scan every waiting run (25 ms for 100,000).
            CREATE INDEX runs_by_wake ON runs (status, wake_at);
            CREATE TABLE tasks (
                id TEXT NOT NULL PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                detail TEXT,
                role TEXT,
                district TEXT,
                unit TEXT,
                person TEXT,
                priority TEXT NOT NULL,
                class TEXT NOT NULL,
                state TEXT NOT NULL,
                due_at INTEGER,
                rung INTEGER NOT NULL,
                escalated_to TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                updated_by TEXT,
                note TEXT
            );
            -- One index only: each index costs every task transition a page write
            -- (measured: 95 µs with three, 75 µs with one), and a city's open tasks
            -- are few enough to scan for the district, role and overdue filters.
            CREATE INDEX tasks_by_run ON tasks (run_id);
            CREATE TABLE escalations (
                id TEXT NOT NULL PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                target TEXT NOT NULL,
                severity TEXT NOT NULL,
                reason TEXT NOT NULL,
                options TEXT NOT NULL,
                state TEXT NOT NULL,
                decision TEXT,
                decided_by TEXT,
                note TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE INDEX escalations_by_run ON escalations (run_id);
            CREATE INDEX escalations_by_state ON escalations (state, created_at);
            PRAGMA user_version = 2;
            """
        ),
        (
            // The transactional outbox (docs/decisions/0005-effects.md) and workers' heartbeats.
            "v3: effects",
            """
            CREATE TABLE effects (
                seq INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                plugin TEXT NOT NULL,
                channel TEXT NOT NULL,
                target TEXT NOT NULL,
                body TEXT NOT NULL,
                content_type TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at INTEGER,
                last_error TEXT,
                settled_at INTEGER,
                claimed_by TEXT,
                claimed_until INTEGER,
                placed_at INTEGER
            );
            -- Only pending effects are indexed: delivered ones are never looked for by time.
            CREATE INDEX effects_due ON effects (next_attempt_at) WHERE status = 'pending';
            CREATE INDEX effects_by_run ON effects (run_id);
            CREATE TABLE workers (
                id TEXT NOT NULL PRIMARY KEY,
                kind TEXT NOT NULL,
                host TEXT NOT NULL,
                pid INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                seen_at INTEGER NOT NULL
            );
            PRAGMA user_version = 3;
            """
        ),
        (
            // Lists a page at a time (SQLiteRunStore+Lists.swift): with 100,000 waiting runs,
            // `ilsa tasks` sorted 400,000 rows to show 50.
            "v4: paged lists",
            """
            -- Unfinished tasks in the order lists show them, with the columns their filters
            -- read, so a page or a count never reads a row it does not show. Partial: only
            -- unfinished tasks are in it, and a task leaves it when it is done; a transition
            -- of an unfinished task writes one more index page.
            CREATE INDEX tasks_open_by_due ON tasks (
                due_at IS NULL, due_at, created_at, run_id, CAST(substr(id, length(run_id) + 2) AS INTEGER),
                district, role, unit, person
            ) WHERE state IN ('open', 'acknowledged', 'in_progress');
            -- Escalations still to decide, oldest first. It replaces the index by state, which
            -- only that list used, and SQLite preferred it to this one (then sorted them all).
            DROP INDEX escalations_by_state;
            CREATE INDEX escalations_open ON escalations (created_at, run_id, CAST(substr(id, length(run_id) + 2) AS INTEGER))
            WHERE state IN ('open', 'acknowledged');
            PRAGMA user_version = 4;
            """
        ),
        (
            // Accounts and API tokens for the situation room's server (decision 0006).
            "v5: accounts",
            """
            CREATE TABLE accounts (
                name TEXT NOT NULL PRIMARY KEY,
                role TEXT NOT NULL,
                district TEXT,
                person TEXT,
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                disabled INTEGER NOT NULL
            );
            CREATE TABLE api_tokens (
                id TEXT NOT NULL PRIMARY KEY,
                account TEXT NOT NULL REFERENCES accounts (name),
                label TEXT,
                secret_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            PRAGMA user_version = 5;
            """
        ),
        (
            // Each playbook's text as runs started with it, once per content (issue 17): a run
            // replays its own version. A run names its version by its script_hash.
            "v6: playbook versions",
            """
            CREATE TABLE playbook_versions (
                id TEXT NOT NULL PRIMARY KEY,
                workflow TEXT NOT NULL,
                path TEXT NOT NULL,
                source TEXT NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            PRAGMA user_version = 6;
            """
        ),
        (
            // The schedules operators set (issue 17); playbooks' own are in their files.
            "v7: schedules",
            """
            CREATE TABLE schedules (
                id TEXT NOT NULL PRIMARY KEY,
                workflow TEXT NOT NULL,
                spec TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            PRAGMA user_version = 7;
            """
        ),
    ]

    /// The migrator: ``migrations`` in order, each in its own transaction, which starts with
    /// `before(number, db)` (the migration's number counts from 1) and so can refuse a schema
    /// before the migration writes anything.
    static func migrator(before: @escaping @Sendable (Int, Database) throws -> Void) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (index, migration) in migrations.enumerated() {
            migrator.registerMigration(migration.identifier) { db in
                try before(index + 1, db)
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }

    /// The migrator that brings a store up to date: each migration first checks, in its own
    /// transaction, that the schema is the one Ilsa had made by then, so a foreign trigger on a
    /// table the migration writes to (even one added after the store was opened) never fires.
    static func checkedMigrator(path: String) throws -> DatabaseMigrator {
        let schema = try made(path: path)
        return migrator(before: { number, db in
            try checkSchema(db, matches: schema.before[number - 1], path: path)
        })
    }

    /// Brings an older store up to date. The store was checked whole when the writer connected
    /// (``checkStore(_:path:)``), each migration checks it again before it writes, and the
    /// result is checked once more at the end.
    func migrate() throws {
        try perform {
            let version = try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
            if version == Self.schemaVersion { return }
            try Self.checkedMigrator(path: path).migrate(pool)
            try pool.read(checkedSchema.checkCurrent)
        }
    }
}
