import IlsaStore
import Foundation
import PostgresNIO

extension PostgresRunStore {
    /// The newest schema this Ilsa reads and writes, kept in the table `ilsa_schema`.
    public static let schemaVersion = 3

    /// The schema, one migration a version. The SQLite store's tables in PostgreSQL's types:
    /// times in milliseconds (`bigint`), JSON as the text the store was given (so it reads back
    /// byte for byte, as replay needs; nothing queries inside it), ids compared byte by byte
    /// (`COLLATE "C"`, the order SQLite sorts them in). Runs carry their lease (decision 0007).
    /// A shipped migration never changes; change the schema with a new one.
    static let migrations: [String] = [
        """
        CREATE TABLE runs (
            id text COLLATE "C" PRIMARY KEY,
            position bigint GENERATED ALWAYS AS IDENTITY,
            workflow text NOT NULL,
            title text NOT NULL,
            script_hash text NOT NULL,
            params text NOT NULL,
            status text NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            last_sequence bigint NOT NULL,
            wake_at bigint,
            waits text NOT NULL DEFAULT '[]',
            lease_owner text,
            lease_until bigint,
            fence bigint NOT NULL DEFAULT 0
        );
        CREATE INDEX runs_by_status ON runs (status, created_at DESC, position DESC);
        CREATE INDEX runs_by_creation ON runs (created_at DESC, position DESC);
        CREATE INDEX runs_due ON runs (wake_at, position) WHERE status = 'waiting' AND wake_at IS NOT NULL;
        CREATE TABLE history (
            run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            sequence bigint NOT NULL,
            kind text NOT NULL,
            command bigint,
            name text NOT NULL,
            payload text NOT NULL,
            at bigint NOT NULL,
            PRIMARY KEY (run_id, sequence)
        );
        CREATE TABLE tasks (
            id text COLLATE "C" PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            number bigint NOT NULL,
            title text NOT NULL,
            detail text,
            role text,
            district text,
            unit text,
            person text,
            priority text NOT NULL,
            class text NOT NULL,
            state text NOT NULL,
            due_at bigint,
            rung bigint NOT NULL,
            escalated_to text,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            updated_by text,
            note text
        );
        CREATE INDEX tasks_by_run ON tasks (run_id);
        CREATE INDEX tasks_open_by_due ON tasks (due_at NULLS LAST, created_at, run_id, number)
            WHERE state IN ('open', 'acknowledged', 'in_progress');
        CREATE TABLE escalations (
            id text COLLATE "C" PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            number bigint NOT NULL,
            target text NOT NULL,
            severity text NOT NULL,
            reason text NOT NULL,
            options text NOT NULL,
            state text NOT NULL,
            decision text,
            decided_by text,
            note text,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL
        );
        CREATE INDEX escalations_by_run ON escalations (run_id);
        CREATE INDEX escalations_open ON escalations (created_at, run_id, number) WHERE state IN ('open', 'acknowledged');
        CREATE TABLE effects (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            key text COLLATE "C" NOT NULL UNIQUE,
            run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            plugin text NOT NULL,
            channel text NOT NULL,
            target text NOT NULL,
            body text NOT NULL,
            content_type text NOT NULL,
            created_at bigint NOT NULL,
            status text NOT NULL,
            attempts bigint NOT NULL,
            next_attempt_at bigint,
            last_error text,
            settled_at bigint,
            claimed_by text,
            claimed_until bigint,
            placed_at bigint
        );
        CREATE INDEX effects_due ON effects (next_attempt_at, seq) WHERE status = 'pending';
        CREATE INDEX effects_by_run ON effects (run_id);
        CREATE TABLE workers (
            id text COLLATE "C" PRIMARY KEY,
            kind text NOT NULL,
            host text NOT NULL,
            pid bigint NOT NULL,
            started_at bigint NOT NULL,
            seen_at bigint NOT NULL
        );
        CREATE TABLE accounts (
            name text COLLATE "C" PRIMARY KEY,
            role text NOT NULL,
            district text,
            person text,
            password_hash text NOT NULL,
            created_at bigint NOT NULL,
            disabled boolean NOT NULL
        );
        CREATE TABLE api_tokens (
            id text COLLATE "C" PRIMARY KEY,
            position bigint GENERATED ALWAYS AS IDENTITY,
            account text COLLATE "C" NOT NULL REFERENCES accounts (name),
            label text,
            secret_hash text NOT NULL,
            created_at bigint NOT NULL,
            revoked_at bigint
        )
        """,
        // Each playbook's text as runs started with it, once per content (issue 17).
        """
        CREATE TABLE playbook_versions (
            id text COLLATE "C" PRIMARY KEY,
            workflow text NOT NULL,
            path text NOT NULL,
            source text NOT NULL,
            created_at bigint NOT NULL
        )
        """,
        // The schedules operators set (issue 17); playbooks' own are in their files.
        """
        CREATE TABLE schedules (
            id text COLLATE "C" PRIMARY KEY,
            workflow text NOT NULL,
            spec text NOT NULL,
            created_by text NOT NULL,
            created_at bigint NOT NULL
        )
        """,
    ]

