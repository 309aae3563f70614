import Foundation
import GRDB

extension SQLiteRunStore {
    /// The newest schema this Ilsa reads and writes, kept in SQLite's `PRAGMA user_version`.
    public static let schemaVersion = 2

    /// Marks the file as an Ilsa store (`PRAGMA application_id`, the bytes `ILSA`).
    static let applicationID: Int32 = 0x494C_5341

    /// The schema, one migration a version; each sets `user_version` to its number.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
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
                    """)
        }
        migrator.registerMigration("v2: read models") { db in
            // Waiting runs from a v1 store are due at once: the scheduler's first pass rebuilds
            // them and writes their read models.
            try db.execute(
                sql: """
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
                    """)
        }
        return migrator
    }

    /// Refuses a newer schema or another program's database, then applies missing migrations.
    func migrate() throws {
        try perform {
            let (version, application, tables) = try pool.read { db in
                (
                    try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                    try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") ?? 0
                )
            }
            if application != 0 && application != Self.applicationID {
                throw StoreError(.notAStore, "is not an Ilsa store (an SQLite database of another program)", path: path)
            }
            if application == 0 && tables > 0 {
                throw StoreError(.notAStore, "is not an Ilsa store (an SQLite database with other tables)", path: path)
            }
            if version > Self.schemaVersion {
                throw StoreError(
                    .newerVersion,
                    "store was written by a newer version of Ilsa (schema \(version); this ilsa reads up to "
                        + "\(Self.schemaVersion)); upgrade ilsa",
                    path: path)
            }
            try Self.migrator.migrate(pool)
        }
    }
}
