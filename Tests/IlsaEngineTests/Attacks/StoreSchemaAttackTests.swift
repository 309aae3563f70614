@testable import IlsaStoreSQLite
import Foundation
import GRDB
@testable import IlsaEngine
import IlsaTesting
import Testing

/// Store files whose schema Ilsa did not make: a store file is untrusted input (someone may hand
/// a duty officer a crafted `.sqlite`, or another program may have written into it). SQLite runs
/// whatever the schema holds as part of Ilsa's own statements: a trigger that loops for ever on
/// each history insert made every write hang. Each file here is one Ilsa made, then altered the
/// way an attacker would; each is refused at open, at once, with one line naming what is foreign.
struct StoreSchemaAttackTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    /// Loops for ever when it fires (`forever` never ends and `count` wants all of it).
    static func hangingTrigger(on table: String, after event: String) -> String {
        """
        CREATE TRIGGER evil AFTER \(event) ON \(table) BEGIN
            SELECT count(*) FROM (WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) SELECT n FROM forever);
        END
        """
    }

    /// The message for a schema Ilsa did not make.
    static func notMade(_ what: String) -> String {
        "not a store Ilsa made: \(what); Ilsa opens only stores whose schema it made"
    }

    // MARK: - The hang

    @Test func aTriggerThatLoopsOnEveryHistoryInsertIsRefusedAtOnce() throws {
        let path = try madeStore()
        try alter(path, Self.hangingTrigger(on: "history", after: "INSERT"))

        // The attack is real: a history insert never ends until SQLite is interrupted.
        let queue = try DatabaseQueue(path: path)
        let interrupter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                queue.interrupt()
            }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO history (run_id, sequence, kind, name, payload, at) VALUES ('r1', 6, 'log', 'x', '{}', 0)")
            }
        }
        interrupter.cancel()
        try queue.close()

        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = try #require(try openingError(path))
        #expect(error.code == .notAStore)
        #expect(error.message == Self.notMade("it has a trigger 'evil' on table 'history' that Ilsa does not create"))
        #expect(error.description == "\(path): \(error.message)")
        // Refused before anything was written: not even the switch to WAL or GRDB's WAL set-up.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    // MARK: - Objects added, changed, taken away

    struct Attack: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var sql: String
        /// The SQL edits `sqlite_master` itself (`PRAGMA writable_schema`), as a crafted file can.
        var writesTheSchemaTable = false
        var refusal: String
    }

    static let attacks: [Attack] = [
        Attack(
            testDescription: "a trigger on task updates",
            sql: "CREATE TRIGGER stamp AFTER UPDATE ON tasks BEGIN UPDATE tasks SET note = 'seen' WHERE id = new.id; END",
            refusal: "it has a trigger 'stamp' on table 'tasks' that Ilsa does not create"),
        Attack(
            testDescription: "a trigger on run updates",
            sql: "CREATE TRIGGER hold BEFORE UPDATE ON runs BEGIN SELECT raise(ABORT, 'held'); END",
            refusal: "it has a trigger 'hold' on table 'runs' that Ilsa does not create"),
        Attack(
            testDescription: "a view",
            sql: "CREATE VIEW open_tasks AS SELECT * FROM tasks WHERE state = 'open'",
            refusal: "it has a view 'open_tasks' that Ilsa does not create"),
        Attack(
            testDescription: "a table",
            sql: "CREATE TABLE notes (text TEXT)",
            refusal: "it has a table 'notes' that Ilsa does not create"),
        Attack(
            testDescription: "an index",
            sql: "CREATE INDEX tasks_by_district ON tasks (district)",
            refusal: "it has an index 'tasks_by_district' on table 'tasks' that Ilsa does not create"),
        Attack(
            testDescription: "a column added to a table",
            sql: "ALTER TABLE runs ADD COLUMN owner TEXT",
            refusal: "its table 'runs' is not the one Ilsa creates"),
        Attack(
            testDescription: "a generated column",
            sql: "ALTER TABLE tasks ADD COLUMN shout TEXT GENERATED ALWAYS AS (upper(title)) VIRTUAL",
            refusal: "its table 'tasks' is not the one Ilsa creates"),
        Attack(
            testDescription: "a CHECK constraint written into the table's definition",
            sql: """
                UPDATE sqlite_master SET sql = replace(sql, 'kind TEXT NOT NULL', 'kind TEXT NOT NULL CHECK (length(kind) < 99)')
                WHERE name = 'history'
                """,
            writesTheSchemaTable: true,
            refusal: "its table 'history' is not the one Ilsa creates"),
        Attack(
            testDescription: "an index on other columns under Ilsa's name",
            sql: "DROP INDEX runs_by_wake; CREATE INDEX runs_by_wake ON runs (wake_at)",
            refusal: "its index 'runs_by_wake' on table 'runs' is not the one Ilsa creates"),
        Attack(
            testDescription: "a table replaced by a view",
            sql: "DROP TABLE escalations; CREATE VIEW escalations AS SELECT * FROM tasks",
            refusal: "it has a view 'escalations' that Ilsa does not create"),
        Attack(
            testDescription: "an index taken away",
            sql: "DROP INDEX tasks_by_run",
            refusal: "it lacks the index 'tasks_by_run' on table 'tasks' that Ilsa creates"),
        Attack(
            // SQLite refuses such names in CREATE, but loads and fires them from a crafted file.
            testDescription: "a trigger named like SQLite's own objects",
            sql: """
                INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'sqlite_stat9', 'history', 0,
                    'CREATE TRIGGER sqlite_stat9 AFTER INSERT ON history BEGIN SELECT raise(ABORT, ''fired''); END')
                """,
            writesTheSchemaTable: true,
            refusal: "it has a trigger 'sqlite_stat9' on table 'history' that Ilsa does not create"),
        Attack(
            testDescription: "a migration struck from the record",
            sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2: read models'",
            refusal: "its record of migrations (grdb_migrations) does not match its schema version \(SQLiteRunStore.schemaVersion)"),
    ]

    @Test(arguments: attacks) func aSchemaIlsaDidNotMakeIsRefused(_ attack: Attack) throws {
        let path = try madeStore()
        try alter(path, attack.sql, writesTheSchemaTable: attack.writesTheSchemaTable)
        let error = try #require(try openingError(path))
        #expect(error.code == .notAStore)
        #expect(error.message == Self.notMade(attack.refusal))
    }

    @Test func aForeignNameIsShownOnOneLineAndCut() throws {
        let path = try madeStore()
        let name = "evil\nline\u{202E}" + String(repeating: "x", count: 500)
        try alter(path, "CREATE TRIGGER \"\(name)\" AFTER INSERT ON history BEGIN SELECT 1; END")
        let error = try #require(try openingError(path))
        let shown = "evil?line?" + String(repeating: "x", count: 54) + "…"
        #expect(error.message == Self.notMade("it has a trigger '\(shown)' on table 'history' that Ilsa does not create"))
        #expect(!error.description.contains("\n"))
    }

    /// Ilsa's first migration sets its mark and the version together: an empty file claiming
    /// to be up to date would otherwise skip the migrations and have no tables.
    @Test func aVersionWithoutIlsasMarkIsAnotherProgramsDatabase() throws {
        let path = folder.path("claims.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 2") }
        try queue.close()
        let error = try #require(try openingError(path))
        #expect(error.code == .notAStore)
        #expect(error.message == "is not an Ilsa store (an SQLite database of another program)")
    }

    // MARK: - Older stores: checked before the migration writes

    @Test func aV1StoreIsUpgradedAndOpens() throws {
        let path = try v1Store()
        let store = try SQLiteRunStore(path: path)
        let run = try #require(try store.run("r1"))
        #expect(run.status == .waiting)
        #expect(run.wakeAt == Date(millisecondsSince1970: 0))  // due at once: the scheduler rebuilds it
        #expect(try store.history(of: "r1").count == 1)
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == SQLiteRunStore.schemaVersion)
        // Upgraded, it is a store Ilsa made and opens again.
        #expect(try SQLiteRunStore(path: path).run("r1")?.status == .waiting)
    }

    @Test func aForeignTableInAV1StoreIsRefusedBeforeTheMigration() throws {
        let path = try v1Store()
        try alter(path, "CREATE TABLE notes (text TEXT)")
        let error = try #require(try openingError(path))
        #expect(error.message == Self.notMade("it has a table 'notes' that Ilsa does not create"))
        #expect(try schemaVersion(path) == 1)
    }

    /// The v2 migration updates waiting runs: a trigger on run updates would fire inside it.
    @Test func aTriggerInAV1StoreOnWhatTheMigrationWritesNeverFires() throws {
        let path = try v1Store()
        try alter(path, Self.hangingTrigger(on: "runs", after: "UPDATE"))
        let error = try #require(try openingError(path))
        #expect(error.message == Self.notMade("it has a trigger 'evil' on table 'runs' that Ilsa does not create"))
        #expect(try schemaVersion(path) == 1)
    }

    /// A trigger added after the store was checked at open, before a migration: the migration
    /// checks the schema again in its own transaction, before it writes.
    @Test func eachMigrationChecksTheSchemaBeforeItWrites() throws {
        let path = try v1Store()
        try alter(path, "CREATE TRIGGER tripwire BEFORE UPDATE ON runs BEGIN SELECT raise(ABORT, 'fired'); END")
        let queue = try DatabaseQueue(path: path)
        do {
            try SQLiteRunStore.checkedMigrator(path: path).migrate(queue)
            Issue.record("the migration ran")
        } catch let error as StoreError {
            #expect(error.message == Self.notMade("it has a trigger 'tripwire' on table 'runs' that Ilsa does not create"))
        }
        try queue.close()
        #expect(try schemaVersion(path) == 1)
    }

    // MARK: - Changed while open

    /// `ilsa work --follow` keeps a store open for days: a trigger planted meanwhile is found
    /// by the next transaction, before it writes anything.
    @Test func aTriggerPlantedWhileTheStoreIsOpenIsRefusedAtTheNextWrite() throws {
        let path = try madeStore()
        let store = try SQLiteRunStore(path: path)
        #expect(try store.history(of: "r1").count == 5)
        try alter(path, Self.hangingTrigger(on: "history", after: "INSERT"))
        let message = Self.notMade("it has a trigger 'evil' on table 'history' that Ilsa does not create")
        let writing = try #require(try refusal { try store.append(StoreFixtures.events(6...6), to: "r1", after: 5, status: nil) })
        #expect(writing.message == message)
        let reading = try #require(try refusal { _ = try store.history(of: "r1") })
        #expect(reading.message == message)
        // Taken away again, the store goes on.
        try alter(path, "DROP TRIGGER evil")
        try store.append(StoreFixtures.events(6...6), to: "r1", after: 5, status: nil)
        #expect(try store.history(of: "r1").count == 6)
    }

    /// A newer Ilsa upgrading the store under an older one that is still running: the older
    /// one stops rather than write into a schema it does not know.
    @Test func aStoreUpgradedByANewerIlsaWhileOpenIsRefused() throws {
        let path = try madeStore()
        let store = try SQLiteRunStore(path: path)
        try alter(path, "CREATE TABLE plans (id TEXT); PRAGMA user_version = \(SQLiteRunStore.schemaVersion + 1)")
        let error = try #require(try refusal { _ = try store.runs() })
        #expect(error.code == .newerVersion)
    }

    /// VACUUM changes the schema's cookie, not the schema: the store checks it again and goes on.
    @Test func aVacuumWhileOpenChangesNothing() throws {
        let path = try madeStore()
        let store = try SQLiteRunStore(path: path)
        try alter(path, "VACUUM")
        try store.append(StoreFixtures.events(6...6), to: "r1", after: 5, status: nil)
        #expect(try store.history(of: "r1").count == 6)
    }

    // MARK: - Stores Ilsa made

    @Test func anUntouchedStoreOpens() throws {
        let path = try madeStore()
        let store = try SQLiteRunStore(path: path)
        #expect(try store.history(of: "r1").count == 5)
        try store.append(StoreFixtures.events(6...7), to: "r1", after: 5, status: nil)
        #expect(try store.history(of: "r1").count == 7)
    }

    /// `ANALYZE` and `PRAGMA optimize` add SQLite's statistics tables: they only steer the
    /// query planner, and a store stays Ilsa's.
    @Test func aStoreWithSQLitesStatisticsOpens() throws {
        let path = try madeStore()
        try alter(path, "ANALYZE")
        #expect(try DatabaseQueue(path: path).read { db in try db.tableExists("sqlite_stat1") })
        #expect(try SQLiteRunStore(path: path).history(of: "r1").count == 5)
    }

    /// Stores compare their schema's SQL text with what the migrations make, so a migration's
    /// text, whitespace included, must never change once shipped: this is the text stores
    /// already hold. Change the schema with a new migration, and add its objects here.
    @Test func theSchemaIlsaMakesIsTheOneItsStoresHold() throws {
        let made = try SQLiteRunStore.made(path: "")
        let listing = made.current
            .map { "\($0.type) \($0.name) on \($0.table)\n\($0.sql ?? "(made by SQLite)")" }
            .joined(separator: "\n\n")
        #expect(listing == Self.shippedSchema)
        #expect(made.before.count == SQLiteRunStore.schemaVersion)
    }

    @Test func everyConnectionDistrustsTheFile() throws {
        let store = try SQLiteRunStore(path: try madeStore())
        for settings in [
            try store.pool.read(Self.hardening),
            try store.pool.write(Self.hardening),
        ] {
            #expect(settings == [0, 1, 0], "trusted_schema, cell_size_check, mmap_size")
        }
    }

    /// Reading and comparing the schema is a small part of opening a store.
    @Test func checkingTheSchemaCostsLittle() throws {
        let path = try madeStore()
        let queue = try DatabaseQueue(path: path)
        let clock = ContinuousClock()
        var checks: [Duration] = []
        for _ in 0..<201 {
            checks.append(try clock.measure { try queue.read { db in _ = try SQLiteRunStore.checkStore(db, path: path) } })
        }
        var opens: [Duration] = []
        for _ in 0..<21 {
            opens.append(try clock.measure { _ = try SQLiteRunStore(path: path) })
        }
        let check = checks.sorted()[100]
        let open = opens.sorted()[10]
        print("StoreSchemaAttackTests: checking a store's schema takes \(check), opening (and closing) it \(open) (medians)")
        #expect(check < .milliseconds(20))
    }

    // MARK: - Helpers

    /// A store Ilsa made, with a run of five events.
    private func madeStore() throws -> String {
        let path = folder.path("ilsa.sqlite")
        let store = try SQLiteRunStore(path: path)
        try store.create(StoreFixtures.run("r1", status: .waiting), firstEvents: [StoreFixtures.started()] + StoreFixtures.events(2...5))
        return path
    }

    /// A store as the first Ilsa left it (schema 1), with a waiting run.
    private func v1Store() throws -> String {
        let path = folder.path("v1.sqlite")
        let queue = try DatabaseQueue(path: path)
        try SQLiteRunStore.migrator(before: { _, _ in }).migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, workflow, title, script_hash, params, status, created_at, updated_at, last_sequence)
                    VALUES ('r1', 'storm_preparation', '태풍 대비', 'sha256:abc', '{}', 'waiting', 0, 0, 1);
                    INSERT INTO history (run_id, sequence, kind, name, payload, at)
                    VALUES ('r1', 1, 'run_started', 'storm_preparation', '{}', 0);
                    """)
        }
        try queue.close()
        #expect(try schemaVersion(path) == 1)
        return path
    }

    /// Runs SQL on the file as another program would.
    private func alter(_ path: String, _ sql: String, writesTheSchemaTable: Bool = false) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            if writesTheSchemaTable { try db.execute(sql: "PRAGMA writable_schema = ON") }
            try db.execute(sql: sql)
            if writesTheSchemaTable { try db.execute(sql: "PRAGMA writable_schema = OFF") }
        }
        try queue.close()
    }

    private func schemaVersion(_ path: String) throws -> Int? {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
    }

    private static func hardening(_ db: Database) throws -> [Int] {
        try ["trusted_schema", "cell_size_check", "mmap_size"].map { try Int.fetchOne(db, sql: "PRAGMA \($0)") ?? -1 }
    }

    /// Opens the store and returns why it was refused (see ``refusal(_:)``).
    private func openingError(_ path: String) throws -> StoreError? {
        try refusal { _ = try SQLiteRunStore(path: path) }
    }

    /// Does something with the store on a thread of its own and returns why it was refused:
    /// within two seconds, or the test fails (rather than the suite hanging on a regression).
    private func refusal(_ body: @escaping @Sendable () throws -> Void) throws -> StoreError? {
        final class Outcome: @unchecked Sendable {
            var error: (any Error)?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let start = ContinuousClock.now
        Thread.detachNewThread {
            do {
                try body()
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + 10) == .success else {
            Issue.record("the store hung")
            return nil
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(2), "refused in \(elapsed)")
        guard let error = outcome.error else {
            Issue.record("the store was not refused")
            return nil
        }
        return try #require(error as? StoreError, "\(error)")
    }

    /// `sqlite_master` of a store made by this Ilsa: every shipped migration's objects, in order.
    static let shippedSchema = """
        table grdb_migrations on grdb_migrations
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)

        index sqlite_autoindex_grdb_migrations_1 on grdb_migrations
        (made by SQLite)

        table runs on runs
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
        , wake_at INTEGER, waits TEXT NOT NULL DEFAULT '[]')

        index sqlite_autoindex_runs_1 on runs
        (made by SQLite)

        index runs_by_status on runs
        CREATE INDEX runs_by_status ON runs (status, created_at)

        index runs_by_creation on runs
        CREATE INDEX runs_by_creation ON runs (created_at)

        table history on history
        CREATE TABLE history (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            kind TEXT NOT NULL,
            command INTEGER,
            name TEXT NOT NULL,
            payload TEXT NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (run_id, sequence)
        ) WITHOUT ROWID

        index runs_by_wake on runs
        CREATE INDEX runs_by_wake ON runs (status, wake_at)

        table tasks on tasks
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
        )

        index sqlite_autoindex_tasks_1 on tasks
        (made by SQLite)

        index tasks_by_run on tasks
        CREATE INDEX tasks_by_run ON tasks (run_id)

        table escalations on escalations
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
        )

        index sqlite_autoindex_escalations_1 on escalations
        (made by SQLite)

        index escalations_by_run on escalations
        CREATE INDEX escalations_by_run ON escalations (run_id)

        table effects on effects
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
        )

        index sqlite_autoindex_effects_1 on effects
        (made by SQLite)

        index effects_due on effects
        CREATE INDEX effects_due ON effects (next_attempt_at) WHERE status = 'pending'

        index effects_by_run on effects
        CREATE INDEX effects_by_run ON effects (run_id)

        table workers on workers
        CREATE TABLE workers (
            id TEXT NOT NULL PRIMARY KEY,
            kind TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            seen_at INTEGER NOT NULL
        )

        index sqlite_autoindex_workers_1 on workers
        (made by SQLite)

        index tasks_open_by_due on tasks
        CREATE INDEX tasks_open_by_due ON tasks (
            due_at IS NULL, due_at, created_at, run_id, CAST(substr(id, length(run_id) + 2) AS INTEGER),
            district, role, unit, person
        ) WHERE state IN ('open', 'acknowledged', 'in_progress')

        index escalations_open on escalations
        CREATE INDEX escalations_open ON escalations (created_at, run_id, CAST(substr(id, length(run_id) + 2) AS INTEGER))
        WHERE state IN ('open', 'acknowledged')

        table accounts on accounts
        CREATE TABLE accounts (
            name TEXT NOT NULL PRIMARY KEY,
            role TEXT NOT NULL,
            district TEXT,
            person TEXT,
            password_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            disabled INTEGER NOT NULL
        )

        index sqlite_autoindex_accounts_1 on accounts
        (made by SQLite)

        table api_tokens on api_tokens
        CREATE TABLE api_tokens (
            id TEXT NOT NULL PRIMARY KEY,
            account TEXT NOT NULL REFERENCES accounts (name),
            label TEXT,
            secret_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        )

        index sqlite_autoindex_api_tokens_1 on api_tokens
        (made by SQLite)

        table playbook_versions on playbook_versions
        CREATE TABLE playbook_versions (
            id TEXT NOT NULL PRIMARY KEY,
            workflow TEXT NOT NULL,
            path TEXT NOT NULL,
            source TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID

        table schedules on schedules
        CREATE TABLE schedules (
            id TEXT NOT NULL PRIMARY KEY,
            workflow TEXT NOT NULL,
            spec TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """
}