    /// Makes the schema, or brings it up to date, in one transaction holding an advisory lock
    /// on the schema's name: a second process opening the database waits, then finds it made.
    func migrate() throws {
        let schema = location.schema
        try connections.transaction { session in
            try session.execute("SELECT pg_advisory_xact_lock(hashtext(\("ilsa.schema." + schema)))")
            try session.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"))
            let hasVersion = try session.one("SELECT to_regclass(\(schema + ".ilsa_schema")) IS NOT NULL") { try $0.decode(Bool.self) }
            var version = 0
            if hasVersion {
                version = try session.one(PostgresQuery(unsafeSQL: "SELECT max(version) FROM \(schema).ilsa_schema")) {
                    try $0.decode(Int?.self) ?? 0
                }
            } else {
                let tables = try session.one(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = \(schema) AND tablename IN ('runs', 'history', 'tasks', 'effects')"
                ) { try $0.decode(Int.self) }
                guard tables == 0 else {
                    throw StoreError(.notAStore, "the schema '\(schema)' holds tables Ilsa did not make there", path: path)
                }
                try session.execute(PostgresQuery(unsafeSQL: "CREATE TABLE \(schema).ilsa_schema (version integer NOT NULL)"))
            }
            if version > Self.schemaVersion {
                throw StoreError(
                    .newerVersion,
                    "store was written by a newer version of Ilsa (schema \(version); this ilsa reads up to \(Self.schemaVersion)); upgrade ilsa",
                    path: path)
            }
            for number in (version + 1)..<(Self.migrations.count + 1) {
                for statement in Self.migrations[number - 1].components(separatedBy: ";\n") {
                    try session.execute(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(schema)"))
                    try session.execute(PostgresQuery(unsafeSQL: statement))
                }
                try session.execute(PostgresQuery(unsafeSQL: "INSERT INTO \(schema).ilsa_schema (version) VALUES (\(number))"))
            }
        }
    }
}

/// A row's columns by name, each read as the type asked for, or a ``StoreError`` when the
/// database holds something else there (another program changed it).
struct Columns {
    let row: PostgresRandomAccessRow
    let path: String

    init(_ row: PostgresRow, path: String) {
        self.row = row.makeRandomAccess()
        self.path = path
    }

    func callAsFunction<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        do {
            return try row[name].decode(T.self)
        } catch {
            throw StoreError(.unreadable, "the store holds a value Ilsa cannot read in column '\(name)' (\(error))", path: path)
        }
    }

    func date(_ name: String) throws -> Date { Date(millisecondsSince1970: try self(name, as: Int64.self)) }

    func optionalDate(_ name: String) throws -> Date? { try self(name, as: Int64?.self).map(Date.init(millisecondsSince1970:)) }
}
